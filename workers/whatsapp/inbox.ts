/**
 * `webhook_inbox`: what the Infobip webhook stores before answering 200, and what happens to
 * each stored result afterwards — inbound messages go (customer identified) to their
 * Conversation object, which stores them and runs the agent in the background (a media message
 * waits there for its file, which the media queue copies to R2: see media.ts);
 * delivery and seen reports move the outbound message's status. A row is marked processed only
 * when that succeeded; the scheduled handler retries the rest, so a failure after the 200 loses
 * nothing.
 */
import { and, asc, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { newId } from '../../db/ids';
import { agentMessages, webhookInbox } from '../../db/schema';
import { conversationName, type ConversationBinding } from '../agent/channel';
import { log } from '../core/observability/logger';
import { cleanJson, cleanText, escapeText } from '../core/text';
import { enqueueEvent } from '../core/outbox/enqueue';
import { pokeOutboxPublisher, type OutboxPublisherBinding } from '../core/outbox/poke';
import type { Bindings } from '../core/bindings';
import { findOrCreateCustomerByWhatsApp } from '../retail/customers/whatsapp';
import {
  mediaUrlOf,
  parseWebhookResult,
  type DeliveryStatus,
  type NormalisedInbound,
  type WebhookItem,
} from './infobip/adapter';
import type { ConnectionRow } from './connections';
import type { MediaJob } from './media';

export type InboxRow = typeof webhookInbox.$inferSelect;

/** Processing passes a row gets (the webhook's, then the cron's) before it is left for an operator. */
export const MAX_INBOX_ATTEMPTS = 10;
const INSERT_CHUNK = 500;
const RAW_BODY_LIMIT = 64 * 1024;

export type InboxEnv = Pick<Bindings, 'MEDIA_QUEUE'> & ConversationBinding & OutboxPublisherBinding;

export interface InboxDeps {
  db: Database;
  env: InboxEnv;
}

/**
 * Stores a batch's results; returns the rows that are new. A result already stored under the
 * same (connection, message id, kind) is a redelivery: it is not stored again and not returned.
 * Text PostgreSQL cannot hold (NUL, half a surrogate pair: `core/text.ts`) is stored replaced by
 * U+FFFD, so one such message never costs the batch and still reaches its conversation; the
 * result as received is kept in `raw_body` (JSON, which escapes those characters).
 */
export async function storeWebhookItems(
  db: Database,
  connection: Pick<ConnectionRow, 'id' | 'workspaceId'>,
  items: WebhookItem[],
): Promise<{ stored: InboxRow[]; duplicates: number }> {
  const stored: InboxRow[] = [];
  // Ids carry time: one millisecond apart, so they sort in the batch's order (the retry and the
  // conversations depend on it) even though the rows share one `received_at`.
  const base = Date.now();
  for (let i = 0; i < items.length; i += INSERT_CHUNK) {
    const chunk = items.slice(i, i + INSERT_CHUNK);
    const rows = await db
      .insert(webhookInbox)
      .values(
        chunk.map((item, j) => {
          const payload = cleanJson(item.raw);
          return {
            id: newId('whi', base + i + j),
            workspaceId: connection.workspaceId,
            connectionId: connection.id,
            kind: item.kind,
            messageId: cleanText(item.messageId),
            messageType: item.kind === 'INBOUND' ? cleanText(item.messageType) : null,
            payload: payload.value,
            // The original, escaped by JSON, when cleaning changed it.
            rawBody: payload.changed ? JSON.stringify(item.raw).slice(0, RAW_BODY_LIMIT) : null,
          };
        }),
      )
      .onConflictDoNothing()
      .returning();
    stored.push(...rows);
  }
  stored.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { stored, duplicates: items.length - stored.length };
}

/** Keeps a body we could not read (bad JSON or an unknown shape) for inspection; it is never retried. */
export async function storeInvalidWebhook(
  db: Database,
  connection: Pick<ConnectionRow, 'id' | 'workspaceId'>,
  rawBody: string,
  error: string,
): Promise<void> {
  await db.insert(webhookInbox).values({
    id: newId('whi'),
    workspaceId: connection.workspaceId,
    connectionId: connection.id,
    kind: 'INVALID',
    // Escaped: a body that is not JSON may carry a raw NUL, which a text column refuses.
    rawBody: escapeText(rawBody.slice(0, RAW_BODY_LIMIT)),
    error: escapeText(error.slice(0, 1000)),
    processedAt: null,
  });
}

async function markProcessed(db: Database, id: string, note: string | null = null): Promise<void> {
  await db
    .update(webhookInbox)
    .set({ processedAt: new Date(), error: note, attempts: sql`${webhookInbox.attempts} + 1` })
    .where(eq(webhookInbox.id, id));
}

async function markFailed(db: Database, id: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await db
    .update(webhookInbox)
    .set({ error: message.slice(0, 1000), attempts: sql`${webhookInbox.attempts} + 1` })
    .where(eq(webhookInbox.id, id));
}

/** The statuses a report may move a message from: forward only (SENT → DELIVERED → READ), or to FAILED before delivery. */
const PREDECESSORS: Record<'SENT' | 'DELIVERED' | 'READ' | 'FAILED', Array<InboxStatus>> = {
  SENT: ['QUEUED'],
  DELIVERED: ['QUEUED', 'SENT'],
  READ: ['QUEUED', 'SENT', 'DELIVERED'],
  FAILED: ['QUEUED', 'SENT'],
};
type InboxStatus = (typeof agentMessages.$inferSelect)['status'];

/**
 * Applies a delivery or seen report to the outbound message we sent with that id. Statuses only
 * move forward, so reports arriving out of order (READ before DELIVERED) end in the right state.
 * A report for an id we do not know changes nothing and is not an error. With a change, a
 * `message:status` event is written in the same transaction.
 */
export async function applyStatusReport(
  db: Database,
  {
    workspaceId,
    externalMessageId,
    report,
  }: { workspaceId: string; externalMessageId: string; report: DeliveryStatus | { status: 'READ'; at: string } },
): Promise<{ updated: boolean; known: boolean }> {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(agentMessages)
      .set({
        status: report.status,
        ...(report.status === 'FAILED' ? { error: report.error.slice(0, 1000) } : {}),
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(agentMessages.workspaceId, workspaceId),
          eq(agentMessages.direction, 'outbound'),
          eq(agentMessages.externalMessageId, externalMessageId),
          inArray(agentMessages.status, PREDECESSORS[report.status]),
        ),
      )
      .returning({ id: agentMessages.id, sessionId: agentMessages.sessionId });
    if (!updated) {
      const [exists] = await tx
        .select({ id: agentMessages.id })
        .from(agentMessages)
        .where(
          and(
            eq(agentMessages.workspaceId, workspaceId),
            eq(agentMessages.direction, 'outbound'),
            eq(agentMessages.externalMessageId, externalMessageId),
          ),
        );
      return { updated: false, known: Boolean(exists) };
    }
    await enqueueEvent(tx, {
      workspaceId,
      type: 'message:status',
      payload: {
        sessionId: updated.sessionId,
        messageId: updated.id,
        status: report.status,
        ...(report.status === 'FAILED' ? { error: report.error } : {}),
      },
    });
    return { updated: true, known: true };
  });
}

