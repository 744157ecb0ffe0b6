import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, eventOutbox, orders, payments } from '../../../db/schema';
import { PaymentWithOrderSchema } from '../../../workers/http/routes/payments/schema';
import { api } from '../../harness/api';
import { seedVariant } from '../../harness/catalog';
import { testDb } from '../../harness/db';
import { insertOrder } from '../../harness/orders';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

const asA = (path: string, init: Parameters<typeof api>[1] = {}) =>
  api(path, { token: t.a.operator.token, workspaceId: t.a.id, ...init });
const asB = (path: string, init: Parameters<typeof api>[1] = {}) =>
  api(path, { token: t.b.owner.token, workspaceId: t.b.id, ...init });
const pay = (orderId: string, body: Record<string, unknown>) => asA(`/api/v1/orders/${orderId}/payments`, { body });
const review = (paymentId: string, body: Record<string, unknown>) =>
  asA(`/api/v1/payments/${paymentId}`, { method: 'PATCH', body });

const withDates = (body: unknown) =>
  JSON.parse(JSON.stringify(body), (key, value) =>
    /At$/.test(key) && typeof value === 'string' ? new Date(value) : value,
  );

const paymentStatusOf = async (orderId: string) =>
  (await testDb().select({ s: orders.paymentStatus }).from(orders).where(eq(orders.id, orderId)))[0]!.s;

describe('POST /api/v1/orders/:orderId/payments', () => {
  it('marks the order PARTIAL after a first payment and PAID once confirmed payments reach the total', async () => {
    const order = await insertOrder(t.a.id, { status: 'CONFIRMED', total: 100_000 });
    const first = await pay(order.id, { method: 'CASH', amount: 40_000 });
    expect(first.status).toBe(201);
    const parsed = PaymentWithOrderSchema.parse(withDates(first.body));
    expect(parsed).toMatchObject({
      method: 'CASH',
      amount: 40_000,
      currency: 'ARS',
      status: 'CONFIRMED',
      createdByType: 'user',
      createdById: t.a.operator.id,
    });
    expect(parsed.id).toMatch(/^pay_/);
    expect(parsed.paidAt).toBeInstanceOf(Date);
    expect(parsed.order).toEqual({
      orderId: order.id,
      total: 100_000,
      currency: 'ARS',
      paid: 40_000,
      pending: 0,
      paymentStatus: 'PARTIAL',
    });
    expect(await paymentStatusOf(order.id)).toBe('PARTIAL');

    const second = await pay(order.id, {
      method: 'TRANSFER',
      amount: 60_000,
      currency: 'ARS',
      reference: 'TRX-991',
      paidAt: '2026-03-02T14:30:00-03:00',
    });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({
      reference: 'TRX-991',
      paidAt: '2026-03-02T17:30:00.000Z',
      order: { paid: 100_000, paymentStatus: 'PAID' },
    });
    expect(await paymentStatusOf(order.id)).toBe('PAID');

    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, second.body.id), eq(auditLog.action, 'payment.create')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toHaveLength(1);
    const events = await testDb()
      .select()
      .from(eventOutbox)
      .where(and(eq(eventOutbox.workspaceId, t.a.id), eq(eventOutbox.type, 'payment:registered')));
    expect(events.map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ paymentId: second.body.id, orderId: order.id, orderPaymentStatus: 'PAID' }),
    );
  });

  it('refuses a confirmed payment beyond the total with 409 unless allowOverpayment is sent', async () => {
    const order = await insertOrder(t.a.id, { status: 'PENDING', total: 50_000 });
    expect((await pay(order.id, { method: 'CASH', amount: 30_000 })).status).toBe(201);
    const over = await pay(order.id, { method: 'CASH', amount: 30_000 });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('allowOverpayment') });
    expect(await testDb().select().from(payments).where(eq(payments.orderId, order.id))).toHaveLength(1);

    const allowed = await pay(order.id, { method: 'CASH', amount: 30_000, allowOverpayment: true });
    expect(allowed.status).toBe(201);
    expect(allowed.body.order).toMatchObject({ paid: 60_000, paymentStatus: 'PAID' });
  });

  it('lets concurrent payments confirm no more than the order total', async () => {
    const order = await insertOrder(t.a.id, { status: 'CONFIRMED', total: 100_000 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => pay(order.id, { method: 'TRANSFER', amount: 40_000 })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409]);
    const rows = await testDb().select().from(payments).where(eq(payments.orderId, order.id));
    expect(rows.reduce((sum, p) => sum + p.amount, 0)).toBe(80_000);
    expect(await paymentStatusOf(order.id)).toBe('PARTIAL');
  });

  it('answers 409 for DRAFT and CANCELLED orders', async () => {
    for (const status of ['DRAFT', 'CANCELLED'] as const) {
      const order = await insertOrder(t.a.id, { status, total: 10_000 });
      const res = await pay(order.id, { method: 'CASH', amount: 5_000 });
      expect(res.status, status).toBe(409);
      expect(res.body.error.message).toContain(status);
    }
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const order = await insertOrder(t.a.id, { status: 'CONFIRMED', total: 10_000 });
    const cases = [
      { method: 'CASH', amount: 0 },
      { method: 'CASH', amount: -5 },
      { method: 'CASH', amount: 10.5 },
      { method: 'BITCOIN', amount: 100 },
      { method: 'CASH' },
      { method: 'CASH', amount: 100, currency: 'USD' },
      { method: 'CASH', amount: 100, currency: 'pesos' },
      { method: 'CASH', amount: 100, status: 'REJECTED' },
      { method: 'CASH', amount: 100, paidAt: 'ayer' },
      { method: 'CASH', amount: 100, tip: 5 },
    ];
    for (const body of cases) {
      const res = await pay(order.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await testDb().select().from(payments).where(eq(payments.orderId, order.id))).toEqual([]);
  });

  it('answers 404 for another workspace’s order and 403 to a Viewer', async () => {
    const order = await insertOrder(t.a.id, { status: 'CONFIRMED', total: 10_000 });
    expect((await asB(`/api/v1/orders/${order.id}/payments`, { body: { method: 'CASH', amount: 100 } })).status).toBe(
      404,
    );
    const viewer = await api(`/api/v1/orders/${order.id}/payments`, {
      token: t.a.viewer.token,
      workspaceId: t.a.id,
      body: { method: 'CASH', amount: 100 },
    });
    expect(viewer.status).toBe(403);
    expect(await testDb().select().from(payments).where(eq(payments.orderId, order.id))).toEqual([]);
  });
});

