import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG, seedCatalog } from '../../../scripts/seed/catalog';
import { auditLog, productVariants, products, stockMovements } from '../../../db/schema';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { seedWorkspace } from '../../harness/tenants';

async function counts(workspaceId: string) {
  const db = testDb();
  const [p] = await db.select({ n: count() }).from(products).where(eq(products.workspaceId, workspaceId));
  const [v] = await db.select({ n: count() }).from(productVariants).where(eq(productVariants.workspaceId, workspaceId));
  const [m] = await db.select({ n: count() }).from(stockMovements).where(eq(stockMovements.workspaceId, workspaceId));
  const [a] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.workspaceId, workspaceId));
  return { products: p!.n, variants: v!.n, movements: m!.n, audits: a!.n };
}

describe('seedCatalog', () => {
  it('seeds a clothing catalogue of at least 12 products with talle/color variants, readable through the API', async () => {
    const shop = await seedWorkspace('Seeded shop');
    const result = await seedCatalog(testDb(), shop.id);
    expect(result).toEqual({ productsCreated: DEMO_CATALOG.length, variantsAdded: 0 });
    expect(DEMO_CATALOG.length).toBeGreaterThanOrEqual(12);

    const res = await api('/api/v1/products?limit=100', { token: shop.owner.token, workspaceId: shop.id });
    expect(res.body.items).toHaveLength(DEMO_CATALOG.length);
    const categories = new Set(res.body.items.map((p: { category: string }) => p.category));
    for (const c of ['Remeras', 'Jeans', 'Buzos', 'Camperas', 'Zapatillas', 'Vestidos', 'Accesorios', 'Medias']) {
      expect(categories).toContain(c);
    }
    const variants = res.body.items.flatMap(
      (p: { variants: Array<Record<string, unknown>> }) =>
        p.variants as Array<{
          currency: string;
          price: number;
          sku: string;
          attributes: object;
          stock: Record<string, number>;
        }>,
    );
    for (const v of variants) {
      expect(v.currency).toBe('ARS');
      expect(Number.isInteger(v.price) && v.price > 0).toBe(true);
      expect(Object.keys(v.attributes).sort()).toEqual(['color', 'talle']);
    }
    const soldOut = variants.filter((v: { stock: { onHand: number } }) => v.stock.onHand === 0);
    const lowButNotOut = variants.filter(
      (v: { stock: { available: number; lowStockThreshold: number } }) =>
        v.stock.available > 0 && v.stock.available < v.stock.lowStockThreshold,
    );
    expect(soldOut.map((v: { sku: string }) => v.sku)).toEqual(['CAM-PUF-BEI-S']);
    expect(lowButNotOut.map((v: { sku: string }) => v.sku)).toEqual(['ZAP-RUN-NEG-43']);

    const search = await api('/api/v1/products?q=remeras', { token: shop.owner.token, workspaceId: shop.id });
    expect(search.body.items.map((p: { name: string }) => p.name)).toContain('Remera básica de algodón');
  });

  it('is idempotent by SKU: a second run writes nothing, and a missing variant is added back alone', async () => {
    const shop = await seedWorkspace('Twice seeded shop');
    await seedCatalog(testDb(), shop.id);
    const first = await counts(shop.id);
    expect(await seedCatalog(testDb(), shop.id)).toEqual({ productsCreated: 0, variantsAdded: 0 });
    expect(await counts(shop.id)).toEqual(first);

    await testDb()
      .delete(productVariants)
      .where(and(eq(productVariants.workspaceId, shop.id), eq(productVariants.sku, 'GOR-TRU-AZM-U')));
    expect(await seedCatalog(testDb(), shop.id)).toEqual({ productsCreated: 0, variantsAdded: 1 });
    expect((await counts(shop.id)).variants).toBe(first.variants);
  });
});
