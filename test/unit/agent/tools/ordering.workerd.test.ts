import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../../db/ids';
import {
  agentMessages,
  approvals,
  attachments,
  orders,
  payments,
  productVariants,
  stockItems,
  stockMovements,
  stockReservations,
} from '../../../../db/schema';
import { CONFIRM_YES_ID } from '../../../../workers/agent/confirmation';
import { toolByName } from '../../../../workers/agent/tools/registry';
import { outcomeEvents } from '../../../../workers/agent/tools/types';
import { addAddress } from '../../../../workers/retail/customers/addresses';
import { adjustStock } from '../../../../workers/retail/stock';
import { testDb } from '../../../harness/db';
import { Chat, dataOf, errorOf, openShop, stockOfSku, type Shop } from './fixture';

let shop: Shop;
beforeAll(async () => {
  shop = await openShop();
});

/** A chat with `sku` in its draft and a delivery recorded, in NEEDS_DETAILS. */
async function readyChat(sku: string, quantity = 1): Promise<Chat> {
  const chat = await Chat.open(shop.workspaceId);
  await chat.call('add_item_to_draft', { sku, quantity });
  await chat.in('COLLECTING_ORDER').call('set_delivery_details', {
    method: 'DELIVERY',
    recipientName: 'Juan Pérez',
    address: { street: 'Av. Corrientes', number: '1234', city: 'CABA' },
  });
  return chat.in('NEEDS_DETAILS');
}

/** A chat whose order was confirmed through the tools. */
async function confirmedChat(sku: string): Promise<Chat> {
  const chat = await readyChat(sku);
  await chat.call('request_confirmation', {});
  const confirmed = await chat.in('AWAITING_CONFIRMATION').says('sí, confirmo').call('confirm_order', {});
  expect(confirmed.status).toBe('OK');
  return chat.in('DONE');
}

async function orderStatus(orderId: string) {
  const [row] = await testDb().select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
  return row!.status;
}

describe('request_confirmation', () => {
  it('puts the order PENDING and sends the summary with Sí/No buttons: CONFIRMATION_REQUESTED', async () => {
    const chat = await readyChat('REM-BAS-NEG-L', 2);
    const { outcome, status } = await chat.call('request_confirmation', {});
    expect(status).toBe('OK');
    expect(outcomeEvents(outcome)).toEqual(['CONFIRMATION_REQUESTED']);
    expect(await orderStatus(chat.ctx.draftOrderId!)).toBe('PENDING');
    if (!outcome.ok) throw new Error('expected ok');
    const [message] = outcome.outbound!;
    if (message?.type !== 'buttons') throw new Error('expected buttons');
    expect(message.buttons).toEqual([
      { id: 'confirm_yes', title: 'Sí, confirmo' },
      { id: 'confirm_no', title: 'Quiero cambiar algo' },
    ]);
    expect(message.text).toContain('• 2 × Remera básica de algodón (Negro, talle L) — $ 45.800');
    expect(message.text).toContain('*Total: $ 45.800*');
    expect(message.text).toContain('Envío a Av. Corrientes 1234, CABA — a nombre de Juan Pérez');
    expect(message.text).toMatch(/¿Confirmás el pedido\?$/);
  });

  it('answers NOT_READY naming what is missing, and leaves the order a DRAFT', async () => {
    const chat = await Chat.open(shop.workspaceId);
    await chat.call('add_item_to_draft', { sku: 'REM-BAS-BLA-S', quantity: 1 });
    const { outcome } = await chat.in('COLLECTING_ORDER').call('request_confirmation', {});
    expect(errorOf(outcome)).toMatchObject({ code: 'NOT_READY', details: { missing: ['delivery'] } });
    expect(await orderStatus(chat.ctx.draftOrderId!)).toBe('DRAFT');
  });

  it('sends the summary again while already waiting, without another event', async () => {
    const chat = await readyChat('REM-BAS-BLA-M');
    await chat.call('request_confirmation', {});
    const again = await chat.in('AWAITING_CONFIRMATION').call('request_confirmation', {});
    expect(again.status).toBe('OK');
    expect(outcomeEvents(again.outcome)).toEqual([]);
  });

  it('is refused in IDLE and takes no input', async () => {
    const chat = await Chat.open(shop.workspaceId);
    expect((await chat.call('request_confirmation', {})).status).toBe('NOT_ALLOWED');
    expect((await chat.in('NEEDS_DETAILS').call('request_confirmation', { force: true })).status).toBe('INVALID_INPUT');
  });
});

