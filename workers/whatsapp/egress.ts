/**
 * Egress: delivering one recorded outbound message (`agent_messages`, QUEUED) to the customer
 * through Infobip. Postgres is the truth: the queue message names the message, everything else
 * is read from its row and session. Only a QUEUED message is sent, and always with its own id
 * as Infobip's `messageId`, so a redelivered queue message or a retried send never produces a
 * second WhatsApp message, and delivery reports find it.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { newId } from '../../db/ids';
import { agentMessages, agentSessions, customers, deadLetters } from '../../db/schema';
import { OutboundMessageSchema, outboundText, windowOpen } from '../agent/channel';
import { enqueueEvent } from '../core/outbox/enqueue';
import type { Bindings } from '../core/bindings';
import { infobipAddress, toInfobipRequest, type EgressMessage } from './infobip/adapter';
import { connectionForWorkspace, webhookUrlOf } from './connections';
import { clientFor, type ClientOverrides } from './infobip/transport';

export const HELD_OUTSIDE_WINDOW =
  'Outside the 24 h customer service window: only an approved template can be sent. Held for an operator.';

export type EgressOutcome =
  | { kind: 'sent'; infobipMessageId: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'held' }
  | { kind: 'retry'; error: string; retryAfterSeconds?: number }
  | { kind: 'failed'; error: string };

export type EgressEnv = Pick<Bindings, 'ENVIRONMENT' | 'APP_URL' | 'ENCRYPTION_KEY'>;

export interface EgressDeps {
  db: Database;
  env: EgressEnv;
  now?: () => Date;
  client?: ClientOverrides;
}

/** Our outbound message shapes: the agent's `OutboundMessage`, plus templates. */
export const EgressMessageSchema: z.ZodType<EgressMessage> = z.union([
  OutboundMessageSchema,
  z.object({
    type: z.literal('template'),
    templateName: z.string(),
    language: z.string().optional(),
    placeholders: z.array(z.string()),
  }),
]);

/** What the egress queue carries in `payload` (written by `appendMessages` and by a retry). */
export const EgressPayload = z.looseObject({ messageId: z.string().min(1) });

type MessageRow = typeof agentMessages.$inferSelect;

/** The message to send: the structured one kept in `tool_calls`, else the text. */
export function egressMessageOf(row: Pick<MessageRow, 'toolCalls' | 'content'>): EgressMessage {
  const structured = EgressMessageSchema.safeParse(row.toolCalls);
  if (structured.success) return structured.data;
  return { type: 'text', text: row.content ?? '' };
}

async function setStatus(
  db: Database,
  row: Pick<MessageRow, 'id' | 'workspaceId' | 'sessionId'>,
  status: 'SENT' | 'HELD' | 'FAILED',
  error: string | null,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(agentMessages)
      .set({ status, error, updatedAt: new Date() })
      .where(
        and(
          eq(agentMessages.workspaceId, row.workspaceId),
          eq(agentMessages.id, row.id),
          eq(agentMessages.status, 'QUEUED'),
        ),
      )
      .returning({ id: agentMessages.id });
    if (!updated) return false;
    const payload = { sessionId: row.sessionId, messageId: row.id, status, ...(error ? { error } : {}) };
    await enqueueEvent(tx, { workspaceId: row.workspaceId, type: 'message:status', payload });
    if (status === 'HELD') {
      await enqueueEvent(tx, { workspaceId: row.workspaceId, type: 'message:held', payload });
    }
    return true;
  });
}

/**
 * Sends one outbound message. Outcomes: `sent`; `skipped` (not QUEUED any more, unknown, or a
 * simulator conversation, which has no WhatsApp side); `held` (window closed and not a template:
 * status HELD and `message:held` for operators); `retry` (Infobip busy or unreachable: the
 * message stays QUEUED with the error noted); `failed` (permanent: status FAILED with the error).
 */
