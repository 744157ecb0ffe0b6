import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import {
  customers,
  orderItems,
  orderStatusHistory,
  orders,
  payments,
  stockReservations,
  users,
} from '../../../db/schema';
import type { Order, OrderCustomer, OrderRow, OrderSummary } from './types';

/** The order row, locked `FOR UPDATE` until the transaction ends: every change to an order starts here. */
export async function lockOrder(tx: DbOrTx, workspaceId: string, orderId: string): Promise<OrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, orderId)))
    .for('update');
  return row;
}

export const orderLabel = (order: Pick<OrderRow, 'number'>) => `Order #${order.number}`;

export function toSummary(row: OrderRow, customer: OrderCustomer | null, itemCount: number): OrderSummary {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    paymentStatus: row.paymentStatus,
    customer,
    subtotal: row.subtotal,
    shipping: row.shipping,
    discount: row.discount,
    total: row.total,
    currency: row.currency,
    itemCount,
    source: row.source,
    confirmedAt: row.confirmedAt,
    cancelledAt: row.cancelledAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Customers of some orders, by id (only the workspace's own). */
export async function customersById(
  db: DbOrTx,
  workspaceId: string,
  ids: Array<string | null>,
): Promise<Map<string, OrderCustomer>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: customers.id, name: customers.name, phone: customers.phone })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, wanted)));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Total units on each order. */
export async function itemCounts(db: DbOrTx, orderIds: string[]): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db
    .select({
      orderId: orderItems.orderId,
      units: sql<number>`coalesce(sum(${orderItems.quantity}), 0)`.mapWith(Number),
    })
    .from(orderItems)
    .where(inArray(orderItems.orderId, orderIds))
    .groupBy(orderItems.orderId);
  return new Map(rows.map((r) => [r.orderId, r.units]));
}

/** The full order (items with their holds, payments, status history); `undefined` if not in the workspace. */
export async function loadOrder(db: DbOrTx, workspaceId: string, orderId: string): Promise<Order | undefined> {
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, orderId)));
  if (!row) return undefined;
  const [items, holds, paid, history, customer] = await Promise.all([
    db.select().from(orderItems).where(eq(orderItems.orderId, row.id)).orderBy(asc(orderItems.id)),
    db
      .select({ variantId: stockReservations.variantId, expiresAt: stockReservations.expiresAt })
      .from(stockReservations)
      .where(
        and(
          eq(stockReservations.workspaceId, workspaceId),
          eq(stockReservations.orderId, row.id),
          eq(stockReservations.status, 'ACTIVE'),
        ),
      ),
    db.select().from(payments).where(eq(payments.orderId, row.id)).orderBy(asc(payments.id)),
    db
      .select({ h: orderStatusHistory, firstName: users.firstName, lastName: users.lastName })
      .from(orderStatusHistory)
      .leftJoin(users, and(eq(orderStatusHistory.actorType, 'user'), eq(users.id, orderStatusHistory.actorId)))
      .where(eq(orderStatusHistory.orderId, row.id))
      .orderBy(asc(orderStatusHistory.createdAt), asc(orderStatusHistory.id)),
    customersById(db, workspaceId, [row.customerId]),
  ]);
  const heldUntil = new Map(holds.map((h) => [h.variantId, h.expiresAt]));
  return {
    ...toSummary(
      row,
      row.customerId ? (customer.get(row.customerId) ?? null) : null,
      items.reduce((n, i) => n + i.quantity, 0),
    ),
    items: items.map((i) => ({
      id: i.id,
      variantId: i.variantId,
      productId: i.productId,
      name: i.name,
      sku: i.sku,
      attributes: i.attributes,
      unitPrice: i.unitPrice,
      quantity: i.quantity,
      lineTotal: i.lineTotal,
      heldUntil: heldUntil.get(i.variantId) ?? null,
    })),
    delivery: row.delivery,
    notes: row.notes,
    createdBy: { type: row.createdByType, id: row.createdById },
    payments: paid.map((p) => ({
      id: p.id,
      method: p.method,
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      reference: p.reference,
      paidAt: p.paidAt,
      createdAt: p.createdAt,
    })),
    history: history.map(({ h, firstName, lastName }) => ({
      id: h.id,
      from: h.fromStatus,
      to: h.toStatus,
      actor: { type: h.actorType, id: h.actorId, name: firstName ? `${firstName} ${lastName ?? ''}`.trim() : null },
      reason: h.reason,
      createdAt: h.createdAt,
    })),
  };
}
