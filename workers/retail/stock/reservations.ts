import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { orders, stockReservations } from '../../../db/schema';
import { recordAudit } from '../../core/audit/record';
import { fail, ok, type Result } from '../../core/result';
import { announceIfLow, readStock, recordMovement, sellReserved, shiftReserved } from './ledger';
import { DEFAULT_RESERVATION_TTL_SECONDS } from './schemas';
import { transact } from './transact';
import {
  clock,
  emptyCounts,
  toCounts,
  toReservation,
  type Actor,
  type Reservation,
  type StockCounts,
  type StockDeps,
  type StockRow,
} from './types';
import { findVariant, isSellable } from './variants';

/** The one INSUFFICIENT_STOCK failure, with what was asked and what there is. */
export function insufficientStock(variantId: string, requested: number, available: number, label?: string) {
  return fail(
    'INSUFFICIENT_STOCK' as const,
    `Not enough stock${label ? ` of ${label}` : ''}: requested ${requested}, available ${Math.max(available, 0)}`,
    { variantId, requested, available: Math.max(available, 0) },
  );
}

/**
 * Inside a transaction: `reserved += quantity` if that many are available (one conditional
 * UPDATE), announcing `stock:low` on a downward crossing. Does not write a reservation row.
 */
export async function holdUnits(
  tx: DbOrTx,
  workspaceId: string,
  variantId: string,
  quantity: number,
  label?: string,
): Promise<Result<StockRow, 'INSUFFICIENT_STOCK'>> {
  const after = await shiftReserved(tx, workspaceId, variantId, quantity);
  if (!after) {
    const current = await readStock(tx, workspaceId, variantId);
    return insufficientStock(variantId, quantity, current ? current.onHand - current.reserved : 0, label);
  }
  await announceIfLow(tx, after, after.onHand - after.reserved + quantity);
  return ok(after);
}

export interface ReserveStockInput {
  workspaceId: string;
  actor: Actor;
  variantId: string;
  quantity: number;
  orderId?: string;
  /** 60..86400 seconds; 900 when not given. */
  ttlSeconds?: number;
}

export interface ReservationResult {
  reservation: Reservation;
  stock: StockCounts;
}

/**
 * Holds `quantity` units of a variant until `now + ttlSeconds`. Concurrent reservations never
 * oversell: the hold is a conditional UPDATE on `on_hand − reserved ≥ quantity`.
 */
export async function reserveStock(
  deps: StockDeps,
  input: ReserveStockInput,
): Promise<Result<ReservationResult, 'NOT_FOUND' | 'INSUFFICIENT_STOCK' | 'INVALID_STATE' | 'INVALID_INPUT'>> {
  const { workspaceId, variantId, quantity, actor } = input;
  const ttl = input.ttlSeconds ?? DEFAULT_RESERVATION_TTL_SECONDS;
  if (!Number.isSafeInteger(quantity) || quantity < 1)
    return fail('INVALID_INPUT', 'quantity must be a whole number of at least 1');
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > 86_400)
    return fail('INVALID_INPUT', 'ttlSeconds must be between 60 and 86400');
  const now = clock(deps);
  return transact(deps.db, async (tx) => {
    const found = await findVariant(tx, workspaceId, variantId);
    if (!found) return fail('NOT_FOUND', 'Variant not found');
    const { sku } = found.variant;
    if (!isSellable(found))
      return fail('INVALID_STATE', `Variant ${sku} is not for sale (archived or inactive product)`);
    if (input.orderId) {
      const [order] = await tx
        .select({ status: orders.status })
        .from(orders)
        .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, input.orderId)));
      if (!order) return fail('NOT_FOUND', 'Order not found');
      if (order.status !== 'DRAFT' && order.status !== 'PENDING') {
        return fail('INVALID_STATE', `Stock can be held only for DRAFT or PENDING orders; this one is ${order.status}`);
      }
    }
    const held = await holdUnits(tx, workspaceId, variantId, quantity, sku);
    if (!held.ok) return held;
    const [row] = await tx
      .insert(stockReservations)
      .values({
        id: newId('rsv'),
        workspaceId,
        variantId,
        quantity,
        orderId: input.orderId ?? null,
        expiresAt: new Date(now.getTime() + ttl * 1000),
      })
      .returning();
    const reservation = toReservation(row!);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'stock_reservation.create',
      entityType: 'stock_reservation',
      entityId: reservation.id,
      after: { ...reservation, stock: toCounts(held.value) },
    });
    return ok({ reservation, stock: toCounts(held.value) });
  });
}

async function countsOf(db: DbOrTx, workspaceId: string, variantId: string): Promise<StockCounts> {
  const row = await readStock(db, workspaceId, variantId);
  return row ? toCounts(row) : emptyCounts(variantId);
}

/**
 * Gives a reservation's units back. Idempotent: releasing one that is already RELEASED or
 * EXPIRED changes nothing and succeeds; a COMMITTED one (already sold) is INVALID_STATE.
 */
