import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { orderStatusHistory, stockMovements, stockReservations } from '../../../db/schema';
import {
  addItem,
  confirmOrder,
  createDraftOrder,
  getOrder,
  markPending,
  setDeliveryDetails,
} from '../../../workers/retail/orders';
import { expireReservations } from '../../../workers/retail/stock';
import { api } from '../../harness/api';
import { eventsOf, seedVariant, stockOf } from '../../harness/catalog';
import { testDb } from '../../harness/db';
import { seedTenants, seedWorkspace, type Tenants } from '../../harness/tenants';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

type Init = { method?: string; body?: unknown };
const asA = (path: string, init: Init = {}) => api(path, { ...init, token: t.a.operator.token, workspaceId: t.a.id });
const asB = (path: string, init: Init = {}) => api(path, { ...init, token: t.b.owner.token, workspaceId: t.b.id });
const post = (orderId: string, verb: string, body?: unknown) =>
  asA(`/api/v1/orders/${orderId}/${verb}`, { method: 'POST', body });
const createOrder = async (body: Record<string, unknown> = {}) => {
  const res = await asA('/api/v1/orders', { body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const movementsOf = (variantId: string) =>
  testDb().select().from(stockMovements).where(eq(stockMovements.variantId, variantId)).orderBy(stockMovements.id);
const holdsOf = (orderId: string) =>
  testDb().select().from(stockReservations).where(eq(stockReservations.orderId, orderId));
/** Expires this file's holds made with `holdSeconds: 60`, as the cron will a minute later (scoped to workspace A). */
const expireShortHolds = () =>
  expireReservations({ db: testDb(), now: () => new Date(Date.now() + 61_000) }, { workspaceId: t.a.id });

describe('the order lifecycle', () => {
  it('create → add items → request confirmation → confirm → ship → deliver, with stock checked at each step', async () => {
    const remera = await seedVariant(t.a.id, { onHand: 10, basePrice: 8_000_00 });
    const gorra = await seedVariant(t.a.id, { onHand: 4, basePrice: 5_000_00 });

    const order = await createOrder({ items: [{ variantId: remera.variantId, quantity: 3 }] });
    expect(order).toMatchObject({ status: 'DRAFT', total: 24_000_00 });
    expect(await stockOf(remera.variantId)).toEqual({ onHand: 10, reserved: 3, available: 7 });

    const added = await asA(`/api/v1/orders/${order.id}/items`, { body: { variantId: gorra.variantId, quantity: 2 } });
    expect(added.body.total).toBe(34_000_00);
    expect(await stockOf(gorra.variantId)).toEqual({ onHand: 4, reserved: 2, available: 2 });

    const pending = await post(order.id, 'request-confirmation');
    expect(pending.status).toBe(200);
    expect(pending.body.status).toBe('PENDING');
    expect(await stockOf(remera.variantId)).toEqual({ onHand: 10, reserved: 3, available: 7 });

    const confirmed = await post(order.id, 'confirm');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'CONFIRMED', total: 34_000_00 });
    expect(confirmed.body.confirmedAt).toEqual(expect.any(String));
    expect(confirmed.body.items.every((i: { heldUntil: unknown }) => i.heldUntil === null)).toBe(true);
    expect(await stockOf(remera.variantId)).toEqual({ onHand: 7, reserved: 0, available: 7 });
    expect(await stockOf(gorra.variantId)).toEqual({ onHand: 2, reserved: 0, available: 2 });
    expect(
      (await movementsOf(remera.variantId)).map((m) => [
        m.reason,
        m.delta,
        m.onHandAfter,
        m.referenceType,
        m.referenceId,
      ]),
    ).toEqual([['SALE', -3, 7, 'order', order.id]]);
    expect((await holdsOf(order.id)).map((r) => r.status).sort()).toEqual(['COMMITTED', 'COMMITTED']);

    const shipped = await post(order.id, 'ship');
    expect(shipped.body.status).toBe('SHIPPED');
    const delivered = await post(order.id, 'deliver');
    expect(delivered.status).toBe(200);
    expect(delivered.body.status).toBe('DELIVERED');
    expect(await stockOf(remera.variantId)).toEqual({ onHand: 7, reserved: 0, available: 7 });

    expect(delivered.body.history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'DRAFT'],
      ['DRAFT', 'PENDING'],
      ['PENDING', 'CONFIRMED'],
      ['CONFIRMED', 'SHIPPED'],
      ['SHIPPED', 'DELIVERED'],
    ]);
    const updates = (await eventsOf(t.a.id, 'order:updated')).filter(
      (e) => (e.payload as { orderId: string }).orderId === order.id,
    );
    expect(updates.filter((e) => 'to' in (e.payload as object)).map((e) => (e.payload as { to: string }).to)).toEqual([
      'PENDING',
      'CONFIRMED',
      'SHIPPED',
      'DELIVERED',
    ]);
  });

  it('cancelling a draft releases its held stock and records the reason', async () => {
    const v = await seedVariant(t.a.id, { onHand: 10 });
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 3 }] });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 10, reserved: 3, available: 7 });
    const res = await post(order.id, 'cancel', { reason: 'El cliente no respondió' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'CANCELLED', cancelledAt: expect.any(String) });
    expect(res.body.history.at(-1)).toMatchObject({
      from: 'DRAFT',
      to: 'CANCELLED',
      reason: 'El cliente no respondió',
    });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect((await holdsOf(order.id)).map((r) => r.status)).toEqual(['RELEASED']);
    expect(await movementsOf(v.variantId)).toEqual([]);
  });

  it('cancelling a confirmed order puts the units back on hand with CANCELLATION movements', async () => {
    const v = await seedVariant(t.a.id, { onHand: 10 });
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 4 }] });
    await post(order.id, 'confirm');
    expect(await stockOf(v.variantId)).toEqual({ onHand: 6, reserved: 0, available: 6 });
    const res = await post(order.id, 'cancel', { reason: 'Se arrepintió' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('CANCELLED');
    expect(await stockOf(v.variantId)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect((await movementsOf(v.variantId)).map((m) => [m.reason, m.delta, m.onHandAfter, m.note])).toEqual([
      ['SALE', -4, 6, null],
      ['CANCELLATION', 4, 10, 'Se arrepintió'],
    ]);
  });

  it('cancel takes no body at all', async () => {
    const order = await createOrder();
    const res = await post(order.id, 'cancel');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('CANCELLED');
  });

  it('an order picked up at the shop goes from CONFIRMED straight to DELIVERED, and cannot ship', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5 });
    const order = await createOrder({
      items: [{ variantId: v.variantId, quantity: 1 }],
      delivery: { method: 'PICKUP' },
    });
    expect((await post(order.id, 'confirm')).status).toBe(200);
    const ship = await post(order.id, 'ship');
    expect(ship.status).toBe(409);
    expect(ship.body.error).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { from: 'CONFIRMED', to: 'SHIPPED' },
    });
    const delivered = await post(order.id, 'deliver');
    expect(delivered.status).toBe(200);
    expect(delivered.body.status).toBe('DELIVERED');
  });

  it('shipping keeps the tracking number on the delivery, and the history names the member who did it', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5 });
    const order = await createOrder({
      items: [{ variantId: v.variantId, quantity: 1 }],
      delivery: { method: 'DELIVERY', address: { street: 'Thames', number: '1500', city: 'CABA' } },
    });
    await post(order.id, 'confirm');
    const res = await post(order.id, 'ship', { trackingNumber: 'AR000111222' });
    expect(res.status).toBe(200);
    expect(res.body.delivery).toMatchObject({
      method: 'DELIVERY',
      address: { street: 'Thames' },
      trackingNumber: 'AR000111222',
    });
    const shipped = res.body.history.find((h: { to: string }) => h.to === 'SHIPPED');
    expect(shipped.actor).toMatchObject({ type: 'user', id: t.a.operator.id, name: expect.stringMatching(/\S/) });
    expect(shipped.actor.name).not.toBe('Operador');
    expect((await post(order.id, 'deliver')).body.status).toBe('DELIVERED');
  });

  it.each([
    ['DRAFT', 'ship', 'SHIPPED'],
    ['DRAFT', 'deliver', 'DELIVERED'],
    ['DRAFT', 'reopen', 'DRAFT'],
    ['CONFIRMED', 'confirm', 'CONFIRMED'],
    ['CONFIRMED', 'deliver', 'DELIVERED'],
    ['CONFIRMED', 'request-confirmation', 'PENDING'],
    ['SHIPPED', 'cancel', 'CANCELLED'],
    ['DELIVERED', 'cancel', 'CANCELLED'],
    ['CANCELLED', 'confirm', 'CONFIRMED'],
  ])(
    'a %s order answers 409 INVALID_TRANSITION to %s, naming from and to, and stays as it was',
    async (from, verb, to) => {
      const v = await seedVariant(t.a.id, { onHand: 10 });
      const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 1 }] });
      const path: Record<string, string[]> = {
        DRAFT: [],
        CONFIRMED: ['confirm'],
        SHIPPED: ['confirm', 'ship'],
        DELIVERED: ['confirm', 'ship', 'deliver'],
        CANCELLED: ['cancel'],
      };
      for (const step of path[from]!) expect((await post(order.id, step)).status).toBe(200);
      const stockBefore = await stockOf(v.variantId);
      const res = await post(order.id, verb);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { from, to } });
      expect(res.body.error.message).toContain(`from ${from} to ${to}`);
      expect((await asA(`/api/v1/orders/${order.id}`)).body.status).toBe(from);
      expect(await stockOf(v.variantId)).toEqual(stockBefore);
    },
  );

  it('confirming or requesting confirmation of an empty order answers 409', async () => {
    const order = await createOrder();
    for (const verb of ['confirm', 'request-confirmation']) {
      const res = await post(order.id, verb);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/has no items/);
    }
    expect((await asA(`/api/v1/orders/${order.id}`)).body.status).toBe('DRAFT');
  });

  it('a PENDING order goes back to DRAFT when its content changes, not when only notes change', async () => {
    const v = await seedVariant(t.a.id, { onHand: 10 });
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 1 }] });
    await post(order.id, 'request-confirmation');
    const noted = await asA(`/api/v1/orders/${order.id}`, { method: 'PATCH', body: { notes: 'Llamar antes' } });
    expect(noted.body.status).toBe('PENDING');
    const changed = await asA(`/api/v1/orders/${order.id}/items`, { body: { variantId: v.variantId, quantity: 2 } });
    expect(changed.status).toBe(200);
    expect(changed.body.status).toBe('DRAFT');
    expect(changed.body.history.at(-1)).toMatchObject({
      from: 'PENDING',
      to: 'DRAFT',
      reason: expect.stringMatching(/confirmation/),
    });
  });

  it('reopen brings a PENDING order back to DRAFT', async () => {
    const v = await seedVariant(t.a.id);
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 1 }] });
    await post(order.id, 'request-confirmation');
    const res = await post(order.id, 'reopen');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('DRAFT');
  });

  it('confirm re-reserves lines whose holds expired, when the stock is still there', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5 });
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 2 }], holdSeconds: 60 });
    await expireShortHolds();
    expect(await stockOf(v.variantId)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect((await asA(`/api/v1/orders/${order.id}`)).body.items[0].heldUntil).toBeNull();
    const res = await post(order.id, 'confirm');
    expect(res.status).toBe(200);
    expect(await stockOf(v.variantId)).toEqual({ onHand: 3, reserved: 0, available: 3 });
  });

  it('confirm fails with 409 INSUFFICIENT_STOCK and changes nothing when an expired hold’s stock was sold meanwhile', async () => {
    const ok = await seedVariant(t.a.id, { onHand: 5 });
    const gone = await seedVariant(t.a.id, { onHand: 2 });
    const order = await createOrder({
      items: [
        { variantId: ok.variantId, quantity: 1 },
        { variantId: gone.variantId, quantity: 2 },
      ],
      holdSeconds: 60,
    });
    await expireShortHolds();
    const other = await createOrder({ items: [{ variantId: gone.variantId, quantity: 1 }] });
    await post(other.id, 'confirm');
    const res = await post(order.id, 'confirm');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { variantId: gone.variantId, requested: 2, available: 1 },
    });
    expect((await asA(`/api/v1/orders/${order.id}`)).body.status).toBe('DRAFT');
    expect(await stockOf(ok.variantId)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await stockOf(gone.variantId)).toEqual({ onHand: 1, reserved: 0, available: 1 });
    expect(await movementsOf(ok.variantId)).toEqual([]);
    const history = await testDb().select().from(orderStatusHistory).where(eq(orderStatusHistory.orderId, order.id));
    expect(history).toHaveLength(1);
  });

  it('two orders confirmed at once for the last units: exactly one wins, the other gets INSUFFICIENT_STOCK', async () => {
    for (let round = 0; round < 3; round++) {
      const v = await seedVariant(t.a.id, { onHand: 3 });
      const first = await createOrder({ items: [{ variantId: v.variantId, quantity: 3 }], holdSeconds: 60 });
      await expireShortHolds();
      const second = await createOrder({ items: [{ variantId: v.variantId, quantity: 3 }], holdSeconds: 60 });
      await expireShortHolds();
      expect(await stockOf(v.variantId)).toEqual({ onHand: 3, reserved: 0, available: 3 });

      const results = await Promise.all([post(first.id, 'confirm'), post(second.id, 'confirm')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.error.code).toBe('INSUFFICIENT_STOCK');
      expect(await stockOf(v.variantId)).toEqual({ onHand: 0, reserved: 0, available: 0 });
      const sales = (await movementsOf(v.variantId)).filter((m) => m.reason === 'SALE');
      expect(sales).toHaveLength(1);
      const winner = results.find((r) => r.status === 200)!.body.id;
      expect(sales[0]!.referenceId).toBe(winner);
    }
  });

  it('order numbers stay sequential and unique under 10 concurrent creations in a fresh workspace', async () => {
    const fresh = await seedWorkspace('Fresh shop');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        api('/api/v1/orders', { token: fresh.owner.token, workspaceId: fresh.id, body: {} }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(results.map((r) => r.body.number as number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('lifecycle permissions and isolation', () => {
  it('another workspace gets 404 for every transition, and nothing changes', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5 });
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 2 }] });
    for (const verb of ['request-confirmation', 'reopen', 'confirm', 'cancel', 'ship', 'deliver']) {
      const res = await asB(`/api/v1/orders/${order.id}/${verb}`, { method: 'POST' });
      expect(res.status).toBe(404);
    }
    expect((await asA(`/api/v1/orders/${order.id}`)).body.status).toBe('DRAFT');
    expect(await stockOf(v.variantId)).toEqual({ onHand: 5, reserved: 2, available: 3 });
  });

  it('a Viewer cannot confirm or cancel (403)', async () => {
    const v = await seedVariant(t.a.id);
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 1 }] });
    for (const verb of ['confirm', 'cancel', 'ship']) {
      const res = await api(`/api/v1/orders/${order.id}/${verb}`, {
        method: 'POST',
        token: t.a.viewer.token,
        workspaceId: t.a.id,
      });
      expect(res.status).toBe(403);
    }
  });

  it('a cancel reason longer than 500 characters or an unknown field answers 400', async () => {
    const order = await createOrder();
    expect((await post(order.id, 'cancel', { reason: 'x'.repeat(501) })).status).toBe(400);
    expect((await post(order.id, 'cancel', { why: 'x' })).status).toBe(400);
    expect((await asA(`/api/v1/orders/${order.id}`)).body.status).toBe('DRAFT');
  });

  it('stock cannot be reserved for an order that is no longer DRAFT or PENDING (409)', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5 });
    const order = await createOrder();
    await post(order.id, 'cancel');
    const res = await asA('/api/v1/stock/reserve', {
      body: { variantId: v.variantId, quantity: 1, orderId: order.id },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/CANCELLED/);
    expect(await stockOf(v.variantId)).toMatchObject({ reserved: 0 });
  });

  it('a reservation cannot name another workspace’s order (404)', async () => {
    const order = await createOrder();
    const vb = await seedVariant(t.b.id);
    const res = await asB('/api/v1/stock/reserve', {
      body: { variantId: vb.variantId, quantity: 1, orderId: order.id },
    });
    expect(res.status).toBe(404);
    expect(await stockOf(vb.variantId)).toMatchObject({ reserved: 0 });
    expect(
      await testDb()
        .select()
        .from(stockReservations)
        .where(and(eq(stockReservations.orderId, order.id))),
    ).toEqual([]);
  });
});

