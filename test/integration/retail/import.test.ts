import { and, count, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, productVariants, products, stockItems, stockMovements } from '../../../db/schema';
import { ImportReportSchema } from '../../../workers/http/routes/products/schema';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { addMember, seedWorkspace, type SeededWorkspace } from '../../harness/tenants';

const importCsv = (
  ws: SeededWorkspace,
  csv: BodyInit,
  options: { dryRun?: boolean; type?: string; token?: string } = {},
) =>
  api(`/api/v1/products/import${options.dryRun ? '?dryRun=true' : ''}`, {
    method: 'POST',
    token: options.token ?? ws.owner.token,
    workspaceId: ws.id,
    rawBody: csv,
    headers: { 'content-type': options.type ?? 'text/csv' },
  });

const CATALOG = [
  'sku,name,description,category,tags,status,price,currency,talle,color,stock,low_stock_threshold',
  'rem-alg-s-neg,Remera de algodón,Algodón peinado,Remeras,verano|basicos,ACTIVE,18500,,S,Negro,10,3',
  'REM-ALG-M-NEG,Remera de algodón,,,,,18500,,M,Negro,4,3',
  'REM-ALG-XL-NEG,Remera de algodón,,,,,"19.900,50",,XL,Negro,0,',
  'JEAN-REC-40,Jean recto,Denim rígido,Jeans,,,45000,ARS,40,Azul,2,1',
].join('\n');

async function productsOf(workspaceId: string) {
  return testDb().select().from(products).where(eq(products.workspaceId, workspaceId)).orderBy(products.id);
}

async function variantsOf(workspaceId: string) {
  return testDb()
    .select({ variant: productVariants, stock: stockItems })
    .from(productVariants)
    .innerJoin(stockItems, eq(stockItems.variantId, productVariants.id))
    .where(eq(productVariants.workspaceId, workspaceId))
    .orderBy(productVariants.sku);
}

async function rowCounts(workspaceId: string) {
  const db = testDb();
  const [p] = await db.select({ n: count() }).from(products).where(eq(products.workspaceId, workspaceId));
  const [v] = await db.select({ n: count() }).from(productVariants).where(eq(productVariants.workspaceId, workspaceId));
  const [m] = await db.select({ n: count() }).from(stockMovements).where(eq(stockMovements.workspaceId, workspaceId));
  const [a] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.workspaceId, workspaceId));
  return { products: p!.n, variants: v!.n, movements: m!.n, audits: a!.n };
}

describe('POST /api/v1/products/import', () => {
  let shop: SeededWorkspace;
  beforeAll(async () => {
    shop = await seedWorkspace('Import shop');
  });

  it('creates one product per name with a variant per row, prices in centavos and IMPORT movements', async () => {
    const res = await importCsv(shop, CATALOG);
    expect(res.status).toBe(200);
    const report = ImportReportSchema.parse(res.body);
    expect(report).toMatchObject({ dryRun: false, summary: { rows: 4, created: 4, updated: 0, failed: 0 } });
    expect(report.rows.map((r) => [r.line, r.sku, r.status])).toEqual([
      [2, 'REM-ALG-S-NEG', 'created'],
      [3, 'REM-ALG-M-NEG', 'created'],
      [4, 'REM-ALG-XL-NEG', 'created'],
      [5, 'JEAN-REC-40', 'created'],
    ]);

    const created = await productsOf(shop.id);
    expect(created.map((p) => [p.name, p.basePrice, p.currency, p.category])).toEqual([
      ['Remera de algodón', 1850000, 'ARS', 'Remeras'],
      ['Jean recto', 4500000, 'ARS', 'Jeans'],
    ]);
    expect(created[0]!.tags).toEqual(['verano', 'basicos']);
    const variants = await variantsOf(shop.id);
    const bySku = Object.fromEntries(variants.map((v) => [v.variant.sku, v]));
    expect(bySku['REM-ALG-S-NEG']!.variant).toMatchObject({
      attributes: { talle: 'S', color: 'Negro' },
      priceOverride: null,
    });
    expect(bySku['REM-ALG-XL-NEG']!.variant.priceOverride).toBe(1990050);
    expect(bySku['REM-ALG-S-NEG']!.stock).toMatchObject({ onHand: 10, lowStockThreshold: 3 });
    expect(bySku['REM-ALG-XL-NEG']!.stock).toMatchObject({ onHand: 0, lowStockThreshold: 0 });
    const movements = await testDb().select().from(stockMovements).where(eq(stockMovements.workspaceId, shop.id));
    expect(movements.map((m) => [m.delta, m.reason]).sort()).toEqual([
      [10, 'IMPORT'],
      [2, 'IMPORT'],
      [4, 'IMPORT'],
    ]);

    const search = await api('/api/v1/products?q=remeras', { token: shop.owner.token, workspaceId: shop.id });
    expect(search.body.items[0].variants.map((v: { sku: string }) => v.sku)).toEqual([
      'REM-ALG-S-NEG',
      'REM-ALG-M-NEG',
      'REM-ALG-XL-NEG',
    ]);
  });

  it('importing the same file again updates every row and duplicates nothing', async () => {
    const before = await rowCounts(shop.id);
    const res = await importCsv(shop, CATALOG);
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ rows: 4, created: 0, updated: 4, failed: 0 });
    expect(await rowCounts(shop.id)).toEqual(before);
  });

  it('updates price, attributes and stock of existing SKUs, writing the stock delta as an IMPORT movement', async () => {
    const csv = ['sku;price;color;stock', 'REM-ALG-M-NEG;21.000;Grafito;7', 'JEAN-REC-40;;;'].join('\r\n');
    const res = await importCsv(shop, csv);
    expect(res.body.summary).toEqual({ rows: 2, created: 0, updated: 2, failed: 0 });
    const variants = await variantsOf(shop.id);
    const rem = variants.find((v) => v.variant.sku === 'REM-ALG-M-NEG')!;
    expect(rem.variant).toMatchObject({ priceOverride: 2100000, attributes: { talle: 'M', color: 'Grafito' } });
    expect(rem.stock.onHand).toBe(7);
    const [movement] = await testDb()
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.variantId, rem.variant.id), eq(stockMovements.onHandAfter, 7)));
    expect(movement).toMatchObject({ delta: 3, reason: 'IMPORT', actorType: 'user', actorId: shop.owner.id });
    const jean = variants.find((v) => v.variant.sku === 'JEAN-REC-40')!;
    expect(jean.stock.onHand).toBe(2);
  });

  it('refuses, for that row only, a stock below the units reserved', async () => {
    const [rem] = (await variantsOf(shop.id)).filter((v) => v.variant.sku === 'REM-ALG-S-NEG');
    await testDb().update(stockItems).set({ reserved: 6 }).where(eq(stockItems.variantId, rem!.variant.id));
    const res = await importCsv(shop, ['sku,stock', 'REM-ALG-S-NEG,5', 'JEAN-REC-40,9'].join('\n'));
    expect(res.body.summary).toEqual({ rows: 2, created: 0, updated: 1, failed: 1 });
    expect(res.body.rows[0]).toMatchObject({ line: 2, status: 'error', errors: [expect.stringContaining('reserved')] });
    const [stock] = await testDb().select().from(stockItems).where(eq(stockItems.variantId, rem!.variant.id));
    expect(stock).toMatchObject({ onHand: 10, reserved: 6 });
  });
});

