import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, stockMovements } from '../../../db/schema';
import { api } from '../../harness/api';
import { eventsOf, seedVariant, stockOf } from '../../harness/catalog';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

const asA = (path: string, init: { method?: string; body?: unknown } = {}) =>
  api(path, { ...init, token: t.a.operator.token, workspaceId: t.a.id });
const asB = (path: string, init: { method?: string; body?: unknown } = {}) =>
  api(path, { ...init, token: t.b.owner.token, workspaceId: t.b.id });

describe('GET /api/v1/stock', () => {
  it('lists each variant with on hand, reserved, available, threshold and low flag', async () => {
    const v = await seedVariant(t.a.id, {
      name: 'Buzo canguro',
      onHand: 8,
      reserved: 3,
      lowStockThreshold: 5,
      attributes: { talle: 'L' },
    });
    const res = await asA(`/api/v1/stock?q=${v.sku}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        variantId: v.variantId,
        productId: v.productId,
        productName: 'Buzo canguro',
        sku: v.sku,
        attributes: { talle: 'L' },
        onHand: 8,
        reserved: 3,
        available: 5,
        lowStockThreshold: 5,
        low: true,
      }),
    ]);
    expect(res.body.nextCursor).toBeNull();
  });

  it('filters with low=true to the variants at or below their threshold', async () => {
    const low = await seedVariant(t.a.id, { name: 'Gorra filtro-bajo', onHand: 2, lowStockThreshold: 2 });
    await seedVariant(t.a.id, { name: 'Gorra filtro-bajo', onHand: 50, lowStockThreshold: 2 });
    const res = await asA('/api/v1/stock?low=true&q=filtro-bajo');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { variantId: string }) => i.variantId)).toEqual([low.variantId]);
  });

  it('searches by part of the product name, case-insensitively, and counts a variant without stock row as 0', async () => {
    const v = await seedVariant(t.a.id, { name: 'Medias Térmicas Únicas', noStockRow: true });
    const res = await asA(`/api/v1/stock?q=${encodeURIComponent('térmicas únicas')}`);
    expect(res.body.items).toEqual([
      expect.objectContaining({ variantId: v.variantId, onHand: 0, reserved: 0, available: 0 }),
    ]);
  });

  it('pages with an opaque cursor, newest variant first, without repeats', async () => {
    const tag = `pagina-${crypto.randomUUID().slice(0, 6)}`;
    const seeded = [];
    for (let i = 0; i < 3; i++) seeded.push(await seedVariant(t.a.id, { name: `Pantalón ${tag}` }));
    const first = await asA(`/api/v1/stock?q=${tag}&limit=2`);
    expect(first.body.items.map((i: { variantId: string }) => i.variantId)).toEqual([
      seeded[2]!.variantId,
      seeded[1]!.variantId,
    ]);
    const second = await asA(`/api/v1/stock?q=${tag}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { variantId: string }) => i.variantId)).toEqual([seeded[0]!.variantId]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('rejects a malformed filter with 400', async () => {
    const res = await asA('/api/v1/stock?low=maybe');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('never shows another workspace’s stock', async () => {
    const v = await seedVariant(t.a.id, { name: 'Secreto de A' });
    const res = await asB(`/api/v1/stock?q=${v.sku}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('answers 401 without a token and 404 for a workspace the caller is not in', async () => {
    expect((await api('/api/v1/stock', { workspaceId: t.a.id })).status).toBe(401);
    expect((await api('/api/v1/stock', { token: t.b.owner.token, workspaceId: t.a.id })).status).toBe(404);
  });
});

describe('POST /api/v1/stock/adjust', () => {
  it('adds a delta, writes a movement with the quantity after it and an audit row', async () => {
    const v = await seedVariant(t.a.id, { onHand: 4 });
    const res = await asA('/api/v1/stock/adjust', {
      body: { variantId: v.variantId, delta: 6, reason: 'RESTOCK', note: 'proveedor' },
    });
    expect(res.status).toBe(200);
    expect(res.body.stock).toMatchObject({ variantId: v.variantId, onHand: 10, reserved: 0, available: 10 });
    expect(res.body.movement).toMatchObject({
      delta: 6,
      onHandAfter: 10,
      reason: 'RESTOCK',
      note: 'proveedor',
      actor: { type: 'user', id: t.a.operator.id },
    });
    expect(typeof res.body.movement.createdAt).toBe('string');
    const audit = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'stock.adjust'), eq(auditLog.entityId, v.variantId)))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ onHand: 4 });
    expect(audit[0]!.after).toMatchObject({ onHand: 10 });
  });

  it('sets a counted quantity and records the difference as the delta', async () => {
    const v = await seedVariant(t.a.id, { onHand: 9 });
    const res = await asA('/api/v1/stock/adjust', { body: { variantId: v.variantId, set: 5, reason: 'CORRECTION' } });
    expect(res.status).toBe(200);
    expect(res.body.movement).toMatchObject({ delta: -4, onHandAfter: 5 });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });

  it('refuses to leave fewer units on hand than are reserved, with 409 INSUFFICIENT_STOCK, changing nothing', async () => {
    const v = await seedVariant(t.a.id, { onHand: 10, reserved: 7 });
    const res = await asA('/api/v1/stock/adjust', { body: { variantId: v.variantId, delta: -4, reason: 'DAMAGE' } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect(res.body.error.message).toMatch(/7 units are reserved/);
    expect(res.body.error.details).toMatchObject({ variantId: v.variantId, requested: 4, available: 3 });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 10, reserved: 7, available: 3 });
    expect(await testDb().select().from(stockMovements).where(eq(stockMovements.variantId, v.variantId))).toEqual([]);
  });

  it.each([
    [{ delta: 1, set: 2, reason: 'ADJUSTMENT' }, /exactly one of delta or set/],
    [{ reason: 'ADJUSTMENT' }, /exactly one of delta or set/],
    [{ delta: 0, reason: 'ADJUSTMENT' }, /delta must not be 0/],
    [{ set: -1, reason: 'ADJUSTMENT' }, /set/],
    [{ delta: 1.5, reason: 'ADJUSTMENT' }, /delta/],
    [{ delta: 1, reason: 'SALE' }, /reason/],
    [{ delta: 1, reason: 'ADJUSTMENT', extra: true }, /extra/],
  ])('rejects %j with 400 and a message naming the problem', async (body, message) => {
    const v = await seedVariant(t.a.id);
    const res = await asA('/api/v1/stock/adjust', { body: { variantId: v.variantId, ...body } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await stockOf(v.variantId)).toMatchObject({ onHand: 10 });
  });

  it('forbids a Viewer (403) and answers 404 for a variant of another workspace', async () => {
    const v = await seedVariant(t.a.id);
    const viewer = await api('/api/v1/stock/adjust', {
      token: t.a.viewer.token,
      workspaceId: t.a.id,
      body: { variantId: v.variantId, delta: 1, reason: 'ADJUSTMENT' },
    });
    expect(viewer.status).toBe(403);
    const foreign = await asB('/api/v1/stock/adjust', {
      body: { variantId: v.variantId, delta: 1, reason: 'ADJUSTMENT' },
    });
    expect(foreign.status).toBe(404);
    expect(await stockOf(v.variantId)).toMatchObject({ onHand: 10 });
  });

  it('announces stock:updated, and stock:low only when availability crosses the threshold', async () => {
    const v = await seedVariant(t.a.id, { onHand: 10, lowStockThreshold: 3 });
    for (const delta of [-5, -3, -1]) {
      expect(
        (await asA('/api/v1/stock/adjust', { body: { variantId: v.variantId, delta, reason: 'DAMAGE' } })).status,
      ).toBe(200);
    }
    const updated = (await eventsOf(t.a.id, 'stock:updated')).filter(
      (e) => (e.payload as { variantId: string }).variantId === v.variantId,
    );
    expect(updated).toHaveLength(3);
    const low = (await eventsOf(t.a.id, 'stock:low')).filter(
      (e) => (e.payload as { variantId: string }).variantId === v.variantId,
    );
    expect(low).toHaveLength(1);
    expect(low[0]!.payload).toMatchObject({ available: 2, lowStockThreshold: 3, sku: v.sku });
  });
});

describe('GET /api/v1/stock/movements', () => {
  it('lists movements newest first, filtered by variant and reason', async () => {
    const v = await seedVariant(t.a.id, { onHand: 0 });
    await asA('/api/v1/stock/adjust', { body: { variantId: v.variantId, delta: 10, reason: 'RESTOCK' } });
    await asA('/api/v1/stock/adjust', { body: { variantId: v.variantId, delta: -2, reason: 'DAMAGE' } });
    const all = await asA(`/api/v1/stock/movements?variantId=${v.variantId}`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((m: { delta: number; onHandAfter: number }) => [m.delta, m.onHandAfter])).toEqual([
      [-2, 8],
      [10, 10],
    ]);
    const damage = await asA(`/api/v1/stock/movements?variantId=${v.variantId}&reason=DAMAGE`);
    expect(damage.body.items).toHaveLength(1);
  });

  it('filters by a date range', async () => {
    const v = await seedVariant(t.a.id, { onHand: 0 });
    await asA('/api/v1/stock/adjust', { body: { variantId: v.variantId, delta: 1, reason: 'RESTOCK' } });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect((await asA(`/api/v1/stock/movements?variantId=${v.variantId}&from=${future}`)).body.items).toEqual([]);
    expect(
      (await asA(`/api/v1/stock/movements?variantId=${v.variantId}&from=${past}&to=${future}`)).body.items,
    ).toHaveLength(1);
  });

  it('rejects an unknown reason or a malformed date with 400', async () => {
    expect((await asA('/api/v1/stock/movements?reason=THEFT')).status).toBe(400);
    expect((await asA('/api/v1/stock/movements?from=yesterday')).status).toBe(400);
  });

  it('never shows another workspace’s movements', async () => {
    const v = await seedVariant(t.a.id, { onHand: 0 });
    await asA('/api/v1/stock/adjust', { body: { variantId: v.variantId, delta: 3, reason: 'RESTOCK' } });
    const res = await asB(`/api/v1/stock/movements?variantId=${v.variantId}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });
});

describe('POST /api/v1/stock/reserve and /release', () => {
  it('reserves units until the TTL and answers 201 with the stock after it', async () => {
    const v = await seedVariant(t.a.id, { onHand: 5 });
    const before = Date.now();
    const res = await asA('/api/v1/stock/reserve', { body: { variantId: v.variantId, quantity: 2, ttlSeconds: 600 } });
    expect(res.status).toBe(201);
    expect(res.body.reservation).toMatchObject({
      variantId: v.variantId,
      quantity: 2,
      status: 'ACTIVE',
      orderId: null,
    });
    const expiresIn = Date.parse(res.body.reservation.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThan(610_000);
    expect(res.body.stock).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
  });

  it('defaults the TTL to 900 seconds', async () => {
    const v = await seedVariant(t.a.id);
    const before = Date.now();
    const res = await asA('/api/v1/stock/reserve', { body: { variantId: v.variantId, quantity: 1 } });
    expect(Date.parse(res.body.reservation.expiresAt) - before).toBeGreaterThan(890_000);
  });

  it('answers 409 INSUFFICIENT_STOCK with requested and available when not enough is available', async () => {
    const v = await seedVariant(t.a.id, { onHand: 3, reserved: 2 });
    const res = await asA('/api/v1/stock/reserve', { body: { variantId: v.variantId, quantity: 2 } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { variantId: v.variantId, requested: 2, available: 1 },
    });
    expect(await stockOf(v.variantId)).toEqual({ onHand: 3, reserved: 2, available: 1 });
  });

  it.each([
    [{ quantity: 0 }, /quantity/],
    [{ quantity: 1, ttlSeconds: 59 }, /ttlSeconds/],
    [{ quantity: 1, ttlSeconds: 86_401 }, /ttlSeconds/],
    [{ quantity: 1, available: 3 }, /available/],
  ])('rejects %j with 400', async (body, message) => {
    const v = await seedVariant(t.a.id);
    const res = await asA('/api/v1/stock/reserve', { body: { variantId: v.variantId, ...body } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses to reserve a variant of an archived product with 409', async () => {
    const v = await seedVariant(t.a.id, { productStatus: 'ARCHIVED' });
    const res = await asA('/api/v1/stock/reserve', { body: { variantId: v.variantId, quantity: 1 } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
  });

  it('answers 404 for another workspace’s variant or reservation', async () => {
    const v = await seedVariant(t.a.id);
    expect((await asB('/api/v1/stock/reserve', { body: { variantId: v.variantId, quantity: 1 } })).status).toBe(404);
    const reserved = await asA('/api/v1/stock/reserve', { body: { variantId: v.variantId, quantity: 1 } });
    const release = await asB('/api/v1/stock/release', { body: { reservationId: reserved.body.reservation.id } });
    expect(release.status).toBe(404);
    expect(await stockOf(v.variantId)).toMatchObject({ reserved: 1 });
  });

  it('releases a reservation once; releasing it again is a no-op that answers 200', async () => {
    const v = await seedVariant(t.a.id, { onHand: 4 });
    const reserved = await asA('/api/v1/stock/reserve', { body: { variantId: v.variantId, quantity: 3 } });
    const first = await asA('/api/v1/stock/release', { body: { reservationId: reserved.body.reservation.id } });
    expect(first.status).toBe(200);
    expect(first.body.reservation.status).toBe('RELEASED');
    expect(first.body.stock).toMatchObject({ reserved: 0, available: 4 });
    const again = await asA('/api/v1/stock/release', { body: { reservationId: reserved.body.reservation.id } });
    expect(again.status).toBe(200);
    expect(again.body.reservation.status).toBe('RELEASED');
    expect(await stockOf(v.variantId)).toEqual({ onHand: 4, reserved: 0, available: 4 });
  });

  it('answers 404 for an unknown reservation and 400 for a body without one', async () => {
    expect((await asA('/api/v1/stock/release', { body: { reservationId: 'rsv_nope' } })).status).toBe(404);
    expect((await asA('/api/v1/stock/release', { body: {} })).status).toBe(400);
  });

  it('forbids a Viewer from reserving (403)', async () => {
    const v = await seedVariant(t.a.id);
    const res = await api('/api/v1/stock/reserve', {
      token: t.a.viewer.token,
      workspaceId: t.a.id,
      body: { variantId: v.variantId, quantity: 1 },
    });
    expect(res.status).toBe(403);
  });
});