interface PreparedInbound {
  row: InboxRow;
  message: NormalisedInbound;
  contact: string;
  phone: string | null;
  profileName: string | null;
}

/**
 * Processes stored rows: reports first (cheap, independent), then inbound messages grouped by
 * conversation, conversations in parallel. Within a conversation messages go to its object one
 * after the other (`Conversation.accept`, which returns once the object has stored the message,
 * not after the agent's turn); a message the object did not take (or whose media job could not
 * be sent) stops its conversation for this pass, so later ones do not overtake it. Each row is
 * marked processed once the object has it (and, for media, the media queue has its job); on
 * failure it keeps its error and is retried by `retryPendingWebhooks`. The agent's replies are
 * written and published by the object itself, after this returns.
 */
export async function processInboxRows(
  deps: InboxDeps,
  rows: InboxRow[],
): Promise<{ processed: number; failed: number }> {
  let processed = 0;
  let failed = 0;
  let statusChanged = false;

  const conversations = new Map<string, PreparedInbound[]>();
  for (const row of rows) {
    if (row.processedAt || row.kind === 'INVALID') continue;
    const parsed = parseWebhookResult((row.payload ?? {}) as Record<string, unknown>, row.connectionId);
    if (!parsed.ok) {
      // Stored by an older parser, unreadable now: keep it for inspection, do not retry forever.
      await markProcessed(deps.db, row.id, `unreadable: ${parsed.error}`);
      failed++;
      continue;
    }
    const item = parsed.item;
    if (item.kind === 'INBOUND') {
      const key = `${row.workspaceId}:${item.identity.contact}`;
      const list = conversations.get(key) ?? [];
      list.push({ row, message: item.message, ...item.identity });
      conversations.set(key, list);
      continue;
    }
    try {
      const result = await applyStatusReport(deps.db, {
        workspaceId: row.workspaceId,
        externalMessageId: item.messageId,
        report: item.report,
      });
      await markProcessed(deps.db, row.id, result.known ? null : 'no outbound message with this id');
      statusChanged ||= result.updated;
      processed++;
    } catch (error) {
      await markFailed(deps.db, row.id, error).catch(() => {});
      failed++;
    }
  }

  const outcomes = await Promise.all(
    [...conversations.values()].map((messages) => deliverConversation(deps, messages)),
  );
  for (const outcome of outcomes) {
    processed += outcome.processed;
    failed += outcome.failed;
  }
  // A status change wrote a `message:status` event: have it published now. (The conversations
  // poke the publisher themselves after each of their writes.)
  if (statusChanged) await pokeOutboxPublisher(deps.env);
  return { processed, failed };
}

