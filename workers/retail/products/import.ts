import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { productVariants, products, stockItems } from '../../../db/schema';
import type { Actor } from '../../core/audit/record';
import { recordAudit } from '../../core/audit/record';
import { enqueueEvent } from '../../core/outbox/enqueue';
import { fail, ok, type Result } from '../../core/result';
import { parseCsv } from './csv';
import { MAX_IMPORT_ROWS, readHeader, readRows, type ImportRow } from './import-rows';
import { auditedProduct, workspaceCurrency, type CatalogDeps } from './products';
import { insertVariant, setOnHand, skuFromUniqueViolation, skuTakenMessage, type WriteContext } from './variant-writes';
import { findProductRow, toVariant, type ProductRow } from './views';

export interface ImportRowResult {
  line: number;
  sku: string;
  status: 'created' | 'updated' | 'error';
  errors?: string[];
  /** Set when the row was written (not on a dry run). */
  productId?: string;
  variantId?: string;
}

export interface ImportReport {
  dryRun: boolean;
  summary: { rows: number; created: number; updated: number; failed: number };
  rows: ImportRowResult[];
}

export type ImportFailure = 'NOT_FOUND' | 'MALFORMED_CSV' | 'INVALID_HEADER' | 'NO_ROWS' | 'TOO_MANY_ROWS';

export interface ImportInput {
  workspaceId: string;
  actor: Actor;
  /** The CSV text (docs/import.md). */
  csv: string;
  /** Validate and report what would happen, writing nothing. */
  dryRun?: boolean;
}

/** A row refused once writing started; thrown so its savepoint rolls back, then reported. */
class RowError extends Error {}
/** Thrown at the end of a dry run so its transaction rolls back. */
class DryRunRollback extends Error {}

/**
 * Imports a catalogue CSV: one row per variant, rows sharing `product_key` (else the name) are
 * one product. Idempotent by SKU: an existing live SKU is updated, a new one created. Each row
 * commits on its own (its variant, stock, movement, audit and events together) or not at all;
 * invalid rows are reported with their line and never stop the others. A dry run runs the very
 * same steps in a transaction that is rolled back, so its report is what a real run would do.
 * Malformed CSV, a bad header, no rows or too many rows fail the whole file before any write.
 */
