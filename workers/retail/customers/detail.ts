import { and, asc, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { customerAddresses, orders } from '../../../db/schema';
import { decodeCursor, toPage, type Page } from '../../core/pagination';
import { fail, ok, type Result } from '../../core/result';
import { findLiveCustomer } from './customers';
import {
  orderSummaryColumns,
  toAddress,
  toCustomer,
  type Customer,
  type CustomerAddress,
  type CustomerOrderSummary,
} from './view';

/** Orders whose money counts as spent: the sale went through. */
export const SPENT_STATUSES = ['CONFIRMED', 'SHIPPED', 'DELIVERED'] as const;
const RECENT_ORDERS = 5;

export interface CustomerTotals {
  /** Orders other than drafts (cancelled ones included). */
  orderCount: number;
  /** Sum of CONFIRMED/SHIPPED/DELIVERED order totals, one entry per currency. */
  totalSpent: Array<{ currency: string; amount: number }>;
  /** When the newest non-draft order was created. */
  lastOrderAt: Date | null;
}

export interface CustomerDetail extends Customer {
  addresses: CustomerAddress[];
  recentOrders: CustomerOrderSummary[];
  totals: CustomerTotals;
}

/** The customer's addresses, default first, then oldest first. */
export async function listAddresses(db: DbOrTx, workspaceId: string, customerId: string): Promise<CustomerAddress[]> {
  const rows = await db
    .select()
    .from(customerAddresses)
    .where(and(eq(customerAddresses.workspaceId, workspaceId), eq(customerAddresses.customerId, customerId)))
    .orderBy(desc(customerAddresses.isDefault), asc(customerAddresses.id));
  return rows.map(toAddress);
}

async function recentOrders(db: DbOrTx, workspaceId: string, customerId: string, limit: number) {
  return db
    .select(orderSummaryColumns)
    .from(orders)
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.customerId, customerId)))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
}

async function totalsOf(db: DbOrTx, workspaceId: string, customerId: string): Promise<CustomerTotals> {
  const ofCustomer = and(eq(orders.workspaceId, workspaceId), eq(orders.customerId, customerId));
  const [counts] = await db
    .select({
      orderCount: sql<number>`count(*)`.mapWith(Number),
      lastOrderAt: sql<Date | null>`max(${orders.createdAt})`.mapWith(orders.createdAt),
    })
    .from(orders)
    .where(and(ofCustomer, ne(orders.status, 'DRAFT')));
  const spent = await db
    .select({ currency: orders.currency, amount: sql<number>`sum(${orders.total})`.mapWith(Number) })
    .from(orders)
    .where(and(ofCustomer, inArray(orders.status, [...SPENT_STATUSES])))
    .groupBy(orders.currency)
    .orderBy(orders.currency);
  return { orderCount: counts?.orderCount ?? 0, totalSpent: spent, lastOrderAt: counts?.lastOrderAt ?? null };
}

/** A live customer with addresses, the latest orders and lifetime totals. */
export async function getCustomerDetail(
  { db }: { db: DbOrTx },
  { workspaceId, customerId }: { workspaceId: string; customerId: string },
): Promise<Result<CustomerDetail, 'NOT_FOUND'>> {
  const row = await findLiveCustomer(db, workspaceId, customerId);
  if (!row) return fail('NOT_FOUND', 'Customer not found');
  const [addresses, recent, totals] = await Promise.all([
    listAddresses(db, workspaceId, customerId),
    recentOrders(db, workspaceId, customerId, RECENT_ORDERS),
    totalsOf(db, workspaceId, customerId),
  ]);
  return ok({ ...toCustomer(row), addresses, recentOrders: recent, totals });
}

/** The customer's orders of every status, newest first, a page at a time. */
export async function listCustomerOrders(
  { db }: { db: DbOrTx },
  input: { workspaceId: string; customerId: string; limit: number; cursor?: string },
): Promise<Result<Page<CustomerOrderSummary>, 'NOT_FOUND'>> {
  const { workspaceId, customerId } = input;
  if (!(await findLiveCustomer(db, workspaceId, customerId))) return fail('NOT_FOUND', 'Customer not found');
  const after = decodeCursor(input.cursor);
  const rows = await db
    .select(orderSummaryColumns)
    .from(orders)
    .where(
      and(
        eq(orders.workspaceId, workspaceId),
        eq(orders.customerId, customerId),
        after ? lt(orders.id, after) : undefined,
      ),
    )
    .orderBy(desc(orders.id))
    .limit(input.limit + 1);
  return ok(toPage(rows, input.limit));
}

export interface CustomerContext {
  customer: Customer;
  addresses: CustomerAddress[];
  /** The latest orders that are not drafts. */
  lastOrders: CustomerOrderSummary[];
  /** The newest DRAFT order of the customer, if one is open. */
  openDraft: CustomerOrderSummary | null;
  totals: CustomerTotals;
}

/** What the sales agent needs to know about a customer before answering them. Read-only. */
export async function getCustomerContext(
  { db }: { db: DbOrTx },
  { workspaceId, customerId, lastOrders = 3 }: { workspaceId: string; customerId: string; lastOrders?: number },
): Promise<Result<CustomerContext, 'NOT_FOUND'>> {
  const row = await findLiveCustomer(db, workspaceId, customerId);
  if (!row) return fail('NOT_FOUND', 'Customer not found');
  const ofCustomer = and(eq(orders.workspaceId, workspaceId), eq(orders.customerId, customerId));
  const [addresses, last, drafts, totals] = await Promise.all([
    listAddresses(db, workspaceId, customerId),
    db
      .select(orderSummaryColumns)
      .from(orders)
      .where(and(ofCustomer, ne(orders.status, 'DRAFT')))
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(lastOrders),
    db
      .select(orderSummaryColumns)
      .from(orders)
      .where(and(ofCustomer, eq(orders.status, 'DRAFT')))
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(1),
    totalsOf(db, workspaceId, customerId),
  ]);
  return ok({ customer: toCustomer(row), addresses, lastOrders: last, openDraft: drafts[0] ?? null, totals });
}
