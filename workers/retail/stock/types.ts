import type { Database } from '../../../db/client';
import type {
  ReservationStatus,
  StockMovementReason,
  stockItems,
  stockMovements,
  stockReservations,
} from '../../../db/schema';
import type { Actor } from '../../core/audit/record';

export type { Actor };

/** What every stock function needs: the database and a clock (tests move it forward). */
export interface StockDeps {
  db: Database;
  now?: () => Date;
}

export const clock = (deps: { now?: () => Date }): Date => (deps.now ? deps.now() : new Date());

/** The numbers of one variant's stock. `available = onHand − reserved`; `low` once available ≤ threshold. */
export interface StockCounts {
  variantId: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  low: boolean;
}

/** A stock line as the inventory screen and the agent see it. */
export interface StockLevel extends StockCounts {
  productId: string;
  productName: string;
  sku: string;
  attributes: Record<string, string>;
  updatedAt: Date | null;
}

export interface StockMovement {
  id: string;
  variantId: string;
  delta: number;
  onHandAfter: number;
  reason: StockMovementReason;
  reference: { type: string; id: string } | null;
  actor: Actor;
  note: string | null;
  createdAt: Date;
}

export interface Reservation {
  id: string;
  variantId: string;
  quantity: number;
  orderId: string | null;
  status: ReservationStatus;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export type StockRow = typeof stockItems.$inferSelect;

export function toCounts(row: Pick<StockRow, 'variantId' | 'onHand' | 'reserved' | 'lowStockThreshold'>): StockCounts {
  const available = row.onHand - row.reserved;
  return {
    variantId: row.variantId,
    onHand: row.onHand,
    reserved: row.reserved,
    available,
    lowStockThreshold: row.lowStockThreshold,
    low: available <= row.lowStockThreshold,
  };
}

/** The counts of a variant that has no `stock_items` row yet: nothing on hand. */
export const emptyCounts = (variantId: string): StockCounts =>
  toCounts({ variantId, onHand: 0, reserved: 0, lowStockThreshold: 0 });

export function toMovement(row: typeof stockMovements.$inferSelect): StockMovement {
  return {
    id: row.id,
    variantId: row.variantId,
    delta: row.delta,
    onHandAfter: row.onHandAfter,
    reason: row.reason,
    reference: row.referenceType && row.referenceId ? { type: row.referenceType, id: row.referenceId } : null,
    actor: { type: row.actorType, id: row.actorId },
    note: row.note,
    createdAt: row.createdAt,
  };
}

export function toReservation(row: typeof stockReservations.$inferSelect): Reservation {
  return {
    id: row.id,
    variantId: row.variantId,
    quantity: row.quantity,
    orderId: row.orderId,
    status: row.status,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
