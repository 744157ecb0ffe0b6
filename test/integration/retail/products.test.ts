import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, eventOutbox, productVariants, products, stockItems, stockMovements } from '../../../db/schema';
import { ProductSchema, VariantSchema } from '../../../workers/http/routes/products/schema';
import { effectivePrice, getVariant, resolveVariantBySku } from '../../../workers/retail/products';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

const sku = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}`.toUpperCase();
const asA = (path: string, init: Parameters<typeof api>[1] = {}) =>
  api(path, { token: t.a.operator.token, workspaceId: t.a.id, ...init });
const asB = (path: string, init: Parameters<typeof api>[1] = {}) =>
  api(path, { token: t.b.owner.token, workspaceId: t.b.id, ...init });

async function createIn(as: typeof asA, body: Record<string, unknown>) {
  const res = await as('/api/v1/products', { body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return ProductSchema.parse({
    ...res.body,
    createdAt: new Date(res.body.createdAt),
    updatedAt: new Date(res.body.updatedAt),
    variants: res.body.variants.map((v: { createdAt: string; updatedAt: string }) => ({
      ...v,
      createdAt: new Date(v.createdAt),
      updatedAt: new Date(v.updatedAt),
    })),
  });
}

describe('POST /api/v1/products', () => {
  it('creates a product with variants, stock rows, INITIAL movements, audit rows and an outbox event', async () => {
    const black = sku('rem-neg');
    const white = sku('rem-bla');
    const res = await asA('/api/v1/products', {
      body: {
        name: 'Remera de algodón',
        description: 'Remera lisa de algodón peinado',
        category: 'Remeras',
        tags: ['verano', 'basicos'],
        basePrice: 1850000,
        variants: [
          {
            sku: `  ${black.toLowerCase()} `,
            attributes: { Talle: 'M', color: 'Negro' },
            initialStock: 10,
            lowStockThreshold: 3,
          },
          { sku: white, attributes: { talle: 'L', color: 'Blanco' }, priceOverride: 1990000 },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Remera de algodón',
      category: 'Remeras',
      status: 'ACTIVE',
      basePrice: 1850000,
      currency: 'ARS',
      tags: ['verano', 'basicos'],
    });
    expect(res.body.id).toMatch(/^prd_/);
    expect(typeof res.body.createdAt).toBe('string');
    const [first, second] = res.body.variants;
    expect(first).toMatchObject({
      sku: black,
      attributes: { talle: 'M', color: 'Negro' },
      priceOverride: null,
      price: 1850000,
      stock: { onHand: 10, reserved: 0, available: 10, lowStockThreshold: 3, low: false },
    });
    expect(second).toMatchObject({
      sku: white,
      price: 1990000,
      stock: { onHand: 0, reserved: 0, available: 0, lowStockThreshold: 0 },
    });

    const db = testDb();
    const stock = await db.select().from(stockItems).where(eq(stockItems.variantId, second.id));
    expect(stock).toHaveLength(1);
    const movements = await db.select().from(stockMovements).where(eq(stockMovements.variantId, first.id));
    expect(movements).toMatchObject([
      { delta: 10, onHandAfter: 10, reason: 'INITIAL', actorType: 'user', actorId: t.a.operator.id },
    ]);
    const audits = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.workspaceId, t.a.id))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits.filter((a) => a.entityId === res.body.id).map((a) => a.action)).toEqual(['product.create']);
    expect(audits.filter((a) => a.entityId === first.id).map((a) => a.action)).toEqual(['variant.create']);
    const events = await db.select().from(eventOutbox).where(eq(eventOutbox.workspaceId, t.a.id));
    expect(
      events.some(
        (e) => e.type === 'product:created' && (e.payload as { productId?: string }).productId === res.body.id,
      ),
    ).toBe(true);
  });

  it('takes the currency from the workspace settings unless one is given', async () => {
    const p = await createIn(asA, { name: 'Gorra', basePrice: 900000, currency: 'usd' });
    expect(p.currency).toBe('USD');
    const q = await createIn(asA, { name: 'Gorra trucker', basePrice: 900000 });
    expect(q.currency).toBe('ARS');
  });

  it('answers 409 naming the SKU when it is already used by a live variant of the workspace, writing nothing', async () => {
    const taken = sku('dup');
    await createIn(asA, { name: 'Jean recto', basePrice: 4500000, variants: [{ sku: taken }] });
    const res = await asA('/api/v1/products', {
      body: { name: 'Jean chupín', basePrice: 4700000, variants: [{ sku: taken.toLowerCase() }] },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(res.body.error.message).toContain(taken);
    const rows = await testDb()
      .select()
      .from(products)
      .where(and(eq(products.workspaceId, t.a.id), eq(products.name, 'Jean chupín')));
    expect(rows).toHaveLength(0);
  });

  it('answers 409 when the same SKU is given twice in one request', async () => {
    const twice = sku('twice');
    const res = await asA('/api/v1/products', {
      body: { name: 'Buzo', basePrice: 3000000, variants: [{ sku: twice }, { sku: twice.toLowerCase() }] },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(twice);
  });

  it('lets another workspace use the same SKU', async () => {
    const shared = sku('shared');
    await createIn(asA, { name: 'Medias', basePrice: 250000, variants: [{ sku: shared }] });
    const res = await asB('/api/v1/products', {
      body: { name: 'Medias', basePrice: 250000, variants: [{ sku: shared }] },
    });
    expect(res.status).toBe(201);
  });

  it.each([
    ['a negative price', { name: 'X', basePrice: -1 }, 'basePrice'],
    ['a fractional price', { name: 'X', basePrice: 10.5 }, 'basePrice'],
    ['a price above 10^12', { name: 'X', basePrice: 1_000_000_000_001 }, 'basePrice'],
    ['a price as a string', { name: 'X', basePrice: '1000' }, 'basePrice'],
    ['no name', { basePrice: 100 }, 'name'],
    ['a blank name', { name: '   ', basePrice: 100 }, 'name'],
    ['an unknown field', { name: 'X', basePrice: 100, colour: 'red' }, 'colour'],
    ['an invalid SKU', { name: 'X', basePrice: 100, variants: [{ sku: 'has space' }] }, 'variants.0.sku'],
    [
      'a non-string attribute',
      { name: 'X', basePrice: 100, variants: [{ sku: sku('a'), attributes: { talle: 42 } }] },
      'attributes',
    ],
    [
      'a negative initial stock',
      { name: 'X', basePrice: 100, variants: [{ sku: sku('a'), initialStock: -2 }] },
      'initialStock',
    ],
    ['a bad currency', { name: 'X', basePrice: 100, currency: 'PESOS' }, 'currency'],
    ['an unknown status', { name: 'X', basePrice: 100, status: 'SOLD_OUT' }, 'status'],
  ])('answers 400 for %s, naming the field', async (_label, body, field) => {
    const res = await asA('/api/v1/products', { body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain(field);
    // Every issue with its path and zod code (details), so the dashboard marks each field in Spanish.
    const issues = res.body.error.details as Array<{ path: string; code: string; message: string }>;
    expect(issues.some((i) => `${i.path} ${i.message}`.includes(field) && i.code.length > 0)).toBe(true);
  });

  it('answers 403 to a Viewer and 404 to a user of another workspace', async () => {
    const viewer = await api('/api/v1/products', {
      token: t.a.viewer.token,
      workspaceId: t.a.id,
      body: { name: 'X', basePrice: 1 },
    });
    expect(viewer.status).toBe(403);
    const outsider = await api('/api/v1/products', {
      token: t.b.owner.token,
      workspaceId: t.a.id,
      body: { name: 'X', basePrice: 1 },
    });
    expect(outsider.status).toBe(404);
  });
});

describe('GET /api/v1/products/:id', () => {
  it('returns the product with its live variants, effective prices and stock', async () => {
    const created = await createIn(asA, {
      name: 'Campera de jean',
      basePrice: 8900000,
      variants: [
        { sku: sku('cam-m'), attributes: { talle: 'M' }, initialStock: 2, lowStockThreshold: 2 },
        {
          sku: sku('cam-l'),
          attributes: { talle: 'L' },
          priceOverride: 9500000,
          initialStock: 6,
          lowStockThreshold: 2,
        },
      ],
    });
    const res = await api(`/api/v1/products/${created.id}`, { token: t.a.viewer.token, workspaceId: t.a.id });
    expect(res.status).toBe(200);
    expect(res.body.variants.map((v: { price: number; stock: { low: boolean } }) => [v.price, v.stock.low])).toEqual([
      [8900000, true],
      [9500000, false],
    ]);
  });

  it("answers 404 for another workspace's product, and for an unknown id", async () => {
    const theirs = await createIn(asB, { name: 'Zapatillas urbanas', basePrice: 12000000 });
    const leak = await asA(`/api/v1/products/${theirs.id}`);
    expect(leak.status).toBe(404);
    expect(leak.body.error.code).toBe('NOT_FOUND');
    expect((await asA('/api/v1/products/prd_nope')).status).toBe(404);
  });
});

describe('PATCH /api/v1/products/:id', () => {
  it('changes only the fields sent, audits before and after, and clears with null', async () => {
    const created = await createIn(asA, {
      name: 'Vestido',
      description: 'Largo',
      category: 'Vestidos',
      basePrice: 5000000,
    });
    const res = await asA(`/api/v1/products/${created.id}`, {
      method: 'PATCH',
      body: { basePrice: 5500000, description: null, status: 'DRAFT' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Vestido',
      category: 'Vestidos',
      description: null,
      basePrice: 5500000,
      status: 'DRAFT',
    });
    const [audit] = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, created.id), eq(auditLog.action, 'product.update')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audit).toMatchObject({ before: { basePrice: 5000000 }, after: { basePrice: 5500000 } });
  });

  it('answers 400 for an empty body or a bad price, and 404 across workspaces', async () => {
    const created = await createIn(asA, { name: 'Short', basePrice: 2000000 });
    expect((await asA(`/api/v1/products/${created.id}`, { method: 'PATCH', body: {} })).status).toBe(400);
    expect((await asA(`/api/v1/products/${created.id}`, { method: 'PATCH', body: { basePrice: 1e13 } })).status).toBe(
      400,
    );
    const leak = await asB(`/api/v1/products/${created.id}`, { method: 'PATCH', body: { name: 'Mine now' } });
    expect(leak.status).toBe(404);
    expect((await asA(`/api/v1/products/${created.id}`)).body.name).toBe('Short');
  });
});

describe('DELETE /api/v1/products/:id', () => {
  it('hides the product and its variants, keeps stock rows and other products, and frees the SKU', async () => {
    const gone = sku('gone');
    const created = await createIn(asA, {
      name: 'Buzo canguro',
      basePrice: 4200000,
      variants: [{ sku: gone, initialStock: 4 }],
    });
    const other = await createIn(asA, { name: 'Buzo liso', basePrice: 3900000, variants: [{ sku: sku('stay') }] });
    const res = await api(`/api/v1/products/${created.id}`, {
      method: 'DELETE',
      token: t.a.admin.token,
      workspaceId: t.a.id,
    });
    expect(res.status).toBe(204);

    expect((await asA(`/api/v1/products/${created.id}`)).status).toBe(404);
    const list = await asA(`/api/v1/products?q=${gone}`);
    expect(list.body.items).toEqual([]);
    expect((await asA(`/api/v1/products/${other.id}`)).status).toBe(200);

    const db = testDb();
    const [variant] = await db.select().from(productVariants).where(eq(productVariants.id, created.variants[0]!.id));
    expect(variant!.deletedAt).not.toBeNull();
    const [stock] = await db.select().from(stockItems).where(eq(stockItems.variantId, variant!.id));
    expect(stock).toMatchObject({ onHand: 4, reserved: 0 });

    const again = await createIn(asA, { name: 'Buzo canguro 2', basePrice: 4200000, variants: [{ sku: gone }] });
    expect(again.variants[0]!.sku).toBe(gone);
  });

  it('answers 403 to an Operator (no products:delete) and 404 across workspaces or when already deleted', async () => {
    const created = await createIn(asA, { name: 'Gorro de lana', basePrice: 1500000 });
    expect((await asA(`/api/v1/products/${created.id}`, { method: 'DELETE' })).status).toBe(403);
    expect((await asB(`/api/v1/products/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    const admin = { method: 'DELETE', token: t.a.admin.token, workspaceId: t.a.id };
    expect((await api(`/api/v1/products/${created.id}`, admin)).status).toBe(204);
    expect((await api(`/api/v1/products/${created.id}`, admin)).status).toBe(404);
  });
});

