import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database, DbOrTx, Tx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { orders, payments } from '../../../db/schema';
import { recordAudit, type Actor } from '../../core/audit/record';
import { enqueueEvent } from '../../core/outbox/enqueue';
import { fail, ok, type Result } from '../../core/result';
import type { RegisterPaymentInput, ReviewPaymentInput } from './schemas';

type PaymentRow = typeof payments.$inferSelect;
type OrderRow = typeof orders.$inferSelect;
export type Payment = Omit<PaymentRow, 'workspaceId'>;
export type OrderPaymentStatus = OrderRow['paymentStatus'];

/** Where an order stands with its money. `paid` counts CONFIRMED payments only. */
export interface OrderPaymentSummary {
  orderId: string;
  total: number;
  currency: string;
  paid: number;
  pending: number;
  paymentStatus: OrderPaymentStatus;
}

export interface PaymentWithOrder extends Payment {
  order: OrderPaymentSummary;
}

type PaymentFailure = 'NOT_FOUND' | 'ORDER_NOT_PAYABLE' | 'CURRENCY_MISMATCH' | 'OVERPAYMENT' | 'NOT_PENDING';

const toPayment = ({ workspaceId: _ws, ...rest }: PaymentRow): Payment => rest;

/** Drafts are not orders yet and cancelled ones take no money. */
const isPayable = (order: OrderRow) => order.status !== 'DRAFT' && order.status !== 'CANCELLED';

export function paymentStatusFor(total: number, paid: number): OrderPaymentStatus {
  if (paid <= 0) return 'UNPAID';
  return paid >= total ? 'PAID' : 'PARTIAL';
}

/** Locks the order row: payment writers of one order run one after another. */
async function lockOrder(tx: Tx, workspaceId: string, orderId: string): Promise<OrderRow | undefined> {
  const [order] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, orderId)))
    .for('update');
  return order;
}

async function sums(db: DbOrTx, workspaceId: string, orderId: string) {
  const [row] = await db
    .select({
      paid: sql<number>`coalesce(sum(${payments.amount}) filter (where ${payments.status} = 'CONFIRMED'), 0)`.mapWith(
        Number,
      ),
      pending: sql<number>`coalesce(sum(${payments.amount}) filter (where ${payments.status} = 'PENDING'), 0)`.mapWith(
        Number,
      ),
    })
    .from(payments)
    .where(and(eq(payments.workspaceId, workspaceId), eq(payments.orderId, orderId)));
  return { paid: row?.paid ?? 0, pending: row?.pending ?? 0 };
}

/** Recomputes and stores the order's `payment_status` from its payments (call with the order locked). */
async function settle(tx: Tx, order: OrderRow): Promise<OrderPaymentSummary> {
  const { paid, pending } = await sums(tx, order.workspaceId, order.id);
  const paymentStatus = paymentStatusFor(order.total, paid);
  if (paymentStatus !== order.paymentStatus) {
    await tx.update(orders).set({ paymentStatus, updatedAt: new Date() }).where(eq(orders.id, order.id));
  }
  return { orderId: order.id, total: order.total, currency: order.currency, paid, pending, paymentStatus };
}

function overpays(order: OrderRow, paid: number, amount: number, allowed: boolean | undefined) {
  return !allowed && paid + amount > order.total;
}

const overpayment = (order: OrderRow, paid: number) =>
  fail(
    'OVERPAYMENT' as const,
    `Confirmed payments would exceed the order total (${order.total} ${order.currency}, ${paid} already paid); send allowOverpayment to accept it`,
  );

/**
 * Registers a payment against an order and recomputes the order's payment status, in one
 * transaction with the order row locked, so concurrent payments can never confirm more than
 * the total (unless `allowOverpayment`). Status defaults to CONFIRMED for people and PENDING for
 * the agent. Audited; announces `payment:registered`.
 */