describe('confirm_order', () => {
  it('on an explicit yes sells the stock and confirms: CUSTOMER_CONFIRMED then ORDER_CONFIRMED', async () => {
    const chat = await readyChat('JEA-MOM-CEL-38', 2);
    const before = await stockOfSku(shop.workspaceId, 'JEA-MOM-CEL-38');
    await chat.call('request_confirmation', {});
    const { outcome, status } = await chat.in('AWAITING_CONFIRMATION').says('dale').call('confirm_order', {});
    expect(status).toBe('OK');
    expect(outcomeEvents(outcome)).toEqual(['CUSTOMER_CONFIRMED', 'ORDER_CONFIRMED']);
    expect(outcome.effects).toMatchObject({ explicitYes: true });
    expect(dataOf(outcome)).toMatchObject({ status: 'CONFIRMED', total: 139_800_00, currency: 'ARS' });
    expect(await orderStatus(chat.ctx.draftOrderId!)).toBe('CONFIRMED');
    const after = await stockOfSku(shop.workspaceId, 'JEA-MOM-CEL-38');
    expect(after).toEqual({ onHand: before.onHand - 2, reserved: before.reserved - 2, available: before.available });
    const sales = await testDb()
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.referenceId, chat.ctx.draftOrderId!), eq(stockMovements.reason, 'SALE')));
    expect(sales.map((m) => [m.delta, m.actorType, m.actorId])).toEqual([[-2, 'agent', chat.sessionId]]);
  });

  it('accepts the confirm_yes button', async () => {
    const chat = await readyChat('JEA-MOM-CEL-40');
    await chat.call('request_confirmation', {});
    const { status } = await chat.in('AWAITING_CONFIRMATION').says(null, CONFIRM_YES_ID).call('confirm_order', {});
    expect(status).toBe('OK');
  });

  it.each(['capaz', '¿sí?', 'sí pero cambiame el talle', 'no, esperá'])(
    'refuses with NOT_CONFIRMED_BY_CUSTOMER after %j and changes nothing',
    async (text) => {
      const chat = await readyChat('JEA-REC-AZU-42');
      await chat.call('request_confirmation', {});
      const { outcome, failed } = await chat.in('AWAITING_CONFIRMATION').says(text).call('confirm_order', {});
      expect(errorOf(outcome).code).toBe('NOT_CONFIRMED_BY_CUSTOMER');
      expect(outcomeEvents(outcome)).toEqual([]);
      expect(failed).toBe(false);
      expect(await orderStatus(chat.ctx.draftOrderId!)).toBe('PENDING');
    },
  );

  it('is refused outside AWAITING_CONFIRMATION even after a yes', async () => {
    const chat = await readyChat('JEA-REC-AZU-44');
    const { status } = await chat.says('sí').call('confirm_order', {});
    expect(status).toBe('NOT_ALLOWED');
    expect(await orderStatus(chat.ctx.draftOrderId!)).toBe('DRAFT');
  });

  it('refuses an order changed after the summary (SUMMARY_OUTDATED)', async () => {
    const chat = await readyChat('BUZ-RED-OLI-M');
    await chat.call('request_confirmation', {});
    // Editing a PENDING order reopens it as DRAFT: the yes was to the old content.
    await chat.in('AWAITING_CONFIRMATION').call('update_draft_item', { sku: 'BUZ-RED-OLI-M', quantity: 2 });
    const { outcome } = await chat.says('sí').call('confirm_order', {});
    expect(errorOf(outcome).code).toBe('SUMMARY_OUTDATED');
    expect(await orderStatus(chat.ctx.draftOrderId!)).toBe('DRAFT');
  });

  it('on INSUFFICIENT_STOCK answers the failure with CUSTOMER_CONFIRMED then EXECUTION_FAILED', async () => {
    const chat = await readyChat('VES-COR-FLO-S');
    await chat.call('request_confirmation', {});
    // The hold expired and meanwhile an operator counted the shelf empty.
    const [variant] = await testDb()
      .select({ id: productVariants.id })
      .from(productVariants)
      .where(and(eq(productVariants.workspaceId, shop.workspaceId), eq(productVariants.sku, 'VES-COR-FLO-S')));
    await testDb()
      .update(stockReservations)
      .set({ status: 'EXPIRED' })
      .where(eq(stockReservations.orderId, chat.ctx.draftOrderId!));
    await testDb().update(stockItems).set({ reserved: 0 }).where(eq(stockItems.variantId, variant!.id));
    const emptied = await adjustStock(
      { db: testDb() },
      {
        workspaceId: shop.workspaceId,
        actor: { type: 'system' },
        variantId: variant!.id,
        set: 0,
        reason: 'CORRECTION',
      },
    );
    expect(emptied.ok).toBe(true);

    const { outcome, status } = await chat.in('AWAITING_CONFIRMATION').says('sí').call('confirm_order', {});
    expect(status).toBe('ERROR');
    expect(errorOf(outcome).code).toBe('INSUFFICIENT_STOCK');
    expect(outcomeEvents(outcome)).toEqual(['CUSTOMER_CONFIRMED', 'EXECUTION_FAILED']);
    expect(outcome.effects).toEqual({ explicitYes: true, draftFacts: { itemCount: 1, deliveryComplete: true } });
    expect(await orderStatus(chat.ctx.draftOrderId!)).toBe('PENDING');
  });

  it('takes no input', async () => {
    const chat = (await Chat.open(shop.workspaceId)).in('AWAITING_CONFIRMATION').says('sí');
    expect((await chat.call('confirm_order', { orderId: 'ord_x' })).status).toBe('INVALID_INPUT');
  });
});

