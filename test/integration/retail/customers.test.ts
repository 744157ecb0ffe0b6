import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, customers } from '../../../db/schema';
import {
  CustomerDetailSchema,
  CustomerPageSchema,
  CustomerWithAddressesSchema,
} from '../../../workers/http/routes/customers/schema';
import { api, type ApiResponse } from '../../harness/api';
import { testDb } from '../../harness/db';
import { insertOrder } from '../../harness/orders';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

/** A distinct valid Buenos Aires mobile for each call, in national writing ("11 5xxx-xxxx"). */
let line = 5000_0000 + Math.floor(Math.random() * 1000) * 1000;
const nextPhone = () => {
  line += 1;
  const digits = String(line);
  return { national: `11 ${digits.slice(0, 4)}-${digits.slice(4)}`, e164: `+54911${digits}` };
};

/** A JSON body with its `…At` ISO strings back as `Date`s, so response schemas can parse it. */
const withDates = (body: unknown) =>
  JSON.parse(JSON.stringify(body), (key, value) =>
    /At$/.test(key) && typeof value === 'string' ? new Date(value) : value,
  );

const asA = (path: string, init: Parameters<typeof api>[1] = {}) =>
  api(path, { token: t.a.owner.token, workspaceId: t.a.id, ...init });
const asB = (path: string, init: Parameters<typeof api>[1] = {}) =>
  api(path, { token: t.b.owner.token, workspaceId: t.b.id, ...init });

async function createInA(body: Record<string, unknown>) {
  const res = await asA('/api/v1/customers', { body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('POST /api/v1/customers', () => {
  it('creates a customer with E.164 phone, lower-cased e-mail and addresses, the first being the default, and audits it', async () => {
    const phone = nextPhone();
    const res = await asA('/api/v1/customers', {
      body: {
        name: 'Lucía Gómez',
        phone: phone.national,
        email: ' Lucia.Gomez@Example.com ',
        notes: 'Prefiere entregas por la tarde',
        tags: ['mayorista'],
        addresses: [
          {
            label: 'Casa',
            street: 'Av. Corrientes',
            number: '1234',
            apartment: '5B',
            city: 'CABA',
            province: 'Buenos Aires',
          },
          { label: 'Trabajo', street: 'Florida', number: '100', city: 'CABA' },
        ],
      },
    });
    expect(res.status).toBe(201);
    const body = CustomerWithAddressesSchema.parse(withDates(res.body));
    expect(body).toMatchObject({
      name: 'Lucía Gómez',
      phone: phone.e164,
      email: 'lucia.gomez@example.com',
      tags: ['mayorista'],
    });
    expect(body.id).toMatch(/^cus_/);
    expect(body.addresses.map((a) => [a.label, a.isDefault, a.country])).toEqual([
      ['Casa', true, 'AR'],
      ['Trabajo', false, 'AR'],
    ]);
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, body.id), eq(auditLog.action, 'customer.create')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ workspaceId: t.a.id, actorType: 'user', actorId: t.a.owner.id });
  });

  it('answers 409 CONFLICT for a phone another live customer of the workspace has, however it is written', async () => {
    const phone = nextPhone();
    await createInA({ name: 'Primero', phone: phone.e164 });
    const again = await asA('/api/v1/customers', { body: { name: 'Segundo', phone: `+54 9 ${phone.national}` } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('phone') });
    const rows = await testDb()
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, t.a.id), eq(customers.phone, phone.e164)));
    expect(rows).toHaveLength(1);
  });

  it('lets another workspace use the same phone', async () => {
    const phone = nextPhone();
    await createInA({ name: 'En A', phone: phone.national });
    const inB = await asB('/api/v1/customers', { body: { name: 'En B', phone: phone.national } });
    expect(inB.status).toBe(201);
    expect(inB.body.phone).toBe(phone.e164);
  });

  it('refuses an invalid phone, an empty body, an unknown field and two default addresses with 400, writing nothing', async () => {
    const before = await testDb().select().from(customers).where(eq(customers.workspaceId, t.a.id));
    const cases = [
      { body: { name: 'X', phone: '12' }, message: 'phone' },
      { body: {}, message: 'at least one' },
      { body: { name: 'X', favouriteColour: 'azul' }, message: 'favouriteColour' },
      { body: { name: 'X', email: 'not-an-email' }, message: 'email' },
      {
        body: {
          name: 'X',
          addresses: [
            { street: 'A', city: 'B', isDefault: true },
            { street: 'C', city: 'D', isDefault: true },
          ],
        },
        message: 'default',
      },
    ];
    for (const { body, message } of cases) {
      const res = await asA('/api/v1/customers', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toContain(message);
    }
    const after = await testDb().select().from(customers).where(eq(customers.workspaceId, t.a.id));
    expect(after).toHaveLength(before.length);
  });

  it('is refused to a Viewer (403) and to a caller without a token (401)', async () => {
    expect(
      (await api('/api/v1/customers', { token: t.a.viewer.token, workspaceId: t.a.id, body: { name: 'X' } })).status,
    ).toBe(403);
    expect((await api('/api/v1/customers', { workspaceId: t.a.id, body: { name: 'X' } })).status).toBe(401);
  });
});

