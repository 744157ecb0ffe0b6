import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { attachments, orders, stockMovements } from '../../../db/schema';
import { seedCatalog } from '../../../scripts/seed/catalog';
import type { SimulateResponse } from '../../../workers/http/routes/conversations/simulate';
import { api, fetchWithEnv } from '../../harness/api';
import { stockOf } from '../../harness/catalog';
import { randomPhone, sessionRow, transcriptOf, variantIdOf } from '../../harness/conversation';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;

beforeAll(async () => {
  t = await seedTenants();
  await seedCatalog(testDb(), t.a.id);
});

const simulate = (body: Record<string, unknown>, token = t.a.owner.token) =>
  api<SimulateResponse>('/api/v1/conversations/simulate', { token, workspaceId: t.a.id, body });

const texts = (res: { body: SimulateResponse }) =>
  res.body.replies.map((r) => ('text' in r.message ? r.message.text : '')).join('\n');

describe('POST /api/v1/conversations/simulate', () => {
  it('takes an order from greeting to confirmation: stock held while it is built, sold when confirmed', async () => {
    const phone = randomPhone();
    const variantId = await variantIdOf(t.a.id, 'REM-BAS-NEG-M');
    const before = await stockOf(variantId);

    const hello = await simulate({ customerPhone: phone, text: 'hola', profileName: 'Juan Pérez' });
    expect(hello.status).toBe(200);
    expect(hello.body).toMatchObject({ state: 'IDLE', owner: 'agent', duplicate: false });
    expect(hello.body.replies).toHaveLength(1);

    const add = await simulate({ customerPhone: phone, text: 'quiero 2 remeras básicas negras talle M' });
    expect(add.body.state).toBe('COLLECTING_ORDER');
    expect(texts(add)).toContain('$ 45.800');
    expect(await stockOf(variantId)).toEqual({
      ...before,
      reserved: before.reserved + 2,
      available: before.available - 2,
    });

    const delivery = await simulate({
      customerPhone: phone,
      text: 'envío a Av. Corrientes 1234, CABA, a nombre de Juan Pérez',
    });
    expect(delivery.body.state).toBe('AWAITING_CONFIRMATION');
    const summary = delivery.body.replies.find((r) => r.message.type === 'buttons')!.message;
    expect(summary).toMatchObject({ type: 'buttons', buttons: [{ id: 'confirm_yes' }, { id: 'confirm_no' }] });
    const session = await sessionRow(t.a.id, phone);
    const [pending] = await testDb().select().from(orders).where(eq(orders.id, session!.draftOrderId!));
    expect(pending).toMatchObject({ status: 'PENDING', total: 2 * 22_900_00, source: 'AGENT' });

    const yes = await simulate({ customerPhone: phone, buttonId: 'confirm_yes' });

    expect(yes.body.state).toBe('DONE');
    expect(texts(yes)).toContain('confirmado');
    const [confirmed] = await testDb().select().from(orders).where(eq(orders.id, session!.draftOrderId!));
    expect(confirmed).toMatchObject({
      status: 'CONFIRMED',
      delivery: { method: 'DELIVERY', recipientName: 'Juan Pérez' },
    });
    expect(await stockOf(variantId)).toEqual({
      onHand: before.onHand - 2,
      reserved: before.reserved,
      available: before.available - 2,
    });
    const sales = await testDb().select().from(stockMovements).where(eq(stockMovements.variantId, variantId));
    expect(sales.filter((m) => m.reason === 'SALE').map((m) => m.delta)).toEqual([-2]);
  });

  it('stores a receipt image the customer sends and attaches it to the order’s payment', async () => {
    const phone = randomPhone();
    for (const text of [
      'quiero una gorra trucker negra',
      'retiro en el local, a nombre de Ana Díaz',
      'sí, confirmo',
      'te pagué por transferencia 18500',
    ]) {
      expect((await simulate({ customerPhone: phone, text })).status).toBe(200);
    }
    const receipt = await simulate({
      customerPhone: phone,
      media: { type: 'image', dataBase64: PNG_1X1, caption: 'comprobante' },
    });

    expect(receipt.status).toBe(200);
    const session = await sessionRow(t.a.id, phone);
    const rows = await transcriptOf(session!.id);
    const image = rows.find((r) => r.type === 'image')!;
    expect(image.media).toMatchObject({ contentType: 'image/png', caption: 'comprobante' });
    expect(await env.FILES.head(image.media!.r2Key!)).not.toBeNull();
    const order = await api(`/api/v1/orders/${session!.draftOrderId}`, { token: t.a.owner.token, workspaceId: t.a.id });
    expect(order.body).toMatchObject({ status: 'CONFIRMED', payments: [{ method: 'TRANSFER', amount: 18_500_00 }] });
    const files = await testDb().select().from(attachments).where(eq(attachments.orderId, session!.draftOrderId!));
    expect(files).toMatchObject([
      { paymentId: order.body.payments[0].id, contentType: 'image/png', createdByType: 'agent' },
    ]);
  });

  it('ignores a repeated messageId like a WhatsApp redelivery', async () => {
    const phone = randomPhone();
    const first = await simulate({ customerPhone: phone, text: 'hola', messageId: 'wamid.repeat-1' });
    const again = await simulate({ customerPhone: phone, text: 'hola', messageId: 'wamid.repeat-1' });

    expect(first.body.duplicate).toBe(false);
    expect(again.body).toMatchObject({ duplicate: true, replies: [], sessionId: first.body.sessionId });
    expect((await transcriptOf(first.body.sessionId)).filter((r) => r.direction === 'inbound')).toHaveLength(1);
  });

  it('normalises the phone, so "11 5555-0000" and "+5491155550000" are one conversation', async () => {
    const a = await simulate({ customerPhone: '11 5555-0101', text: 'hola' });
    const b = await simulate({ customerPhone: '+5491155550101', text: 'buenas' });
    expect(b.body.sessionId).toBe(a.body.sessionId);
    expect(await sessionRow(t.a.id, '+5491155550101')).toMatchObject({ channel: 'simulator' });
  });

  it('refuses bodies without a message, invalid phones and files that are not images or PDF', async () => {
    expect((await simulate({ customerPhone: randomPhone() })).status).toBe(400);
    expect((await simulate({ customerPhone: '123', text: 'hola' })).status).toBe(400);
    const html = btoa('<html><body>no</body></html>');
    const res = await simulate({ customerPhone: randomPhone(), media: { type: 'document', dataBase64: html } });
    expect(res.status).toBe(415);
  });

  it('requires conversations:simulate, which operators do not have', async () => {
    const res = await simulate({ customerPhone: randomPhone(), text: 'hola' }, t.a.operator.token);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('does not exist in production, not even for an owner', async () => {
    const res = await fetchWithEnv(
      '/api/v1/conversations/simulate',
      { ...env, ENVIRONMENT: 'production' },
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${t.a.owner.token}`,
          'x-workspace-id': t.a.id,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ customerPhone: randomPhone(), text: 'hola' }),
      },
    );
    expect(res.status).toBe(404);
  });
});

/** A 1×1 transparent PNG. */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
