/**
 * The operations view of one workspace's asynchronous work (plan 2.3, "dashboard BullMQ"): the
 * outbox backlog, outbound messages waiting, held or failed, dead letters not yet redriven,
 * webhook results not processed, inbound files the media queue is retrying or gave up on, and
 * customer messages their conversation could not handle (read from the notes on `webhook_inbox`).
 * Every figure is scoped to the workspace.
 */
import { and, count, eq, gt, isNotNull, isNull, like, min, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { agentMessages, deadLetters, eventOutbox, webhookInbox } from '../../db/schema';
import { NOT_HANDLED_NOTE } from './inbox-notes';
import { MEDIA_NOTES } from './media';

export interface QueueOverview {
  outbox: { pending: number; oldestAgeSeconds: number | null };
  egress: { queued: number; held: number; failed: number; oldestQueuedAgeSeconds: number | null };
  deadLetters: { egress: number; events: number; media: number };
  media: { retrying: number; notStoredLast24h: number };
  webhookInbox: {
    unprocessed: number;
    failing: number;
    oldestUnprocessedAgeSeconds: number | null;
    invalidLast24h: number;
    /** Customer messages their conversation set aside after repeated failures (handed to a person). */
    notHandledLast24h: number;
  };
}

const ageSeconds = (value: Date | string | null | undefined, now: Date) =>
  value ? Math.max(0, Math.round((now.getTime() - new Date(value).getTime()) / 1000)) : null;

export async function queueOverview(
  db: DbOrTx,
  { workspaceId, now = new Date() }: { workspaceId: string; now?: Date },
): Promise<QueueOverview> {
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const [outbox, messages, letters, inbox, invalid, notes] = await Promise.all([
    db
      .select({ pending: count(), oldest: min(eventOutbox.createdAt) })
      .from(eventOutbox)
      .where(and(eq(eventOutbox.workspaceId, workspaceId), isNull(eventOutbox.publishedAt))),
    db
      .select({ status: agentMessages.status, n: count(), oldest: min(agentMessages.createdAt) })
      .from(agentMessages)
      .where(
        and(
          eq(agentMessages.workspaceId, workspaceId),
          eq(agentMessages.direction, 'outbound'),
          sql`${agentMessages.status} in ('QUEUED', 'HELD', 'FAILED')`,
        ),
      )
      .groupBy(agentMessages.status),
    db
      .select({ queue: deadLetters.queue, n: count() })
      .from(deadLetters)
      .where(and(eq(deadLetters.workspaceId, workspaceId), isNull(deadLetters.redrivenAt)))
      .groupBy(deadLetters.queue),
    db
      .select({
        unprocessed: count(),
        failing: sql<number>`count(*) filter (where ${webhookInbox.error} is not null)`,
        oldest: min(webhookInbox.receivedAt),
      })
      .from(webhookInbox)
      .where(
        and(
          eq(webhookInbox.workspaceId, workspaceId),
          isNull(webhookInbox.processedAt),
          sql`${webhookInbox.kind} <> 'INVALID'`,
        ),
      ),
    db
      .select({ n: count() })
      .from(webhookInbox)
      .where(
        and(
          eq(webhookInbox.workspaceId, workspaceId),
          eq(webhookInbox.kind, 'INVALID'),
          isNotNull(webhookInbox.receivedAt),
          gt(webhookInbox.receivedAt, dayAgo),
        ),
      ),
    db
      .select({
        retrying: sql<number>`count(*) filter (where ${webhookInbox.error} like ${`${MEDIA_NOTES.retrying} %`})`,
        notStored: sql<number>`count(*) filter (where ${webhookInbox.error} like ${`${MEDIA_NOTES.givenUp} %`} and ${webhookInbox.receivedAt} > ${dayAgo})`,
        notHandled: sql<number>`count(*) filter (where ${webhookInbox.error} like ${`${NOT_HANDLED_NOTE} %`} and ${webhookInbox.receivedAt} > ${dayAgo})`,
      })
      .from(webhookInbox)
      .where(
        and(
          eq(webhookInbox.workspaceId, workspaceId),
          eq(webhookInbox.kind, 'INBOUND'),
          or(
            like(webhookInbox.error, `${MEDIA_NOTES.retrying} %`),
            like(webhookInbox.error, `${MEDIA_NOTES.givenUp} %`),
            like(webhookInbox.error, `${NOT_HANDLED_NOTE} %`),
          ),
        ),
      ),
  ]);
  const byStatus = new Map(messages.map((m) => [m.status, m]));
  const byQueue = new Map(letters.map((l) => [l.queue, Number(l.n)]));
  return {
    outbox: { pending: Number(outbox[0]?.pending ?? 0), oldestAgeSeconds: ageSeconds(outbox[0]?.oldest, now) },
    egress: {
      queued: Number(byStatus.get('QUEUED')?.n ?? 0),
      held: Number(byStatus.get('HELD')?.n ?? 0),
      failed: Number(byStatus.get('FAILED')?.n ?? 0),
      oldestQueuedAgeSeconds: ageSeconds(byStatus.get('QUEUED')?.oldest, now),
    },
    deadLetters: {
      egress: byQueue.get('nexova-egress') ?? 0,
      events: byQueue.get('nexova-events') ?? 0,
      media: byQueue.get('nexova-media') ?? 0,
    },
    media: { retrying: Number(notes[0]?.retrying ?? 0), notStoredLast24h: Number(notes[0]?.notStored ?? 0) },
    webhookInbox: {
      unprocessed: Number(inbox[0]?.unprocessed ?? 0),
      failing: Number(inbox[0]?.failing ?? 0),
      oldestUnprocessedAgeSeconds: ageSeconds(inbox[0]?.oldest, now),
      invalidLast24h: Number(invalid[0]?.n ?? 0),
      notHandledLast24h: Number(notes[0]?.notHandled ?? 0),
    },
  };
}