describe('GET /api/v1/orders/:orderId/payments', () => {
  it('lists the payments oldest first with confirmed and pending sums', async () => {
    const order = await insertOrder(t.a.id, { status: 'CONFIRMED', total: 90_000 });
    const a = (await pay(order.id, { method: 'CASH', amount: 20_000 })).body;
    const b = (await pay(order.id, { method: 'TRANSFER', amount: 30_000, status: 'PENDING' })).body;
    const res = await api(`/api/v1/orders/${order.id}/payments`, { token: t.a.viewer.token, workspaceId: t.a.id });
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
      [a.id, 'CONFIRMED'],
      [b.id, 'PENDING'],
    ]);
    expect(res.body.summary).toEqual({
      orderId: order.id,
      total: 90_000,
      currency: 'ARS',
      paid: 20_000,
      pending: 30_000,
      paymentStatus: 'PARTIAL',
    });
  });

  it('answers 404 to another workspace', async () => {
    const order = await insertOrder(t.a.id, { status: 'CONFIRMED' });
    expect((await asB(`/api/v1/orders/${order.id}/payments`)).status).toBe(404);
  });
});

describe('PATCH /api/v1/payments/:id', () => {
  it('confirms a pending transfer, turning the order PAID', async () => {
    const order = await insertOrder(t.a.id, { status: 'CONFIRMED', total: 25_000 });
    const pending = await pay(order.id, { method: 'TRANSFER', amount: 25_000, status: 'PENDING' });
    expect(pending.body).toMatchObject({
      status: 'PENDING',
      paidAt: null,
      order: { paid: 0, pending: 25_000, paymentStatus: 'UNPAID' },
    });
    const res = await review(pending.body.id, { status: 'CONFIRMED', reference: 'Comprobante 0042' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'CONFIRMED',
      reference: 'Comprobante 0042',
      order: { paid: 25_000, pending: 0, paymentStatus: 'PAID' },
    });
    expect(res.body.paidAt).not.toBeNull();
    expect(await paymentStatusOf(order.id)).toBe('PAID');
    const [audit] = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, pending.body.id), eq(auditLog.action, 'payment.confirm')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audit!.before).toMatchObject({ status: 'PENDING' });
  });

  it('rejects a pending payment, leaving the order unpaid, and refuses to review it again with 409', async () => {
    const order = await insertOrder(t.a.id, { status: 'CONFIRMED', total: 25_000 });
    const pending = await pay(order.id, { method: 'TRANSFER', amount: 25_000, status: 'PENDING' });
    const rejected = await review(pending.body.id, { status: 'REJECTED' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'REJECTED',
      order: { paid: 0, pending: 0, paymentStatus: 'UNPAID' },
    });
    const again = await review(pending.body.id, { status: 'CONFIRMED' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('REJECTED');
  });

  it('refuses to confirm a pending payment that would overpay unless allowOverpayment is sent', async () => {
    const order = await insertOrder(t.a.id, { status: 'CONFIRMED', total: 10_000 });
    const pending = await pay(order.id, { method: 'TRANSFER', amount: 8_000, status: 'PENDING' });
    await pay(order.id, { method: 'CASH', amount: 5_000 });
    expect((await review(pending.body.id, { status: 'CONFIRMED' })).status).toBe(409);
    const allowed = await review(pending.body.id, { status: 'CONFIRMED', allowOverpayment: true });
    expect(allowed.status).toBe(200);
    expect(allowed.body.order).toMatchObject({ paid: 13_000, paymentStatus: 'PAID' });
  });

  it('answers 400 for a status other than CONFIRMED or REJECTED, 404 to another workspace, 403 to a Viewer', async () => {
    const order = await insertOrder(t.a.id, { status: 'CONFIRMED', total: 10_000 });
    const pending = await pay(order.id, { method: 'TRANSFER', amount: 1_000, status: 'PENDING' });
    expect((await review(pending.body.id, { status: 'PENDING' })).status).toBe(400);
    expect(
      (await asB(`/api/v1/payments/${pending.body.id}`, { method: 'PATCH', body: { status: 'CONFIRMED' } })).status,
    ).toBe(404);
    const viewer = await api(`/api/v1/payments/${pending.body.id}`, {
      method: 'PATCH',
      token: t.a.viewer.token,
      workspaceId: t.a.id,
      body: { status: 'CONFIRMED' },
    });
    expect(viewer.status).toBe(403);
    const [row] = await testDb().select().from(payments).where(eq(payments.id, pending.body.id));
    expect(row!.status).toBe('PENDING');
  });
});

