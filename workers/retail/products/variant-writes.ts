import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import { newId } from '../../../db/ids';
import { productVariants, stockItems, type StockMovementReason } from '../../../db/schema';
import { recordAudit, type Actor } from '../../core/audit/record';
import { enqueueEvent } from '../../core/outbox/enqueue';
import type { NewVariantInput } from './schemas';
import { announceIfLow, recordMovement } from '../stock/ledger';
import { toCounts } from '../stock/types';
import { toVariant, type ProductRow, type StockRow, type Variant, type VariantRow } from './views';

/** The partial unique index that keeps live SKUs unique per workspace. */
export const SKU_INDEX = 'product_variants_workspace_sku_key';

export const skuTakenMessage = (sku: string) => `SKU ${sku} already exists in this workspace`;

/** The first of `skus` already used by a live variant of the workspace (other than `exceptVariantId`). */
export async function firstTakenSku(
  db: DbOrTx,
  workspaceId: string,
  skus: string[],
  exceptVariantId?: string,
): Promise<string | undefined> {
  if (skus.length === 0) return undefined;
  const rows = await db
    .select({ sku: productVariants.sku })
    .from(productVariants)
    .where(
      and(
        eq(productVariants.workspaceId, workspaceId),
        inArray(productVariants.sku, skus),
        isNull(productVariants.deletedAt),
        exceptVariantId ? ne(productVariants.id, exceptVariantId) : undefined,
      ),
    );
  const taken = new Set(rows.map((r) => r.sku));
  return skus.find((s) => taken.has(s));
}

/** The SKU named by a unique violation of the SKU index, if `error` is one. */
export function skuFromUniqueViolation(error: unknown, candidates: string[]): string | undefined {
  if (!isUniqueViolation(error, SKU_INDEX)) return undefined;
  const detail = findDetail(error);
  return candidates.find((sku) => detail?.includes(`, ${sku})`)) ?? candidates[0] ?? '';
}

function findDetail(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const { detail } = e as { detail?: unknown };
    if (typeof detail === 'string') return detail;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface WriteContext {
  workspaceId: string;
  actor: Actor;
}

/**
 * Inserts a variant of `product` with its stock row (on hand = `initialStock`, 0 if absent); a
 * positive initial stock also writes a stock movement with `reason`. Records the audit row.
 * Call inside the transaction of the whole change.
 */
export async function insertVariant(
  tx: DbOrTx,
  { workspaceId, actor }: WriteContext,
  product: ProductRow,
  input: NewVariantInput,
  reason: StockMovementReason = 'INITIAL',
): Promise<Variant> {
  const [row] = await tx
    .insert(productVariants)
    .values({
      id: newId('var'),
      workspaceId,
      productId: product.id,
      sku: input.sku,
      attributes: input.attributes ?? {},
      priceOverride: input.priceOverride ?? null,
      status: input.status ?? 'ACTIVE',
    })
    .returning();
  const [stock] = await tx
    .insert(stockItems)
    .values({
      variantId: row!.id,
      workspaceId,
      onHand: 0,
      reserved: 0,
      lowStockThreshold: input.lowStockThreshold ?? 0,
    })
    .returning();
  const variant = row!;
  let stockRow = stock!;
  if (input.initialStock) {
    stockRow = (await setOnHand(tx, { workspaceId, actor }, variant, stockRow, input.initialStock, reason))!;
  }
  const view = toVariant(variant, stockRow, product);
  await recordAudit(tx, {
    workspaceId,
    actor,
    action: 'variant.create',
    entityType: 'product_variant',
    entityId: variant.id,
    after: view,
  });
  return view;
}

/**
 * Sets a variant's units on hand through the stock ledger: a movement with the delta and
 * `reason`, a `stock:updated` event, and `stock:low` when it crosses its threshold. Refused
 * (`undefined`, nothing written) if it would leave fewer units than are reserved.
 */
export async function setOnHand(
  tx: DbOrTx,
  { workspaceId, actor }: WriteContext,
  variant: VariantRow,
  current: StockRow,
  onHand: number,
  reason: StockMovementReason,
): Promise<StockRow | undefined> {
  const delta = onHand - current.onHand;
  if (delta === 0) return current;
  const [after] = await tx
    .update(stockItems)
    .set({ onHand, updatedAt: sql`now()` })
    .where(
      and(
        eq(stockItems.variantId, variant.id),
        eq(stockItems.workspaceId, workspaceId),
        sql`${stockItems.reserved} <= ${onHand}`,
      ),
    )
    .returning();
  if (!after) return undefined;
  const movement = await recordMovement(tx, {
    workspaceId,
    variantId: variant.id,
    delta,
    onHandAfter: onHand,
    reason,
    actor,
  });
  await enqueueEvent(tx, {
    workspaceId,
    type: 'stock:updated',
    payload: { ...toCounts(after), delta, reason, movementId: movement.id },
  });
  await announceIfLow(tx, after, current.onHand - current.reserved);
  return after;
}
