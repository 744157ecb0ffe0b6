import type { OrderStatus } from '../../../db/schema';

/**
 * The order lifecycle, in one table: the statuses each status may move to.
 *
 * - DRAFT: being built (by an operator or the agent); its items hold stock reservations.
 * - PENDING: waiting for the customer's explicit confirmation; back to DRAFT when it changes.
 * - CONFIRMED: stock committed (sold). SHIPPED, DELIVERED: fulfilment; an order picked up at the
 *   shop goes straight from CONFIRMED to DELIVERED (one sent to an address must ship first).
 * - CANCELLED: from DRAFT/PENDING (holds released) or CONFIRMED (stock returned).
 */
export const ORDER_TRANSITIONS = {
  DRAFT: ['PENDING', 'CONFIRMED', 'CANCELLED'],
  PENDING: ['CONFIRMED', 'DRAFT', 'CANCELLED'],
  CONFIRMED: ['SHIPPED', 'DELIVERED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
} as const satisfies Record<OrderStatus, readonly OrderStatus[]>;

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return (ORDER_TRANSITIONS[from] as readonly OrderStatus[]).includes(to);
}

/** Statuses whose content (items, delivery, prices) may still change. */
export const EDITABLE_STATUSES: readonly OrderStatus[] = ['DRAFT', 'PENDING'];

/** Statuses whose items hold stock reservations rather than sold stock. */
export const HOLDING_STATUSES: readonly OrderStatus[] = ['DRAFT', 'PENDING'];
