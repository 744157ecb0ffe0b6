import { and, desc, eq, gte, ilike, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { customers, orders, type OrderStatus } from '../../../db/schema';
import { decodeCursor, toPage, type Page } from '../../core/pagination';
import { fail, ok, type Result } from '../../core/result';
import type { Order, OrderSummary } from './types';
import { customersById, itemCounts, loadOrder, toSummary } from './view';

/** One order of the workspace with items (and how long each holds stock), payments and status history. */
export async function getOrder(
  { db }: { db: DbOrTx },
  { workspaceId, orderId }: { workspaceId: string; orderId: string },
): Promise<Result<Order, 'NOT_FOUND'>> {
  const order = await loadOrder(db, workspaceId, orderId);
  return order ? ok(order) : fail('NOT_FOUND', 'Order not found');
}

export interface ListOrdersInput {
  workspaceId: string;
  status?: OrderStatus[];
  customerId?: string;
  /** Inclusive bounds on `createdAt`. */
  from?: Date;
  to?: Date;
  /** An order number (`12` or `#12`), or part of the customer's name or phone. */
  q?: string;
  limit: number;
  cursor?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * `#12` is order number 12 only; a short number (< 6 digits) too; a longer one is an order number
 * or part of a phone; anything else is part of the customer's name or phone.
 */
function searchFilter(q: string): SQL | undefined {
  const digits = q.replace(/[\s()+-]/g, '');
  const byNumber = (n: string) => (/^\d{1,9}$/.test(n) ? eq(orders.number, Number(n)) : undefined);
  if (q.startsWith('#')) return byNumber(q.slice(1).trim()) ?? sql`false`;
  if (/^\d{1,5}$/.test(digits)) return byNumber(digits);
  const phone = /^\d+$/.test(digits) ? ilike(customers.phone, `%${digits}%`) : undefined;
  return or(
    byNumber(digits),
    ilike(customers.name, `%${escapeLike(q)}%`),
    phone ?? ilike(customers.phone, `%${escapeLike(q)}%`),
  );
}

/** Orders of the workspace, newest first, with cursor pagination. */
export async function listOrders({ db }: { db: DbOrTx }, input: ListOrdersInput): Promise<Page<OrderSummary>> {
  const filters: Array<SQL | undefined> = [eq(orders.workspaceId, input.workspaceId)];
  const after = decodeCursor(input.cursor);
  if (after) filters.push(lt(orders.id, after));
  if (input.status?.length) filters.push(inArray(orders.status, input.status));
  if (input.customerId) filters.push(eq(orders.customerId, input.customerId));
  if (input.from) filters.push(gte(orders.createdAt, input.from));
  if (input.to) filters.push(lte(orders.createdAt, input.to));
  const q = input.q?.trim();
  if (q) filters.push(searchFilter(q));
  const rows = await db
    .select({ order: orders })
    .from(orders)
    .leftJoin(customers, and(eq(customers.id, orders.customerId), eq(customers.workspaceId, orders.workspaceId)))
    .where(and(...filters))
    .orderBy(desc(orders.id))
    .limit(input.limit + 1);
  const page = toPage(
    rows.map((r) => r.order),
    input.limit,
  );
  const [people, counts] = await Promise.all([
    customersById(
      db,
      input.workspaceId,
      page.items.map((o) => o.customerId),
    ),
    itemCounts(
      db,
      page.items.map((o) => o.id),
    ),
  ]);
  return {
    items: page.items.map((o) =>
      toSummary(o, o.customerId ? (people.get(o.customerId) ?? null) : null, counts.get(o.id) ?? 0),
    ),
    nextCursor: page.nextCursor,
  };
}