describe('POST /api/v1/products/import — dry run and bad rows', () => {
  it('a dry run reports what would happen and writes nothing', async () => {
    const shop = await seedWorkspace('Dry run shop');
    const before = await rowCounts(shop.id);
    const res = await importCsv(shop, CATALOG, { dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, summary: { rows: 4, created: 4, updated: 0, failed: 0 } });
    expect(res.body.rows[0]).not.toHaveProperty('productId');
    expect(await rowCounts(shop.id)).toEqual(before);
  });

  it('reports each bad row with its line and errors, and commits the good rows', async () => {
    const shop = await seedWorkspace('Bad rows shop');
    const csv = [
      'sku,name,price,stock,status',
      'OK-1,Buzo liso,39000,5,',
      ',Buzo liso,39000,5,', // line 3: no SKU
      'BAD-PRICE,Buzo liso,12.50.00,1,', // line 4
      'BAD-STOCK,Buzo liso,39000,-3,', // line 5
      'OK-1,Buzo liso,39000,5,', // line 6: repeated SKU
      'NO-NAME,,39000,1,', // line 7: new SKU without name
      'NO-PRICE,Buzo liso,,1,', // line 8: new SKU without price
      'BAD-STATUS,Buzo liso,39000,1,vendido', // line 9
      'SHORT,Buzo liso', // line 10: too few fields
      'OK-2,Buzo liso,"41.000,00",2,borrador',
    ].join('\n');
    const res = await importCsv(shop, csv);
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ rows: 10, created: 2, updated: 0, failed: 8 });
    const failed = res.body.rows.filter((r: { status: string }) => r.status === 'error');
    expect(failed.map((r: { line: number }) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    const errorsAt = (line: number) => res.body.rows.find((r: { line: number }) => r.line === line).errors.join(' ');
    expect(errorsAt(3)).toContain('sku is required');
    expect(errorsAt(4)).toContain('12.50.00');
    expect(errorsAt(5)).toContain('stock');
    expect(errorsAt(6)).toContain('line 2');
    expect(errorsAt(7)).toContain('name is required');
    expect(errorsAt(8)).toContain('price is required');
    expect(errorsAt(9)).toContain('status');
    expect(errorsAt(10)).toContain('Expected 5 fields');

    const variants = await variantsOf(shop.id);
    expect(variants.map((v) => [v.variant.sku, v.variant.priceOverride, v.stock.onHand])).toEqual([
      ['OK-1', null, 5],
      ['OK-2', 4100000, 2],
    ]);
    const [product] = await productsOf(shop.id);
    expect(product).toMatchObject({ name: 'Buzo liso', basePrice: 3900000, status: 'ACTIVE' });
  });

  it('reads a ;-delimited Excel export with BOM, CRLF, quoted fields, escaped quotes and a multi-line cell', async () => {
    const shop = await seedWorkspace('Excel shop');
    const csv =
      '\uFEFFSKU;Name;Description;Price;Talle;Color;Stock\r\n' +
      'VES-LIN-M;"Vestido ""Lino""";"Fresco; liviano\r\nideal verano";"12.500,50";M;"Verde, oliva";3\r\n' +
      'VES-LIN-L;"Vestido ""Lino""";;"12.500,50";L;Negro;\r\n' +
      ';;;;;;\r\n';
    const res = await importCsv(shop, csv, { type: 'text/csv; charset=utf-8' });
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ rows: 2, created: 2, updated: 0, failed: 0 });
    expect(res.body.rows.map((r: { line: number }) => r.line)).toEqual([2, 4]);
    const [product] = await productsOf(shop.id);
    expect(product).toMatchObject({
      name: 'Vestido "Lino"',
      description: 'Fresco; liviano\r\nideal verano',
      basePrice: 1250050,
    });
    const variants = await variantsOf(shop.id);
    expect(variants.map((v) => [v.variant.sku, v.variant.attributes, v.stock.onHand])).toEqual([
      ['VES-LIN-L', { talle: 'L', color: 'Negro' }, 0],
      ['VES-LIN-M', { talle: 'M', color: 'Verde, oliva' }, 3],
    ]);
  });

  it('decodes a Windows-1252 file (Excel without UTF-8) so accents survive', async () => {
    const shop = await seedWorkspace('Latin-1 shop');
    const text = 'sku;name;price\nPAN-ALG;Pantalón de algodón;30000\n';
    const bytes = Uint8Array.from([...text].map((ch) => ch.charCodeAt(0)));
    const res = await importCsv(shop, bytes);
    expect(res.body.summary.created).toBe(1);
    const [product] = await productsOf(shop.id);
    expect(product!.name).toBe('Pantalón de algodón');
  });
});

