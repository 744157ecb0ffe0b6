import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../harness/api';
import { insertOrder } from '../../harness/orders';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
let orderId: string;
let paymentId: string;

/** A valid 1×1 PNG followed by `salt`, so each upload has distinct bytes. */
function png(salt: string): FormData {
  const base = Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
    (c) => c.charCodeAt(0),
  );
  const bytes = new Uint8Array([...base, ...new TextEncoder().encode(salt)]);
  const data = new FormData();
  data.append('file', new File([bytes], `${salt}.png`, { type: 'image/png' }));
  return data;
}

const list = (id: string, who: { token: string; workspaceId: string }) => api(`/api/v1/orders/${id}/attachments`, who);

beforeAll(async () => {
  t = await seedTenants();
  orderId = (await insertOrder(t.a.id, { status: 'CONFIRMED', total: 50_000 })).id;
  const payment = await api(`/api/v1/orders/${orderId}/payments`, {
    token: t.a.operator.token,
    workspaceId: t.a.id,
    body: { method: 'TRANSFER', amount: 50_000 },
  });
  expect(payment.status).toBe(201);
  paymentId = payment.body.id;
});

describe('GET /api/v1/orders/:orderId/attachments', () => {
  it('lists the order’s own files and its payments’ receipts, oldest first, without storage keys', async () => {
    const operator = { token: t.a.operator.token, workspaceId: t.a.id };
    const receipt = await api(`/api/v1/payments/${paymentId}/attachments`, { ...operator, rawBody: png('receipt') });
    const own = await api(`/api/v1/orders/${orderId}/attachments`, { ...operator, rawBody: png('order-file') });
    expect([receipt.status, own.status]).toEqual([201, 201]);

    const res = await list(orderId, { token: t.a.viewer.token, workspaceId: t.a.id });
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: { id: string }) => a.id)).toEqual([receipt.body.id, own.body.id]);
    expect(res.body.data[0]).toMatchObject({ paymentId, orderId, contentType: 'image/png', filename: 'receipt.png' });
    expect(res.body.data[1]).toMatchObject({ paymentId: null, orderId });
    expect(res.body.data[0]).not.toHaveProperty('r2Key');
    expect(res.body.data[0]).not.toHaveProperty('workspaceId');
  });

  it('answers an empty list for an order without files', async () => {
    const bare = await insertOrder(t.a.id, { status: 'DRAFT' });
    const res = await list(bare.id, { token: t.a.operator.token, workspaceId: t.a.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [] });
  });

  it('answers 404 for another workspace’s order and for an unknown order', async () => {
    const foreign = await list(orderId, { token: t.b.owner.token, workspaceId: t.b.id });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    const unknown = await list('ord_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0', { token: t.a.owner.token, workspaceId: t.a.id });
    expect(unknown.status).toBe(404);
  });

  it('is documented in the OpenAPI document', async () => {
    const { body: doc } = await api('/api/openapi.json');
    const operation = doc.paths['/api/v1/orders/{orderId}/attachments'].get;
    expect(operation.operationId).toBe('listOrderAttachments');
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '403', '404']);
  });
});
