import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentSessions, auditLog, customerAddresses, customers, eventOutbox, orders } from '../../../db/schema';
import { newId } from '../../../db/ids';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { insertOrder } from '../../harness/orders';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

let line = 6000_0000 + Math.floor(Math.random() * 1000) * 1000;
const nextPhone = () => `+54911${++line}`;

const asOperator = (path: string, init: Parameters<typeof api>[1] = {}) =>
  api(path, { token: t.a.operator.token, workspaceId: t.a.id, ...init });

async function create(body: Record<string, unknown>, who: 'a' | 'b' = 'a') {
  const res = await api('/api/v1/customers', {
    token: who === 'a' ? t.a.owner.token : t.b.owner.token,
    workspaceId: who === 'a' ? t.a.id : t.b.id,
    body,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; addresses: Array<{ id: string }> };
}

const merge = (targetId: string, sourceCustomerId: string) =>
  asOperator(`/api/v1/customers/${targetId}/merge`, { body: { sourceCustomerId } });

describe('POST /api/v1/customers/:id/merge', () => {
  it('moves orders and addresses to the target, copies what it lacks, hides the source, audits and announces it', async () => {
    const sourcePhone = nextPhone();
    const target = await create({
      name: 'Juan Pérez',
      email: 'juan@example.com',
      tags: ['vip'],
      addresses: [{ label: 'Casa', street: 'Av. Cabildo', number: '2000', city: 'CABA' }],
    });
    const source = await create({
      name: 'Juancito',
      phone: sourcePhone,
      email: 'otro@example.com',
      waUserId: sourcePhone.slice(1),
      tags: ['whatsapp', 'vip'],
      addresses: [{ label: 'Trabajo', street: 'Reconquista', number: '300', city: 'CABA' }],
    });
    const o1 = await insertOrder(t.a.id, { customerId: source.id, status: 'CONFIRMED', total: 120_000 });
    const o2 = await insertOrder(t.a.id, { customerId: source.id, status: 'DRAFT' });
    await insertOrder(t.a.id, { customerId: target.id, status: 'DELIVERED', total: 80_000 });
    const conversationId = newId('ses');
    await testDb()
      .insert(agentSessions)
      .values({
        id: conversationId,
        workspaceId: t.a.id,
        customerId: source.id,
        channel: 'whatsapp',
        contact: sourcePhone.slice(1),
      });

    const res = await merge(target.id, source.id);
    expect(res.status).toBe(200);
    expect(res.body.moved).toEqual({ orders: 2, addresses: 1, conversations: 1 });
    expect(res.body.customer).toMatchObject({
      id: target.id,
      name: 'Juan Pérez',
      email: 'juan@example.com',
      phone: sourcePhone,
      waUserId: sourcePhone.slice(1),
      tags: ['vip', 'whatsapp'],
    });
    expect(res.body.customer.totals).toMatchObject({
      orderCount: 2,
      totalSpent: [{ currency: 'ARS', amount: 200_000 }],
    });
    expect(res.body.customer.addresses.map((a: { id: string; isDefault: boolean }) => [a.id, a.isDefault])).toEqual([
      [target.addresses[0]!.id, true],
      [source.addresses[0]!.id, false],
    ]);

    const moved = await testDb()
      .select({ id: orders.id, customerId: orders.customerId })
      .from(orders)
      .where(eq(orders.customerId, target.id));
    expect(moved.map((o) => o.id)).toEqual(expect.arrayContaining([o1.id, o2.id]));
    const [sourceRow] = await testDb().select().from(customers).where(eq(customers.id, source.id));
    expect(sourceRow!.mergedInto).toBe(target.id);
    expect(await testDb().select().from(customerAddresses).where(eq(customerAddresses.customerId, source.id))).toEqual(
      [],
    );

    expect((await asOperator(`/api/v1/customers/${source.id}`)).status).toBe(404);
    const listed = await asOperator(`/api/v1/customers?q=${encodeURIComponent(sourcePhone)}`);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([target.id]);
    const byPhone = await asOperator(`/api/v1/customers/by-phone/${encodeURIComponent(sourcePhone)}`);
    expect(byPhone.body.id).toBe(target.id);

    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, t.a.id), eq(auditLog.action, 'customer.merge')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits.filter((a) => a.entityId === source.id || a.entityId === target.id)).toHaveLength(2);
    const events = await testDb()
      .select()
      .from(eventOutbox)
      .where(and(eq(eventOutbox.workspaceId, t.a.id), eq(eventOutbox.type, 'customer:merged')));
    expect(events.map((e) => e.payload)).toContainEqual({
      sourceCustomerId: source.id,
      targetCustomerId: target.id,
      moved: { orders: 2, addresses: 1, conversations: 1 },
    });
    const [conversation] = await testDb().select().from(agentSessions).where(eq(agentSessions.id, conversationId));
    expect(conversation!.customerId).toBe(target.id);
  });

  it('answers 409 for merging a customer into itself, writing nothing', async () => {
    const c = await create({ name: 'Uno' });
    const res = await merge(c.id, c.id);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('itself');
  });

  it('answers 409 when the source or the target was already merged, and changes nothing', async () => {
    const a = await create({ name: 'A' });
    const b = await create({ name: 'B' });
    const c = await create({ name: 'C' });
    expect((await merge(a.id, b.id)).status).toBe(200);
    const order = await insertOrder(t.a.id, { customerId: c.id });

    const sourceMerged = await merge(c.id, b.id);
    expect(sourceMerged.status).toBe(409);
    expect(sourceMerged.body.error.message).toContain('source');
    const targetMerged = await merge(b.id, c.id);
    expect(targetMerged.status).toBe(409);
    expect(targetMerged.body.error.message).toContain('target');

    const [orderRow] = await testDb().select().from(orders).where(eq(orders.id, order.id));
    expect(orderRow!.customerId).toBe(c.id);
    const [cRow] = await testDb().select().from(customers).where(eq(customers.id, c.id));
    expect(cRow!.mergedInto).toBeNull();
  });

  it('answers 404 when either customer belongs to another workspace', async () => {
    const mine = await create({ name: 'Mío' });
    const theirs = await create({ name: 'De B' }, 'b');
    expect((await merge(mine.id, theirs.id)).status).toBe(404);
    expect((await merge(theirs.id, mine.id)).status).toBe(404);
    const [theirRow] = await testDb().select().from(customers).where(eq(customers.id, theirs.id));
    expect(theirRow!.mergedInto).toBeNull();
  });

  it('answers 400 without sourceCustomerId and 403 to a Viewer', async () => {
    const c = await create({ name: 'X' });
    const other = await create({ name: 'Y' });
    expect((await asOperator(`/api/v1/customers/${c.id}/merge`, { body: {} })).status).toBe(400);
    const viewer = await api(`/api/v1/customers/${c.id}/merge`, {
      token: t.a.viewer.token,
      workspaceId: t.a.id,
      body: { sourceCustomerId: other.id },
    });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.message).toContain('customers:merge');
  });
});