export async function registerPayment(
  { db }: { db: Database },
  input: RegisterPaymentInput & { workspaceId: string; orderId: string; actor: Actor },
): Promise<Result<PaymentWithOrder, Exclude<PaymentFailure, 'NOT_PENDING'>>> {
  const { workspaceId, orderId, actor } = input;
  const status = input.status ?? (actor.type === 'agent' ? 'PENDING' : 'CONFIRMED');
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, workspaceId, orderId);
    if (!order) return fail('NOT_FOUND', 'Order not found');
    if (!isPayable(order)) return fail('ORDER_NOT_PAYABLE', `A ${order.status} order takes no payments`);
    const currency = input.currency ?? order.currency;
    if (currency !== order.currency)
      return fail('CURRENCY_MISMATCH', `The order is in ${order.currency}, not ${currency}`);
    if (status === 'CONFIRMED') {
      const { paid } = await sums(tx, workspaceId, orderId);
      if (overpays(order, paid, input.amount, input.allowOverpayment)) return overpayment(order, paid);
    }
    const [row] = await tx
      .insert(payments)
      .values({
        id: newId('pay'),
        workspaceId,
        orderId,
        method: input.method,
        amount: input.amount,
        currency,
        status,
        reference: input.reference ?? null,
        paidAt: input.paidAt ?? (status === 'CONFIRMED' ? new Date() : null),
        notes: input.notes ?? null,
        createdByType: actor.type,
        createdById: actor.id ?? null,
      })
      .returning();
    const payment = toPayment(row!);
    const summary = await settle(tx, order);
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'payment.create',
      entityType: 'payment',
      entityId: payment.id,
      after: { ...payment, orderPaymentStatus: summary.paymentStatus },
    });
    await enqueueEvent(tx, {
      workspaceId,
      type: 'payment:registered',
      payload: {
        paymentId: payment.id,
        orderId,
        status,
        amount: payment.amount,
        currency,
        orderPaymentStatus: summary.paymentStatus,
      },
    });
    return ok({ ...payment, order: summary });
  });
}

/**
 * Confirms or rejects a PENDING payment (e.g. a transfer whose receipt an operator checked) and
 * recomputes the order's payment status, under the same lock and overpayment rule as
 * `registerPayment`. Only pending payments can be reviewed (NOT_PENDING otherwise).
 */
export async function reviewPayment(
  { db }: { db: Database },
  input: ReviewPaymentInput & { workspaceId: string; paymentId: string; actor: Actor },
): Promise<Result<PaymentWithOrder, Exclude<PaymentFailure, 'CURRENCY_MISMATCH'>>> {
  const { workspaceId, paymentId, actor } = input;
  const ofPayment = and(eq(payments.workspaceId, workspaceId), eq(payments.id, paymentId));
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ orderId: payments.orderId }).from(payments).where(ofPayment);
    // Order before payment: the same lock order as registerPayment.
    const order = found && (await lockOrder(tx, workspaceId, found.orderId));
    const [current] = order ? await tx.select().from(payments).where(ofPayment).for('update') : [];
    if (!order || !current) return fail('NOT_FOUND', 'Payment not found');
    if (current.status !== 'PENDING') return fail('NOT_PENDING', `The payment is already ${current.status}`);
    if (input.status === 'CONFIRMED') {
      if (!isPayable(order)) return fail('ORDER_NOT_PAYABLE', `A ${order.status} order takes no payments`);
      const { paid } = await sums(tx, workspaceId, order.id);
      if (overpays(order, paid, current.amount, input.allowOverpayment)) return overpayment(order, paid);
    }
    const [row] = await tx
      .update(payments)
      .set({
        status: input.status,
        reference: input.reference ?? current.reference,
        paidAt: input.status === 'CONFIRMED' ? (current.paidAt ?? new Date()) : current.paidAt,
        updatedAt: new Date(),
      })
      .where(eq(payments.id, paymentId))
      .returning();
    const payment = toPayment(row!);
    const summary = await settle(tx, order);
    const action = input.status === 'CONFIRMED' ? 'payment.confirm' : 'payment.reject';
    await recordAudit(tx, {
      workspaceId,
      actor,
      action,
      entityType: 'payment',
      entityId: paymentId,
      before: toPayment(current),
      after: { ...payment, orderPaymentStatus: summary.paymentStatus },
    });
    await enqueueEvent(tx, {
      workspaceId,
      type: 'payment:registered',
      payload: {
        paymentId,
        orderId: order.id,
        status: payment.status,
        amount: payment.amount,
        currency: payment.currency,
        orderPaymentStatus: summary.paymentStatus,
      },
    });
    return ok({ ...payment, order: summary });
  });
}

/** The order's payments, oldest first, with where the order stands. */
export async function listPayments(
  { db }: { db: DbOrTx },
  { workspaceId, orderId }: { workspaceId: string; orderId: string },
): Promise<Result<{ items: Payment[]; summary: OrderPaymentSummary }, 'NOT_FOUND'>> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, orderId)));
  if (!order) return fail('NOT_FOUND', 'Order not found');
  const rows = await db
    .select()
    .from(payments)
    .where(and(eq(payments.workspaceId, workspaceId), eq(payments.orderId, orderId)))
    .orderBy(asc(payments.id));
  const { paid, pending } = await sums(db, workspaceId, orderId);
  const summary = {
    orderId,
    total: order.total,
    currency: order.currency,
    paid,
    pending,
    paymentStatus: order.paymentStatus,
  };
  return ok({ items: rows.map(toPayment), summary });
}

/** A payment of the workspace, for callers that attach files to it. */
export async function findPayment(db: DbOrTx, workspaceId: string, paymentId: string): Promise<Payment | undefined> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.workspaceId, workspaceId), eq(payments.id, paymentId)));
  return row ? toPayment(row) : undefined;
}
