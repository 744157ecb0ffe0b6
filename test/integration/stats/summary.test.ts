import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids';
import { agentSessions, orders, payments, type OrderStatus } from '../../../db/schema';
import { createRole } from '../../../workers/core/rbac/roles';
import { nextOrderNumber } from '../../../workers/retail/orders/create';
import { StatsSummarySchema } from '../../../workers/http/routes/stats/schema';
import { api } from '../../harness/api';
import { seedVariant } from '../../harness/catalog';
import { testDb } from '../../harness/db';
import { addMember, seedTenants, seedWorkspace, type SeededWorkspace, type Tenants } from '../../harness/tenants';

/**
 * Days in these tests are Buenos Aires calendar days (the default workspace time zone,
 * UTC−03:00 all year: Argentina has no daylight saving time).
 */
const BA_OFFSET_MS = 3 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** `YYYY-MM-DD` in Buenos Aires, `daysAgo` days before today. */
const baDay = (daysAgo = 0) => new Date(Date.now() - BA_OFFSET_MS - daysAgo * DAY_MS).toISOString().slice(0, 10);
/** An instant given as a Buenos Aires wall-clock time. */
const baTime = (day: string, time: string) => new Date(`${day}T${time}-03:00`);

async function insertOrder(
  workspaceId: string,
  {
    status,
    total,
    confirmedAt,
    currency = 'ARS',
  }: { status: OrderStatus; total: number; confirmedAt: Date | null; currency?: string },
) {
  const db = testDb();
  const id = newId('ord');
  await db.insert(orders).values({
    id,
    workspaceId,
    number: await nextOrderNumber(db, workspaceId),
    status,
    subtotal: total,
    total,
    currency,
    confirmedAt,
    source: 'DASHBOARD',
    createdByType: 'system',
  });
  return id;
}

async function insertPayment(
  workspaceId: string,
  orderId: string,
  { status, amount, paidAt }: { status: 'PENDING' | 'CONFIRMED' | 'REJECTED'; amount: number; paidAt: Date | null },
) {
  await testDb()
    .insert(payments)
    .values({
      id: newId('pay'),
      workspaceId,
      orderId,
      method: 'TRANSFER',
      amount,
      currency: 'ARS',
      status,
      paidAt,
      createdByType: 'system',
    });
}

async function insertSession(
  workspaceId: string,
  state: (typeof agentSessions.$inferInsert)['state'],
  assignedUserId: string | null = null,
) {
  await testDb()
    .insert(agentSessions)
    .values({
      id: newId('ses'),
      workspaceId,
      channel: 'simulator',
      contact: `+54911${Math.floor(10_000_000 + Math.random() * 89_999_999)}`,
      state,
      owner: state === 'HANDOFF' ? 'human' : 'agent',
      assignedUserId,
    });
}

const summary = (ws: SeededWorkspace, token = ws.owner.token, query = '') =>
  api(`/api/v1/stats/summary${query}`, { token, workspaceId: ws.id });

let t: Tenants;

beforeAll(async () => {
  t = await seedTenants();
  const a = t.a.id;
  const today = baTime(baDay(), '00:00:00');
  const confirmed = await insertOrder(a, { status: 'CONFIRMED', total: 1_000_00, confirmedAt: today });
  await insertOrder(a, { status: 'SHIPPED', total: 500_00, confirmedAt: today });
  await insertOrder(a, { status: 'DELIVERED', total: 250_00, confirmedAt: baTime(baDay(3), '12:00:00') });
  // Not sales: cancelled after confirming, still pending, confirmed before the window, another currency.
  await insertOrder(a, { status: 'CANCELLED', total: 9_000_00, confirmedAt: today });
  const pending = await insertOrder(a, { status: 'PENDING', total: 9_000_00, confirmedAt: null });
  await insertOrder(a, { status: 'CONFIRMED', total: 9_000_00, confirmedAt: baTime(baDay(7), '12:00:00') });
  await insertOrder(a, { status: 'CONFIRMED', total: 9_000_00, confirmedAt: today, currency: 'USD' });

  await insertPayment(a, pending, { status: 'PENDING', amount: 300_00, paidAt: null });
  await insertPayment(a, confirmed, { status: 'PENDING', amount: 200_00, paidAt: null });
  await insertPayment(a, confirmed, { status: 'CONFIRMED', amount: 1_000_00, paidAt: today });
  await insertPayment(a, confirmed, { status: 'CONFIRMED', amount: 100_00, paidAt: baTime(baDay(10), '12:00:00') });
  await insertPayment(a, confirmed, { status: 'REJECTED', amount: 50_00, paidAt: null });

  for (const state of ['IDLE', 'DONE', 'COLLECTING_ORDER', 'AWAITING_CONFIRMATION', 'HANDOFF'] as const) {
    await insertSession(a, state);
  }
  await insertSession(a, 'HANDOFF', t.a.operator.id);

  await seedVariant(a, { onHand: 10, lowStockThreshold: 2 });
  await seedVariant(a, { onHand: 2, lowStockThreshold: 5 });
  await seedVariant(a, { onHand: 5, reserved: 5 });
  await seedVariant(a, { noStockRow: true });
});