describe('the domain functions the agent calls, without HTTP', () => {
  it('createDraftOrder → addItem → setDeliveryDetails → markPending → confirmOrder as the agent', async () => {
    const v = await seedVariant(t.a.id, { onHand: 6, basePrice: 7_000_00 });
    const deps = { db: testDb() };
    const agent = { type: 'agent' as const, id: 'conv_test' };
    const draft = await createDraftOrder(deps, { workspaceId: t.a.id, actor: agent });
    expect(draft).toMatchObject({ ok: true, value: { status: 'DRAFT', source: 'AGENT', createdBy: agent } });
    const orderId = draft.ok ? draft.value.id : '';
    const ref = { workspaceId: t.a.id, actor: agent, orderId };
    expect(await addItem(deps, { ...ref, variantId: v.variantId, quantity: 2 })).toMatchObject({
      ok: true,
      value: { total: 14_000_00 },
    });
    const again = await addItem(deps, { ...ref, variantId: v.variantId, quantity: 2 });
    expect(again).toMatchObject({ ok: true, value: { itemCount: 2 } });
    const delivery = await setDeliveryDetails(deps, {
      ...ref,
      delivery: { method: 'PICKUP', schedule: 'sábado a la mañana' },
    });
    expect(delivery).toMatchObject({
      ok: true,
      value: { delivery: { method: 'PICKUP', schedule: 'sábado a la mañana' } },
    });
    expect(await markPending(deps, ref)).toMatchObject({ ok: true, value: { status: 'PENDING' } });
    expect(await confirmOrder(deps, ref)).toMatchObject({ ok: true, value: { status: 'CONFIRMED' } });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 4, reserved: 0, available: 4 });
    const order = await getOrder(deps, { workspaceId: t.a.id, orderId });
    // History names people; the agent has no member name.
    const byAgent = { ...agent, name: null };
    expect(order.ok && order.value.history.map((h) => h.actor)).toEqual([byAgent, byAgent, byAgent]);
    expect((await movementsOf(v.variantId)).map((m) => [m.actorType, m.actorId])).toEqual([['agent', 'conv_test']]);
    expect(await getOrder(deps, { workspaceId: t.b.id, orderId })).toMatchObject({ ok: false, error: 'NOT_FOUND' });
  });
});

