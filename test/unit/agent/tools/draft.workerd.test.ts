import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, orders } from '../../../../db/schema';
import type { DraftView } from '../../../../workers/agent/tools/draft';
import { outcomeEvents } from '../../../../workers/agent/tools/types';
import { testDb } from '../../../harness/db';
import { Chat, dataOf, errorOf, openShop, stockOfSku, type Shop } from './fixture';

let shop: Shop;
beforeAll(async () => {
  shop = await openShop();
});

const draftOf = (outcome: Parameters<typeof dataOf>[0]) => dataOf<{ draft: DraftView }>(outcome).draft;

describe('create_order_draft', () => {
  it('opens a DRAFT order for the customer, once: a second call returns the same draft with no event', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const first = await chat.call('create_order_draft', {});
    expect(first.outcome.ok && first.outcome.event).toBe('DRAFT_STARTED');
    const draft = draftOf(first.outcome);
    expect(draft).toMatchObject({ status: 'DRAFT', itemCount: 0, total: 0, currency: 'ARS', deliveryComplete: false });
    expect(first.outcome.effects?.draftOrderId).toBe(draft.orderId);
    const [row] = await testDb().select().from(orders).where(eq(orders.id, draft.orderId));
    expect(row).toMatchObject({
      customerId: chat.customerId,
      source: 'AGENT',
      createdByType: 'agent',
      createdById: chat.sessionId,
    });

    const second = await chat.in('COLLECTING_ORDER').call('create_order_draft', {});
    expect(draftOf(second.outcome).orderId).toBe(draft.orderId);
    expect(outcomeEvents(second.outcome)).toEqual([]);
  });

  it('is refused while a person owns the conversation, and takes no input', async () => {
    const chat = await Chat.open(shop.workspaceId);
    expect((await chat.in('HANDOFF').call('create_order_draft', {})).status).toBe('NOT_ALLOWED');
    expect((await chat.in('IDLE').call('create_order_draft', { customerId: 'x' })).status).toBe('INVALID_INPUT');
  });
});

