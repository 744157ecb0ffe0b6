import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { productVariants, products, workspaces } from '../../../db/schema';
import type { Actor } from '../../core/audit/record';
import { recordAudit } from '../../core/audit/record';
import { enqueueEvent } from '../../core/outbox/enqueue';
import { fail, ok, type Result } from '../../core/result';
import type { NewProductInput, ProductChanges } from './schemas';
import { firstTakenSku, insertVariant, skuFromUniqueViolation, skuTakenMessage } from './variant-writes';
import { findProductRow, toProduct, withVariants, type Product, type ProductRow } from './views';

export interface CatalogDeps {
  db: DbOrTx;
}

const NOT_FOUND = 'Product not found';

/** A live product of the workspace with its live variants and their stock; `NOT_FOUND` otherwise. */
export async function getProduct(
  { db }: CatalogDeps,
  { workspaceId, productId }: { workspaceId: string; productId: string },
): Promise<Result<Product, 'NOT_FOUND'>> {
  const row = await findProductRow(db, workspaceId, productId);
  if (!row) return fail('NOT_FOUND', NOT_FOUND);
  const [product] = await withVariants(db, workspaceId, [row]);
  return ok(product!);
}

/** The currency a new product takes when none is given: the workspace's `settings.currency`. */
export async function workspaceCurrency(db: DbOrTx, workspaceId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ settings: workspaces.settings })
    .from(workspaces)
    .where(and(eq(workspaces.id, workspaceId), isNull(workspaces.deletedAt)));
  return row ? (row.settings.currency ?? 'ARS') : undefined;
}

/** Product fields as audited: the row without its generated search vector. */
export const auditedProduct = (row: ProductRow) => toProduct(row, []);

/**
 * Creates a product with its initial variants, each with a stock row (and an INITIAL movement
 * when it starts with units). SKUs must be new among the workspace's live variants
 * (`SKU_TAKEN` names the first that is not). Everything, audit and event included, commits
 * together or not at all.
 */
export async function createProduct(
  { db }: CatalogDeps,
  { workspaceId, actor, input }: { workspaceId: string; actor: Actor; input: NewProductInput },
): Promise<Result<Product, 'NOT_FOUND' | 'SKU_TAKEN'>> {
  const variants = input.variants ?? [];
  const skus = variants.map((v) => v.sku);
  const repeated = skus.find((sku, i) => skus.indexOf(sku) !== i);
  if (repeated) return fail('SKU_TAKEN', `SKU ${repeated} is given twice`);
  try {
    return await db.transaction(async (tx) => {
      const currency = input.currency ?? (await workspaceCurrency(tx, workspaceId));
      if (!currency) return fail('NOT_FOUND', 'Workspace not found');
      const taken = await firstTakenSku(tx, workspaceId, skus);
      if (taken) return fail('SKU_TAKEN', skuTakenMessage(taken));
      const [row] = await tx
        .insert(products)
        .values({
          id: newId('prd'),
          workspaceId,
          name: input.name,
          description: input.description ?? null,
          category: input.category ?? null,
          tags: input.tags ?? [],
          status: input.status ?? 'ACTIVE',
          basePrice: input.basePrice,
          currency,
          images: input.images ?? [],
        })
        .returning();
      const product = row!;
      await recordAudit(tx, {
        workspaceId,
        actor,
        action: 'product.create',
        entityType: 'product',
        entityId: product.id,
        after: auditedProduct(product),
      });
      const created = [];
      for (const variant of variants) created.push(await insertVariant(tx, { workspaceId, actor }, product, variant));
      await enqueueEvent(tx, { workspaceId, type: 'product:created', payload: { productId: product.id } });
      return ok(toProduct(product, created));
    });
  } catch (error) {
    const sku = skuFromUniqueViolation(error, skus);
    if (sku !== undefined) return fail('SKU_TAKEN', skuTakenMessage(sku));
    throw error;
  }
}

/** Changes the given fields of a live product; unnamed fields keep their value. */
export async function updateProduct(
  { db }: CatalogDeps,
  {
    workspaceId,
    actor,
    productId,
    changes,
  }: { workspaceId: string; actor: Actor; productId: string; changes: ProductChanges },
): Promise<Result<Product, 'NOT_FOUND'>> {
  return db.transaction(async (tx) => {
    const current = await findProductRow(tx, workspaceId, productId, { forUpdate: true });
    if (!current) return fail('NOT_FOUND', NOT_FOUND);
    const [row] = await tx
      .update(products)
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.category !== undefined && { category: changes.category }),
        ...(changes.tags !== undefined && { tags: changes.tags }),
        ...(changes.status !== undefined && { status: changes.status }),
        ...(changes.basePrice !== undefined && { basePrice: changes.basePrice }),
        ...(changes.currency !== undefined && { currency: changes.currency }),
        ...(changes.images !== undefined && { images: changes.images }),
        updatedAt: new Date(),
      })
      .where(and(eq(products.id, productId), eq(products.workspaceId, workspaceId)))
      .returning();
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'product.update',
      entityType: 'product',
      entityId: productId,
      before: auditedProduct(current),
      after: auditedProduct(row!),
    });
    await enqueueEvent(tx, { workspaceId, type: 'product:updated', payload: { productId } });
    const [product] = await withVariants(tx, workspaceId, [row!]);
    return ok(product!);
  });
}

/**
 * Soft-deletes a live product and its live variants: they vanish from every catalogue read and
 * their SKUs may be reused. Stock rows, movements, reservations and past orders stay untouched.
 */
export async function deleteProduct(
  { db }: CatalogDeps,
  { workspaceId, actor, productId }: { workspaceId: string; actor: Actor; productId: string },
): Promise<Result<void, 'NOT_FOUND'>> {
  return db.transaction(async (tx) => {
    const current = await findProductRow(tx, workspaceId, productId, { forUpdate: true });
    if (!current) return fail('NOT_FOUND', NOT_FOUND);
    const [before] = await withVariants(tx, workspaceId, [current]);
    const deletedAt = new Date();
    await tx
      .update(products)
      .set({ deletedAt, updatedAt: deletedAt })
      .where(and(eq(products.id, productId), eq(products.workspaceId, workspaceId)));
    await tx
      .update(productVariants)
      .set({ deletedAt, updatedAt: deletedAt })
      .where(
        and(
          eq(productVariants.productId, productId),
          eq(productVariants.workspaceId, workspaceId),
          isNull(productVariants.deletedAt),
        ),
      );
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'product.delete',
      entityType: 'product',
      entityId: productId,
      before,
      after: { deletedAt, variantIds: before!.variants.map((v) => v.id) },
    });
    await enqueueEvent(tx, { workspaceId, type: 'product:deleted', payload: { productId } });
    return ok(undefined);
  });
}
