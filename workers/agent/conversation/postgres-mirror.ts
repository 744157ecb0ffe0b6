/**
 * Write-through from a Conversation object to Postgres: `agent_sessions` (one row per
 * conversation, what the dashboard lists and searches), `agent_messages` (the transcript) and
 * `agent_turns` (token use per turn). The object owns the live state; these rows mirror it so
 * the dashboard can read conversations and the object can rebuild itself after losing its
 * storage. Every write is idempotent (ids are chosen by the caller before the write), so a turn
 * resumed after an eviction can repeat a write without duplicating it.
 *
 * Transcript encoding (what `buildContext` reads back):
 * - customer message: direction `inbound`, role `customer`, type `text|button|image|…`, `content` the text;
 * - model step that called tools: direction `internal`, role `agent`, type `tool_call`,
 *   `toolCalls` = the model's content blocks verbatim (reasoning, text and `tool_use`), `content` its text;
 * - tool results: direction `internal`, role `tool`, type `tool_result`, `toolCalls` = `ToolResultBlock[]`;
 * - reply to the customer: direction `outbound`, role `agent`, type `text|buttons|list…` (`interactive`),
 *   status `QUEUED`, `toolCalls` = the `OutboundMessage` when it is not plain text;
 * - operator message: direction `outbound`, role `operator`;
 * - session events (hand-back, timeout, handoff): direction `internal`, role `system`, type `event`.
 */
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import {
  agentHandoffs,
  agentMessages,
  agentSessions,
  agentTurns,
  customers,
  type MessageMedia,
} from '../../../db/schema';
import { enqueueEvent } from '../../core/outbox/enqueue';
import type { ConversationKey } from '../channel';
import type { SessionEvent, SessionState } from '../fsm';
import type { LlmUsage } from '../llm/provider';

export type SessionOwner = 'agent' | 'human';
export type MessageRow = typeof agentMessages.$inferSelect;
export type SessionRow = typeof agentSessions.$inferSelect;

/** The live conversation as the object keeps it; mirrored to `agent_sessions`. */
export interface SessionRecord extends ConversationKey {
  id: string;
  connectionId: string | null;
  customerId: string | null;
  state: SessionState;
  owner: SessionOwner;
  assignedUserId: string | null;
  handoffReason: string | null;
  draftOrderId: string | null;
  consecutiveFailures: number;
  summary: string | null;
  lastCustomerMessageAt: Date | null;
}

export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    channel: row.channel,
    contact: row.contact,
    connectionId: row.connectionId,
    customerId: row.customerId,
    state: row.state,
    owner: row.owner,
    assignedUserId: row.assignedUserId,
    handoffReason: row.handoffReason,
    draftOrderId: row.draftOrderId,
    consecutiveFailures: row.consecutiveFailures,
    summary: row.summary,
    lastCustomerMessageAt: row.lastCustomerMessageAt,
  };
}

/**
 * The conversation's `agent_sessions` row, created on first contact. Concurrent first messages
 * (impossible through one object, possible through a rebuilt one) meet on the unique
 * (workspace, channel, contact) index.
 */
export async function openSession(
  db: Database,
  key: ConversationKey & { connectionId?: string | null },
): Promise<SessionRecord> {
  await db
    .insert(agentSessions)
    .values({
      id: newId('ses'),
      workspaceId: key.workspaceId,
      channel: key.channel,
      contact: key.contact,
      connectionId: key.connectionId ?? null,
    })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(agentSessions)
    .where(
      and(
        eq(agentSessions.workspaceId, key.workspaceId),
        eq(agentSessions.channel, key.channel),
        eq(agentSessions.contact, key.contact),
      ),
    );
  if (!row) throw new Error(`agent_sessions row for ${key.workspaceId}:${key.channel}:${key.contact} vanished`);
  return toSessionRecord(row);
}

/** A transition to announce with the save. */
export interface SessionChange {
  event: SessionEvent | 'OWNER_CHANGED';
  from: SessionState;
  to: SessionState;
  /**
   * Who caused it, for the handoff history: `agent` (its tool or its failures), `customer` (they
   * asked for a person) or a user id. Absent means the agent.
   */
  actor?: string | null;
}

