import { env } from 'cloudflare:workers';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client';
import { auditLog, stockMovements, stockReservations } from '../../../db/schema';
import { runScheduledJobs } from '../../../workers/scheduled';
import type { Env } from '../../../workers/env';
import { commitReservation, expireReservations } from '../../../workers/retail/stock';
import { api } from '../../harness/api';
import { eventsOf, seedVariant, stockOf } from '../../harness/catalog';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
// Separate pools, so concurrent domain calls really run on separate connections. They are not
// closed in afterAll: workerd ties each socket to the test that opened it, and ending it from
// another context raises "Cannot perform I/O on behalf of a different request"; they end with
// the isolate.
const handles = [
  createDb(env.HYPERDRIVE.connectionString, { max: 2 }),
  createDb(env.HYPERDRIVE.connectionString, { max: 2 }),
];
beforeAll(async () => {
  t = await seedTenants();
});

const system = { type: 'system' as const, id: 'test' };
const reserve = (variantId: string, quantity: number, ttlSeconds = 60) =>
  api('/api/v1/stock/reserve', {
    token: t.a.operator.token,
    workspaceId: t.a.id,
    body: { variantId, quantity, ttlSeconds },
  });
const reservationStatus = async (id: string) =>
  (await testDb().select().from(stockReservations).where(eq(stockReservations.id, id)))[0]!.status;
const salesOf = (variantId: string) =>
  testDb()
    .select()
    .from(stockMovements)
    .where(and(eq(stockMovements.variantId, variantId), eq(stockMovements.reason, 'SALE')));
/**
 * A moment just past a 60-second reservation made now: the sweep sees it as expired, 900-second
 * ones not. Sweeps "in the future" are limited to this file's workspace, so they never expire
 * reservations of test files running alongside.
 */
const justPastOneMinute = () => new Date(Date.now() + 61_000);

describe('concurrent reservations', () => {
  it('50 concurrent reservations of 1 unit against 10 available: exactly 10 succeed, 40 get INSUFFICIENT_STOCK', async () => {
    const v = await seedVariant(t.a.id, { onHand: 10 });
    const results = await Promise.all(Array.from({ length: 50 }, () => reserve(v.variantId, 1, 900)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { requested: 1, available: 0 } });
    }
    expect(await stockOf(v.variantId)).toEqual({ onHand: 10, reserved: 10, available: 0 });
    const rows = await testDb().select().from(stockReservations).where(eq(stockReservations.variantId, v.variantId));
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.status === 'ACTIVE' && r.quantity === 1)).toBe(true);
  });

  it('writes stock:low to the outbox exactly once when concurrent reservations cross the threshold', async () => {
    const v = await seedVariant(t.a.id, { onHand: 10, lowStockThreshold: 4 });
    const results = await Promise.all(Array.from({ length: 8 }, () => reserve(v.variantId, 1, 900)));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const low = (await eventsOf(t.a.id, 'stock:low')).filter(
      (e) => (e.payload as { variantId: string }).variantId === v.variantId,
    );
    expect(low).toHaveLength(1);
    expect(low[0]!.payload).toMatchObject({ available: 4, lowStockThreshold: 4, low: true, sku: v.sku });
  });

  it('does not announce stock:low again while the variant stays low', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5, lowStockThreshold: 3 });
    for (let i = 0; i < 4; i++) expect((await reserve(v.variantId, 1, 900)).status).toBe(201);
    const low = (await eventsOf(t.a.id, 'stock:low')).filter(
      (e) => (e.payload as { variantId: string }).variantId === v.variantId,
    );
    expect(low).toHaveLength(1);
  });
});

