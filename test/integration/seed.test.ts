import { and, count, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, memberships, orders, products, roles, stockItems } from '../../db/schema';
import { DEMO_LOGIN, seedDatabase } from '../../scripts/seed/index';
import { api } from '../harness/api';
import { uniqueIp } from '../harness/auth';
import { testDb } from '../harness/db';

describe('the demo seed', () => {
  it('creates the demo owner, workspace, catalogue and customers once, and a second run writes nothing', async () => {
    const db = testDb();
    const first = await seedDatabase(db);
    expect(first).toMatchObject({ created: true, workspaceName: 'Demo Store', customersCreated: 3, ordersCreated: 5 });
    expect(first.productsCreated).toBeGreaterThanOrEqual(12);

    const second = await seedDatabase(db);
    expect(second).toEqual({ ...first, created: false, productsCreated: 0, customersCreated: 0, ordersCreated: 0 });

    const statuses = (
      await db.select({ status: orders.status }).from(orders).where(eq(orders.workspaceId, first.workspaceId))
    ).map((o) => o.status);
    expect(statuses.sort()).toEqual(['CANCELLED', 'CONFIRMED', 'DELIVERED', 'DRAFT', 'SHIPPED']);

    const countOf = async (table: typeof products | typeof customers) =>
      (
        await db
          .select({ n: count() })
          .from(table)
          .where(and(eq(table.workspaceId, first.workspaceId), isNull(table.deletedAt)))
      )[0]!.n;
    expect(await countOf(products)).toBe(first.productsCreated);
    expect(await countOf(customers)).toBe(3);
    const roleNames = (
      await db.select({ name: roles.name }).from(roles).where(eq(roles.workspaceId, first.workspaceId))
    ).map((r) => r.name);
    expect(roleNames.sort()).toEqual(['Admin', 'Operator', 'Owner', 'Viewer']);
    expect(await db.select().from(memberships).where(eq(memberships.workspaceId, first.workspaceId))).toHaveLength(1);

    // The catalogue has both a low and an out-of-stock variant to show in the dashboard.
    const levels = await db.select().from(stockItems).where(eq(stockItems.workspaceId, first.workspaceId));
    expect(levels.some((s) => s.onHand === 0)).toBe(true);
    expect(levels.some((s) => s.onHand > 0 && s.onHand - s.reserved <= s.lowStockThreshold)).toBe(true);

    const login = await api('/api/v1/auth/login', { body: DEMO_LOGIN, headers: { 'cf-connecting-ip': uniqueIp() } });
    expect(login.status).toBe(200);
    const listed = await api('/api/v1/workspaces', { token: login.body.accessToken });
    expect(listed.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: first.workspaceId, name: 'Demo Store' })]),
    );
  });
});
