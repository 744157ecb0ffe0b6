/**
 * Stock held by the lines of a DRAFT or PENDING order: one ACTIVE reservation per (order,
 * variant), kept equal to the line's quantity. Callers hold the order's row lock, so two
 * changes to the same order never interleave.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { stockReservations } from '../../../db/schema';
import { ok, type Result } from '../../core/result';
import { shiftReserved } from '../stock/ledger';
import { holdUnits, insufficientStock } from '../stock/reservations';

const activeHoldsOf = (workspaceId: string, orderId: string) =>
  and(
    eq(stockReservations.workspaceId, workspaceId),
    eq(stockReservations.orderId, orderId),
    eq(stockReservations.status, 'ACTIVE'),
  );

export interface LineHold {
  workspaceId: string;
  orderId: string;
  variantId: string;
  /** The units the line should hold; 0 releases the hold. */
  quantity: number;
  expiresAt: Date;
  /** Names the variant in an INSUFFICIENT_STOCK message (its SKU). */
  label?: string;
}

/**
 * Makes the line's reservation hold exactly `quantity` units until `expiresAt`: reserving the
 * difference (conditional UPDATE; fails with INSUFFICIENT_STOCK, `available` counting what the
 * line already holds), or giving the surplus back. A hold that expired and was swept is made
 * anew; one past its time but not yet swept still holds its units and is simply extended.
 */
export async function holdLine(
  tx: DbOrTx,
  hold: LineHold,
): Promise<Result<{ reservationId: string | null }, 'INSUFFICIENT_STOCK'>> {
  const { workspaceId, orderId, variantId, quantity } = hold;
  const [current] = await tx
    .select()
    .from(stockReservations)
    .where(and(activeHoldsOf(workspaceId, orderId), eq(stockReservations.variantId, variantId)))
    .for('update');
  const held = current?.quantity ?? 0;
  const delta = quantity - held;
  if (delta > 0) {
    const reserved = await holdUnits(tx, workspaceId, variantId, delta, hold.label);
    if (!reserved.ok) {
      return insufficientStock(
        variantId,
        quantity,
        held + ((reserved.details?.available as number | undefined) ?? 0),
        hold.label,
      );
    }
  } else if (delta < 0 && !(await shiftReserved(tx, workspaceId, variantId, delta))) {
    throw new Error(`hold ${current?.id} of ${variantId} is not covered by stock_items.reserved`);
  }
  if (quantity === 0) {
    if (current)
      await tx
        .update(stockReservations)
        .set({ status: 'RELEASED', updatedAt: sql`now()` })
        .where(eq(stockReservations.id, current.id));
    return ok({ reservationId: null });
  }
  if (current) {
    await tx
      .update(stockReservations)
      .set({ quantity, expiresAt: hold.expiresAt, updatedAt: sql`now()` })
      .where(eq(stockReservations.id, current.id));
    return ok({ reservationId: current.id });
  }
  const id = newId('rsv');
  await tx
    .insert(stockReservations)
    .values({ id, workspaceId, variantId, quantity, orderId, expiresAt: hold.expiresAt });
  return ok({ reservationId: id });
}

/** Pushes the expiry of every hold of the order to `expiresAt` (any change to a draft keeps it alive). */
export async function extendHolds(tx: DbOrTx, workspaceId: string, orderId: string, expiresAt: Date): Promise<void> {
  await tx
    .update(stockReservations)
    .set({ expiresAt, updatedAt: sql`now()` })
    .where(activeHoldsOf(workspaceId, orderId));
}

/** Releases every hold of the order and gives the units back. Returns how many units per variant. */
export async function releaseHolds(tx: DbOrTx, workspaceId: string, orderId: string): Promise<Map<string, number>> {
  const released = await tx
    .update(stockReservations)
    .set({ status: 'RELEASED', updatedAt: sql`now()` })
    .where(activeHoldsOf(workspaceId, orderId))
    .returning({ variantId: stockReservations.variantId, quantity: stockReservations.quantity });
  const perVariant = new Map<string, number>();
  for (const r of released) perVariant.set(r.variantId, (perVariant.get(r.variantId) ?? 0) + r.quantity);
  for (const variantId of [...perVariant.keys()].sort()) {
    if (!(await shiftReserved(tx, workspaceId, variantId, -perVariant.get(variantId)!))) {
      throw new Error(`holds of order ${orderId} are not covered by stock_items.reserved of ${variantId}`);
    }
  }
  return perVariant;
}

/** Marks the line's hold COMMITTED (its units were just sold). */
export async function markHoldCommitted(tx: DbOrTx, reservationId: string): Promise<void> {
  await tx
    .update(stockReservations)
    .set({ status: 'COMMITTED', updatedAt: sql`now()` })
    .where(eq(stockReservations.id, reservationId));
}
