import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { stockItems } from '../../../db/schema';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { seedWorkspace, type SeededWorkspace } from '../../harness/tenants';

/** A shop of its own, so every list below sees exactly the products made here. */
let shop: SeededWorkspace;
let other: SeededWorkspace;
const ids: Record<string, string> = {};
const variantIds: Record<string, string> = {};

const as =
  (ws: SeededWorkspace) =>
  (path: string, init: Parameters<typeof api>[1] = {}) =>
    api(path, { token: ws.owner.token, workspaceId: ws.id, ...init });

async function create(ws: SeededWorkspace, key: string, body: Record<string, unknown>) {
  const res = await as(ws)('/api/v1/products', { body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  ids[key] = res.body.id;
  for (const v of res.body.variants) variantIds[v.sku] = v.id;
}

const names = (body: { items: Array<{ name: string }> }) => body.items.map((p) => p.name);

beforeAll(async () => {
  [shop, other] = await Promise.all([seedWorkspace('Search shop'), seedWorkspace('Other shop')]);
  // Created one after the other, so "newest first" is the reverse of this order.
  await create(shop, 'remera', {
    name: 'Remera de algodón',
    category: 'Remeras',
    basePrice: 1850000,
    variants: [{ sku: 'REM-ALG-M', initialStock: 5 }],
  });
  await create(shop, 'jean', {
    name: 'Jean recto',
    description: 'Denim rígido, combina con cualquier remera',
    category: 'Jeans',
    basePrice: 4500000,
    variants: [{ sku: 'JEAN-REC-40', initialStock: 2 }],
  });
  await create(shop, 'buzo', {
    name: 'Buzo canguro',
    category: 'Buzos',
    status: 'DRAFT',
    basePrice: 3900000,
    variants: [{ sku: 'BUZ-CAN-M', initialStock: 0 }],
  });
  await create(shop, 'campera', {
    name: 'Campera rompeviento',
    category: 'Camperas',
    basePrice: 9800000,
    variants: [{ sku: 'CAM_100', initialStock: 3 }],
  });
  await create(shop, 'reserved', {
    name: 'Gorra bordada',
    category: 'Accesorios',
    basePrice: 1200000,
    variants: [{ sku: 'GOR-BOR', initialStock: 2 }],
  });
  // Every unit of the cap is reserved: on hand but not available.
  await testDb().update(stockItems).set({ reserved: 2 }).where(eq(stockItems.variantId, variantIds['GOR-BOR']!));
  await create(other, 'theirs', { name: 'Remera estampada', basePrice: 1500000, variants: [{ sku: 'REM-EST' }] });
});

describe('GET /api/v1/products — search', () => {
  it('finds "Remera de algodón" for q="remeras" through Spanish stemming', async () => {
    const res = await as(shop)('/api/v1/products?q=remeras');
    expect(res.status).toBe(200);
    expect(names(res.body)).toContain('Remera de algodón');
    expect(names(res.body)).not.toContain('Buzo canguro');
  });

  it('ranks a name match above a description match', async () => {
    const res = await as(shop)('/api/v1/products?q=remera');
    expect(names(res.body)).toEqual(['Remera de algodón', 'Jean recto']);
  });

  it('matches a SKU prefix in any case', async () => {
    const res = await as(shop)('/api/v1/products?q=jean-rec');
    expect(names(res.body)).toEqual(['Jean recto']);
    const variant = res.body.items[0].variants[0];
    expect(variant).toMatchObject({ sku: 'JEAN-REC-40', price: 4500000, stock: { onHand: 2, available: 2 } });
  });

  it('treats % and _ in q literally in the SKU match', async () => {
    expect(names((await as(shop)('/api/v1/products?q=%25')).body)).toEqual([]);
    expect(names((await as(shop)('/api/v1/products?q=_')).body)).toEqual([]);
    expect(names((await as(shop)('/api/v1/products?q=ca_')).body)).toEqual([]);
    expect(names((await as(shop)('/api/v1/products?q=cam_1')).body)).toEqual(['Campera rompeviento']);
  });

  it("never returns another workspace's products", async () => {
    const res = await as(shop)('/api/v1/products?q=estampada');
    expect(res.body.items).toEqual([]);
    const theirs = await as(other)('/api/v1/products');
    expect(names(theirs.body)).toEqual(['Remera estampada']);
  });
});

describe('GET /api/v1/products — filters', () => {
  it('filters by category in any case', async () => {
    expect(names((await as(shop)('/api/v1/products?category=jeans')).body)).toEqual(['Jean recto']);
  });

  it('filters by status', async () => {
    expect(names((await as(shop)('/api/v1/products?status=DRAFT')).body)).toEqual(['Buzo canguro']);
  });

  it('filters by base price bounds, inclusive', async () => {
    const res = await as(shop)('/api/v1/products?minPrice=1850000&maxPrice=4500000');
    expect(names(res.body)).toEqual(['Buzo canguro', 'Jean recto', 'Remera de algodón']);
  });

  it('inStock=true keeps products with units available (not merely on hand); inStock=false the rest', async () => {
    const inStock = await as(shop)('/api/v1/products?inStock=true');
    expect(names(inStock.body)).toEqual(['Campera rompeviento', 'Jean recto', 'Remera de algodón']);
    const outOfStock = await as(shop)('/api/v1/products?inStock=false');
    expect(names(outOfStock.body)).toEqual(['Gorra bordada', 'Buzo canguro']);
  });

  it('combines q with filters', async () => {
    expect(names((await as(shop)('/api/v1/products?q=remera&category=Remeras')).body)).toEqual(['Remera de algodón']);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['minPrice=-1', 'minPrice'],
    ['maxPrice=abc', 'maxPrice'],
    ['maxPrice=1000000000001', 'maxPrice'],
    ['inStock=yes', 'inStock'],
    ['status=SOLD', 'status'],
  ])('answers 400 for %s', async (query, field) => {
    const res = await as(shop)(`/api/v1/products?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });

  it('answers 404 for a workspace the caller is not a member of', async () => {
    const outsider = await api('/api/v1/products', { token: other.owner.token, workspaceId: shop.id });
    expect(outsider.status).toBe(404);
  });
});

describe('GET /api/v1/products — pagination', () => {
  it('walks the catalogue newest first in pages that never overlap', async () => {
    const first = await as(shop)('/api/v1/products?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await as(shop)(`/api/v1/products?limit=2&cursor=${first.body.nextCursor}`);
    const third = await as(shop)(`/api/v1/products?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.nextCursor).toBeNull();
    expect([...names(first.body), ...names(second.body), ...names(third.body)]).toEqual([
      'Gorra bordada',
      'Campera rompeviento',
      'Buzo canguro',
      'Jean recto',
      'Remera de algodón',
    ]);
  });

  it('pages a ranked search by rank, without overlap', async () => {
    const first = await as(shop)('/api/v1/products?q=remera&limit=1');
    expect(names(first.body)).toEqual(['Remera de algodón']);
    const second = await as(shop)(`/api/v1/products?q=remera&limit=1&cursor=${first.body.nextCursor}`);
    expect(names(second.body)).toEqual(['Jean recto']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('leaves soft-deleted products out of every page', async () => {
    const res = await as(shop)('/api/v1/products', { body: { name: 'Remera fugaz', basePrice: 100 } });
    const deleted = await as(shop)(`/api/v1/products/${res.body.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    const list = await as(shop)('/api/v1/products?limit=100');
    expect(names(list.body)).not.toContain('Remera fugaz');
    expect(names((await as(shop)('/api/v1/products?q=fugaz')).body)).toEqual([]);
  });
});
