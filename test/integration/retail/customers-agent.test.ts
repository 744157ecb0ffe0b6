import { env } from 'cloudflare:workers';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client';
import { auditLog, customers } from '../../../db/schema';
import { getCustomerContext } from '../../../workers/retail/customers/detail';
import { getCustomerByPhone } from '../../../workers/retail/customers/customers';
import { findOrCreateCustomerByWhatsApp } from '../../../workers/retail/customers/whatsapp';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { insertOrder } from '../../harness/orders';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
// Its own pool, big enough that concurrent calls really run on separate connections.
const handle = createDb(env.HYPERDRIVE.connectionString, { max: 6 });
const db = handle.db;
beforeAll(async () => {
  t = await seedTenants();
});
afterAll(() => handle.close());

let line = 7000_0000 + Math.floor(Math.random() * 1000) * 1000;
const nextWaUser = () => `54911${++line}`;

describe('findOrCreateCustomerByWhatsApp', () => {
  it('creates one customer on first contact with the E.164 phone and profile name, audited as the agent', async () => {
    const waUserId = nextWaUser();
    const result = await findOrCreateCustomerByWhatsApp(
      { db },
      { workspaceId: t.a.id, waUserId, profileName: ' Romina ', actor: { type: 'agent', id: null } },
    );
    expect(result.ok && result.value.created).toBe(true);
    const customer = result.ok ? result.value.customer : undefined;
    expect(customer).toMatchObject({ waUserId, phone: `+${waUserId}`, name: 'Romina' });
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, customer!.id))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toMatchObject([{ action: 'customer.create', actorType: 'agent' }]);
  });

  it('yields one customer for five simultaneous first contacts, exactly one of them creating it', async () => {
    const waUserId = nextWaUser();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        findOrCreateCustomerByWhatsApp(
          { db },
          { workspaceId: t.a.id, waUserId, phone: waUserId, profileName: 'Concurrente' },
        ),
      ),
    );
    const values = results.map((r) => (r.ok ? r.value : undefined));
    expect(new Set(values.map((v) => v!.customer.id)).size).toBe(1);
    expect(values.filter((v) => v!.created)).toHaveLength(1);
    const rows = await testDb()
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, t.a.id), eq(customers.waUserId, waUserId)));
    expect(rows).toHaveLength(1);
  });

  it('returns the same customer on a later contact without creating or auditing again', async () => {
    const waUserId = nextWaUser();
    const first = await findOrCreateCustomerByWhatsApp({ db }, { workspaceId: t.a.id, waUserId });
    const again = await findOrCreateCustomerByWhatsApp(
      { db },
      { workspaceId: t.a.id, waUserId, profileName: 'Otro nombre' },
    );
    expect(again.ok && again.value).toMatchObject({
      created: false,
      customer: { id: first.ok ? first.value.customer.id : '' },
    });
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, first.ok ? first.value.customer.id : ''))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toHaveLength(1);
  });

  it('links the WhatsApp id to a customer the shop created by phone in local writing', async () => {
    const waUserId = nextWaUser();
    const local = `11 ${waUserId.slice(5, 9)}-${waUserId.slice(9)}`;
    const created = await api('/api/v1/customers', {
      token: t.a.owner.token,
      workspaceId: t.a.id,
      body: { name: 'Ya cargado', phone: local },
    });
    expect(created.status).toBe(201);
    const result = await findOrCreateCustomerByWhatsApp(
      { db },
      { workspaceId: t.a.id, waUserId, phone: waUserId, profileName: 'Perfil WA' },
    );
    expect(result.ok && result.value).toMatchObject({
      created: false,
      customer: { id: created.body.id, name: 'Ya cargado', waUserId },
    });
  });

  it('reaches the merged customer when a contact whose record was merged away writes again', async () => {
    const [targetWa, sourceWa] = [nextWaUser(), nextWaUser()];
    const target = await findOrCreateCustomerByWhatsApp({ db }, { workspaceId: t.a.id, waUserId: targetWa });
    const source = await findOrCreateCustomerByWhatsApp({ db }, { workspaceId: t.a.id, waUserId: sourceWa });
    const targetId = target.ok ? target.value.customer.id : '';
    const merged = await api(`/api/v1/customers/${targetId}/merge`, {
      token: t.a.owner.token,
      workspaceId: t.a.id,
      body: { sourceCustomerId: source.ok ? source.value.customer.id : '' },
    });
    expect(merged.status).toBe(200);
    expect(merged.body.customer.waUserId).toBe(targetWa);

    const again = await findOrCreateCustomerByWhatsApp(
      { db },
      { workspaceId: t.a.id, waUserId: sourceWa, phone: sourceWa },
    );
    expect(again.ok && again.value).toMatchObject({ created: false, customer: { id: targetId } });
    const live = await testDb()
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, t.a.id), eq(customers.waUserId, sourceWa), isNull(customers.mergedInto)));
    expect(live).toEqual([]);
  });

  it('creates separate customers for the same contact in different workspaces', async () => {
    const waUserId = nextWaUser();
    const [inA, inB] = await Promise.all([
      findOrCreateCustomerByWhatsApp({ db }, { workspaceId: t.a.id, waUserId }),
      findOrCreateCustomerByWhatsApp({ db }, { workspaceId: t.b.id, waUserId }),
    ]);
    expect(inA.ok && inB.ok && inA.value.customer.id !== inB.value.customer.id).toBe(true);
  });
});

describe('getCustomerContext and getCustomerByPhone', () => {
  it('gives the agent the customer, addresses, last non-draft orders and the open draft', async () => {
    const created = await api('/api/v1/customers', {
      token: t.a.owner.token,
      workspaceId: t.a.id,
      body: {
        name: 'Valeria',
        phone: `+${nextWaUser()}`,
        addresses: [{ street: 'Av. Belgrano', number: '900', city: 'CABA' }],
      },
    });
    const customerId = created.body.id as string;
    const day = (d: number) => new Date(Date.UTC(2026, 1, d));
    const delivered = await insertOrder(t.a.id, { customerId, status: 'DELIVERED', total: 70_000, createdAt: day(1) });
    const confirmed = await insertOrder(t.a.id, { customerId, status: 'CONFIRMED', total: 30_000, createdAt: day(2) });
    const draft = await insertOrder(t.a.id, { customerId, status: 'DRAFT', createdAt: day(3) });

    const context = await getCustomerContext({ db }, { workspaceId: t.a.id, customerId });
    expect(context.ok).toBe(true);
    if (!context.ok) return;
    expect(context.value.customer.name).toBe('Valeria');
    expect(context.value.addresses.map((a) => a.street)).toEqual(['Av. Belgrano']);
    expect(context.value.lastOrders.map((o) => o.id)).toEqual([confirmed.id, delivered.id]);
    expect(context.value.openDraft?.id).toBe(draft.id);
    expect(context.value.totals.totalSpent).toEqual([{ currency: 'ARS', amount: 100_000 }]);

    const byPhone = await getCustomerByPhone({ db }, { workspaceId: t.a.id, phone: created.body.phone });
    expect(byPhone.ok && byPhone.value.id).toBe(customerId);
  });

  it('answers NOT_FOUND for another workspace’s customer', async () => {
    const created = await api('/api/v1/customers', {
      token: t.b.owner.token,
      workspaceId: t.b.id,
      body: { name: 'De B' },
    });
    const context = await getCustomerContext({ db }, { workspaceId: t.a.id, customerId: created.body.id });
    expect(context).toMatchObject({ ok: false, error: 'NOT_FOUND' });
  });
});