/** The `session:updated` payload: what an inbox row needs to redraw itself. */
export function sessionUpdatedPayload(
  session: Pick<SessionRow, 'id' | 'state' | 'owner' | 'assignedUserId' | 'unreadCount'>,
): { sessionId: string; state: SessionState; owner: SessionOwner; assignedUserId: string | null; unreadCount: number } {
  return {
    sessionId: session.id,
    state: session.state,
    owner: session.owner,
    assignedUserId: session.assignedUserId,
    unreadCount: session.unreadCount,
  };
}

/**
 * Mirrors the object's state to `agent_sessions`. With a `change`, in the same transaction: the
 * handoff history (`agent_handoffs`: a row opens when the session enters HANDOFF, takes the
 * operator it is assigned to, and closes when the agent owns the session again),
 * `session:updated`, and `handoff:requested` when the session entered HANDOFF with nobody
 * assigned (an operator who takes a conversation themselves needs no one notified).
 */
export async function saveSession(db: Database, session: SessionRecord, change?: SessionChange): Promise<void> {
  await db.transaction(async (tx) => {
    const [saved] = await tx
      .update(agentSessions)
      .set({
        customerId: session.customerId,
        connectionId: session.connectionId,
        state: session.state,
        owner: session.owner,
        assignedUserId: session.assignedUserId,
        handoffReason: session.handoffReason,
        draftOrderId: session.draftOrderId,
        consecutiveFailures: session.consecutiveFailures,
        summary: session.summary,
        lastCustomerMessageAt: session.lastCustomerMessageAt,
        updatedAt: new Date(),
      })
      .where(and(eq(agentSessions.workspaceId, session.workspaceId), eq(agentSessions.id, session.id)))
      .returning({ unreadCount: agentSessions.unreadCount });
    if (!change) return;
    const entered = change.to === 'HANDOFF' && change.from !== 'HANDOFF';
    await recordHandoff(tx, session, change, entered);
    const payload = {
      ...sessionUpdatedPayload({ ...session, unreadCount: saved?.unreadCount ?? 0 }),
      customerId: session.customerId,
      event: change.event,
      from: change.from,
      to: change.to,
      draftOrderId: session.draftOrderId,
    };
    await enqueueEvent(tx, { workspaceId: session.workspaceId, type: 'session:updated', payload });
    if (entered && session.assignedUserId === null) {
      const [customer] = session.customerId
        ? await tx
            .select({ name: customers.name })
            .from(customers)
            .where(and(eq(customers.workspaceId, session.workspaceId), eq(customers.id, session.customerId)))
        : [];
      await enqueueEvent(tx, {
        workspaceId: session.workspaceId,
        type: 'handoff:requested',
        payload: {
          sessionId: session.id,
          customerId: session.customerId,
          reason: session.handoffReason,
          requestedBy: change.actor ?? 'agent',
          ...(customer?.name ? { customerName: customer.name } : {}),
        },
      });
    }
  });
}

/** Keeps `agent_handoffs` in step with a session change (see `saveSession`). */
async function recordHandoff(tx: DbOrTx, session: SessionRecord, change: SessionChange, entered: boolean) {
  const now = new Date();
  const open = and(
    eq(agentHandoffs.workspaceId, session.workspaceId),
    eq(agentHandoffs.sessionId, session.id),
    isNull(agentHandoffs.endedAt),
  );
  if (session.owner === 'agent') {
    // Only a hand-back ends a human stretch; other agent transitions have nothing to close.
    if (change.event !== 'RETURNED_TO_AGENT' && change.event !== 'OWNER_CHANGED') return;
    await tx
      .update(agentHandoffs)
      .set({ endedAt: now, endedBy: change.actor ?? 'agent' })
      .where(open);
    return;
  }
  if (entered) {
    // The partial unique index keeps one open row: a repeated save opens nothing new.
    await tx
      .insert(agentHandoffs)
      .values({
        id: newId('hof'),
        workspaceId: session.workspaceId,
        sessionId: session.id,
        reason: session.handoffReason,
        requestedBy: change.actor ?? 'agent',
        startedAt: now,
        assignedUserId: session.assignedUserId,
        assignedAt: session.assignedUserId ? now : null,
      })
      .onConflictDoNothing();
    return;
  }
  if (session.assignedUserId) {
    await tx
      .update(agentHandoffs)
      .set({ assignedUserId: session.assignedUserId, assignedAt: now })
      .where(and(open, sql`${agentHandoffs.assignedUserId} is distinct from ${session.assignedUserId}`));
  }
}

