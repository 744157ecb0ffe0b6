import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys, orders, payments, stockReservations } from '../../../db/schema';
import { IN_FLIGHT_TIMEOUT_MS, requestFingerprint } from '../../../workers/core/idempotency/keys';
import { api } from '../../harness/api';
import { seedVariant, stockOf } from '../../harness/catalog';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
const as = (extra: Record<string, string> = {}) => ({ token: t.a.owner.token, workspaceId: t.a.id, headers: extra });
const key = () => `key-${crypto.randomUUID()}`;

beforeAll(async () => {
  t = await seedTenants();
});

const adjust = (variantId: string, delta: number, idempotencyKey?: string) =>
  api('/api/v1/stock/adjust', {
    ...as(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
    body: { variantId, delta, reason: 'RESTOCK' },
  });

/** A claim on `k` for this adjust body, as a request that is still running (or died) leaves it. */
async function leaveClaim(k: string, body: string, createdAt = new Date()) {
  await testDb()
    .insert(idempotencyKeys)
    .values({
      workspaceId: t.a.id,
      route: 'POST /api/v1/stock/adjust',
      key: k,
      fingerprint: await requestFingerprint('POST', '/api/v1/stock/adjust', body),
      state: 'IN_FLIGHT',
      createdAt,
      expiresAt: new Date(Date.now() + 60 * 60_000),
    });
}

const rawAdjust = (k: string, body: string) =>
  api('/api/v1/stock/adjust', { ...as({ 'Idempotency-Key': k, 'content-type': 'application/json' }), rawBody: body });

describe('Idempotency-Key', () => {
  it('without the header a POST runs every time', async () => {
    const { variantId } = await seedVariant(t.a.id, { onHand: 10 });
    expect((await adjust(variantId, 1)).status).toBe(200);
    expect((await adjust(variantId, 1)).status).toBe(200);
    expect((await stockOf(variantId)).onHand).toBe(12);
  });

  it('same key and same body: the stored response is replayed with Idempotent-Replayed and nothing runs twice', async () => {
    const { variantId } = await seedVariant(t.a.id, { onHand: 10 });
    const k = key();
    const first = await adjust(variantId, 5, k);
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await adjust(variantId, 5, k);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('content-type')).toContain('application/json');
    expect(second.body).toEqual(first.body);
    expect((await stockOf(variantId)).onHand).toBe(15);
  });

  it('same key with a different body answers 422 and changes nothing', async () => {
    const { variantId } = await seedVariant(t.a.id, { onHand: 10 });
    const k = key();
    await adjust(variantId, 5, k);
    const other = await adjust(variantId, 6, k);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('UNPROCESSABLE');
    expect((await stockOf(variantId)).onHand).toBe(15);
  });

  it('same key while the first request is still running answers 409 with Retry-After', async () => {
    const { variantId } = await seedVariant(t.a.id, { onHand: 10 });
    const k = key();
    const body = JSON.stringify({ variantId, delta: 3, reason: 'RESTOCK' });
    await leaveClaim(k, body);
    const res = await rawAdjust(k, body);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await stockOf(variantId)).onHand).toBe(10);
  });

  it('a claim left behind by a request that never finished is taken over after a minute', async () => {
    const { variantId } = await seedVariant(t.a.id, { onHand: 10 });
    const k = key();
    const body = JSON.stringify({ variantId, delta: 2, reason: 'RESTOCK' });
    await leaveClaim(k, body, new Date(Date.now() - IN_FLIGHT_TIMEOUT_MS - 1_000));
    const res = await rawAdjust(k, body);
    expect(res.status).toBe(200);
    expect((await stockOf(variantId)).onHand).toBe(12);
  });

  it('an expired key (over 24 h) is a new request', async () => {
    const { variantId } = await seedVariant(t.a.id, { onHand: 10 });
    const k = key();
    await adjust(variantId, 1, k);
    await testDb()
      .update(idempotencyKeys)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(and(eq(idempotencyKeys.workspaceId, t.a.id), eq(idempotencyKeys.key, k)));
    const again = await adjust(variantId, 1, k);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect((await stockOf(variantId)).onHand).toBe(12);
  });

  it('keys are scoped per workspace and per route', async () => {
    const k = key();
    const mine = await seedVariant(t.a.id, { onHand: 10 });
    const theirs = await seedVariant(t.b.id, { onHand: 10 });
    await adjust(mine.variantId, 1, k);
    const other = await api('/api/v1/stock/adjust', {
      token: t.b.owner.token,
      workspaceId: t.b.id,
      headers: { 'Idempotency-Key': k },
      body: { variantId: theirs.variantId, delta: 1, reason: 'RESTOCK' },
    });
    expect(other.status).toBe(200);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    const reserve = await api('/api/v1/stock/reserve', {
      ...as({ 'Idempotency-Key': k }),
      body: { variantId: mine.variantId, quantity: 1 },
    });
    expect(reserve.status).toBe(201);
    expect(reserve.headers.get('idempotent-replayed')).toBeNull();
  });

  it('an error answer (4xx) is stored and replayed too', async () => {
    const { variantId } = await seedVariant(t.a.id, { onHand: 1 });
    const k = key();
    const first = await adjust(variantId, -5, k);
    expect(first.status).toBe(409);
    const second = await adjust(variantId, -5, k);
    expect(second.status).toBe(409);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
  });

  it('refuses a malformed key with 400', async () => {
    const { variantId } = await seedVariant(t.a.id, { onHand: 1 });
    const res = await adjust(variantId, 1, 'bad key with spaces');
    expect(res.status).toBe(400);
  });

  it('POST /stock/reserve: one reservation for a repeated key', async () => {
    const { variantId } = await seedVariant(t.a.id, { onHand: 10 });
    const k = key();
    const body = { variantId, quantity: 3 };
    const first = await api('/api/v1/stock/reserve', { ...as({ 'Idempotency-Key': k }), body });
    const second = await api('/api/v1/stock/reserve', { ...as({ 'Idempotency-Key': k }), body });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body).toEqual(first.body);
    const held = await testDb().select().from(stockReservations).where(eq(stockReservations.variantId, variantId));
    expect(held).toHaveLength(1);
    expect((await stockOf(variantId)).reserved).toBe(3);
  });

  it('POST /orders, /orders/:id/confirm and /orders/:id/payments: one order, one confirmation, one payment', async () => {
    const { variantId } = await seedVariant(t.a.id, { onHand: 10, basePrice: 10_000_00 });
    const createKey = key();
    const body = { items: [{ variantId, quantity: 2 }] };
    const created = await api('/api/v1/orders', { ...as({ 'Idempotency-Key': createKey }), body });
    const createdAgain = await api('/api/v1/orders', { ...as({ 'Idempotency-Key': createKey }), body });
    expect(created.status).toBe(201);
    expect(createdAgain.headers.get('idempotent-replayed')).toBe('true');
    expect(createdAgain.body.id).toBe(created.body.id);
    const mine = await testDb().select().from(orders).where(eq(orders.id, created.body.id));
    expect(mine).toHaveLength(1);

    const confirmKey = key();
    const path = `/api/v1/orders/${created.body.id}/confirm`;
    const confirmed = await api(path, { ...as({ 'Idempotency-Key': confirmKey }), method: 'POST' });
    const confirmedAgain = await api(path, { ...as({ 'Idempotency-Key': confirmKey }), method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('CONFIRMED');
    expect(confirmedAgain.status).toBe(200);
    expect(confirmedAgain.headers.get('idempotent-replayed')).toBe('true');
    // Without the key a second confirm is refused by the lifecycle: the replay is what kept it 200.
    expect((await api(path, { ...as(), method: 'POST' })).status).toBe(409);
    expect((await stockOf(variantId)).onHand).toBe(8);

    const payKey = key();
    const payment = { method: 'TRANSFER', amount: 5_000_00 };
    const paid = await api(`/api/v1/orders/${created.body.id}/payments`, {
      ...as({ 'Idempotency-Key': payKey }),
      body: payment,
    });
    const paidAgain = await api(`/api/v1/orders/${created.body.id}/payments`, {
      ...as({ 'Idempotency-Key': payKey }),
      body: payment,
    });
    expect(paid.status).toBe(201);
    expect(paidAgain.headers.get('idempotent-replayed')).toBe('true');
    const rows = await testDb().select().from(payments).where(eq(payments.orderId, created.body.id));
    expect(rows).toHaveLength(1);

    // The same key on another order's path is another request (the path is part of the fingerprint).
    const other = await api('/api/v1/orders', { ...as(), body });
    const reused = await api(`/api/v1/orders/${other.body.id}/confirm`, {
      ...as({ 'Idempotency-Key': confirmKey }),
      method: 'POST',
    });
    expect(reused.status).toBe(422);
  });

  it('counts hits and misses in the metrics', async () => {
    const { variantId } = await seedVariant(t.a.id, { onHand: 10 });
    const k = key();
    await adjust(variantId, 1, k);
    await adjust(variantId, 1, k);
    const metrics = await api('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(
      /idempotency_requests_total\{route="POST \/api\/v1\/stock\/adjust",outcome="miss"\} \d+/,
    );
    expect(metrics.body).toMatch(
      /idempotency_requests_total\{route="POST \/api\/v1\/stock\/adjust",outcome="hit"\} \d+/,
    );
  });

  it('is documented in the OpenAPI document on every route that takes it', async () => {
    const doc = (await api('/api/openapi.json')).body;
    const routes: Array<[string, string]> = [
      ['/api/v1/orders', 'post'],
      ['/api/v1/orders/{id}/confirm', 'post'],
      ['/api/v1/orders/{orderId}/payments', 'post'],
      ['/api/v1/stock/adjust', 'post'],
      ['/api/v1/stock/reserve', 'post'],
    ];
    for (const [path, method] of routes) {
      const parameters = doc.paths[path][method].parameters as Array<{ name: string; in: string }>;
      expect(parameters).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header' }));
    }
    expect(doc.paths['/api/v1/orders/{id}/ship'].post.parameters).not.toContainEqual(
      expect.objectContaining({ name: 'idempotency-key' }),
    );
  });
});