describe('reservation expiry (the cron sweep)', () => {
  it('the scheduled handler expires reservations past their expiry and gives their units back', async () => {
    const v = await seedVariant(t.a.id, { onHand: 6 });
    const short = await reserve(v.variantId, 3, 60);
    const long = await reserve(v.variantId, 2, 900);
    expect(await stockOf(v.variantId)).toEqual({ onHand: 6, reserved: 5, available: 1 });
    // Its expiry passed a minute ago (rather than running the cron "in the future", which would
    // also expire the short reservations of test files running alongside).
    await testDb()
      .update(stockReservations)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(stockReservations.id, short.body.reservation.id));

    await runScheduledJobs(env as unknown as Env, new Date());

    // Test files share the database: another file's cron run may have claimed this reservation
    // (SKIP LOCKED) a moment earlier and still be committing, so wait for whichever sweep won.
    await expect.poll(() => reservationStatus(short.body.reservation.id)).toBe('EXPIRED');
    expect(await stockOf(v.variantId)).toEqual({ onHand: 6, reserved: 2, available: 4 });
    expect(await reservationStatus(long.body.reservation.id)).toBe('ACTIVE');
    const audit = await testDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, short.body.reservation.id))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual(['stock_reservation.create', 'stock_reservation.expire']);
  });

  it('never gives units back twice: two concurrent sweeps, then a third, release each reservation once', async () => {
    const v = await seedVariant(t.a.id, { onHand: 10 });
    for (let i = 0; i < 4; i++) await reserve(v.variantId, 2, 60);
    await reserve(v.variantId, 1, 900);
    const now = justPastOneMinute;
    await Promise.all(handles.map(({ db }) => expireReservations({ db, now }, { workspaceId: t.a.id })));
    await expireReservations({ db: testDb(), now }, { workspaceId: t.a.id });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 10, reserved: 1, available: 9 });
  });

  it('expire then commit: the commit fails cleanly and changes nothing', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5 });
    const held = await reserve(v.variantId, 2, 60);
    await expireReservations({ db: testDb(), now: justPastOneMinute }, { workspaceId: t.a.id });
    const commit = await commitReservation(
      { db: testDb() },
      { workspaceId: t.a.id, actor: system, reservationId: held.body.reservation.id },
    );
    expect(commit).toMatchObject({ ok: false, error: 'INVALID_STATE' });
    expect(commit.ok || commit.message).toMatch(/expired/);
    expect(await stockOf(v.variantId)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await salesOf(v.variantId)).toEqual([]);
  });

  it('a reservation past its expiry cannot be committed even before the sweep has run', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5 });
    const held = await reserve(v.variantId, 2, 60);
    const commit = await commitReservation(
      { db: testDb(), now: justPastOneMinute },
      { workspaceId: t.a.id, actor: system, reservationId: held.body.reservation.id },
    );
    expect(commit).toMatchObject({ ok: false, error: 'INVALID_STATE' });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 5, reserved: 2, available: 3 });
  });

  it('commit then sweep: the sale stands and the sweep changes nothing', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5 });
    const held = await reserve(v.variantId, 2, 60);
    const commit = await commitReservation(
      { db: testDb() },
      { workspaceId: t.a.id, actor: system, reservationId: held.body.reservation.id },
    );
    expect(commit).toMatchObject({
      ok: true,
      value: { reservation: { status: 'COMMITTED' }, stock: { onHand: 3, reserved: 0 } },
    });
    await expireReservations({ db: testDb(), now: justPastOneMinute }, { workspaceId: t.a.id });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 3, reserved: 0, available: 3 });
    expect(await reservationStatus(held.body.reservation.id)).toBe('COMMITTED');
    const sales = await salesOf(v.variantId);
    expect(sales.map((m) => [m.delta, m.onHandAfter])).toEqual([[-2, 3]]);
  });

  it('a reservation held for an order cannot be committed on its own: confirming the order sells it', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5 });
    const order = await api('/api/v1/orders', {
      token: t.a.operator.token,
      workspaceId: t.a.id,
      body: { items: [{ variantId: v.variantId, quantity: 2 }] },
    });
    const [hold] = await testDb().select().from(stockReservations).where(eq(stockReservations.orderId, order.body.id));
    const commit = await commitReservation(
      { db: testDb() },
      { workspaceId: t.a.id, actor: system, reservationId: hold!.id },
    );
    expect(commit).toMatchObject({ ok: false, error: 'INVALID_STATE', details: { orderId: order.body.id } });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 5, reserved: 2, available: 3 });
    expect(await salesOf(v.variantId)).toEqual([]);
  });

  it('a commit racing the sweep for the same reservation: exactly one of them takes effect', async () => {
    for (let round = 0; round < 5; round++) {
      const v = await seedVariant(t.a.id, { onHand: 10 });
      const held = await reserve(v.variantId, 2, 60);
      const [commit] = await Promise.all([
        commitReservation(
          { db: handles[0]!.db },
          { workspaceId: t.a.id, actor: system, reservationId: held.body.reservation.id },
        ),
        expireReservations({ db: handles[1]!.db, now: justPastOneMinute }, { workspaceId: t.a.id }),
      ]);
      const status = await reservationStatus(held.body.reservation.id);
      const stock = await stockOf(v.variantId);
      expect(stock.reserved).toBe(0);
      if (commit.ok) {
        expect([status, stock.onHand, (await salesOf(v.variantId)).length]).toEqual(['COMMITTED', 8, 1]);
      } else {
        expect([status, stock.onHand, (await salesOf(v.variantId)).length]).toEqual(['EXPIRED', 10, 0]);
      }
    }
  });
});