describe('GET /api/v1/customers', () => {
  it('finds customers by part of the name, by e-mail and by phone written any way, newest first', async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    const phone = nextPhone();
    const ana = await createInA({ name: `Ana Pérez ${tag}`, email: `ana.${tag}@correo.com.ar` });
    const bruno = await createInA({ name: `Bruno Díaz ${tag}`, phone: phone.national });

    const byName = await asA(`/api/v1/customers?q=${encodeURIComponent(`pérez ${tag}`)}`);
    expect(byName.status).toBe(200);
    expect(CustomerPageSchema.parse(withDates(byName.body)).items.map((c) => c.id)).toEqual([ana.id]);
    const byContains = await asA(`/api/v1/customers?q=${tag}`);
    expect(byContains.body.items.map((c: { id: string }) => c.id)).toEqual([bruno.id, ana.id]);
    const byEmail = await asA(`/api/v1/customers?q=${encodeURIComponent(`ANA.${tag}@correo`)}`);
    expect(byEmail.body.items.map((c: { id: string }) => c.id)).toEqual([ana.id]);
    for (const written of [phone.e164, `+54 9 ${phone.national}`, phone.national, phone.national.slice(3)]) {
      const byPhone = await asA(`/api/v1/customers?q=${encodeURIComponent(written)}`);
      expect(
        byPhone.body.items.map((c: { id: string }) => c.id),
        written,
      ).toEqual([bruno.id]);
    }
  });

  it('pages with an opaque cursor without repeating or skipping anyone', async () => {
    const tag = `pag${crypto.randomUUID().slice(0, 6)}`;
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await createInA({ name: `Cliente ${tag} ${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: ApiResponse = await asA(`/api/v1/customers?q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
  });

  it('never lists another workspace’s customers, nor soft-deleted ones', async () => {
    const tag = `iso${crypto.randomUUID().slice(0, 6)}`;
    const inB = await asB('/api/v1/customers', { body: { name: `Secreto ${tag}` } });
    const deleted = await createInA({ name: `Borrado ${tag}` });
    await testDb().update(customers).set({ deletedAt: new Date() }).where(eq(customers.id, deleted.id));
    const res = await asA(`/api/v1/customers?q=${tag}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect((await asB(`/api/v1/customers?q=${tag}`)).body.items.map((c: { id: string }) => c.id)).toEqual([
      inB.body.id,
    ]);
  });

  it('refuses a limit over 100 with 400', async () => {
    const res = await asA('/api/v1/customers?limit=101');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /api/v1/customers/:id', () => {
  it('returns addresses, recent orders and totals counting only confirmed, shipped and delivered money', async () => {
    const customer = await createInA({
      name: 'Carla Ruiz',
      addresses: [{ street: 'Av. Santa Fe', number: '3200', city: 'CABA' }],
    });
    const day = (d: number) => new Date(Date.UTC(2026, 0, d, 15));
    await insertOrder(t.a.id, { customerId: customer.id, status: 'CONFIRMED', total: 150_000, createdAt: day(1) });
    await insertOrder(t.a.id, { customerId: customer.id, status: 'DELIVERED', total: 250_000, createdAt: day(2) });
    await insertOrder(t.a.id, { customerId: customer.id, status: 'CANCELLED', total: 990_000, createdAt: day(3) });
    await insertOrder(t.a.id, { customerId: customer.id, status: 'PENDING', total: 50_000, createdAt: day(4) });
    const draft = await insertOrder(t.a.id, {
      customerId: customer.id,
      status: 'DRAFT',
      total: 10_000,
      createdAt: day(5),
    });

    const res = await asA(`/api/v1/customers/${customer.id}`);
    expect(res.status).toBe(200);
    const detail = CustomerDetailSchema.parse(withDates(res.body));
    expect(detail.addresses).toHaveLength(1);
    expect(detail.totals).toEqual({
      orderCount: 4,
      totalSpent: [{ currency: 'ARS', amount: 400_000 }],
      lastOrderAt: day(4),
    });
    expect(detail.recentOrders.map((o) => o.status)).toEqual([
      'DRAFT',
      'PENDING',
      'CANCELLED',
      'DELIVERED',
      'CONFIRMED',
    ]);
    expect(detail.recentOrders[0]!.id).toBe(draft.id);
    expect(res.body.totals.lastOrderAt).toBe('2026-01-04T15:00:00.000Z');
  });

  it('answers 404 for another workspace’s customer and for an unknown id', async () => {
    const inB = await asB('/api/v1/customers', { body: { name: 'De B' } });
    expect((await asA(`/api/v1/customers/${inB.body.id}`)).status).toBe(404);
    const unknown = await asA('/api/v1/customers/cus_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
  });
});

describe('PATCH /api/v1/customers/:id', () => {
  it('changes only the fields sent, clears a field with null and audits before and after', async () => {
    const phone = nextPhone();
    const customer = await createInA({ name: 'Diego', email: 'diego@example.com', notes: 'viejo' });
    const res = await asA(`/api/v1/customers/${customer.id}`, {
      method: 'PATCH',
      body: { phone: phone.national, notes: null },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Diego', email: 'diego@example.com', phone: phone.e164, notes: null });
    const [audit] = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, customer.id), eq(auditLog.action, 'customer.update')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audit!.before).toMatchObject({ notes: 'viejo', phone: null });
    expect(audit!.after).toMatchObject({ notes: null, phone: phone.e164 });
  });

  it('answers 409 when the new phone belongs to another customer, 400 for an empty patch, 404 across workspaces', async () => {
    const phone = nextPhone();
    await createInA({ name: 'Dueño', phone: phone.national });
    const other = await createInA({ name: 'Otro' });
    const taken = await asA(`/api/v1/customers/${other.id}`, { method: 'PATCH', body: { phone: phone.e164 } });
    expect(taken.status).toBe(409);
    expect((await asA(`/api/v1/customers/${other.id}`, { method: 'PATCH', body: {} })).status).toBe(400);
    const cross = await asB(`/api/v1/customers/${other.id}`, { method: 'PATCH', body: { name: 'Robado' } });
    expect(cross.status).toBe(404);
    const [row] = await testDb().select().from(customers).where(eq(customers.id, other.id));
    expect(row!.name).toBe('Otro');
  });
});

describe('GET /api/v1/customers/:id/orders', () => {
  it('lists the customer’s orders of every status, newest first, a page at a time', async () => {
    const customer = await createInA({ name: 'Elena' });
    const ids = [];
    for (const status of ['CONFIRMED', 'DRAFT', 'CANCELLED'] as const)
      ids.push((await insertOrder(t.a.id, { customerId: customer.id, status })).id);
    await insertOrder(t.a.id, { status: 'CONFIRMED' });
    const first = await asA(`/api/v1/customers/${customer.id}/orders?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]]);
    const second = await asA(`/api/v1/customers/${customer.id}/orders?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((o: { id: string }) => o.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers 404 for another workspace’s customer', async () => {
    const inB = await asB('/api/v1/customers', { body: { name: 'De B' } });
    expect((await asA(`/api/v1/customers/${inB.body.id}/orders`)).status).toBe(404);
  });
});

describe('OpenAPI document', () => {
  it('describes the customer, payment and attachment operations, the upload as multipart', async () => {
    const res = await api('/api/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<
      string,
      Record<string, { operationId: string; requestBody?: { content: Record<string, unknown> } }>
    >;
    const operations = Object.values(paths).flatMap((byMethod) => Object.values(byMethod).map((op) => op.operationId));
    expect(operations).toEqual(
      expect.arrayContaining([
        'listCustomers',
        'createCustomer',
        'getCustomer',
        'updateCustomer',
        'getCustomerByPhone',
        'listCustomerOrders',
        'mergeCustomer',
        'createCustomerAddress',
        'updateCustomerAddress',
        'deleteCustomerAddress',
        'listOrderPayments',
        'registerPayment',
        'reviewPayment',
        'uploadPaymentAttachment',
        'uploadOrderAttachment',
        'downloadAttachment',
      ]),
    );
    expect(Object.keys(paths['/api/v1/payments/{id}/attachments']!.post!.requestBody!.content)).toEqual([
      'multipart/form-data',
    ]);
    expect(res.body.components.schemas.RegisterPayment.properties.paidAt).toBeDefined();
  });
});