describe('payments on an order made through the orders API', () => {
  it('a confirmed order paid in two parts ends PAID in the order, its payment list and the customer totals', async () => {
    const customer = await asA('/api/v1/customers', { body: { name: 'Paula Acosta' } });
    const variant = await seedVariant(t.a.id, { onHand: 5, basePrice: 12_000_00 });
    const created = await asA('/api/v1/orders', {
      body: { customerId: customer.body.id, items: [{ variantId: variant.variantId, quantity: 2 }] },
    });
    expect(created.status).toBe(201);
    const orderId = created.body.id as string;
    expect((await pay(orderId, { method: 'CASH', amount: 1_000 })).status).toBe(409);
    expect((await asA(`/api/v1/orders/${orderId}/request-confirmation`, { method: 'POST' })).status).toBe(200);
    expect((await asA(`/api/v1/orders/${orderId}/confirm`, { method: 'POST' })).status).toBe(200);

    expect(
      (await pay(orderId, { method: 'MERCADOPAGO', amount: 10_000_00, reference: 'MP-123' })).body.order.paymentStatus,
    ).toBe('PARTIAL');
    expect((await pay(orderId, { method: 'TRANSFER', amount: 14_000_00 })).body.order.paymentStatus).toBe('PAID');

    expect((await asA(`/api/v1/orders/${orderId}`)).body.paymentStatus).toBe('PAID');
    expect((await asA(`/api/v1/orders/${orderId}/payments`)).body.summary).toMatchObject({
      total: 24_000_00,
      paid: 24_000_00,
      paymentStatus: 'PAID',
    });
    const detail = await asA(`/api/v1/customers/${customer.body.id}`);
    expect(detail.body.totals).toMatchObject({ orderCount: 1, totalSpent: [{ currency: 'ARS', amount: 24_000_00 }] });
    expect(detail.body.recentOrders).toMatchObject([{ id: orderId, status: 'CONFIRMED', paymentStatus: 'PAID' }]);
  });
});
