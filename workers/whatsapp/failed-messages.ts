/**
 * Outbound messages that did not reach the customer — FAILED (permanent error or retries
 * exhausted) or HELD (outside the 24 h window) — as operators see them, and the retry that
 * puts one back on the egress queue.
 */
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { agentMessages, agentSessions, deadLetters } from '../../db/schema';
import { recordAudit, type Actor } from '../core/audit/record';
import { enqueueEvent } from '../core/outbox/enqueue';
import { decodeCursor, toPage, type Page } from '../core/pagination';
import { fail, ok, type Result } from '../core/result';
import { egressPayloadOf } from './egress';

export type UndeliveredStatus = 'FAILED' | 'HELD';

export interface UndeliveredMessage {
  id: string;
  sessionId: string;
  contact: string;
  role: string;
  type: string;
  content: string | null;
  status: UndeliveredStatus;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function listUndeliveredMessages(
  { db }: { db: Database },
  {
    workspaceId,
    statuses,
    limit,
    cursor,
  }: { workspaceId: string; statuses: UndeliveredStatus[]; limit: number; cursor?: string },
): Promise<Page<UndeliveredMessage>> {
  const after = decodeCursor(cursor);
  const rows = await db
    .select({
      id: agentMessages.id,
      sessionId: agentMessages.sessionId,
      contact: agentSessions.contact,
      role: agentMessages.role,
      type: agentMessages.type,
      content: agentMessages.content,
      status: agentMessages.status,
      error: agentMessages.error,
      createdAt: agentMessages.createdAt,
      updatedAt: agentMessages.updatedAt,
    })
    .from(agentMessages)
    .innerJoin(agentSessions, eq(agentSessions.id, agentMessages.sessionId))
    .where(
      and(
        eq(agentMessages.workspaceId, workspaceId),
        eq(agentMessages.direction, 'outbound'),
        inArray(agentMessages.status, statuses),
        after ? lt(agentMessages.id, after) : undefined,
      ),
    )
    .orderBy(desc(agentMessages.id))
    .limit(limit + 1);
  return toPage(rows as UndeliveredMessage[], limit);
}

/**
 * Puts a FAILED or HELD outbound message back in the egress queue: status QUEUED, its error
 * cleared, a new `message:outbound` outbox event, and its dead letters marked redriven — all in
 * one transaction. The send uses the same message id, so Infobip never sees two messages.
 */
export async function retryUndeliveredMessage(
  { db }: { db: Database },
  { workspaceId, messageId, actor }: { workspaceId: string; messageId: string; actor: Actor },
): Promise<Result<Omit<UndeliveredMessage, 'status'> & { status: 'QUEUED' }, 'NOT_FOUND' | 'INVALID_STATE'>> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ message: agentMessages, session: agentSessions })
      .from(agentMessages)
      .innerJoin(agentSessions, eq(agentSessions.id, agentMessages.sessionId))
      .where(
        and(
          eq(agentMessages.workspaceId, workspaceId),
          eq(agentMessages.id, messageId),
          eq(agentMessages.direction, 'outbound'),
        ),
      )
      .for('update', { of: agentMessages });
    if (!found) return fail('NOT_FOUND', 'Message not found');
    const { message, session } = found;
    if (message.status !== 'FAILED' && message.status !== 'HELD') {
      return fail('INVALID_STATE', `Only FAILED or HELD messages can be retried; this one is ${message.status}`);
    }
    const [updated] = await tx
      .update(agentMessages)
      .set({ status: 'QUEUED', error: null, updatedAt: new Date() })
      .where(eq(agentMessages.id, message.id))
      .returning();
    await enqueueEvent(tx, {
      workspaceId,
      type: 'message:outbound',
      destination: 'egress',
      payload: egressPayloadOf(updated!, session),
    });
    await enqueueEvent(tx, {
      workspaceId,
      type: 'message:status',
      payload: { sessionId: message.sessionId, messageId: message.id, status: 'QUEUED' },
    });
    await tx
      .update(deadLetters)
      .set({ redrivenAt: new Date() })
      .where(and(eq(deadLetters.agentMessageId, message.id), isNull(deadLetters.redrivenAt)));
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'message.retry',
      entityType: 'agent_message',
      entityId: message.id,
      before: { status: message.status, error: message.error },
      after: { status: 'QUEUED' },
    });
    return ok({
      id: message.id,
      sessionId: message.sessionId,
      contact: session.contact,
      role: message.role,
      type: message.type,
      content: message.content,
      status: 'QUEUED' as const,
      error: null,
      createdAt: message.createdAt,
      updatedAt: updated!.updatedAt,
    });
  });
}