export async function importProducts(
  { db }: CatalogDeps,
  input: ImportInput,
): Promise<Result<ImportReport, ImportFailure>> {
  const table = parseCsv(input.csv);
  if (!table.ok) return table;
  const [header, ...records] = table.value.records;
  if (!header) return fail('NO_ROWS', 'The file is empty');
  const columns = readHeader(header);
  if (!columns.ok) return columns;
  if (records.length === 0) return fail('NO_ROWS', 'The file has a header but no data rows');
  if (records.length > MAX_IMPORT_ROWS) {
    return fail('TOO_MANY_ROWS', `The file has ${records.length} rows; import at most ${MAX_IMPORT_ROWS} per file`);
  }
  const rows = readRows(records, columns.value, header.fields.length);
  const currency = await workspaceCurrency(db, input.workspaceId);
  if (!currency) return fail('NOT_FOUND', 'Workspace not found');

  const importer = new Importer({ workspaceId: input.workspaceId, actor: input.actor }, currency);
  let results: ImportRowResult[] = [];
  if (input.dryRun) {
    try {
      await db.transaction(async (tx) => {
        results = await importer.run(tx, rows);
        throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    results = results.map(({ productId: _p, variantId: _v, ...row }) => row);
  } else {
    results = await importer.run(db, rows);
  }
  const count = (status: ImportRowResult['status']) => results.filter((r) => r.status === status).length;
  return ok({
    dryRun: input.dryRun ?? false,
    summary: { rows: results.length, created: count('created'), updated: count('updated'), failed: count('error') },
    rows: results,
  });
}

class Importer {
  /** The product each group of rows goes to, once known. */
  private readonly groupProduct = new Map<string, string>();
  /** Products whose fields this import already set (the first row of a product wins). */
  private readonly touched = new Set<string>();

  constructor(
    private readonly ctx: WriteContext,
    private readonly defaultCurrency: string,
  ) {}

  async run(db: DbOrTx, rows: ImportRow[]): Promise<ImportRowResult[]> {
    const results: ImportRowResult[] = [];
    for (const row of rows) {
      if (row.errors.length > 0) {
        results.push({ line: row.line, sku: row.sku, status: 'error', errors: row.errors });
        continue;
      }
      const touched = new Set(this.touched);
      try {
        const result = await db.transaction((tx) => this.writeRow(tx, row, rows));
        results.push({ line: row.line, sku: row.sku, ...result });
        if (row.groupKey && !this.groupProduct.has(row.groupKey)) this.groupProduct.set(row.groupKey, result.productId);
      } catch (error) {
        // The row's writes rolled back, and so does what it marked as done.
        this.touched.clear();
        for (const id of touched) this.touched.add(id);
        const message = rowErrorMessage(error, row.sku);
        if (message === undefined) throw error;
        results.push({ line: row.line, sku: row.sku, status: 'error', errors: [message] });
      }
    }
    return results;
  }

  private async writeRow(tx: DbOrTx, row: ImportRow, rows: ImportRow[]) {
    const { workspaceId } = this.ctx;
    const [existing] = await tx
      .select({ variant: productVariants, stock: stockItems })
      .from(productVariants)
      .leftJoin(stockItems, eq(stockItems.variantId, productVariants.id))
      .where(
        and(
          eq(productVariants.workspaceId, workspaceId),
          eq(productVariants.sku, row.sku),
          isNull(productVariants.deletedAt),
        ),
      )
      .for('update', { of: productVariants });
    const productId = existing?.variant.productId ?? (await this.groupTarget(tx, row, rows));
    let product = productId ? await findProductRow(tx, workspaceId, productId, { forUpdate: true }) : undefined;
    if (!product) {
      if (existing) throw new RowError(`The product of SKU ${row.sku} was deleted`);
      product = await this.createProduct(tx, row);
    } else {
      product = await this.updateProduct(tx, product, row);
    }
    const priceOverride = row.price === undefined || row.price === product.basePrice ? null : row.price;
    if (!existing) {
      if (row.price === undefined) throw new RowError('price is required for a new SKU');
      const variant = await insertVariant(
        tx,
        this.ctx,
        product,
        {
          sku: row.sku,
          attributes: row.attributes,
          priceOverride,
          initialStock: row.stock,
          lowStockThreshold: row.lowStockThreshold,
        },
        'IMPORT',
      );
      await enqueueEvent(tx, {
        workspaceId,
        type: 'product:updated',
        payload: { productId: product.id, variantId: variant.id },
      });
      return { status: 'created' as const, productId: product.id, variantId: variant.id };
    }

    const { variant, stock } = existing;
    const before = toVariant(variant, stock, product);
    const attributes = { ...variant.attributes, ...row.attributes };
    const variantChanged =
      (row.price !== undefined && priceOverride !== variant.priceOverride) ||
      JSON.stringify(attributes) !== JSON.stringify(variant.attributes);
    let variantRow = variant;
    if (variantChanged) {
      const [updated] = await tx
        .update(productVariants)
        .set({
          attributes,
          priceOverride: row.price === undefined ? variant.priceOverride : priceOverride,
          updatedAt: new Date(),
        })
        .where(eq(productVariants.id, variant.id))
        .returning();
      variantRow = updated!;
    }
    let stockRow = stock!;
    if (row.lowStockThreshold !== undefined && row.lowStockThreshold !== stockRow.lowStockThreshold) {
      const [updated] = await tx
        .update(stockItems)
        .set({ lowStockThreshold: row.lowStockThreshold, updatedAt: new Date() })
        .where(eq(stockItems.variantId, variant.id))
        .returning();
      stockRow = updated!;
    }
    if (row.stock !== undefined) {
      if (row.stock < stockRow.reserved) {
        throw new RowError(`stock ${row.stock} is below the ${stockRow.reserved} units reserved for orders`);
      }
      const updated = await setOnHand(tx, this.ctx, variantRow, stockRow, row.stock, 'IMPORT');
      if (!updated) throw new RowError(`stock ${row.stock} is below the units reserved for orders`);
      stockRow = updated;
    }
    const after = toVariant(variantRow, stockRow, product);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await recordAudit(tx, {
        ...this.ctx,
        action: 'variant.update',
        entityType: 'product_variant',
        entityId: variant.id,
        before,
        after,
      });
      await enqueueEvent(tx, {
        workspaceId,
        type: 'product:updated',
        payload: { productId: product.id, variantId: variant.id },
      });
    }
    return { status: 'updated' as const, productId: product.id, variantId: variant.id };
  }

  /** The product a group of rows goes to: one already chosen, else that of the group's first existing SKU. */
  private async groupTarget(tx: DbOrTx, row: ImportRow, rows: ImportRow[]): Promise<string | undefined> {
    if (!row.groupKey) throw new RowError('name is required for a new SKU');
    const known = this.groupProduct.get(row.groupKey);
    if (known) return known;
    const skus = rows.filter((r) => r.groupKey === row.groupKey && r.errors.length === 0).map((r) => r.sku);
    const found = await tx
      .select({ sku: productVariants.sku, productId: productVariants.productId })
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(
        and(
          eq(productVariants.workspaceId, this.ctx.workspaceId),
          inArray(productVariants.sku, skus),
          isNull(productVariants.deletedAt),
          isNull(products.deletedAt),
        ),
      );
    const bySku = new Map(found.map((f) => [f.sku, f.productId]));
    return skus.map((s) => bySku.get(s)).find(Boolean);
  }

  private async createProduct(tx: DbOrTx, row: ImportRow): Promise<ProductRow> {
    if (!row.name) throw new RowError('name is required for a new SKU');
    if (row.price === undefined) throw new RowError('price is required for a new SKU');
    const [created] = await tx
      .insert(products)
      .values({
        id: newId('prd'),
        workspaceId: this.ctx.workspaceId,
        name: row.name,
        description: row.description ?? null,
        category: row.category ?? null,
        tags: row.tags ?? [],
        status: row.status ?? 'ACTIVE',
        basePrice: row.price,
        currency: row.currency ?? this.defaultCurrency,
      })
      .returning();
    await recordAudit(tx, {
      ...this.ctx,
      action: 'product.create',
      entityType: 'product',
      entityId: created!.id,
      after: auditedProduct(created!),
    });
    await enqueueEvent(tx, {
      workspaceId: this.ctx.workspaceId,
      type: 'product:created',
      payload: { productId: created!.id },
    });
    this.touched.add(created!.id);
    return created!;
  }

  /** Sets the product fields the row gives, once per product and import; the currency must match. */
  private async updateProduct(tx: DbOrTx, product: ProductRow, row: ImportRow): Promise<ProductRow> {
    if (row.currency && row.currency !== product.currency) {
      throw new RowError(`currency ${row.currency} differs from the product's currency ${product.currency}`);
    }
    if (this.touched.has(product.id)) return product;
    this.touched.add(product.id);
    const changes = {
      ...(row.name !== undefined && row.name !== product.name && { name: row.name }),
      ...(row.description !== undefined && row.description !== product.description && { description: row.description }),
      ...(row.category !== undefined && row.category !== product.category && { category: row.category }),
      ...(row.tags !== undefined && row.tags.join('\u0000') !== product.tags.join('\u0000') && { tags: row.tags }),
      ...(row.status !== undefined && row.status !== product.status && { status: row.status }),
    };
    if (Object.keys(changes).length === 0) return product;
    const [updated] = await tx
      .update(products)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(products.id, product.id))
      .returning();
    await recordAudit(tx, {
      ...this.ctx,
      action: 'product.update',
      entityType: 'product',
      entityId: product.id,
      before: auditedProduct(product),
      after: auditedProduct(updated!),
    });
    return updated!;
  }
}

/** The report line for a row that failed while writing, or undefined for an unexpected error. */
function rowErrorMessage(error: unknown, sku: string): string | undefined {
  if (error instanceof RowError) return error.message;
  if (skuFromUniqueViolation(error, [sku]) !== undefined) return skuTakenMessage(sku);
  return undefined;
}
