/**
 * The outbox publisher: moves committed `event_outbox` rows to their queue (EVENTS_QUEUE or
 * EGRESS_QUEUE) and marks them published. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so
 * the DO alarm loop and the cron can run at the same time without sending a row twice in one
 * pass. A crash after the send and before the mark leaves the row pending and it is sent again:
 * delivery is at least once, and consumers drop repeats by event id (`processed_events`).
 */
import { and, asc, count, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../../db/client';
import { eventOutbox, processedEvents } from '../../../db/schema';

/** What a queue message of the outbox carries: the event id is the dedupe key downstream. */
export interface OutboxMessage {
  id: string;
  type: string;
  workspaceId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

export type Destination = 'events' | 'egress';

/** Sends a batch to the destination's queue. In production: `env.EVENTS_QUEUE` / `env.EGRESS_QUEUE`. */
export type OutboxSender = (destination: Destination, messages: OutboxMessage[]) => Promise<void>;

export interface PublishResult {
  published: number;
  /** True when the batch was full: more rows may be waiting. */
  more: boolean;
}

/** The sender over the two queue bindings (`sendBatch` takes at most 100 messages). */
export function queueSender(queues: { EVENTS_QUEUE: Queue; EGRESS_QUEUE: Queue }): OutboxSender {
  return async (destination, messages) => {
    const queue = destination === 'egress' ? queues.EGRESS_QUEUE : queues.EVENTS_QUEUE;
    for (let i = 0; i < messages.length; i += 100) {
      await queue.sendBatch(messages.slice(i, i + 100).map((body) => ({ body, contentType: 'json' as const })));
    }
  };
}

/**
 * Publishes up to `limit` pending rows, oldest first, in one transaction: claim, send, mark.
 * If the send fails nothing is marked and the rows' `attempts`/`last_error` record why.
 * `workspaceId` narrows the pass to one workspace (used by tests and targeted redrives).
 */
export async function publishPendingEvents(
  { db, send }: { db: Database; send: OutboxSender },
  { limit = 100, workspaceId }: { limit?: number; workspaceId?: string } = {},
): Promise<PublishResult> {
  let claimed: string[] = [];
  try {
    return await db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(eventOutbox)
        .where(and(isNull(eventOutbox.publishedAt), workspaceId ? eq(eventOutbox.workspaceId, workspaceId) : undefined))
        .orderBy(asc(eventOutbox.createdAt), asc(eventOutbox.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return { published: 0, more: false };
      claimed = rows.map((r) => r.id);
      const byDestination: Record<Destination, OutboxMessage[]> = { events: [], egress: [] };
      for (const row of rows) {
        byDestination[row.destination].push({
          id: row.id,
          type: row.type,
          workspaceId: row.workspaceId,
          payload: row.payload as Record<string, unknown>,
          createdAt: row.createdAt.toISOString(),
        });
      }
      for (const destination of ['egress', 'events'] as const) {
        if (byDestination[destination].length) await send(destination, byDestination[destination]);
      }
      await tx
        .update(eventOutbox)
        .set({ publishedAt: new Date(), attempts: sql`${eventOutbox.attempts} + 1`, lastError: null })
        .where(inArray(eventOutbox.id, claimed));
      return { published: rows.length, more: rows.length === limit };
    });
  } catch (error) {
    if (claimed.length) {
      await db
        .update(eventOutbox)
        .set({ attempts: sql`${eventOutbox.attempts} + 1`, lastError: String(error).slice(0, 500) })
        .where(and(inArray(eventOutbox.id, claimed), isNull(eventOutbox.publishedAt)))
        .catch(() => {});
    }
    throw error;
  }
}

/** Whether any row waits to be published. */
export async function hasPendingEvents(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ id: eventOutbox.id })
    .from(eventOutbox)
    .where(isNull(eventOutbox.publishedAt))
    .limit(1);
  return Boolean(row);
}

/** Outbox backlog: pending rows and the age of the oldest (ops view and metrics). */
export async function outboxBacklog(
  db: DbOrTx,
  now = new Date(),
): Promise<{ pending: number; oldestAgeSeconds: number | null }> {
  const [row] = await db
    .select({ pending: count(), oldest: sql<Date | null>`min(${eventOutbox.createdAt})` })
    .from(eventOutbox)
    .where(isNull(eventOutbox.publishedAt));
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return {
    pending: Number(row?.pending ?? 0),
    oldestAgeSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
  };
}

const DAY = 24 * 60 * 60 * 1000;

/** Retention: published outbox rows after 30 days; consumer dedupe records after 30 days. */
export async function purgePublishedEvents(db: DbOrTx, now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - 30 * DAY);
  await db.delete(eventOutbox).where(and(isNotNull(eventOutbox.publishedAt), lt(eventOutbox.publishedAt, cutoff)));
  await db.delete(processedEvents).where(lt(processedEvents.processedAt, cutoff));
}

/**
 * Claims an event id for a consumer: true the first time, false for a repeat. Call it in the
 * transaction of the consumer's effect, so the claim and the effect commit together.
 */
export async function claimEvent(db: DbOrTx, consumer: string, eventId: string): Promise<boolean> {
  const inserted = await db
    .insert(processedEvents)
    .values({ consumer, eventId })
    .onConflictDoNothing()
    .returning({ eventId: processedEvents.eventId });
  return inserted.length > 0;
}

/** Whether a consumer already handled an event (for consumers whose effect is outside Postgres). */
export async function wasProcessed(db: DbOrTx, consumer: string, eventId: string): Promise<boolean> {
  const [row] = await db
    .select({ eventId: processedEvents.eventId })
    .from(processedEvents)
    .where(and(eq(processedEvents.consumer, consumer), eq(processedEvents.eventId, eventId)));
  return Boolean(row);
}
