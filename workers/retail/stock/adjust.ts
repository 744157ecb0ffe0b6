import { and, eq, sql } from 'drizzle-orm';
import { stockItems } from '../../../db/schema';
import { recordAudit } from '../../core/audit/record';
import { enqueueEvent } from '../../core/outbox/enqueue';
import { fail, ok, type Result } from '../../core/result';
import { announceIfLow, ensureStockRow, readStock, recordMovement } from './ledger';
import type { ManualReason } from './schemas';
import { transact } from './transact';
import { toCounts, toMovement, type Actor, type StockCounts, type StockDeps, type StockMovement } from './types';
import { findVariant } from './variants';

export interface AdjustStockInput {
  workspaceId: string;
  actor: Actor;
  variantId: string;
  /** Exactly one of `delta` (signed change) or `set` (the counted quantity on hand). */
  delta?: number;
  set?: number;
  reason: ManualReason;
  note?: string;
}

export type AdjustStockError = 'NOT_FOUND' | 'INSUFFICIENT_STOCK' | 'INVALID_INPUT';

/**
 * Changes a variant's quantity on hand and writes its movement, audit row and (when the change
 * makes it low) a `stock:low` event in one transaction. On hand can never drop below what is
 * reserved: such an adjustment fails with INSUFFICIENT_STOCK and changes nothing.
 */
export async function adjustStock(
  { db }: StockDeps,
  input: AdjustStockInput,
): Promise<Result<{ stock: StockCounts; movement: StockMovement }, AdjustStockError>> {
  const { workspaceId, variantId, actor } = input;
  if ((input.delta === undefined) === (input.set === undefined))
    return fail('INVALID_INPUT', 'Send exactly one of delta or set');
  const target = input.delta ?? input.set!;
  if (!Number.isSafeInteger(target) || (input.set !== undefined && input.set < 0)) {
    return fail('INVALID_INPUT', 'Quantities are whole numbers; set cannot be negative');
  }
  return transact(db, async (tx) => {
    if (!(await findVariant(tx, workspaceId, variantId))) return fail('NOT_FOUND', 'Variant not found');
    await ensureStockRow(tx, workspaceId, variantId);
    // The row lock gives the audit a true "before" and keeps the check and the write together.
    const before = (await readStock(tx, workspaceId, variantId, true))!;
    const onHandAfter = input.set ?? before.onHand + input.delta!;
    const delta = onHandAfter - before.onHand;
    if (onHandAfter < before.reserved) {
      const available = before.onHand - before.reserved;
      return fail(
        'INSUFFICIENT_STOCK',
        `Cannot leave ${onHandAfter} on hand: ${before.reserved} units are reserved (${available} available to remove)`,
        { variantId, requested: -delta, available, onHand: before.onHand, reserved: before.reserved },
      );
    }
    const [after] = await tx
      .update(stockItems)
      .set({ onHand: onHandAfter, updatedAt: sql`now()` })
      .where(and(eq(stockItems.workspaceId, workspaceId), eq(stockItems.variantId, variantId)))
      .returning();
    const movement = await recordMovement(tx, {
      workspaceId,
      variantId,
      delta,
      onHandAfter,
      reason: input.reason,
      actor,
      note: input.note ?? null,
    });
    await enqueueEvent(tx, {
      workspaceId,
      type: 'stock:updated',
      payload: { ...toCounts(after!), delta, reason: input.reason, movementId: movement.id },
    });
    await announceIfLow(tx, after!, before.onHand - before.reserved);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'stock.adjust',
      entityType: 'stock_item',
      entityId: variantId,
      before: toCounts(before),
      after: { ...toCounts(after!), movementId: movement.id, reason: input.reason },
    });
    return ok({ stock: toCounts(after!), movement: toMovement(movement) });
  });
}