describe('add_item_to_draft', () => {
  it('opens the draft and adds the line, holding the stock: DRAFT_STARTED then ITEMS_CHANGED', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const before = await stockOfSku(shop.workspaceId, 'REM-BAS-NEG-M');
    const { outcome, status } = await chat.call('add_item_to_draft', { sku: 'rem-bas-neg-m', quantity: 2 });
    expect(status).toBe('OK');
    expect(outcomeEvents(outcome)).toEqual(['DRAFT_STARTED', 'ITEMS_CHANGED']);
    const draft = draftOf(outcome);
    expect(draft.items).toEqual([
      {
        sku: 'REM-BAS-NEG-M',
        name: 'Remera básica de algodón',
        attributes: { talle: 'M', color: 'Negro' },
        quantity: 2,
        unitPrice: 22_900_00,
        lineTotal: 45_800_00,
      },
    ]);
    expect(draft.total).toBe(45_800_00);
    expect(outcome.effects).toEqual({
      draftOrderId: draft.orderId,
      draftFacts: { itemCount: 1, deliveryComplete: false },
    });
    const after = await stockOfSku(shop.workspaceId, 'REM-BAS-NEG-M');
    expect(after.reserved - before.reserved).toBe(2);
    expect(after.onHand).toBe(before.onHand);
    // The write went through the retail function, audited as the agent of this session.
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, draft.orderId))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['order.create', 'order.item_set']));
    expect(new Set(audits.map((a) => `${a.actorType}:${a.actorId}`))).toEqual(new Set([`agent:${chat.sessionId}`]));
  });

  it('adds to the quantity of a line already in the draft, with ITEMS_CHANGED only', async () => {
    const chat = await Chat.open(shop.workspaceId);
    await chat.call('add_item_to_draft', { sku: 'REM-BAS-BLA-L', quantity: 1 });
    const { outcome } = await chat
      .in('COLLECTING_ORDER')
      .call('add_item_to_draft', { sku: 'REM-BAS-BLA-L', quantity: 2 });
    expect(outcomeEvents(outcome)).toEqual(['ITEMS_CHANGED']);
    expect(draftOf(outcome).items.map((i) => [i.sku, i.quantity])).toEqual([['REM-BAS-BLA-L', 3]]);
    expect(dataOf<{ added: { quantity: number; lineQuantity: number } }>(outcome).added).toMatchObject({
      quantity: 2,
      lineQuantity: 3,
    });
  });

  it('fails with INSUFFICIENT_STOCK, the units left and in-stock alternatives, and leaves no empty draft behind', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const { outcome, status, failed } = await chat.call('add_item_to_draft', { sku: 'ZAP-RUN-NEG-43', quantity: 3 });
    expect(status).toBe('ERROR');
    expect(failed).toBe(false);
    const error = errorOf(outcome);
    expect(error.code).toBe('INSUFFICIENT_STOCK');
    expect(error.details).toMatchObject({ sku: 'ZAP-RUN-NEG-43', requested: 3, available: 1, inDraft: 0 });
    const alternatives = error.details!.alternatives as Array<{ sku: string; available: number }>;
    expect(alternatives.map((a) => a.sku)).toEqual(
      expect.arrayContaining(['ZAP-RUN-NEG-39', 'ZAP-RUN-NEG-40', 'ZAP-RUN-NEG-41', 'ZAP-RUN-NEG-42']),
    );
    expect(alternatives.every((a) => a.available > 0)).toBe(true);
    expect(outcome.effects).toBeUndefined();
    const drafts = await testDb().select().from(orders).where(eq(orders.customerId, chat.customerId));
    expect(drafts).toEqual([]);
  });

  it('offers the other colour when a sold-out variant is asked for', async () => {
    const chat = await Chat.open(shop.workspaceId);
    const error = errorOf((await chat.call('add_item_to_draft', { sku: 'CAM-PUF-BEI-S', quantity: 1 })).outcome);
    expect(error.code).toBe('INSUFFICIENT_STOCK');
    expect(error.details!.available).toBe(0);
    expect((error.details!.alternatives as Array<{ sku: string }>).map((a) => a.sku)).toContain('CAM-PUF-NEG-S');
  });

  it('answers PRODUCT_NOT_FOUND for a SKU the catalogue does not have', async () => {
    const chat = await Chat.open(shop.workspaceId);
    expect(errorOf((await chat.call('add_item_to_draft', { sku: 'NOPE-1', quantity: 1 })).outcome).code).toBe(
      'PRODUCT_NOT_FOUND',
    );
  });

  it('refuses quantities outside 1..50 and a missing SKU as INVALID_INPUT, and runs nothing', async () => {
    const chat = await Chat.open(shop.workspaceId);
    for (const input of [
      { sku: 'REM-BAS-NEG-M', quantity: 0 },
      { sku: 'REM-BAS-NEG-M', quantity: 51 },
      { quantity: 1 },
    ]) {
      const { status, outcome, failed } = await chat.call('add_item_to_draft', input);
      expect(status).toBe('INVALID_INPUT');
      expect(failed).toBe(true);
      expect(errorOf(outcome).details!.issues).not.toHaveLength(0);
    }
    expect(chat.ctx.draftOrderId).toBeNull();
  });

  it('is refused while a confirmation is executing or a person owns the chat', async () => {
    const chat = await Chat.open(shop.workspaceId);
    expect((await chat.in('EXECUTING').call('add_item_to_draft', { sku: 'REM-BAS-NEG-M', quantity: 1 })).status).toBe(
      'NOT_ALLOWED',
    );
    expect((await chat.in('HANDOFF').call('add_item_to_draft', { sku: 'REM-BAS-NEG-M', quantity: 1 })).status).toBe(
      'NOT_ALLOWED',
    );
  });
});

describe('update_draft_item', () => {
  it('changes a line quantity and, with 0, removes it and gives its stock back', async () => {
    const chat = await Chat.open(shop.workspaceId);
    await chat.call('add_item_to_draft', { sku: 'BUZ-CAN-NEG-M', quantity: 1 });
    await chat.in('COLLECTING_ORDER').call('add_item_to_draft', { sku: 'JEA-REC-AZU-40', quantity: 1 });
    const held = await stockOfSku(shop.workspaceId, 'BUZ-CAN-NEG-M');

    const more = await chat.call('update_draft_item', { sku: 'BUZ-CAN-NEG-M', quantity: 3 });
    expect(outcomeEvents(more.outcome)).toEqual(['ITEMS_CHANGED']);
    expect(draftOf(more.outcome).items.find((i) => i.sku === 'BUZ-CAN-NEG-M')!.quantity).toBe(3);
    expect((await stockOfSku(shop.workspaceId, 'BUZ-CAN-NEG-M')).reserved).toBe(held.reserved + 2);

    const removed = await chat.call('update_draft_item', { sku: 'BUZ-CAN-NEG-M', quantity: 0 });
    expect(dataOf<{ removed: boolean }>(removed.outcome).removed).toBe(true);
    expect(draftOf(removed.outcome).items.map((i) => i.sku)).toEqual(['JEA-REC-AZU-40']);
    expect(removed.outcome.effects?.draftFacts).toEqual({ itemCount: 1, deliveryComplete: false });
    expect((await stockOfSku(shop.workspaceId, 'BUZ-CAN-NEG-M')).reserved).toBe(held.reserved - 1);
  });

  it('answers LINE_NOT_FOUND with the SKUs in the draft, and NO_DRAFT without one', async () => {
    const chat = (await Chat.open(shop.workspaceId)).in('COLLECTING_ORDER');
    expect(errorOf((await chat.call('update_draft_item', { sku: 'REM-BAS-NEG-S', quantity: 1 })).outcome).code).toBe(
      'NO_DRAFT',
    );
    await chat.call('add_item_to_draft', { sku: 'REM-BAS-NEG-S', quantity: 1 });
    const missing = errorOf((await chat.call('update_draft_item', { sku: 'REM-BAS-NEG-L', quantity: 1 })).outcome);
    expect(missing).toMatchObject({ code: 'LINE_NOT_FOUND', details: { skus: ['REM-BAS-NEG-S'] } });
  });

  it('fails with INSUFFICIENT_STOCK past the units available and keeps the line as it was', async () => {
    const chat = await Chat.open(shop.workspaceId);
    await chat.call('add_item_to_draft', { sku: 'CAM-ROM-NEG-XL', quantity: 1 });
    const { outcome } = await chat
      .in('COLLECTING_ORDER')
      .call('update_draft_item', { sku: 'CAM-ROM-NEG-XL', quantity: 50 });
    expect(errorOf(outcome).code).toBe('INSUFFICIENT_STOCK');
    expect((await stockOfSku(shop.workspaceId, 'CAM-ROM-NEG-XL')).reserved).toBe(1);
  });

  it('is refused outside an order (IDLE) and for a negative quantity', async () => {
    const chat = await Chat.open(shop.workspaceId);
    expect((await chat.call('update_draft_item', { sku: 'REM-BAS-NEG-M', quantity: 1 })).status).toBe('NOT_ALLOWED');
    expect(
      (await chat.in('COLLECTING_ORDER').call('update_draft_item', { sku: 'REM-BAS-NEG-M', quantity: -1 })).status,
    ).toBe('INVALID_INPUT');
  });
});

