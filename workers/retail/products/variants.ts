import { and, eq, isNull, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { productVariants, products, stockItems } from '../../../db/schema';
import type { Actor } from '../../core/audit/record';
import { recordAudit } from '../../core/audit/record';
import { enqueueEvent } from '../../core/outbox/enqueue';
import { fail, ok, type Result } from '../../core/result';
import type { CatalogDeps } from './products';
import { normaliseSku, type NewVariantInput, type VariantChanges } from './schemas';
import { firstTakenSku, insertVariant, skuFromUniqueViolation, skuTakenMessage } from './variant-writes';
import { findProductRow, productColumns, toProduct, toVariant, type Product, type Variant } from './views';

/** A variant with the product it belongs to (the product without its other variants). */
export interface VariantWithProduct {
  product: Omit<Product, 'variants'>;
  variant: Variant;
}

const NOT_FOUND = 'Variant not found';

async function findVariant(db: DbOrTx, workspaceId: string, where: SQL | undefined) {
  const [row] = await db
    .select({ variant: productVariants, product: productColumns, stock: stockItems })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .leftJoin(stockItems, eq(stockItems.variantId, productVariants.id))
    .where(
      and(
        eq(productVariants.workspaceId, workspaceId),
        eq(products.workspaceId, workspaceId),
        isNull(productVariants.deletedAt),
        isNull(products.deletedAt),
        where,
      ),
    );
  return row;
}

function toVariantWithProduct(row: NonNullable<Awaited<ReturnType<typeof findVariant>>>): VariantWithProduct {
  const { variants: _variants, ...product } = toProduct(row.product, []);
  return { product, variant: toVariant(row.variant, row.stock, row.product) };
}

/** A live variant of a live product of the workspace, with its product, price and stock. */
export async function getVariant(
  { db }: CatalogDeps,
  { workspaceId, variantId }: { workspaceId: string; variantId: string },
): Promise<Result<VariantWithProduct, 'NOT_FOUND'>> {
  const row = await findVariant(db, workspaceId, eq(productVariants.id, variantId));
  return row ? ok(toVariantWithProduct(row)) : fail('NOT_FOUND', NOT_FOUND);
}

/** The live variant with this SKU (matched trimmed and case-insensitively), with its product. */
export async function resolveVariantBySku(
  { db }: CatalogDeps,
  { workspaceId, sku }: { workspaceId: string; sku: string },
): Promise<Result<VariantWithProduct, 'NOT_FOUND'>> {
  const row = await findVariant(db, workspaceId, eq(productVariants.sku, normaliseSku(sku)));
  return row ? ok(toVariantWithProduct(row)) : fail('NOT_FOUND', `No product with SKU ${normaliseSku(sku)}`);
}

/** Adds a variant (with its stock row) to a live product; the SKU must be free in the workspace. */
export async function addVariant(
  { db }: CatalogDeps,
  input: { workspaceId: string; actor: Actor; productId: string; variant: NewVariantInput },
): Promise<Result<Variant, 'NOT_FOUND' | 'SKU_TAKEN'>> {
  const { workspaceId, actor, productId, variant } = input;
  try {
    return await db.transaction(async (tx) => {
      const product = await findProductRow(tx, workspaceId, productId, { forUpdate: true });
      if (!product) return fail('NOT_FOUND', 'Product not found');
      if (await firstTakenSku(tx, workspaceId, [variant.sku])) return fail('SKU_TAKEN', skuTakenMessage(variant.sku));
      const created = await insertVariant(tx, { workspaceId, actor }, product, variant);
      await enqueueEvent(tx, { workspaceId, type: 'product:updated', payload: { productId, variantId: created.id } });
      return ok(created);
    });
  } catch (error) {
    if (skuFromUniqueViolation(error, [variant.sku]) !== undefined)
      return fail('SKU_TAKEN', skuTakenMessage(variant.sku));
    throw error;
  }
}

async function lockVariant(tx: DbOrTx, workspaceId: string, productId: string, variantId: string) {
  const product = await findProductRow(tx, workspaceId, productId, { forUpdate: true });
  if (!product) return undefined;
  const [row] = await tx
    .select({ variant: productVariants, stock: stockItems })
    .from(productVariants)
    .leftJoin(stockItems, eq(stockItems.variantId, productVariants.id))
    .where(
      and(
        eq(productVariants.id, variantId),
        eq(productVariants.productId, productId),
        eq(productVariants.workspaceId, workspaceId),
        isNull(productVariants.deletedAt),
      ),
    )
    .for('update', { of: productVariants });
  return row ? { product, ...row } : undefined;
}

/** Changes the given fields of a live variant of a live product; a new SKU must be free. */
export async function updateVariant(
  { db }: CatalogDeps,
  input: { workspaceId: string; actor: Actor; productId: string; variantId: string; changes: VariantChanges },
): Promise<Result<Variant, 'NOT_FOUND' | 'SKU_TAKEN'>> {
  const { workspaceId, actor, productId, variantId, changes } = input;
  const skus = changes.sku ? [changes.sku] : [];
  try {
    return await db.transaction(async (tx) => {
      const current = await lockVariant(tx, workspaceId, productId, variantId);
      if (!current) return fail('NOT_FOUND', NOT_FOUND);
      if (changes.sku && (await firstTakenSku(tx, workspaceId, skus, variantId))) {
        return fail('SKU_TAKEN', skuTakenMessage(changes.sku));
      }
      const now = new Date();
      const [row] = await tx
        .update(productVariants)
        .set({
          ...(changes.sku !== undefined && { sku: changes.sku }),
          ...(changes.attributes !== undefined && { attributes: changes.attributes }),
          ...(changes.priceOverride !== undefined && { priceOverride: changes.priceOverride }),
          ...(changes.status !== undefined && { status: changes.status }),
          updatedAt: now,
        })
        .where(and(eq(productVariants.id, variantId), eq(productVariants.workspaceId, workspaceId)))
        .returning();
      let stock = current.stock;
      if (changes.lowStockThreshold !== undefined) {
        const [updated] = await tx
          .update(stockItems)
          .set({ lowStockThreshold: changes.lowStockThreshold, updatedAt: now })
          .where(and(eq(stockItems.variantId, variantId), eq(stockItems.workspaceId, workspaceId)))
          .returning();
        stock = updated ?? null;
      }
      const after = toVariant(row!, stock, current.product);
      await recordAudit(tx, {
        workspaceId,
        actor,
        action: 'variant.update',
        entityType: 'product_variant',
        entityId: variantId,
        before: toVariant(current.variant, current.stock, current.product),
        after,
      });
      await enqueueEvent(tx, { workspaceId, type: 'product:updated', payload: { productId, variantId } });
      return ok(after);
    });
  } catch (error) {
    if (skuFromUniqueViolation(error, skus) !== undefined) return fail('SKU_TAKEN', skuTakenMessage(changes.sku!));
    throw error;
  }
}

/** Soft-deletes a live variant: gone from catalogue reads, SKU reusable, stock rows kept. */
export async function deleteVariant(
  { db }: CatalogDeps,
  input: { workspaceId: string; actor: Actor; productId: string; variantId: string },
): Promise<Result<void, 'NOT_FOUND'>> {
  const { workspaceId, actor, productId, variantId } = input;
  return db.transaction(async (tx) => {
    const current = await lockVariant(tx, workspaceId, productId, variantId);
    if (!current) return fail('NOT_FOUND', NOT_FOUND);
    const deletedAt = new Date();
    await tx
      .update(productVariants)
      .set({ deletedAt, updatedAt: deletedAt })
      .where(and(eq(productVariants.id, variantId), eq(productVariants.workspaceId, workspaceId)));
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'variant.delete',
      entityType: 'product_variant',
      entityId: variantId,
      before: toVariant(current.variant, current.stock, current.product),
      after: { deletedAt },
    });
    await enqueueEvent(tx, { workspaceId, type: 'product:updated', payload: { productId, variantId } });
    return ok(undefined);
  });
}
