import type { AuditAction } from '../../core/audit/catalogue';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { orderItems, orderStatusHistory, orders, type OrderStatus } from '../../../db/schema';
import { recordAudit } from '../../core/audit/record';
import { enqueueEvent } from '../../core/outbox/enqueue';
import { fail, ok, type Result } from '../../core/result';
import { canTransition } from './transitions';
import type { Actor, OrderRow } from './types';
import { orderLabel } from './view';

/** The order's money and status as audited (before/after of every order write). */
export const auditedOrder = (row: OrderRow) => ({
  number: row.number,
  status: row.status,
  customerId: row.customerId,
  subtotal: row.subtotal,
  shipping: row.shipping,
  discount: row.discount,
  total: row.total,
  delivery: row.delivery,
  notes: row.notes,
});

export function invalidTransition(order: OrderRow, to: OrderStatus) {
  return fail('INVALID_TRANSITION' as const, `${orderLabel(order)} cannot go from ${order.status} to ${to}`, {
    orderId: order.id,
    from: order.status,
    to,
  });
}

export interface StatusChange {
  order: OrderRow;
  to: OrderStatus;
  actor: Actor;
  reason?: string | null;
  /** `order.confirm`, `order.cancel`, … */
  action: AuditAction;
  /** Extra columns set with the status (confirmedAt, cancelledAt). */
  set?: Partial<Pick<OrderRow, 'confirmedAt' | 'cancelledAt' | 'delivery'>>;
}

/**
 * Moves an order to `to` if the transition table allows it, writing the status history row,
 * the audit row and an `order:updated` event in the caller's transaction.
 */
export async function changeStatus(tx: DbOrTx, change: StatusChange): Promise<Result<OrderRow, 'INVALID_TRANSITION'>> {
  const { order, to, actor } = change;
  if (!canTransition(order.status, to)) return invalidTransition(order, to);
  const [after] = await tx
    .update(orders)
    .set({ status: to, ...change.set, updatedAt: sql`now()` })
    .where(eq(orders.id, order.id))
    .returning();
  await tx.insert(orderStatusHistory).values({
    id: newId('osh'),
    workspaceId: order.workspaceId,
    orderId: order.id,
    fromStatus: order.status,
    toStatus: to,
    actorType: actor.type,
    actorId: actor.id ?? null,
    reason: change.reason ?? null,
  });
  await recordAudit(tx, {
    workspaceId: order.workspaceId,
    actor,
    action: change.action,
    entityType: 'order',
    entityId: order.id,
    before: auditedOrder(order),
    after: { ...auditedOrder(after!), reason: change.reason ?? null },
  });
  await announceOrder(tx, after!, { from: order.status, to });
  return ok(after!);
}

/** `order:updated` (or `order:created`) for realtime screens and notifications. */
export async function announceOrder(
  tx: DbOrTx,
  order: OrderRow,
  change: Record<string, unknown>,
  type: 'order:created' | 'order:updated' = 'order:updated',
): Promise<void> {
  await enqueueEvent(tx, {
    workspaceId: order.workspaceId,
    type,
    payload: {
      orderId: order.id,
      number: order.number,
      status: order.status,
      total: order.total,
      currency: order.currency,
      ...change,
    },
  });
}

/**
 * Recomputes subtotal (Σ line totals) and total (subtotal + shipping − discount) from the lines,
 * with the shipping and discount given (or the order's). A negative total is INVALID_INPUT.
 */
export async function applyTotals(
  tx: DbOrTx,
  order: OrderRow,
  money: { shipping?: number; discount?: number } = {},
): Promise<Result<OrderRow, 'INVALID_INPUT'>> {
  const [sum] = await tx
    .select({ subtotal: sql<number>`coalesce(sum(${orderItems.lineTotal}), 0)`.mapWith(Number) })
    .from(orderItems)
    .where(eq(orderItems.orderId, order.id));
  const subtotal = sum?.subtotal ?? 0;
  const shipping = money.shipping ?? order.shipping;
  const discount = money.discount ?? order.discount;
  const total = subtotal + shipping - discount;
  if (total < 0) {
    return fail(
      'INVALID_INPUT',
      `The discount (${discount}) is larger than subtotal plus shipping (${subtotal + shipping}); totals cannot be negative`,
      {
        subtotal,
        shipping,
        discount,
      },
    );
  }
  if (!Number.isSafeInteger(total)) return fail('INVALID_INPUT', 'The order total is too large');
  const [after] = await tx
    .update(orders)
    .set({ subtotal, shipping, discount, total, updatedAt: sql`now()` })
    .where(eq(orders.id, order.id))
    .returning();
  return ok(after!);
}