describe('GET /api/v1/stats/summary', () => {
  it('counts sales, conversations, low stock and payments of the workspace in its time zone', async () => {
    const res = await summary(t.a);
    expect(res.status).toBe(200);
    const body = StatsSummarySchema.parse(res.body);
    expect(body).toMatchObject({
      timezone: 'America/Argentina/Buenos_Aires',
      currency: 'ARS',
      today: baDay(),
      sales: { today: { orders: 2, revenue: 1_500_00 }, last7Days: { orders: 3, revenue: 1_750_00 } },
      conversations: { open: 4, pendingHandoffs: 1 },
      stock: { lowStockVariants: 3 },
      payments: {
        pendingVerification: { count: 2, amount: 500_00 },
        verifiedLast7Days: { count: 1, amount: 1_000_00 },
      },
    });
    expect(body.sales!.byDay).toEqual(
      [6, 5, 4, 3, 2, 1, 0].map((ago) => ({
        day: baDay(ago),
        orders: ago === 0 ? 2 : ago === 3 ? 1 : 0,
        revenue: ago === 0 ? 1_500_00 : ago === 3 ? 250_00 : 0,
      })),
    );
  });

  it('an order confirmed at 23:30 Buenos Aires time counts for that local day, not the next UTC day', async () => {
    const ws = await seedWorkspace('Boundary');
    const yesterday = baDay(1);
    const lateNight = baTime(yesterday, '23:30:00');
    expect(lateNight.toISOString().slice(0, 10)).not.toBe(yesterday);
    await insertOrder(ws.id, { status: 'CONFIRMED', total: 700_00, confirmedAt: lateNight });

    const local = StatsSummarySchema.parse((await summary(ws)).body);
    expect(local.sales!.byDay.find((d) => d.day === yesterday)).toEqual({ day: yesterday, orders: 1, revenue: 700_00 });
    expect(local.sales!.today).toEqual({ orders: 0, revenue: 0 });

    // Counted in UTC instead, the same order falls on the next calendar day.
    const utc = StatsSummarySchema.parse((await summary(ws, ws.owner.token, '?tz=UTC')).body);
    expect(utc.timezone).toBe('UTC');
    const utcDay = lateNight.toISOString().slice(0, 10);
    expect(utc.sales!.byDay.find((d) => d.day === utcDay)).toEqual({ day: utcDay, orders: 1, revenue: 700_00 });
    expect(utc.sales!.byDay.find((d) => d.day === yesterday)?.orders ?? 0).toBe(0);
  });

  it('an unknown time zone, or a bare UTC offset, is a 400', async () => {
    const res = await summary(t.a, t.a.owner.token, '?tz=Mars/Olympus');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    // A UTC offset is a valid Intl zone, but PostgreSQL would read it with the sign reversed.
    const offset = await summary(t.a, t.a.owner.token, `?tz=${encodeURIComponent('-03:00')}`);
    expect(offset.status).toBe(400);
    expect(offset.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('another workspace sees none of these figures', async () => {
    const res = await summary(t.b);
    expect(res.status).toBe(200);
    const body = StatsSummarySchema.parse(res.body);
    expect(body).toMatchObject({
      sales: { today: { orders: 0, revenue: 0 }, last7Days: { orders: 0, revenue: 0 } },
      conversations: { open: 0, pendingHandoffs: 0 },
      stock: { lowStockVariants: 0 },
      payments: { pendingVerification: { count: 0, amount: 0 }, verifiedLast7Days: { count: 0, amount: 0 } },
    });
    expect(body.sales!.byDay.every((d) => d.orders === 0 && d.revenue === 0)).toBe(true);
    const outsider = await api('/api/v1/stats/summary', { token: t.outsider.token, workspaceId: t.a.id });
    expect(outsider.status).toBe(404);
  });

  it('a section the role cannot read is null; a role that can read none of them gets 403', async () => {
    const actor = { userId: t.a.owner.id, roleId: t.a.owner.roleId };
    const role = async (permissions: string[]) => {
      const created = await createRole(
        { db: testDb() },
        { workspaceId: t.a.id, actor, name: `Stats ${crypto.randomUUID().slice(0, 8)}`, permissions },
      );
      if (!created.ok) throw new Error(created.error);
      return addMember(t.a, { id: created.value.id });
    };

    const inboxOnly = await role(['workspaces:read', 'conversations:read']);
    const partial = await summary(t.a, inboxOnly.token);
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({
      sales: null,
      stock: null,
      payments: null,
      conversations: { open: 4, pendingHandoffs: 1 },
    });

    const viewer = await summary(t.a, t.a.viewer.token);
    expect(viewer.status).toBe(200);
    expect(viewer.body.sales.today).toEqual({ orders: 2, revenue: 1_500_00 });

    const nothing = await role(['workspaces:read', 'members:read']);
    const refused = await summary(t.a, nothing.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });

  it('is in the OpenAPI document: bearer-authenticated, the tz parameter, nullable sections', async () => {
    const { body: doc } = await api('/api/openapi.json');
    const operation = doc.paths['/api/v1/stats/summary']?.get;
    expect(operation).toBeDefined();
    expect(operation.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect(operation.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'tz', in: 'query' })]),
    );
    const schema = doc.components.schemas.StatsSummary;
    expect(Object.keys(schema.properties)).toEqual([
      'timezone',
      'currency',
      'today',
      'sales',
      'conversations',
      'stock',
      'payments',
    ]);
  });

  it('needs a session', async () => {
    expect((await api('/api/v1/stats/summary', { workspaceId: t.a.id })).status).toBe(401);
  });
});