export async function releaseReservation(
  { db }: StockDeps,
  input: { workspaceId: string; actor: Actor; reservationId: string },
): Promise<Result<ReservationResult, 'NOT_FOUND' | 'INVALID_STATE'>> {
  const { workspaceId, actor, reservationId } = input;
  return transact(db, async (tx) => {
    const [released] = await tx
      .update(stockReservations)
      .set({ status: 'RELEASED', updatedAt: sql`now()` })
      .where(
        and(
          eq(stockReservations.workspaceId, workspaceId),
          eq(stockReservations.id, reservationId),
          eq(stockReservations.status, 'ACTIVE'),
        ),
      )
      .returning();
    if (!released) {
      const [current] = await tx
        .select()
        .from(stockReservations)
        .where(and(eq(stockReservations.workspaceId, workspaceId), eq(stockReservations.id, reservationId)));
      if (!current) return fail('NOT_FOUND', 'Reservation not found');
      if (current.status === 'COMMITTED') return fail('INVALID_STATE', 'Reservation was already committed to a sale');
      return ok({ reservation: toReservation(current), stock: await countsOf(tx, workspaceId, current.variantId) });
    }
    const after = await shiftReserved(tx, workspaceId, released.variantId, -released.quantity);
    const reservation = toReservation(released);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'stock_reservation.release',
      entityType: 'stock_reservation',
      entityId: reservation.id,
      before: { ...reservation, status: 'ACTIVE' },
      after: reservation,
    });
    return ok({ reservation, stock: after ? toCounts(after) : await countsOf(tx, workspaceId, released.variantId) });
  });
}

/**
 * Turns a live reservation into a sale: reservation → COMMITTED, `on_hand −= q`, `reserved −= q`,
 * and a SALE movement. A reservation past its expiry (swept or not), released, missing, or held
 * for an order (confirmOrder sells those) fails and changes nothing; committing an already
 * committed one succeeds without changing anything.
 */
export async function commitReservation(
  deps: StockDeps,
  input: { workspaceId: string; actor: Actor; reservationId: string; reference?: { type: string; id: string } },
): Promise<Result<ReservationResult, 'NOT_FOUND' | 'INVALID_STATE'>> {
  const { workspaceId, actor, reservationId } = input;
  const now = clock(deps);
  return transact(deps.db, async (tx) => {
    const [committed] = await tx
      .update(stockReservations)
      .set({ status: 'COMMITTED', updatedAt: sql`now()` })
      .where(
        and(
          eq(stockReservations.workspaceId, workspaceId),
          eq(stockReservations.id, reservationId),
          eq(stockReservations.status, 'ACTIVE'),
          gt(stockReservations.expiresAt, now),
          // An order's holds are sold by confirming the order, never one by one (no double sale).
          isNull(stockReservations.orderId),
        ),
      )
      .returning();
    if (!committed) {
      const [current] = await tx
        .select()
        .from(stockReservations)
        .where(and(eq(stockReservations.workspaceId, workspaceId), eq(stockReservations.id, reservationId)));
      if (!current) return fail('NOT_FOUND', 'Reservation not found');
      if (current.status === 'COMMITTED') {
        return ok({ reservation: toReservation(current), stock: await countsOf(tx, workspaceId, current.variantId) });
      }
      if (current.orderId && current.status === 'ACTIVE' && current.expiresAt > now) {
        return fail('INVALID_STATE', 'Reservation holds stock for an order: confirming the order sells it', {
          reservationId,
          orderId: current.orderId,
        });
      }
      const why =
        current.status === 'ACTIVE' || current.status === 'EXPIRED'
          ? `expired at ${current.expiresAt.toISOString()}`
          : 'was released';
      return fail('INVALID_STATE', `Reservation ${why}`, {
        reservationId,
        status: current.status === 'ACTIVE' ? 'EXPIRED' : current.status,
      });
    }
    const after = await sellReserved(tx, workspaceId, committed.variantId, committed.quantity);
    // The reservation held these units, so the sale cannot fail short of a broken invariant.
    if (!after) throw new Error(`reservation ${committed.id} held units that stock_items does not show as reserved`);
    const reference =
      input.reference ??
      (committed.orderId ? { type: 'order', id: committed.orderId } : { type: 'reservation', id: committed.id });
    const movement = await recordMovement(tx, {
      workspaceId,
      variantId: committed.variantId,
      delta: -committed.quantity,
      onHandAfter: after.onHand,
      reason: 'SALE',
      reference,
      actor,
    });
    const reservation = toReservation(committed);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'stock_reservation.commit',
      entityType: 'stock_reservation',
      entityId: reservation.id,
      before: { ...reservation, status: 'ACTIVE' },
      after: { ...reservation, movementId: movement.id, stock: toCounts(after) },
    });
    return ok({ reservation, stock: toCounts(after) });
  });
}