describe('the OpenAPI document', () => {
  it('documents the stock and order operations with named schemas', async () => {
    const { body: doc } = await api('/api/openapi.json');
    const operations: Array<[string, string]> = [
      ['/api/v1/stock', 'get'],
      ['/api/v1/stock/movements', 'get'],
      ['/api/v1/stock/adjust', 'post'],
      ['/api/v1/stock/reserve', 'post'],
      ['/api/v1/stock/release', 'post'],
      ['/api/v1/orders', 'get'],
      ['/api/v1/orders', 'post'],
      ['/api/v1/orders/{id}', 'get'],
      ['/api/v1/orders/{id}', 'patch'],
      ['/api/v1/orders/{id}/items', 'post'],
      ['/api/v1/orders/{id}/items/{itemId}', 'patch'],
      ['/api/v1/orders/{id}/items/{itemId}', 'delete'],
      ['/api/v1/orders/{id}/request-confirmation', 'post'],
      ['/api/v1/orders/{id}/reopen', 'post'],
      ['/api/v1/orders/{id}/confirm', 'post'],
      ['/api/v1/orders/{id}/cancel', 'post'],
      ['/api/v1/orders/{id}/ship', 'post'],
      ['/api/v1/orders/{id}/deliver', 'post'],
    ];
    for (const [path, method] of operations) {
      expect(doc.paths[path]?.[method]?.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
    }
    expect(Object.keys(doc.paths['/api/v1/orders/{id}/confirm'].post.responses)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
    ]);
    for (const name of [
      'Order',
      'OrderSummary',
      'CreateOrder',
      'StockLevel',
      'StockMovement',
      'AdjustStock',
      'StockReservation',
    ]) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
    expect(doc.components.schemas.CreateOrder.additionalProperties).toBe(false);
    expect(doc.components.schemas.OrderSummary.properties.createdAt).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
  });
});