describe('get_customer_context for a returning customer', () => {
  it('returns the saved addresses and the confirmed order, and marks the customer as returning', async () => {
    const chat = await confirmedChat('MED-ALG-SUR-41-45');
    const saved = await addAddress(
      { db: testDb() },
      {
        workspaceId: shop.workspaceId,
        customerId: chat.customerId,
        actor: { type: 'system' },
        address: { label: 'Casa', street: 'Av. Corrientes', number: '1234', city: 'CABA', country: 'AR' },
      },
    );
    expect(saved.ok).toBe(true);
    const data = dataOf<Record<string, unknown>>((await chat.call('get_customer_context', {})).outcome);
    expect(data).toMatchObject({
      returning: true,
      addresses: [{ label: 'Casa', street: 'Av. Corrientes', number: '1234', city: 'CABA', isDefault: true }],
      recentOrders: [{ status: 'CONFIRMED', total: 7_900_00, currency: 'ARS' }],
      openDraft: null,
    });
  });
});

describe('register_payment', () => {
  it('records a PENDING payment on the confirmed order, as the agent', async () => {
    const chat = await confirmedChat('GOR-TRU-NEG-U');
    const { outcome, status } = await chat.call('register_payment', {
      method: 'TRANSFER',
      amount: 18_500_00,
      reference: 'OP 123',
    });
    expect(status).toBe('OK');
    expect(dataOf(outcome)).toMatchObject({
      status: 'PENDING',
      method: 'TRANSFER',
      amount: 18_500_00,
      order: { total: 18_500_00, paid: 0, pending: 18_500_00, paymentStatus: 'UNPAID' },
    });
    const [row] = await testDb().select().from(payments).where(eq(payments.orderId, chat.ctx.draftOrderId!));
    expect(row).toMatchObject({
      status: 'PENDING',
      reference: 'OP 123',
      createdByType: 'agent',
      createdById: chat.sessionId,
    });
  });

  it('finds the customer latest confirmed order when the conversation moved on', async () => {
    const chat = await confirmedChat('GOR-TRU-AZM-U');
    const orderId = chat.ctx.draftOrderId!;
    chat.ctx = { ...chat.ctx, draftOrderId: null, state: 'IDLE' };
    await chat.call('register_payment', { method: 'CASH', amount: 1_000_00 });
    expect(await testDb().select().from(payments).where(eq(payments.orderId, orderId))).toHaveLength(1);
  });

  it('answers NO_CONFIRMED_ORDER for a customer with only a draft', async () => {
    const chat = await Chat.open(shop.workspaceId);
    await chat.call('add_item_to_draft', { sku: 'MED-ALG-SUR-35-40', quantity: 1 });
    const { outcome } = await chat.in('COLLECTING_ORDER').call('register_payment', { method: 'TRANSFER', amount: 100 });
    expect(errorOf(outcome).code).toBe('NO_CONFIRMED_ORDER');
  });

  it('refuses amounts that are not positive integers of centavos and unknown methods', async () => {
    const chat = (await Chat.open(shop.workspaceId)).in('DONE');
    for (const input of [
      { method: 'TRANSFER', amount: 0 },
      { method: 'TRANSFER', amount: 250.5 },
      { method: 'BITCOIN', amount: 100 },
    ]) {
      expect((await chat.call('register_payment', input)).status).toBe('INVALID_INPUT');
    }
    expect((await chat.in('HANDOFF').call('register_payment', { method: 'CASH', amount: 100 })).status).toBe(
      'NOT_ALLOWED',
    );
  });
});

