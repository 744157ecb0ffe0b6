/**
 * Sales and payment figures for the dashboard's home (plan 1.10 "Home"). Read-only aggregates
 * computed in PostgreSQL, one query per figure family. The other figures of the home stay with
 * the module that owns their rows — low stock in retail/stock (`countLowStock`, the same rule as
 * the stock list), conversations next to the inbox (agent/inbox-stats.ts) — and
 * `GET /api/v1/stats/summary` composes them, so no `core` read model has to know retail or agent
 * tables.
 *
 * Days are calendar days in the workspace's time zone: an order confirmed at 23:30 in Buenos
 * Aires counts for that local day even though it is already the next day in UTC.
 */
import { and, eq, gte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { orders, payments } from '../../db/schema';

/** Orders that count as sales: stock committed and not cancelled since. */
export const SOLD_STATUSES = ['CONFIRMED', 'SHIPPED', 'DELIVERED'] as const;

export interface DayWindow {
  /** IANA time zone the days are counted in. */
  timezone: string;
  /** The reference instant ("now"); today is its calendar day in `timezone`. */
  now: Date;
  /** How many days, today included. */
  days: number;
}

export interface DailySales {
  /** `YYYY-MM-DD`, a calendar day in the workspace's time zone. */
  day: string;
  orders: number;
  /** Minor units of the workspace currency. */
  revenue: number;
}

export interface SalesStats {
  currency: string;
  today: { orders: number; revenue: number };
  lastDays: { orders: number; revenue: number };
  /** One entry per day of the window, oldest first, days without sales included with zeros. */
  byDay: DailySales[];
}

/** `YYYY-MM-DD` of `instant` in `timezone` (en-CA formats dates that way). */
export function localDay(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** The window's days, oldest first, as `YYYY-MM-DD` strings (plain calendar arithmetic, no time zone). */
export function windowDays({ timezone, now, days }: DayWindow): string[] {
  const today = localDay(now, timezone);
  const base = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) =>
    new Date(base - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** The first instant of local day `day` in `timezone`, computed by PostgreSQL (it knows DST rules). */
const startOfLocalDay = (day: string, timezone: string) => sql`(${day}::date::timestamp at time zone ${timezone})`;

/**
 * Orders sold (CONFIRMED, SHIPPED or DELIVERED) per local day of the window, dated by when they
 * were confirmed, in the workspace currency (orders in another currency are left out rather
 * than added up as if they were pesos).
 */
export async function salesStats(
  db: DbOrTx,
  input: DayWindow & { workspaceId: string; currency: string },
): Promise<SalesStats> {
  const days = windowDays(input);
  const first = days[0]!;
  const localDate = sql<string>`to_char((${orders.confirmedAt} at time zone ${input.timezone})::date, 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day: localDate,
      orders: sql<number>`count(*)`.mapWith(Number),
      revenue: sql<number>`coalesce(sum(${orders.total}), 0)`.mapWith(Number),
    })
    .from(orders)
    .where(
      and(
        eq(orders.workspaceId, input.workspaceId),
        eq(orders.currency, input.currency),
        sql`${orders.status} in ${SOLD_STATUSES}`,
        gte(orders.confirmedAt, startOfLocalDay(first, input.timezone)),
        sql`${orders.confirmedAt} < ${input.now}`,
      ),
    )
    // By position: the time zone is a bound parameter, so the select and a repeated group-by
    // expression would be two different expressions to PostgreSQL.
    .groupBy(sql`1`);
  const byDate = new Map(rows.map((r) => [r.day, r]));
  const byDay = days.map((day) => ({
    day,
    orders: byDate.get(day)?.orders ?? 0,
    revenue: byDate.get(day)?.revenue ?? 0,
  }));
  const today = byDay[byDay.length - 1]!;
  return {
    currency: input.currency,
    today: { orders: today.orders, revenue: today.revenue },
    lastDays: {
      orders: byDay.reduce((n, d) => n + d.orders, 0),
      revenue: byDay.reduce((n, d) => n + d.revenue, 0),
    },
    byDay,
  };
}

export interface PaymentStats {
  currency: string;
  /** Registered payments nobody has verified yet (status PENDING), whenever they were registered. */
  pendingVerification: { count: number; amount: number };
  /** Payments verified (CONFIRMED) with a payment date inside the window. */
  verified: { count: number; amount: number };
}

/** Payments waiting for verification, and payments verified within the window, in the workspace currency. */
export async function paymentStats(
  db: DbOrTx,
  input: DayWindow & { workspaceId: string; currency: string },
): Promise<PaymentStats> {
  const first = windowDays(input)[0]!;
  const [row] = await db
    .select({
      pendingCount: sql<number>`count(*) filter (where ${payments.status} = 'PENDING')`.mapWith(Number),
      pendingAmount:
        sql<number>`coalesce(sum(${payments.amount}) filter (where ${payments.status} = 'PENDING'), 0)`.mapWith(Number),
      verifiedCount:
        sql<number>`count(*) filter (where ${payments.status} = 'CONFIRMED' and ${payments.paidAt} >= ${startOfLocalDay(first, input.timezone)})`.mapWith(
          Number,
        ),
      verifiedAmount:
        sql<number>`coalesce(sum(${payments.amount}) filter (where ${payments.status} = 'CONFIRMED' and ${payments.paidAt} >= ${startOfLocalDay(first, input.timezone)}), 0)`.mapWith(
          Number,
        ),
    })
    .from(payments)
    .where(and(eq(payments.workspaceId, input.workspaceId), eq(payments.currency, input.currency)));
  return {
    currency: input.currency,
    pendingVerification: { count: row?.pendingCount ?? 0, amount: row?.pendingAmount ?? 0 },
    verified: { count: row?.verifiedCount ?? 0, amount: row?.verifiedAmount ?? 0 },
  };
}