describe('variants', () => {
  it('POST adds a variant with its stock row; its SKU must be free (409)', async () => {
    const product = await createIn(asA, {
      name: 'Zapatillas running',
      basePrice: 11000000,
      variants: [{ sku: sku('zap-40') }],
    });
    const newSku = sku('zap-41');
    const res = await asA(`/api/v1/products/${product.id}/variants`, {
      body: { sku: newSku, attributes: { talle: '41' }, initialStock: 3, lowStockThreshold: 1 },
    });
    expect(res.status).toBe(201);
    const variant = VariantSchema.parse({
      ...res.body,
      createdAt: new Date(res.body.createdAt),
      updatedAt: new Date(res.body.updatedAt),
    });
    expect(variant).toMatchObject({ productId: product.id, sku: newSku, price: 11000000, stock: { onHand: 3 } });
    const dup = await asA(`/api/v1/products/${product.id}/variants`, { body: { sku: product.variants[0]!.sku } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain(product.variants[0]!.sku);
  });

  it("POST answers 404 for another workspace's product", async () => {
    const theirs = await createIn(asB, { name: 'Remera B', basePrice: 100 });
    expect((await asA(`/api/v1/products/${theirs.id}/variants`, { body: { sku: sku('x') } })).status).toBe(404);
  });

  it('PATCH changes SKU, price override and threshold; null override follows the base price', async () => {
    const product = await createIn(asA, {
      name: 'Jean mom',
      basePrice: 5200000,
      variants: [{ sku: sku('mom-38'), priceOverride: 5600000, initialStock: 2 }],
    });
    const variant = product.variants[0]!;
    const renamed = sku('mom-38b');
    const res = await asA(`/api/v1/products/${product.id}/variants/${variant.id}`, {
      method: 'PATCH',
      body: { sku: renamed.toLowerCase(), priceOverride: null, lowStockThreshold: 5, attributes: { talle: '38' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      sku: renamed,
      priceOverride: null,
      price: 5200000,
      attributes: { talle: '38' },
      stock: { onHand: 2, lowStockThreshold: 5, low: true },
    });
  });

  it('PATCH answers 409 for a SKU of another live variant, 400 for a bad body, 404 for a variant of another product', async () => {
    const one = await createIn(asA, { name: 'Medias largas', basePrice: 300000, variants: [{ sku: sku('med-1') }] });
    const two = await createIn(asA, { name: 'Medias cortas', basePrice: 280000, variants: [{ sku: sku('med-2') }] });
    const path = `/api/v1/products/${two.id}/variants/${two.variants[0]!.id}`;
    const conflict = await asA(path, { method: 'PATCH', body: { sku: one.variants[0]!.sku } });
    expect(conflict.status).toBe(409);
    expect((await asA(path, { method: 'PATCH', body: { priceOverride: -5 } })).status).toBe(400);
    const wrongParent = `/api/v1/products/${one.id}/variants/${two.variants[0]!.id}`;
    expect((await asA(wrongParent, { method: 'PATCH', body: { status: 'ARCHIVED' } })).status).toBe(404);
    expect((await asB(path, { method: 'PATCH', body: { status: 'ARCHIVED' } })).status).toBe(404);
  });

  it('DELETE soft-deletes the variant: gone from the product, stock row kept, SKU reusable', async () => {
    const product = await createIn(asA, {
      name: 'Musculosa',
      basePrice: 1200000,
      variants: [{ sku: sku('mus-s'), initialStock: 1 }, { sku: sku('mus-m') }],
    });
    const [first, second] = product.variants;
    const path = `/api/v1/products/${product.id}/variants/${first!.id}`;
    expect((await asB(path, { method: 'DELETE' })).status).toBe(404);
    const res = await api(path, { method: 'DELETE', token: t.a.admin.token, workspaceId: t.a.id });
    expect(res.status).toBe(204);
    const after = await asA(`/api/v1/products/${product.id}`);
    expect(after.body.variants.map((v: { id: string }) => v.id)).toEqual([second!.id]);
    const [stock] = await testDb().select().from(stockItems).where(eq(stockItems.variantId, first!.id));
    expect(stock!.onHand).toBe(1);
    const reuse = await asA(`/api/v1/products/${product.id}/variants`, { body: { sku: first!.sku } });
    expect(reuse.status).toBe(201);
  });
});

describe('domain look-ups for the agent', () => {
  it('resolveVariantBySku finds a live variant by SKU in any case, with its product and effective price', async () => {
    const code = sku('agent');
    const product = await createIn(asA, {
      name: 'Remera agente',
      basePrice: 1000000,
      variants: [{ sku: code, priceOverride: 1200000, initialStock: 3 }],
    });
    const found = await resolveVariantBySku({ db: testDb() }, { workspaceId: t.a.id, sku: ` ${code.toLowerCase()} ` });
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.value.product).toMatchObject({ id: product.id, name: 'Remera agente' });
    expect(found.value.product).not.toHaveProperty('variants');
    expect(found.value.variant).toMatchObject({ sku: code, price: 1200000, stock: { available: 3 } });
    expect(effectivePrice({ priceOverride: null }, { basePrice: 1000000 })).toBe(1000000);

    const byId = await getVariant({ db: testDb() }, { workspaceId: t.a.id, variantId: found.value.variant.id });
    expect(byId.ok && byId.value.variant.sku).toBe(code);
  });

  it("answers NOT_FOUND for another workspace's SKU or variant and for deleted ones", async () => {
    const code = sku('hidden');
    const product = await createIn(asA, { name: 'Oculto', basePrice: 100, variants: [{ sku: code }] });
    const variantId = product.variants[0]!.id;
    expect(await resolveVariantBySku({ db: testDb() }, { workspaceId: t.b.id, sku: code })).toMatchObject({
      ok: false,
      error: 'NOT_FOUND',
    });
    expect(await getVariant({ db: testDb() }, { workspaceId: t.b.id, variantId })).toMatchObject({
      ok: false,
      error: 'NOT_FOUND',
    });
    await api(`/api/v1/products/${product.id}`, { method: 'DELETE', token: t.a.admin.token, workspaceId: t.a.id });
    expect(await resolveVariantBySku({ db: testDb() }, { workspaceId: t.a.id, sku: code })).toMatchObject({
      ok: false,
      error: 'NOT_FOUND',
    });
    expect(await getVariant({ db: testDb() }, { workspaceId: t.a.id, variantId })).toMatchObject({
      ok: false,
      error: 'NOT_FOUND',
    });
  });
});

describe('OpenAPI document', () => {
  it('describes every catalogue operation, with the import taking text/csv', async () => {
    const res = await api('/api/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths;
    expect(Object.keys(paths['/api/v1/products']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/products/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(paths['/api/v1/products/{id}/variants/{variantId}']).sort()).toEqual(['delete', 'patch']);
    expect(paths['/api/v1/products/import'].post.requestBody.content).toHaveProperty('text/csv');
    expect(res.body.components.schemas.CreateProduct.properties).toHaveProperty('basePrice');
    expect(res.body.components.schemas.Product.properties).toHaveProperty('variants');
  });
});