/** A valid 1×1 PNG with a salt so each test stores distinct bytes. */
function png(salt: string): Uint8Array<ArrayBuffer> {
  const base = Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
    (c) => c.charCodeAt(0),
  );
  const salted = new TextEncoder().encode(salt);
  const out = new Uint8Array(base.length + salted.length);
  out.set(base);
  out.set(salted, base.length);
  return out;
}

/** Stores bytes in R2 and records them as the customer's inbound image, as the webhook would. */
async function customerSendsImage(chat: Chat, bytes: Uint8Array<ArrayBuffer>) {
  const id = newId('msg');
  const r2Key = `ws/${chat.workspaceId}/inbound/${id}`;
  await env.FILES.put(r2Key, bytes);
  await testDb()
    .insert(agentMessages)
    .values({
      id,
      workspaceId: chat.workspaceId,
      sessionId: chat.sessionId,
      direction: 'inbound',
      role: 'customer',
      type: 'image',
      media: { r2Key, contentType: 'image/png', filename: 'comprobante.png' },
      status: 'RECEIVED',
    });
  return id;
}

describe('attach_receipt', () => {
  it("attaches the customer's latest image to the pending payment of the confirmed order", async () => {
    const chat = await confirmedChat('ZAP-URB-BLA-40');
    const paid = await chat.call('register_payment', { method: 'TRANSFER', amount: 119_000_00 });
    const paymentId = dataOf<{ paymentId: string }>(paid.outcome).paymentId;
    await customerSendsImage(chat, png('receipt-1'));
    const { outcome, status } = await chat.call('attach_receipt', {});
    expect(status).toBe('OK');
    expect(dataOf(outcome)).toMatchObject({ attachedTo: 'payment', paymentId, created: true });
    const [row] = await testDb().select().from(attachments).where(eq(attachments.paymentId, paymentId));
    expect(row).toMatchObject({ contentType: 'image/png', orderId: chat.ctx.draftOrderId, createdByType: 'agent' });
  });

  it('attaches to the order itself when no payment is registered', async () => {
    const chat = await confirmedChat('ZAP-URB-BLA-41');
    await customerSendsImage(chat, png('receipt-2'));
    expect(dataOf((await chat.call('attach_receipt', {})).outcome)).toMatchObject({ attachedTo: 'order' });
  });

  it('answers NO_RECEIPT when the customer sent no image', async () => {
    const chat = await confirmedChat('ZAP-URB-BLA-42');
    expect(errorOf((await chat.call('attach_receipt', {})).outcome).code).toBe('NO_RECEIPT');
  });

  it('passes UNSUPPORTED_TYPE on for a file that is not an image or PDF', async () => {
    const chat = await confirmedChat('ZAP-URB-BLA-43');
    await customerSendsImage(chat, new TextEncoder().encode('<html>not a receipt</html>'));
    expect(errorOf((await chat.call('attach_receipt', {})).outcome).code).toBe('UNSUPPORTED_TYPE');
  });

  it('refuses a non-string message id and the HANDOFF state', async () => {
    const chat = (await Chat.open(shop.workspaceId)).in('DONE');
    expect((await chat.call('attach_receipt', { messageId: 42 })).status).toBe('INVALID_INPUT');
    expect((await chat.in('HANDOFF').call('attach_receipt', {})).status).toBe('NOT_ALLOWED');
  });
});

