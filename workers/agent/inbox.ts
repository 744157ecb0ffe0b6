/**
 * The operators' view of conversations, read from the Postgres mirror (`agent_sessions`,
 * `agent_messages`, `agent_handoffs`): list with filters and search, one conversation, its
 * transcript, its handoff history. Read-only; changes go through the Conversation object (and
 * the read marker through session-store.ts `markSessionRead`).
 */
import { and, desc, eq, gt, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { agentHandoffs, agentMessages, agentSessions, customers } from '../../db/schema';
import { decodeCursor, toPage, type Page } from '../core/pagination';
import { fail, ok, type Result } from '../core/result';
import { WINDOW_MS } from './channel';
import type { SessionState } from './fsm';
import type { MessageRow, SessionOwner, SessionRow } from './conversation/postgres-mirror';

export interface ConversationSummary {
  id: string;
  channel: SessionRow['channel'];
  contact: string;
  customer: { id: string; name: string | null; phone: string | null } | null;
  state: SessionState;
  owner: SessionOwner;
  assignedUserId: string | null;
  handoffReason: string | null;
  draftOrderId: string | null;
  unreadCount: number;
  lastMessageAt: Date | null;
  lastMessagePreview: string | null;
  lastCustomerMessageAt: Date | null;
  /** When WhatsApp's 24 h window for free text closes (null: the customer never wrote). */
  windowExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ListConversationsInput {
  workspaceId: string;
  owner?: SessionOwner;
  state?: SessionState;
  assignedUserId?: string;
  /** Only conversations with unread customer messages. */
  unread?: boolean;
  /** Part of the customer's name or phone, or of the contact id. */
  q?: string;
  limit: number;
  cursor?: string;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function toSummary(row: SessionRow, customer: ConversationSummary['customer']): ConversationSummary {
  return {
    id: row.id,
    channel: row.channel,
    contact: row.contact,
    customer,
    state: row.state,
    owner: row.owner,
    assignedUserId: row.assignedUserId,
    handoffReason: row.handoffReason,
    draftOrderId: row.draftOrderId,
    unreadCount: row.unreadCount,
    lastMessageAt: row.lastMessageAt,
    lastMessagePreview: row.lastMessagePreview,
    lastCustomerMessageAt: row.lastCustomerMessageAt,
    windowExpiresAt: row.lastCustomerMessageAt ? new Date(row.lastCustomerMessageAt.getTime() + WINDOW_MS) : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Conversations of a workspace, newest first (by id, which sorts by creation). */
export async function listConversations(
  { db }: { db: DbOrTx },
  input: ListConversationsInput,
): Promise<Page<ConversationSummary>> {
  const after = decodeCursor(input.cursor);
  const where: Array<SQL | undefined> = [
    eq(agentSessions.workspaceId, input.workspaceId),
    input.owner ? eq(agentSessions.owner, input.owner) : undefined,
    input.state ? eq(agentSessions.state, input.state) : undefined,
    input.assignedUserId ? eq(agentSessions.assignedUserId, input.assignedUserId) : undefined,
    input.unread ? gt(agentSessions.unreadCount, 0) : undefined,
    after ? lt(agentSessions.id, after) : undefined,
  ];
  if (input.q) {
    const pattern = `%${escapeLike(input.q)}%`;
    where.push(
      or(ilike(customers.name, pattern), ilike(customers.phone, pattern), ilike(agentSessions.contact, pattern)),
    );
  }
  const rows = await db
    .select({ session: agentSessions, customer: { id: customers.id, name: customers.name, phone: customers.phone } })
    .from(agentSessions)
    .leftJoin(customers, and(eq(customers.id, agentSessions.customerId), eq(customers.workspaceId, input.workspaceId)))
    .where(and(...where))
    .orderBy(desc(agentSessions.id))
    .limit(input.limit + 1);
  const page = toPage(
    rows.map((r) => ({ id: r.session.id, row: r })),
    input.limit,
  );
  return {
    items: page.items.map(({ row }) => toSummary(row.session, row.customer?.id ? row.customer : null)),
    nextCursor: page.nextCursor,
  };
}

/** One conversation of the workspace; NOT_FOUND for another workspace's. */
export async function getConversation(
  { db }: { db: DbOrTx },
  { workspaceId, sessionId }: { workspaceId: string; sessionId: string },
): Promise<Result<ConversationSummary, 'NOT_FOUND'>> {
  const [row] = await db
    .select({ session: agentSessions, customer: { id: customers.id, name: customers.name, phone: customers.phone } })
    .from(agentSessions)
    .leftJoin(customers, and(eq(customers.id, agentSessions.customerId), eq(customers.workspaceId, workspaceId)))
    .where(and(eq(agentSessions.workspaceId, workspaceId), eq(agentSessions.id, sessionId)));
  if (!row) return fail('NOT_FOUND', 'Conversation not found');
  return ok(toSummary(row.session, row.customer?.id ? row.customer : null));
}

export interface TranscriptMessage {
  id: string;
  direction: MessageRow['direction'];
  role: MessageRow['role'];
  type: MessageRow['type'];
  content: string | null;
  media: MessageRow['media'];
  toolCalls: unknown;
  status: MessageRow['status'];
  error: string | null;
  externalMessageId: string | null;
  authorUserId: string | null;
  createdAt: Date;
}

/**
 * A conversation's transcript, newest first, one page at a time (the cursor walks back in
 * time). Internal rows (tool calls and results, events) are included only with `internal`.
 */
export async function listMessages(
  { db }: { db: DbOrTx },
  input: { workspaceId: string; sessionId: string; limit: number; cursor?: string; internal?: boolean },
): Promise<Result<Page<TranscriptMessage>, 'NOT_FOUND'>> {
  const found = await getConversation({ db }, input);
  if (!found.ok) return found;
  const before = decodeCursor(input.cursor);
  const rows = await db
    .select()
    .from(agentMessages)
    .where(
      and(
        eq(agentMessages.workspaceId, input.workspaceId),
        eq(agentMessages.sessionId, input.sessionId),
        input.internal
          ? undefined
          : or(
              eq(agentMessages.direction, 'inbound'),
              eq(agentMessages.direction, 'outbound'),
              eq(agentMessages.type, 'event'),
            ),
        before ? lt(agentMessages.id, before) : undefined,
      ),
    )
    .orderBy(desc(agentMessages.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit);
  return ok({ items: page.items.map(toTranscriptMessage), nextCursor: page.nextCursor });
}

/** One transcript message of the workspace; NOT_FOUND for another workspace's. */
export async function getMessage(
  { db }: { db: DbOrTx },
  { workspaceId, messageId }: { workspaceId: string; messageId: string },
): Promise<Result<TranscriptMessage, 'NOT_FOUND'>> {
  const [row] = await db
    .select()
    .from(agentMessages)
    .where(and(eq(agentMessages.workspaceId, workspaceId), eq(agentMessages.id, messageId)));
  return row ? ok(toTranscriptMessage(row)) : fail('NOT_FOUND', 'Message not found');
}

/** A transcript row as the inbox shows it. */
export function toTranscriptMessage(r: MessageRow): TranscriptMessage {
  return {
    id: r.id,
    direction: r.direction,
    role: r.role,
    type: r.type,
    content: r.content,
    media: r.media,
    toolCalls: r.toolCalls,
    status: r.status,
    error: r.error,
    externalMessageId: r.externalMessageId,
    authorUserId: r.authorUserId,
    createdAt: r.createdAt,
  };
}

export interface Handoff {
  id: string;
  reason: string | null;
  /** `agent`, `customer`, or the user id of the operator who asked. */
  requestedBy: string;
  startedAt: Date;
  assignedUserId: string | null;
  assignedAt: Date | null;
  endedAt: Date | null;
  /** The user id of the operator who released it (or `agent`); null while it is open. */
  endedBy: string | null;
}

/** A conversation's human stretches, newest first; NOT_FOUND for another workspace's. */
export async function listHandoffs(
  { db }: { db: DbOrTx },
  input: { workspaceId: string; sessionId: string },
): Promise<Result<Handoff[], 'NOT_FOUND'>> {
  const found = await getConversation({ db }, input);
  if (!found.ok) return found;
  const rows = await db
    .select()
    .from(agentHandoffs)
    .where(and(eq(agentHandoffs.workspaceId, input.workspaceId), eq(agentHandoffs.sessionId, input.sessionId)))
    .orderBy(desc(agentHandoffs.startedAt), desc(agentHandoffs.id));
  return ok(
    rows.map((r) => ({
      id: r.id,
      reason: r.reason,
      requestedBy: r.requestedBy,
      startedAt: r.startedAt,
      assignedUserId: r.assignedUserId,
      assignedAt: r.assignedAt,
      endedAt: r.endedAt,
      endedBy: r.endedBy,
    })),
  );
}