export async function sendOutboundMessage(
  deps: EgressDeps,
  messageId: string,
  workspaceId?: string | null,
): Promise<EgressOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const [found] = await deps.db
    .select({ message: agentMessages, session: agentSessions, customerPhone: customers.phone })
    .from(agentMessages)
    .innerJoin(agentSessions, eq(agentSessions.id, agentMessages.sessionId))
    .leftJoin(customers, eq(customers.id, agentSessions.customerId))
    .where(and(eq(agentMessages.id, messageId), workspaceId ? eq(agentMessages.workspaceId, workspaceId) : undefined));
  if (!found) return { kind: 'skipped', reason: 'no such message' };
  const { message: row, session } = found;
  if (row.direction !== 'outbound') return { kind: 'skipped', reason: 'not an outbound message' };
  if (row.status !== 'QUEUED') return { kind: 'skipped', reason: `already ${row.status}` };

  if (session.channel === 'simulator') {
    // The simulator reads replies from the transcript: there is nothing to send.
    await setStatus(deps.db, row, 'SENT', null);
    return { kind: 'skipped', reason: 'simulator conversation' };
  }

  const message = egressMessageOf(row);
  if (message.type !== 'template' && !windowOpen(session.lastCustomerMessageAt, now)) {
    await setStatus(deps.db, row, 'HELD', HELD_OUTSIDE_WINDOW);
    return { kind: 'held' };
  }

  const connection = await connectionForWorkspace(deps.db, row.workspaceId, session.connectionId);
  if (!connection) return fail(deps, row, 'No WhatsApp connection for this workspace');
  const client = await clientFor(deps.env, connection, deps.client);
  if (!client) return fail(deps, row, 'The connection has no Infobip credentials (the sandbox is off in production)');

  // Set before the send: a delivery report can arrive before our own status update.
  if (!row.externalMessageId) {
    await deps.db
      .update(agentMessages)
      .set({ externalMessageId: row.id })
      .where(and(eq(agentMessages.id, row.id), isNull(agentMessages.externalMessageId)));
  }
  const to = session.contact.startsWith('+')
    ? infobipAddress(session.contact)
    : found.customerPhone
      ? infobipAddress(found.customerPhone)
      : session.contact;
  const request = toInfobipRequest(
    message,
    {
      from: connection.sender,
      to,
      messageId: row.externalMessageId ?? row.id,
      callbackData: session.id,
      notifyUrl: webhookUrlOf(deps.env.APP_URL, connection.id),
    },
    deps.env.APP_URL,
  );
  const result = await client.send(request);
  if (result.ok) {
    await setStatus(deps.db, row, 'SENT', null);
    return { kind: 'sent', infobipMessageId: result.messageId };
  }
  const error = `${result.code}: ${result.message}`.slice(0, 1000);
  if (!result.retryable) return fail(deps, row, error);
  await deps.db
    .update(agentMessages)
    .set({ error, updatedAt: new Date() })
    .where(and(eq(agentMessages.id, row.id), eq(agentMessages.status, 'QUEUED')));
  return { kind: 'retry', error, ...(result.retryAfterSeconds ? { retryAfterSeconds: result.retryAfterSeconds } : {}) };
}

async function fail(deps: EgressDeps, row: MessageRow, error: string): Promise<EgressOutcome> {
  await setStatus(deps.db, row, 'FAILED', error);
  return { kind: 'failed', error };
}

/**
 * Marks a message FAILED after its retries ran out (the egress DLQ): the last error noted by
 * egress is kept, or "retries exhausted". A message that got out meanwhile is left alone.
 */
export async function failExhausted(db: Database, messageId: string): Promise<boolean> {
  const [row] = await db.select().from(agentMessages).where(eq(agentMessages.id, messageId));
  if (!row || row.status !== 'QUEUED') return false;
  return setStatus(db, row, 'FAILED', row.error ?? 'Delivery retries exhausted');
}

/** Records a queue message that will not be retried, once per (queue, event). */
export async function recordDeadLetter(
  db: Database,
  entry: {
    queue: string;
    workspaceId: string | null;
    eventId: string | null;
    agentMessageId?: string | null;
    body: unknown;
    error: string | null;
    attempts: number;
  },
): Promise<void> {
  await db
    .insert(deadLetters)
    .values({
      id: newId('dlq'),
      queue: entry.queue,
      workspaceId: entry.workspaceId,
      eventId: entry.eventId,
      agentMessageId: entry.agentMessageId ?? null,
      body: entry.body ?? {},
      error: entry.error?.slice(0, 1000) ?? null,
      attempts: entry.attempts,
    })
    .onConflictDoNothing();
}

/** The payload `appendMessages` writes for egress, rebuilt from a transcript row (for a retry). */
export function egressPayloadOf(
  row: MessageRow,
  session: Pick<typeof agentSessions.$inferSelect, 'channel' | 'contact' | 'connectionId'>,
): Record<string, unknown> {
  const message = egressMessageOf(row);
  return {
    messageId: row.id,
    sessionId: row.sessionId,
    channel: session.channel,
    contact: session.contact,
    connectionId: session.connectionId,
    role: row.role,
    type: row.type,
    content: row.content ?? (message.type === 'template' ? null : outboundText(message)),
    media: row.media,
    message,
  };
}