describe('POST /api/v1/products/import — whole-file failures', () => {
  let shop: SeededWorkspace;
  beforeAll(async () => {
    shop = await seedWorkspace('Failures shop');
  });

  it('answers 400 with the line for malformed CSV, writing nothing', async () => {
    const csv = ['sku,name,price', 'A-1,Remera,1000', 'A-2,"Remera sin cerrar,1000', 'A-3,Otra,1000'].join('\n');
    const res = await importCsv(shop, csv);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('line 3') });
    const stray = await importCsv(shop, ['sku,name,price', 'A-1,Remera "XL",1000'].join('\n'));
    expect(stray.status).toBe(400);
    expect(stray.body.error.message).toContain('line 2');
    expect((await rowCounts(shop.id)).products).toBe(0);
  });

  it('answers 400 for an unknown column, a header without sku, or no data rows', async () => {
    const unknown = await importCsv(shop, 'sku,name,precio\nA-1,Remera,1000');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('precio');
    expect((await importCsv(shop, 'name,price\nRemera,1000')).status).toBe(400);
    expect((await importCsv(shop, 'sku,name,price\n')).status).toBe(400);
    expect((await importCsv(shop, '')).status).toBe(400);
  });

  it('answers 415 for a body that is not CSV', async () => {
    const res = await api('/api/v1/products/import', {
      token: shop.owner.token,
      workspaceId: shop.id,
      body: { sku: 'A-1' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 for a file over 2 MB', async () => {
    const row = 'SKU-0000,Remera de algodón peinado con una descripción larga,18500\n';
    const csv = `sku,name,price\n${row.repeat(Math.ceil((2 * 1024 * 1024) / row.length) + 1)}`;
    const res = await importCsv(shop, csv);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 403 without products:import (Operator) and 404 for a workspace the caller is not in', async () => {
    const operator = await addMember(shop, 'Operator');
    expect((await importCsv(shop, CATALOG, { token: operator.token })).status).toBe(403);
    const stranger = await seedWorkspace('Stranger shop');
    expect((await importCsv(shop, CATALOG, { token: stranger.owner.token })).status).toBe(404);
  });

  it("creates its own products for SKUs that exist only in another workspace, leaving that workspace's untouched", async () => {
    const mine = await seedWorkspace('Tenant one');
    const theirs = await seedWorkspace('Tenant two');
    await importCsv(theirs, 'sku,name,price,stock\nSHARED-1,Remera de ellos,1000,9');
    const res = await importCsv(mine, 'sku,name,price,stock\nSHARED-1,Remera mía,2000,1');
    expect(res.body.summary).toMatchObject({ created: 1, updated: 0 });
    const [theirVariant] = await variantsOf(theirs.id);
    expect(theirVariant!.stock.onHand).toBe(9);
    const [theirProduct] = await productsOf(theirs.id);
    expect(theirProduct).toMatchObject({ name: 'Remera de ellos', basePrice: 100000 });
    const mineVariants = await testDb()
      .select()
      .from(productVariants)
      .where(inArray(productVariants.workspaceId, [mine.id]));
    expect(mineVariants).toHaveLength(1);
  });
});