/**
 * The operators read the conversation: `unread_count` back to 0 and `session:updated`
 * announced, in one transaction. Reading one with nothing unread — or one the workspace does not
 * have — changes nothing (and announces nothing); the caller reads the conversation afterwards
 * and answers NOT_FOUND from that.
 */
export async function markSessionRead(
  db: Database,
  { workspaceId, sessionId }: { workspaceId: string; sessionId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(agentSessions)
      .set({ unreadCount: 0, updatedAt: new Date() })
      .where(
        and(
          eq(agentSessions.workspaceId, workspaceId),
          eq(agentSessions.id, sessionId),
          gt(agentSessions.unreadCount, 0),
        ),
      )
      .returning();
    if (row) {
      await enqueueEvent(tx, {
        workspaceId,
        type: 'session:updated',
        payload: { ...sessionUpdatedPayload(row), event: 'READ' },
      });
    }
  });
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The creation time encoded in one of our ids (db/ids.ts); now for an id without one. */
export function idTime(id: string): Date {
  const body = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11);
  let ms = 0;
  for (const ch of body) {
    const digit = CROCKFORD.indexOf(ch);
    if (digit < 0) return new Date();
    ms = ms * 32 + digit;
  }
  return new Date(ms);
}

/**
 * A transcript row about to be written; `id` is chosen before the write so a retry is a no-op.
 * `createdAt` defaults to the time in the id, so rows sort the same by id and by time.
 */
export interface NewMessage {
  id: string;
  direction: MessageRow['direction'];
  role: MessageRow['role'];
  type: MessageRow['type'];
  content?: string | null;
  media?: MessageMedia | null;
  toolCalls?: unknown;
  status: MessageRow['status'];
  externalMessageId?: string | null;
  authorUserId?: string | null;
  createdAt?: Date;
}

const PREVIEW_CHARS = 140;

/**
 * Appends transcript rows in one transaction. Rows already written (same id, or the same
 * inbound external id) are skipped; only rows actually inserted are returned. For each inserted
 * customer/agent/operator message the session's last-message fields move and `message:new` is
 * announced; each inserted outbound reply also goes to the egress outbox (`message:outbound`),
 * so a reply exists for delivery if and only if it is in the transcript. Each inbound row adds
 * one to the session's `unread_count` (operators clear it with `markSessionRead`).
 */
export async function appendMessages(
  db: Database,
  session: Pick<SessionRecord, 'id' | 'workspaceId' | 'channel' | 'contact' | 'connectionId'>,
  messages: NewMessage[],
): Promise<MessageRow[]> {
  if (messages.length === 0) return [];
  return db.transaction(async (tx) => {
    const inserted: MessageRow[] = [];
    for (const m of messages) {
      const [row] = await tx
        .insert(agentMessages)
        .values({
          id: m.id,
          workspaceId: session.workspaceId,
          sessionId: session.id,
          direction: m.direction,
          role: m.role,
          type: m.type,
          content: m.content == null ? null : withoutNul(m.content),
          media: m.media == null ? null : withoutNulJson(m.media),
          toolCalls: m.toolCalls == null ? null : withoutNulJson(m.toolCalls),
          status: m.status,
          externalMessageId: m.externalMessageId ?? null,
          authorUserId: m.authorUserId ?? null,
          createdAt: m.createdAt ?? idTime(m.id),
          updatedAt: m.createdAt ?? idTime(m.id),
        })
        .onConflictDoNothing()
        .returning();
      if (row) inserted.push(row);
    }
    const visible = inserted.filter((r) => r.direction !== 'internal');
    const last = visible.at(-1);
    if (last) {
      const inbound = visible.filter((r) => r.direction === 'inbound');
      await tx
        .update(agentSessions)
        .set({
          lastMessageAt: last.createdAt,
          lastMessagePreview: preview(last),
          // `lastCustomerMessageAt` is not moved here: the session save before it carries the
          // reception time, which is what WhatsApp's 24 h window counts from.
          ...(inbound.length ? { unreadCount: sql`${agentSessions.unreadCount} + ${inbound.length}` } : {}),
          updatedAt: new Date(),
        })
        .where(and(eq(agentSessions.workspaceId, session.workspaceId), eq(agentSessions.id, session.id)));
    }
    for (const row of visible) {
      await enqueueEvent(tx, {
        workspaceId: session.workspaceId,
        type: 'message:new',
        payload: { sessionId: session.id, messageId: row.id, direction: row.direction, role: row.role },
      });
      if (row.direction === 'outbound') {
        await enqueueEvent(tx, {
          workspaceId: session.workspaceId,
          type: 'message:outbound',
          destination: 'egress',
          payload: {
            messageId: row.id,
            sessionId: session.id,
            channel: session.channel,
            contact: session.contact,
            connectionId: session.connectionId,
            role: row.role,
            type: row.type,
            content: row.content,
            media: row.media,
            message: row.toolCalls ?? { type: 'text', text: row.content ?? '' },
          },
        });
      }
    }
    return inserted;
  });
}

