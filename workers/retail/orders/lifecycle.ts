import type { AuditAction } from '../../core/audit/catalogue';
import { fail, ok, type Result } from '../../core/result';
import { recordMovement, restock, sellReserved } from '../stock/ledger';
import { transact } from '../stock/transact';
import { clock } from '../stock/types';
import { extendHolds, holdLine, markHoldCommitted, releaseHolds } from './holds';
import { linesOf } from './lines';
import { changeStatus, invalidTransition, type StatusChange } from './record';
import { DEFAULT_HOLD_SECONDS } from './schemas';
import { canTransition, HOLDING_STATUSES } from './transitions';
import type { Actor, Order, OrderDeps, OrderError, OrderRow } from './types';
import type { Tx } from '../../../db/client';
import type { OrderStatus } from '../../../db/schema';
import { loadOrder, lockOrder, orderLabel } from './view';

export interface TransitionInput {
  workspaceId: string;
  actor: Actor;
  orderId: string;
  reason?: string;
}

interface Step {
  to: OrderStatus;
  action: AuditAction;
  /** Work done with the order locked, after the transition was found allowed and before the status changes. */
  before?: (tx: Tx, order: OrderRow, now: Date) => Promise<Result<Partial<StatusChange['set']> | void, OrderError>>;
}

/** Locks the order, checks the transition table, runs the step's stock work, changes the status — one transaction. */
async function transition(deps: OrderDeps, input: TransitionInput, step: Step): Promise<Result<Order, OrderError>> {
  const now = clock(deps);
  return transact(deps.db, async (tx): Promise<Result<Order, OrderError>> => {
    const order = await lockOrder(tx, input.workspaceId, input.orderId);
    if (!order) return fail('NOT_FOUND', 'Order not found');
    if (!canTransition(order.status, step.to)) return invalidTransition(order, step.to);
    const prepared = step.before ? await step.before(tx, order, now) : ok(undefined);
    if (!prepared.ok) return prepared;
    const changed = await changeStatus(tx, {
      order,
      to: step.to,
      actor: input.actor,
      action: step.action,
      reason: input.reason ?? null,
      set: prepared.value ?? undefined,
    });
    if (!changed.ok) return changed;
    return ok((await loadOrder(tx, input.workspaceId, order.id))!);
  });
}

async function requireItems(tx: Tx, order: OrderRow) {
  const items = await linesOf(tx, order);
  return items.length > 0
    ? ok(items)
    : fail('EMPTY_ORDER' as const, `${orderLabel(order)} has no items`, { orderId: order.id });
}

/**
 * DRAFT → PENDING: the order waits for the customer's explicit confirmation; its stock stays held
 * (renewed for `holdSeconds`, default 900). An empty order cannot be put to the customer.
 */
export function markPending(deps: OrderDeps, input: TransitionInput & { holdSeconds?: number }) {
  return transition(deps, input, {
    to: 'PENDING',
    action: 'order.mark_pending',
    before: async (tx, order, now) => {
      const items = await requireItems(tx, order);
      if (!items.ok) return items;
      await extendHolds(
        tx,
        order.workspaceId,
        order.id,
        new Date(now.getTime() + (input.holdSeconds ?? DEFAULT_HOLD_SECONDS) * 1000),
      );
      return ok(undefined);
    },
  });
}

/** PENDING → DRAFT: back to editing (e.g. the customer wants changes). */
export function reopenOrder(deps: OrderDeps, input: TransitionInput) {
  return transition(deps, input, { to: 'DRAFT', action: 'order.reopen' });
}

/**
 * DRAFT/PENDING → CONFIRMED, selling the stock atomically: for each line its hold becomes
 * COMMITTED and `on_hand −= q, reserved −= q` with a SALE movement. A hold that expired is
 * reserved again; if the stock is no longer there the whole confirmation fails with
 * INSUFFICIENT_STOCK and nothing changes. Lines are taken in variant order, so concurrent
 * confirmations lock stock rows in the same order.
 */
export function confirmOrder(deps: OrderDeps, input: TransitionInput) {
  return transition(deps, input, {
    to: 'CONFIRMED',
    action: 'order.confirm',
    before: async (tx, order, now) => {
      const items = await requireItems(tx, order);
      if (!items.ok) return items;
      const holdUntil = new Date(now.getTime() + DEFAULT_HOLD_SECONDS * 1000);
      for (const item of items.value) {
        const hold = {
          workspaceId: order.workspaceId,
          orderId: order.id,
          variantId: item.variantId,
          quantity: item.quantity,
        };
        const held = await holdLine(tx, { ...hold, expiresAt: holdUntil, label: item.sku });
        if (!held.ok) return held;
        await markHoldCommitted(tx, held.value.reservationId!);
        const after = await sellReserved(tx, order.workspaceId, item.variantId, item.quantity);
        if (!after)
          throw new Error(`the hold of ${item.sku} on order ${order.id} is not covered by stock_items.reserved`);
        await recordMovement(tx, {
          workspaceId: order.workspaceId,
          variantId: item.variantId,
          delta: -item.quantity,
          onHandAfter: after.onHand,
          reason: 'SALE',
          reference: { type: 'order', id: order.id },
          actor: input.actor,
        });
      }
      return ok({ confirmedAt: now });
    },
  });
}

/**
 * → CANCELLED. A DRAFT or PENDING order releases its holds; a CONFIRMED one puts its units back
 * on hand with a CANCELLATION movement per line. Shipped and delivered orders cannot be cancelled.
 */
export function cancelOrder(deps: OrderDeps, input: TransitionInput) {
  return transition(deps, input, {
    to: 'CANCELLED',
    action: 'order.cancel',
    before: async (tx, order, now) => {
      if (HOLDING_STATUSES.includes(order.status)) {
        await releaseHolds(tx, order.workspaceId, order.id);
      } else {
        for (const item of await linesOf(tx, order)) {
          const after = await restock(tx, order.workspaceId, item.variantId, item.quantity);
          await recordMovement(tx, {
            workspaceId: order.workspaceId,
            variantId: item.variantId,
            delta: item.quantity,
            onHandAfter: after.onHand,
            reason: 'CANCELLATION',
            reference: { type: 'order', id: order.id },
            actor: input.actor,
            note: input.reason ?? null,
          });
        }
      }
      return ok({ cancelledAt: now });
    },
  });
}

/** CONFIRMED → SHIPPED, keeping the carrier's tracking number on the delivery when given. A pickup order does not ship. */
export function shipOrder(deps: OrderDeps, input: TransitionInput & { trackingNumber?: string }) {
  return transition(deps, input, {
    to: 'SHIPPED',
    action: 'order.ship',
    before: async (_tx, order) => {
      if (order.delivery?.method === 'PICKUP') return invalidTransition(order, 'SHIPPED');
      if (!input.trackingNumber) return ok(undefined);
      return ok({
        delivery: { ...(order.delivery ?? { method: 'DELIVERY' as const }), trackingNumber: input.trackingNumber },
      });
    },
  });
}

/** SHIPPED → DELIVERED; CONFIRMED → DELIVERED only for an order picked up at the shop. */
export function deliverOrder(deps: OrderDeps, input: TransitionInput) {
  return transition(deps, input, {
    to: 'DELIVERED',
    action: 'order.deliver',
    before: async (_tx, order) =>
      order.status === 'CONFIRMED' && order.delivery?.method !== 'PICKUP'
        ? invalidTransition(order, 'DELIVERED')
        : ok(undefined),
  });
}