describe('adjust_stock (needs approval)', () => {
  it('records a PENDING approval with the input and leaves the stock unchanged', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const before = await stockOfSku(shop.workspaceId, 'VES-LIN-CRU-M');
    const { outcome, status, failed } = await chat.call('adjust_stock', {
      sku: 'VES-LIN-CRU-M',
      delta: -1,
      reason: 'La clienta dice que le llegó manchado',
    });
    expect(status).toBe('PENDING_APPROVAL');
    expect(failed).toBe(false);
    const data = dataOf<{ pendingApproval: boolean; approvalId: string }>(outcome);
    expect(data.pendingApproval).toBe(true);
    const [approval] = await testDb().select().from(approvals).where(eq(approvals.id, data.approvalId));
    expect(approval).toMatchObject({
      workspaceId: shop.workspaceId,
      sessionId: chat.sessionId,
      tool: 'adjust_stock',
      input: { sku: 'VES-LIN-CRU-M', delta: -1, reason: 'La clienta dice que le llegó manchado' },
      reason: 'La clienta dice que le llegó manchado',
      status: 'PENDING',
    });
    expect(await stockOfSku(shop.workspaceId, 'VES-LIN-CRU-M')).toEqual(before);
  });

  it('once approved, its run changes the stock through the stock functions', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const before = await stockOfSku(shop.workspaceId, 'VES-LIN-SAL-L');
    const outcome = await toolByName('adjust_stock')!.run({ db: testDb(), files: env.FILES }, chat.ctx, {
      sku: 'VES-LIN-SAL-L',
      delta: 2,
      reason: 'Devolución',
    });
    expect(outcome.ok).toBe(true);
    expect((await stockOfSku(shop.workspaceId, 'VES-LIN-SAL-L')).onHand).toBe(before.onHand + 2);
  });

  it('refuses a zero delta as INVALID_INPUT without an approval', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const { status } = await chat.call('adjust_stock', { sku: 'VES-LIN-SAL-M', delta: 0, reason: 'x' });
    expect(status).toBe('INVALID_INPUT');
    expect(await testDb().select().from(approvals).where(eq(approvals.sessionId, chat.sessionId))).toEqual([]);
    expect(
      (await chat.in('HANDOFF').call('adjust_stock', { sku: 'VES-LIN-SAL-M', delta: 1, reason: 'x' })).status,
    ).toBe('NOT_ALLOWED');
  });
});

describe('request_human_handoff', () => {
  it('asks for HANDOFF with the reason as an effect', async () => {
    const chat = (await Chat.open(shop.workspaceId)).in('COLLECTING_ORDER');
    const { outcome } = await chat.call('request_human_handoff', { reason: 'El cliente pidió hablar con una persona' });
    expect(outcomeEvents(outcome)).toEqual(['HANDOFF_REQUESTED']);
    expect(outcome.effects).toEqual({ handoffReason: 'El cliente pidió hablar con una persona' });
  });

  it('needs a reason, and is refused once a person owns the conversation', async () => {
    const chat = await Chat.open(shop.workspaceId);
    expect((await chat.call('request_human_handoff', {})).status).toBe('INVALID_INPUT');
    expect((await chat.in('HANDOFF').call('request_human_handoff', { reason: 'x' })).status).toBe('NOT_ALLOWED');
  });
});
