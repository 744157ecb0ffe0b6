/**
 * Transaction-level building blocks over `stock_items`. Every change is one conditional UPDATE
 * (the condition is the invariant: never read-then-write), and the CHECK constraints on the table
 * refuse whatever slips past. Callers pass the transaction of the change they belong to.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { productVariants, products, stockItems, stockMovements, type StockMovementReason } from '../../../db/schema';
import { enqueueEvent } from '../../core/outbox/enqueue';
import { toCounts, type Actor, type StockRow } from './types';

const itemOf = (workspaceId: string, variantId: string) =>
  and(eq(stockItems.workspaceId, workspaceId), eq(stockItems.variantId, variantId));

/** The stock row of a variant, optionally locked `FOR UPDATE` until the transaction ends. */
export async function readStock(
  db: DbOrTx,
  workspaceId: string,
  variantId: string,
  lock = false,
): Promise<StockRow | undefined> {
  const query = db.select().from(stockItems).where(itemOf(workspaceId, variantId));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

/** Makes sure a variant has a stock row (0 on hand) so a conditional UPDATE has something to update. */
export async function ensureStockRow(db: DbOrTx, workspaceId: string, variantId: string): Promise<void> {
  await db.insert(stockItems).values({ workspaceId, variantId }).onConflictDoNothing({ target: stockItems.variantId });
}

/**
 * `reserved += delta`. Growing succeeds only while `on_hand − reserved ≥ delta`; shrinking only
 * while `reserved ≥ −delta`. Returns the row after, or `undefined` when refused (or no row).
 */
export async function shiftReserved(
  db: DbOrTx,
  workspaceId: string,
  variantId: string,
  delta: number,
): Promise<StockRow | undefined> {
  const guard =
    delta > 0
      ? sql`${stockItems.onHand} - ${stockItems.reserved} >= ${delta}`
      : sql`${stockItems.reserved} >= ${-delta}`;
  const [row] = await db
    .update(stockItems)
    .set({ reserved: sql`${stockItems.reserved} + ${delta}`, updatedAt: sql`now()` })
    .where(and(itemOf(workspaceId, variantId), guard))
    .returning();
  return row;
}

/** Hands reserved units over to a sale: `on_hand −= q, reserved −= q`, only while `reserved ≥ q`. */
export async function sellReserved(db: DbOrTx, workspaceId: string, variantId: string, quantity: number) {
  const [row] = await db
    .update(stockItems)
    .set({
      onHand: sql`${stockItems.onHand} - ${quantity}`,
      reserved: sql`${stockItems.reserved} - ${quantity}`,
      updatedAt: sql`now()`,
    })
    .where(and(itemOf(workspaceId, variantId), sql`${stockItems.reserved} >= ${quantity}`))
    .returning();
  return row;
}

/** Sells unreserved units: `on_hand −= q`, only while `on_hand − reserved ≥ q`. */
export async function sellAvailable(db: DbOrTx, workspaceId: string, variantId: string, quantity: number) {
  const [row] = await db
    .update(stockItems)
    .set({ onHand: sql`${stockItems.onHand} - ${quantity}`, updatedAt: sql`now()` })
    .where(and(itemOf(workspaceId, variantId), sql`${stockItems.onHand} - ${stockItems.reserved} >= ${quantity}`))
    .returning();
  return row;
}

/** Puts units back on hand (`on_hand += q`), creating the row if the variant never had one. */
export async function restock(db: DbOrTx, workspaceId: string, variantId: string, quantity: number): Promise<StockRow> {
  const [row] = await db
    .insert(stockItems)
    .values({ workspaceId, variantId, onHand: quantity })
    .onConflictDoUpdate({
      target: stockItems.variantId,
      set: { onHand: sql`${stockItems.onHand} + ${quantity}`, updatedAt: sql`now()` },
      setWhere: eq(stockItems.workspaceId, workspaceId),
    })
    .returning();
  return row!;
}

export interface MovementInput {
  workspaceId: string;
  variantId: string;
  delta: number;
  onHandAfter: number;
  reason: StockMovementReason;
  reference?: { type: string; id: string } | null;
  actor: Actor;
  note?: string | null;
}

/** Appends the ledger line for a change of `on_hand`. */
export async function recordMovement(db: DbOrTx, input: MovementInput) {
  const [row] = await db
    .insert(stockMovements)
    .values({
      id: newId('mov'),
      workspaceId: input.workspaceId,
      variantId: input.variantId,
      delta: input.delta,
      onHandAfter: input.onHandAfter,
      reason: input.reason,
      referenceType: input.reference?.type ?? null,
      referenceId: input.reference?.id ?? null,
      actorType: input.actor.type,
      actorId: input.actor.id ?? null,
      note: input.note ?? null,
    })
    .returning();
  return row!;
}

/**
 * Announces `stock:low` when availability crosses the threshold downward (before above it,
 * after at or below it) — once per crossing, not on every change while low.
 */
export async function announceIfLow(db: DbOrTx, after: StockRow, availableBefore: number): Promise<boolean> {
  const counts = toCounts(after);
  if (!(availableBefore > counts.lowStockThreshold && counts.available <= counts.lowStockThreshold)) return false;
  const [variant] = await db
    .select({ sku: productVariants.sku, productId: products.id, productName: products.name })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(eq(productVariants.id, after.variantId));
  await enqueueEvent(db, {
    workspaceId: after.workspaceId,
    type: 'stock:low',
    payload: {
      ...counts,
      sku: variant?.sku ?? null,
      productId: variant?.productId ?? null,
      productName: variant?.productName ?? null,
    },
  });
  return true;
}