describe('set_delivery_details', () => {
  it('records a delivery address and recipient: DETAILS_CHANGED, delivery complete', async () => {
    const chat = await Chat.open(shop.workspaceId);
    await chat.call('add_item_to_draft', { sku: 'GOR-TRU-NEG-U', quantity: 1 });
    const { outcome } = await chat.in('COLLECTING_ORDER').call('set_delivery_details', {
      method: 'DELIVERY',
      recipientName: 'Juan Pérez',
      address: { street: 'Av. Corrientes', number: '1234', city: 'CABA' },
      schedule: 'por la tarde',
    });
    expect(outcomeEvents(outcome)).toEqual(['DETAILS_CHANGED']);
    const data = dataOf<{ deliveryComplete: boolean; draft: DraftView }>(outcome);
    expect(data.deliveryComplete).toBe(true);
    expect(data.draft.delivery).toEqual({
      method: 'DELIVERY',
      recipientName: 'Juan Pérez',
      address: { street: 'Av. Corrientes', number: '1234', city: 'CABA' },
      schedule: 'por la tarde',
    });
    expect(outcome.effects?.draftFacts).toEqual({ itemCount: 1, deliveryComplete: true });
  });

  it('records a pickup at the shop with only a name', async () => {
    const chat = await Chat.open(shop.workspaceId);
    await chat.call('add_item_to_draft', { sku: 'GOR-TRU-AZM-U', quantity: 1 });
    const { outcome } = await chat
      .in('COLLECTING_ORDER')
      .call('set_delivery_details', { method: 'PICKUP', recipientName: 'Ana' });
    expect(dataOf<{ deliveryComplete: boolean }>(outcome).deliveryComplete).toBe(true);
  });

  it('refuses a DELIVERY without an address, and an address without a city, as INVALID_INPUT', async () => {
    const chat = (await Chat.open(shop.workspaceId)).in('COLLECTING_ORDER');
    const noAddress = await chat.call('set_delivery_details', { method: 'DELIVERY', recipientName: 'Juan' });
    expect(noAddress.status).toBe('INVALID_INPUT');
    expect(errorOf(noAddress.outcome).details!.issues).toEqual([
      { path: 'address', message: 'A DELIVERY needs an address' },
    ]);
    const noCity = await chat.call('set_delivery_details', {
      method: 'DELIVERY',
      recipientName: 'Juan',
      address: { street: 'Corrientes' },
    });
    expect(errorOf(noCity.outcome).details!.issues).toEqual([expect.objectContaining({ path: 'address.city' })]);
  });

  it('answers NO_DRAFT with no order yet, and is refused in IDLE', async () => {
    const chat = await Chat.open(shop.workspaceId);
    expect((await chat.call('set_delivery_details', { method: 'PICKUP', recipientName: 'Ana' })).status).toBe(
      'NOT_ALLOWED',
    );
    expect(
      errorOf(
        (await chat.in('NEEDS_DETAILS').call('set_delivery_details', { method: 'PICKUP', recipientName: 'Ana' }))
          .outcome,
      ).code,
    ).toBe('NO_DRAFT');
  });
});
