/**
 * The logic of one conversation (one customer contact of one workspace), hosted by the
 * `Conversation` Durable Object, which serialises calls and owns the SQLite storage passed in
 * here (object-storage.ts); Postgres mirrors everything (postgres-mirror.ts). Split by job:
 * the inbound turn (inbound.ts), operator actions (operator.ts), the idle timeout (timeout.ts),
 * on the shared state and steps of core.ts; the vocabulary is types.ts.
 */
import type { InboundMessage } from '../channel';
import { ConversationCore } from './core';
import { handleInbound } from './inbound';
import { assign, operatorReply, release, requestHandoff } from './operator';
import { closeIfIdle } from './timeout';
import type { AssignResult, ConversationView, OperatorMessage, OperatorReplyResult, ReceiveResult } from './types';

export { agentToolRunner } from './inbound';
export { sessionTimeoutMinutes } from './timeout';
export * from './types';

export class ConversationEngine extends ConversationCore {
  /**
   * Handles one queued customer message: identifies the customer, records the message, and
   * unless a human owns the conversation runs (or resumes) the agent's turn. Idempotent: the
   * message's row id is fixed the first time, and a resumed turn repeats no write.
   */
  handleInbound(message: InboundMessage): Promise<ReceiveResult> {
    return handleInbound(this, message);
  }

  /** An operator moves the conversation to the human queue (HANDOFF, unassigned) with a reason. */
  requestHandoff(reason: string, userId: string | null): Promise<ConversationView> {
    return requestHandoff(this, reason, userId);
  }

  /** An operator takes the conversation; one another operator holds answers TAKEN. */
  assign(userId: string): Promise<AssignResult> {
    return assign(this, userId);
  }

  /** The operator releases the conversation to the agent. */
  release(userId: string | null): Promise<ConversationView> {
    return release(this, userId);
  }

  /** An operator's message to the customer (only the assigned operator; free text inside the 24 h window). */
  operatorReply(userId: string, message: OperatorMessage): Promise<OperatorReplyResult> {
    return operatorReply(this, userId, message);
  }

  /** Closes the session if idle for the workspace's timeout; false when it was not. */
  timeout(lastActivityAt: number): Promise<boolean> {
    return closeIfIdle(this, lastActivityAt);
  }
}
