import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, orders, products } from '../../../db/schema';
import { api } from '../../harness/api';
import { eventsOf, seedCustomer, seedVariant, stockOf } from '../../harness/catalog';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

type Init = { method?: string; body?: unknown };
const asA = (path: string, init: Init = {}) => api(path, { ...init, token: t.a.operator.token, workspaceId: t.a.id });
const asB = (path: string, init: Init = {}) => api(path, { ...init, token: t.b.owner.token, workspaceId: t.b.id });
const createOrder = async (body: Record<string, unknown> = {}) => {
  const res = await asA('/api/v1/orders', { body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

describe('POST /api/v1/orders', () => {
  it('creates a DRAFT with snapshotted lines, server-computed totals and held stock', async () => {
    const customer = await seedCustomer(t.a.id, { name: 'Lucía Fernández' });
    const remera = await seedVariant(t.a.id, {
      name: 'Remera',
      basePrice: 10_000_00,
      onHand: 5,
      attributes: { talle: 'S' },
    });
    const buzo = await seedVariant(t.a.id, { name: 'Buzo', basePrice: 30_000_00, priceOverride: 25_000_00, onHand: 3 });
    const before = Date.now();
    const res = await asA('/api/v1/orders', {
      body: {
        customerId: customer.id,
        items: [
          { variantId: remera.variantId, quantity: 2 },
          { variantId: buzo.variantId, quantity: 1 },
        ],
        shipping: 3_000_00,
        discount: 1_000_00,
        notes: 'Tocar timbre 2B',
        delivery: { method: 'DELIVERY', address: { street: 'Av. Corrientes', number: '1234', city: 'CABA' } },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'DRAFT',
      paymentStatus: 'UNPAID',
      currency: 'ARS',
      source: 'DASHBOARD',
      customer: { id: customer.id, name: 'Lucía Fernández', phone: customer.phone },
      subtotal: 45_000_00,
      shipping: 3_000_00,
      discount: 1_000_00,
      total: 47_000_00,
      itemCount: 3,
      notes: 'Tocar timbre 2B',
      delivery: { method: 'DELIVERY', address: { street: 'Av. Corrientes', city: 'CABA' } },
      createdBy: { type: 'user', id: t.a.operator.id },
      payments: [],
    });
    expect(res.body.id).toMatch(/^ord_/);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        variantId: remera.variantId,
        name: 'Remera',
        sku: remera.sku,
        attributes: { talle: 'S' },
        unitPrice: 10_000_00,
        quantity: 2,
        lineTotal: 20_000_00,
      }),
      expect.objectContaining({
        variantId: buzo.variantId,
        name: 'Buzo',
        unitPrice: 25_000_00,
        quantity: 1,
        lineTotal: 25_000_00,
      }),
    ]);
    expect(Date.parse(res.body.items[0].heldUntil) - before).toBeGreaterThan(890_000);
    expect(res.body.history).toEqual([
      expect.objectContaining({
        from: null,
        to: 'DRAFT',
        actor: { type: 'user', id: t.a.operator.id, name: expect.any(String) },
      }),
    ]);
    expect(await stockOf(remera.variantId)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    expect(await stockOf(buzo.variantId)).toEqual({ onHand: 3, reserved: 1, available: 2 });
    const created = (await eventsOf(t.a.id, 'order:created')).filter(
      (e) => (e.payload as { orderId: string }).orderId === res.body.id,
    );
    expect(created).toHaveLength(1);
    const audit = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, res.body.id), eq(auditLog.action, 'order.create')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audit).toHaveLength(1);
  });

  it('creates an empty draft with no body fields', async () => {
    const res = await asA('/api/v1/orders', { body: {} });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'DRAFT', items: [], subtotal: 0, total: 0, customer: null });
  });

  it.each([
    [{ total: 1 }, /total/],
    [{ subtotal: 1 }, /subtotal/],
    [{ shipping: -1 }, /shipping/],
    [{ shipping: 1.5 }, /shipping/],
    [{ items: [{ variantId: 'var_x', quantity: 0 }] }, /quantity/],
    [{ delivery: { method: 'DELIVERY' } }, /address/],
    [{ delivery: { method: 'TELEPORT' } }, /method/],
  ])('rejects %j with 400', async (body, message) => {
    const res = await asA('/api/v1/orders', { body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses a variant listed twice with 400', async () => {
    const v = await seedVariant(t.a.id);
    const res = await asA('/api/v1/orders', {
      body: {
        items: [
          { variantId: v.variantId, quantity: 1 },
          { variantId: v.variantId, quantity: 2 },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/once/);
  });

  it('refuses a discount larger than subtotal plus shipping with 400, creating nothing and using no number', async () => {
    const v = await seedVariant(t.a.id, { basePrice: 1_000_00 });
    const ok1 = await createOrder();
    const res = await asA('/api/v1/orders', {
      body: { items: [{ variantId: v.variantId, quantity: 1 }], discount: 2_000_00 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/negative/);
    expect(await stockOf(v.variantId)).toMatchObject({ reserved: 0 });
    const ok2 = await createOrder();
    expect(ok2.number).toBe(ok1.number + 1);
  });

  it('answers 409 INSUFFICIENT_STOCK when an item is not available, creating nothing', async () => {
    const plenty = await seedVariant(t.a.id, { onHand: 10 });
    const scarce = await seedVariant(t.a.id, { onHand: 1 });
    const res = await asA('/api/v1/orders', {
      body: {
        items: [
          { variantId: plenty.variantId, quantity: 2 },
          { variantId: scarce.variantId, quantity: 2 },
        ],
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { variantId: scarce.variantId, requested: 2, available: 1 },
    });
    expect(await stockOf(plenty.variantId)).toMatchObject({ reserved: 0 });
  });

  it('answers 404 for a customer or a variant of another workspace', async () => {
    const foreignCustomer = await seedCustomer(t.b.id);
    const foreignVariant = await seedVariant(t.b.id);
    expect((await asA('/api/v1/orders', { body: { customerId: foreignCustomer.id } })).status).toBe(404);
    const res = await asA('/api/v1/orders', {
      body: { items: [{ variantId: foreignVariant.variantId, quantity: 1 }] },
    });
    expect(res.status).toBe(404);
    expect(await stockOf(foreignVariant.variantId)).toMatchObject({ reserved: 0 });
  });

  it('refuses an item of an archived product with 409', async () => {
    const v = await seedVariant(t.a.id, { productStatus: 'ARCHIVED' });
    const res = await asA('/api/v1/orders', { body: { items: [{ variantId: v.variantId, quantity: 1 }] } });
    expect(res.status).toBe(409);
  });

  it('forbids a Viewer from creating orders (403)', async () => {
    expect((await api('/api/v1/orders', { token: t.a.viewer.token, workspaceId: t.a.id, body: {} })).status).toBe(403);
  });
});

describe('GET /api/v1/orders/:id', () => {
  it('returns the order with items, payments and status history', async () => {
    const v = await seedVariant(t.a.id);
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 1 }] });
    const res = await asA(`/api/v1/orders/${order.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(order);
  });

  it('answers 404 to another workspace and for an unknown id', async () => {
    const order = await createOrder();
    expect((await asB(`/api/v1/orders/${order.id}`)).status).toBe(404);
    expect((await asA('/api/v1/orders/ord_unknown')).status).toBe(404);
  });
});

describe('GET /api/v1/orders', () => {
  it('filters by status, customer, number and customer name or phone, newest first, each with paymentStatus', async () => {
    const customer = await seedCustomer(t.a.id, { name: `Bautista ${crypto.randomUUID().slice(0, 6)}` });
    const v = await seedVariant(t.a.id);
    const first = await createOrder({ customerId: customer.id, items: [{ variantId: v.variantId, quantity: 1 }] });
    const second = await createOrder({ customerId: customer.id });
    await createOrder();
    const byCustomer = await asA(`/api/v1/orders?customerId=${customer.id}`);
    expect(byCustomer.status).toBe(200);
    expect(byCustomer.body.items.map((o: { id: string }) => o.id)).toEqual([second.id, first.id]);
    expect(byCustomer.body.items[1]).toMatchObject({
      paymentStatus: 'UNPAID',
      itemCount: 1,
      customer: { id: customer.id },
    });
    const byName = await asA(`/api/v1/orders?q=${encodeURIComponent(customer.name.toLowerCase())}`);
    expect(byName.body.items.map((o: { id: string }) => o.id)).toEqual([second.id, first.id]);
    const byPhone = await asA(`/api/v1/orders?q=${encodeURIComponent(customer.phone.slice(-8))}`);
    expect(byPhone.body.items.map((o: { id: string }) => o.id)).toEqual([second.id, first.id]);
    const byNumber = await asA(`/api/v1/orders?q=%23${first.number}`);
    expect(byNumber.body.items.map((o: { id: string }) => o.id)).toEqual([first.id]);
    await asA(`/api/v1/orders/${first.id}/cancel`, { method: 'POST' });
    const cancelled = await asA(`/api/v1/orders?customerId=${customer.id}&status=CANCELLED`);
    expect(cancelled.body.items.map((o: { id: string }) => o.id)).toEqual([first.id]);
    const either = await asA(`/api/v1/orders?customerId=${customer.id}&status=DRAFT,CANCELLED`);
    expect(either.body.items).toHaveLength(2);
  });

  it('filters by creation date and pages with a cursor', async () => {
    const customer = await seedCustomer(t.a.id);
    const made = [
      await createOrder({ customerId: customer.id }),
      await createOrder({ customerId: customer.id }),
      await createOrder({ customerId: customer.id }),
    ];
    const page1 = await asA(`/api/v1/orders?customerId=${customer.id}&limit=2`);
    expect(page1.body.items.map((o: { id: string }) => o.id)).toEqual([made[2]!.id, made[1]!.id]);
    const page2 = await asA(`/api/v1/orders?customerId=${customer.id}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((o: { id: string }) => o.id)).toEqual([made[0]!.id]);
    expect(page2.body.nextCursor).toBeNull();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await asA(`/api/v1/orders?customerId=${customer.id}&from=${future}`)).body.items).toEqual([]);
  });

  it('rejects an unknown status or a malformed date with 400', async () => {
    const res = await asA('/api/v1/orders?status=DRAFT,LOST');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/status/);
    expect((await asA('/api/v1/orders?to=tomorrow')).status).toBe(400);
  });

  it('never lists another workspace’s orders', async () => {
    const order = await createOrder();
    const res = await asB(`/api/v1/orders?q=${order.number}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { id: string }) => o.id)).not.toContain(order.id);
  });
});

describe('PATCH /api/v1/orders/:id', () => {
  it('sets customer, delivery, notes, shipping and discount, recomputing totals', async () => {
    const v = await seedVariant(t.a.id, { basePrice: 5_000_00 });
    const customer = await seedCustomer(t.a.id);
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 2 }] });
    const res = await asA(`/api/v1/orders/${order.id}`, {
      method: 'PATCH',
      body: {
        customerId: customer.id,
        delivery: { method: 'PICKUP' },
        notes: 'Retira el sábado',
        shipping: 0,
        discount: 500_00,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      customer: { id: customer.id },
      delivery: { method: 'PICKUP' },
      notes: 'Retira el sábado',
      subtotal: 10_000_00,
      total: 9_500_00,
    });
    const cleared = await asA(`/api/v1/orders/${order.id}`, {
      method: 'PATCH',
      body: { customerId: null, delivery: null, notes: null },
    });
    expect(cleared.body).toMatchObject({ customer: null, delivery: null, notes: null });
  });

  it('replaces the whole list of items, moving the held stock with it', async () => {
    const keep = await seedVariant(t.a.id, { onHand: 10 });
    const drop = await seedVariant(t.a.id, { onHand: 10 });
    const add = await seedVariant(t.a.id, { onHand: 10 });
    const order = await createOrder({
      items: [
        { variantId: keep.variantId, quantity: 2 },
        { variantId: drop.variantId, quantity: 3 },
      ],
    });
    const res = await asA(`/api/v1/orders/${order.id}`, {
      method: 'PATCH',
      body: {
        items: [
          { variantId: keep.variantId, quantity: 5 },
          { variantId: add.variantId, quantity: 1 },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { variantId: string; quantity: number }) => [i.variantId, i.quantity])).toEqual([
      [keep.variantId, 5],
      [add.variantId, 1],
    ]);
    expect((await stockOf(keep.variantId)).reserved).toBe(5);
    expect((await stockOf(drop.variantId)).reserved).toBe(0);
    expect((await stockOf(add.variantId)).reserved).toBe(1);
  });

  it('refuses a change that would make the total negative with 400, changing nothing', async () => {
    const v = await seedVariant(t.a.id, { basePrice: 1_000_00 });
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 1 }] });
    const res = await asA(`/api/v1/orders/${order.id}`, { method: 'PATCH', body: { discount: 5_000_00, notes: 'x' } });
    expect(res.status).toBe(400);
    const after = await asA(`/api/v1/orders/${order.id}`);
    expect(after.body).toMatchObject({ discount: 0, total: 1_000_00, notes: null });
  });

  it('rejects an empty body, unknown fields and client totals with 400', async () => {
    const order = await createOrder();
    for (const body of [{}, { total: 5 }, { status: 'CONFIRMED' }]) {
      const res = await asA(`/api/v1/orders/${order.id}`, { method: 'PATCH', body });
      expect(res.status).toBe(400);
    }
  });

  it('answers 409 once the order is confirmed', async () => {
    const v = await seedVariant(t.a.id);
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 1 }] });
    await asA(`/api/v1/orders/${order.id}/confirm`, { method: 'POST' });
    const res = await asA(`/api/v1/orders/${order.id}`, { method: 'PATCH', body: { notes: 'tarde' } });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/CONFIRMED.*only DRAFT or PENDING/);
  });

  it('answers 404 for another workspace’s order or customer', async () => {
    const order = await createOrder();
    expect((await asB(`/api/v1/orders/${order.id}`, { method: 'PATCH', body: { notes: 'hola' } })).status).toBe(404);
    const foreign = await seedCustomer(t.b.id);
    expect(
      (await asA(`/api/v1/orders/${order.id}`, { method: 'PATCH', body: { customerId: foreign.id } })).status,
    ).toBe(404);
    const [row] = await testDb().select().from(orders).where(eq(orders.id, order.id));
    expect(row).toMatchObject({ notes: null, customerId: null });
  });
});

describe('order items: POST /orders/:id/items, PATCH and DELETE /orders/:id/items/:itemId', () => {
  it('upserts a line idempotently, changes its quantity and removes it, with the held stock following', async () => {
    const v = await seedVariant(t.a.id, { onHand: 6, basePrice: 2_000_00 });
    const order = await createOrder();
    const added = await asA(`/api/v1/orders/${order.id}/items`, { body: { variantId: v.variantId, quantity: 2 } });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ subtotal: 4_000_00, total: 4_000_00 });
    const again = await asA(`/api/v1/orders/${order.id}/items`, { body: { variantId: v.variantId, quantity: 2 } });
    expect(again.body.items).toHaveLength(1);
    expect(again.body.items[0].quantity).toBe(2);
    expect(await stockOf(v.variantId)).toEqual({ onHand: 6, reserved: 2, available: 4 });

    const itemId = added.body.items[0].id;
    const more = await asA(`/api/v1/orders/${order.id}/items/${itemId}`, { method: 'PATCH', body: { quantity: 5 } });
    expect(more.status).toBe(200);
    expect(more.body).toMatchObject({ subtotal: 10_000_00, itemCount: 5 });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 6, reserved: 5, available: 1 });

    const less = await asA(`/api/v1/orders/${order.id}/items/${itemId}`, { method: 'PATCH', body: { quantity: 1 } });
    expect(less.body.items[0]).toMatchObject({ quantity: 1, lineTotal: 2_000_00 });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 6, reserved: 1, available: 5 });

    const removed = await asA(`/api/v1/orders/${order.id}/items/${itemId}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ items: [], subtotal: 0, total: 0 });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 6, reserved: 0, available: 6 });
  });

  it('answers 409 INSUFFICIENT_STOCK counting what the line already holds, and keeps the line as it was', async () => {
    const v = await seedVariant(t.a.id, { onHand: 4 });
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 3 }] });
    const res = await asA(`/api/v1/orders/${order.id}/items`, { body: { variantId: v.variantId, quantity: 6 } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { requested: 6, available: 4 } });
    expect((await asA(`/api/v1/orders/${order.id}`)).body.items[0].quantity).toBe(3);
    expect(await stockOf(v.variantId)).toEqual({ onHand: 4, reserved: 3, available: 1 });
  });

  it('keeps the price snapshotted when the line was added', async () => {
    const v = await seedVariant(t.a.id, { basePrice: 1_000_00 });
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 1 }] });
    await testDb().update(products).set({ basePrice: 9_999_00 }).where(eq(products.id, v.productId));
    const res = await asA(`/api/v1/orders/${order.id}/items`, { body: { variantId: v.variantId, quantity: 2 } });
    expect(res.body.items[0]).toMatchObject({ unitPrice: 1_000_00, lineTotal: 2_000_00 });
  });

  it('rejects a bad quantity with 400 and an unknown item with 404', async () => {
    const v = await seedVariant(t.a.id);
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 1 }] });
    expect(
      (await asA(`/api/v1/orders/${order.id}/items`, { body: { variantId: v.variantId, quantity: -1 } })).status,
    ).toBe(400);
    expect((await asA(`/api/v1/orders/${order.id}/items`, { body: { variantId: v.variantId } })).status).toBe(400);
    const itemId = order.items[0].id;
    const patched = await asA(`/api/v1/orders/${order.id}/items/${itemId}`, {
      method: 'PATCH',
      body: { quantity: 'two' },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error.message).toMatch(/quantity/);
    expect(
      (await asA(`/api/v1/orders/${order.id}/items/itm_nope`, { method: 'PATCH', body: { quantity: 2 } })).status,
    ).toBe(404);
    expect((await asA(`/api/v1/orders/${order.id}/items/itm_nope`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 404 when another workspace touches the order’s items, changing nothing', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5 });
    const order = await createOrder({ items: [{ variantId: v.variantId, quantity: 1 }] });
    const itemId = order.items[0].id;
    expect(
      (await asB(`/api/v1/orders/${order.id}/items`, { body: { variantId: v.variantId, quantity: 3 } })).status,
    ).toBe(404);
    expect(
      (await asB(`/api/v1/orders/${order.id}/items/${itemId}`, { method: 'PATCH', body: { quantity: 3 } })).status,
    ).toBe(404);
    expect((await asB(`/api/v1/orders/${order.id}/items/${itemId}`, { method: 'DELETE' })).status).toBe(404);
    expect(await stockOf(v.variantId)).toMatchObject({ reserved: 1 });
  });
});
