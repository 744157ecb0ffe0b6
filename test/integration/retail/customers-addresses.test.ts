import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, customerAddresses } from '../../../db/schema';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

const asA = (path: string, init: Parameters<typeof api>[1] = {}) =>
  api(path, { token: t.a.operator.token, workspaceId: t.a.id, ...init });

async function newCustomer() {
  const res = await asA('/api/v1/customers', { body: { name: 'Sofía Benítez' } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const defaults = async (customerId: string) =>
  (
    await testDb()
      .select({ id: customerAddresses.id })
      .from(customerAddresses)
      .where(and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.isDefault, true)))
  ).map((r) => r.id);

const casa = {
  label: 'Casa',
  street: 'Av. Rivadavia',
  number: '5000',
  city: 'CABA',
  province: 'Buenos Aires',
  postalCode: 'C1424',
};
const trabajo = { label: 'Trabajo', street: 'Av. del Libertador', number: '7000', city: 'CABA' };

describe('POST /api/v1/customers/:id/addresses', () => {
  it('makes the first address the default and keeps it when a second one is added', async () => {
    const id = await newCustomer();
    const first = await asA(`/api/v1/customers/${id}/addresses`, { body: casa });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ ...casa, customerId: id, country: 'AR', isDefault: true });
    expect(first.body.id).toMatch(/^adr_/);
    const second = await asA(`/api/v1/customers/${id}/addresses`, { body: trabajo });
    expect(second.body.isDefault).toBe(false);
    expect(await defaults(id)).toEqual([first.body.id]);
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, second.body.id))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits.map((a) => a.action)).toEqual(['customer_address.create']);
  });

  it('moves the default to a new address sent with isDefault, leaving exactly one default', async () => {
    const id = await newCustomer();
    await asA(`/api/v1/customers/${id}/addresses`, { body: casa });
    const second = await asA(`/api/v1/customers/${id}/addresses`, { body: { ...trabajo, isDefault: true } });
    expect(second.body.isDefault).toBe(true);
    expect(await defaults(id)).toEqual([second.body.id]);
  });

  it('refuses an address without street or city, or with a bad country, with 400', async () => {
    const id = await newCustomer();
    for (const body of [
      { city: 'CABA' },
      { street: 'Florida' },
      { ...casa, country: 'Argentina' },
      { ...casa, floor: 3 },
    ]) {
      const res = await asA(`/api/v1/customers/${id}/addresses`, { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await testDb().select().from(customerAddresses).where(eq(customerAddresses.customerId, id))).toEqual([]);
  });

  it('answers 404 when the customer belongs to another workspace', async () => {
    const id = await newCustomer();
    const res = await api(`/api/v1/customers/${id}/addresses`, {
      token: t.b.owner.token,
      workspaceId: t.b.id,
      body: casa,
    });
    expect(res.status).toBe(404);
  });
});

describe('PATCH /api/v1/customers/:id/addresses/:addressId', () => {
  it('changes the fields sent, clears one with null, and makes the address the only default', async () => {
    const id = await newCustomer();
    const first = (await asA(`/api/v1/customers/${id}/addresses`, { body: casa })).body;
    const second = (await asA(`/api/v1/customers/${id}/addresses`, { body: trabajo })).body;
    const res = await asA(`/api/v1/customers/${id}/addresses/${second.id}`, {
      method: 'PATCH',
      body: { apartment: '3A', number: null, isDefault: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ street: trabajo.street, apartment: '3A', number: null, isDefault: true });
    expect(await defaults(id)).toEqual([second.id]);
    expect((await asA(`/api/v1/customers/${id}`)).body.addresses.map((a: { id: string }) => a.id)).toEqual([
      second.id,
      first.id,
    ]);
  });

  it('answers 400 for an empty patch, 404 for an address of another customer or workspace', async () => {
    const id = await newCustomer();
    const other = await newCustomer();
    const address = (await asA(`/api/v1/customers/${id}/addresses`, { body: casa })).body;
    expect((await asA(`/api/v1/customers/${id}/addresses/${address.id}`, { method: 'PATCH', body: {} })).status).toBe(
      400,
    );
    const wrongCustomer = await asA(`/api/v1/customers/${other}/addresses/${address.id}`, {
      method: 'PATCH',
      body: { city: 'X' },
    });
    expect(wrongCustomer.status).toBe(404);
    const cross = await api(`/api/v1/customers/${id}/addresses/${address.id}`, {
      method: 'PATCH',
      token: t.b.owner.token,
      workspaceId: t.b.id,
      body: { city: 'X' },
    });
    expect(cross.status).toBe(404);
    const [row] = await testDb().select().from(customerAddresses).where(eq(customerAddresses.id, address.id));
    expect(row!.city).toBe('CABA');
  });
});

describe('DELETE /api/v1/customers/:id/addresses/:addressId', () => {
  it('deletes the default address and promotes the oldest remaining one', async () => {
    const id = await newCustomer();
    const first = (await asA(`/api/v1/customers/${id}/addresses`, { body: casa })).body;
    const second = (await asA(`/api/v1/customers/${id}/addresses`, { body: trabajo })).body;
    const third = (await asA(`/api/v1/customers/${id}/addresses`, { body: { street: 'Cabildo', city: 'CABA' } })).body;
    const res = await asA(`/api/v1/customers/${id}/addresses/${first.id}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await defaults(id)).toEqual([second.id]);
    const remaining = await testDb()
      .select({ id: customerAddresses.id })
      .from(customerAddresses)
      .where(eq(customerAddresses.customerId, id));
    expect(remaining.map((r) => r.id).sort()).toEqual([second.id, third.id].sort());
  });

  it('answers 404 to another workspace and for an address already deleted', async () => {
    const id = await newCustomer();
    const address = (await asA(`/api/v1/customers/${id}/addresses`, { body: casa })).body;
    const cross = await api(`/api/v1/customers/${id}/addresses/${address.id}`, {
      method: 'DELETE',
      token: t.b.owner.token,
      workspaceId: t.b.id,
    });
    expect(cross.status).toBe(404);
    expect((await asA(`/api/v1/customers/${id}/addresses/${address.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await asA(`/api/v1/customers/${id}/addresses/${address.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('is refused to a Viewer with 403', async () => {
    const id = await newCustomer();
    const address = (await asA(`/api/v1/customers/${id}/addresses`, { body: casa })).body;
    const res = await api(`/api/v1/customers/${id}/addresses/${address.id}`, {
      method: 'DELETE',
      token: t.a.viewer.token,
      workspaceId: t.a.id,
    });
    expect(res.status).toBe(403);
  });
});