/**
 * Hands one conversation's messages to its object, in order, each awaited: a message goes only
 * after the one before it was taken, so a failure (the object unavailable, the media queue
 * refusing a job) leaves it and every later one for the next pass instead of letting them
 * overtake. A message with a file is accepted as waiting for it — the object handles neither it
 * nor anything behind it until the media queue has copied the file (or given up) — and its job
 * goes to `MEDIA_QUEUE`; no download happens here. A message the object already has
 * (`duplicate`, e.g. the answer to an earlier pass was lost) is marked processed, a media job
 * sent again (the consumer is idempotent).
 */
async function deliverConversation(
  deps: InboxDeps,
  messages: PreparedInbound[],
): Promise<{ processed: number; failed: number }> {
  const first = messages[0]!;
  const workspaceId = first.row.workspaceId;
  const conversation = conversationName({ workspaceId, channel: 'whatsapp', contact: first.contact });
  const stub = deps.env.CONVERSATION.getByName(conversation);
  // The customer is identified once here, for the whole batch, and named on each message, so the
  // conversation does not look them up again.
  let customerId: string | null = null;
  try {
    const latest = messages.at(-1)!;
    const customer = await findOrCreateCustomerByWhatsApp(
      { db: deps.db },
      { workspaceId, waUserId: first.contact, phone: latest.phone, profileName: latest.profileName },
    );
    if (customer.ok) customerId = customer.value.customer.id;
  } catch (error) {
    for (const m of messages) await markFailed(deps.db, m.row.id, error).catch(() => {});
    return { processed: 0, failed: messages.length };
  }

  let processed = 0;
  let failed = 0;
  /** This message failed: it keeps the error, the rest of the conversation waits behind it. */
  const holdFrom = async (index: number, error: unknown) => {
    for (const rest of messages.slice(index)) {
      const reason = rest === messages[index] ? error : 'waiting for an earlier message';
      await markFailed(deps.db, rest.row.id, reason).catch(() => {});
    }
    return { processed, failed: failed + messages.length - index };
  };

  for (const [index, { row, message }] of messages.entries()) {
    const waitForMedia = mediaUrlOf(message) !== null;
    try {
      await stub.accept(customerId ? { ...message, customerId } : message, { waitForMedia });
    } catch (error) {
      log.warn('webhook: conversation did not take the message', { inboxId: row.id, error });
      return holdFrom(index, error);
    }
    if (waitForMedia) {
      const job: MediaJob = {
        workspaceId,
        connectionId: row.connectionId,
        inboxId: row.id,
        messageId: message.id,
        conversation,
      };
      try {
        await deps.env.MEDIA_QUEUE.send(job);
      } catch (error) {
        // The object holds the message waiting; the next pass finds it a duplicate and sends the job.
        log.warn('webhook: media job not sent', { inboxId: row.id, error });
        return holdFrom(index, error);
      }
    }
    try {
      await markProcessed(deps.db, row.id);
      processed++;
    } catch (error) {
      // The object has it; the next pass finds it a duplicate there and marks the row then.
      log.warn('webhook: could not mark a delivered message processed', { inboxId: row.id, error });
      failed++;
    }
  }
  return { processed, failed };
}

/**
 * The cron's retry: rows not processed a minute after they arrived (the DO, the database or the
 * media queue was unavailable), oldest first, up to `MAX_INBOX_ATTEMPTS` passes.
 */
export async function retryPendingWebhooks(
  deps: InboxDeps,
  { now = new Date(), limit = 200 }: { now?: Date; limit?: number } = {},
): Promise<{ processed: number; failed: number }> {
  const rows = await deps.db
    .select()
    .from(webhookInbox)
    .where(
      and(
        isNull(webhookInbox.processedAt),
        ne(webhookInbox.kind, 'INVALID'),
        lt(webhookInbox.receivedAt, new Date(now.getTime() - 60_000)),
        lt(webhookInbox.attempts, MAX_INBOX_ATTEMPTS),
      ),
    )
    .orderBy(asc(webhookInbox.receivedAt), asc(webhookInbox.id))
    .limit(limit);
  if (rows.length === 0) return { processed: 0, failed: 0 };
  return processInboxRows(deps, rows);
}

const DAY = 24 * 60 * 60 * 1000;

/** Retention: processed rows after 7 days; failed, invalid and abandoned ones after 30. */
export async function purgeWebhookInbox(db: Database, now = new Date()): Promise<void> {
  await db
    .delete(webhookInbox)
    .where(
      or(
        and(lt(webhookInbox.processedAt, new Date(now.getTime() - 7 * DAY)), isNull(webhookInbox.error)),
        lt(webhookInbox.receivedAt, new Date(now.getTime() - 30 * DAY)),
      ),
    );
}