/**
 * PostgreSQL refuses NUL in text and in JSON strings; a customer can still type one. Dropped, so
 * such a message is stored and answered instead of failing its every retry.
 */
const withoutNul = (text: string) => text.replaceAll('\u0000', '');
function withoutNulJson<T>(value: T): T {
  if (typeof value === 'string') return withoutNul(value) as T;
  if (Array.isArray(value)) return value.map(withoutNulJson) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNulJson(v)])) as T;
  }
  return value;
}

function preview(row: MessageRow): string {
  const text = row.content?.trim() || (row.media ? `[${row.type}]` : '');
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

/** The newest `limit` transcript rows of the session, oldest first. */
export async function loadTranscript(
  db: DbOrTx,
  { workspaceId, sessionId, limit }: { workspaceId: string; sessionId: string; limit: number },
): Promise<MessageRow[]> {
  const rows = await db
    .select()
    .from(agentMessages)
    .where(and(eq(agentMessages.workspaceId, workspaceId), eq(agentMessages.sessionId, sessionId)))
    .orderBy(desc(agentMessages.createdAt), desc(agentMessages.id))
    .limit(limit);
  return rows.reverse();
}

/** Sets the delivery status of outbound rows (the WhatsApp issue's delivery reports use it too). */
export async function setMessageStatus(
  db: DbOrTx,
  { workspaceId, ids, status }: { workspaceId: string; ids: string[]; status: MessageRow['status'] },
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(agentMessages)
    .set({ status, updatedAt: new Date() })
    .where(and(eq(agentMessages.workspaceId, workspaceId), inArray(agentMessages.id, ids)));
}

export interface TurnStart {
  id: string;
  workspaceId: string;
  sessionId: string;
  triggerMessageId: string | null;
  provider: string;
  startedAt: Date;
}

/** Records a turn as RUNNING (idempotent by id). */
export async function startTurn(db: DbOrTx, turn: TurnStart): Promise<void> {
  await db
    .insert(agentTurns)
    .values({ ...turn, status: 'RUNNING' })
    .onConflictDoNothing();
}

export interface TurnEnd {
  status: 'COMPLETED' | 'FAILED';
  model: string | null;
  steps: number;
  usage: LlmUsage;
  error?: string | null;
  finishedAt: Date;
}

/** Closes a turn with its token use; a turn already closed keeps its first outcome. */
export async function finishTurn(
  db: DbOrTx,
  { workspaceId, turnId }: { workspaceId: string; turnId: string },
  end: TurnEnd,
) {
  await db
    .update(agentTurns)
    .set({
      status: end.status,
      model: end.model,
      steps: end.steps,
      inputTokens: end.usage.inputTokens,
      outputTokens: end.usage.outputTokens,
      cacheReadTokens: end.usage.cacheReadTokens,
      cacheWriteTokens: end.usage.cacheWriteTokens,
      error: end.error ?? null,
      finishedAt: end.finishedAt,
    })
    .where(and(eq(agentTurns.workspaceId, workspaceId), eq(agentTurns.id, turnId), eq(agentTurns.status, 'RUNNING')));
}
