/**
 * What operators do to a conversation: hand it to the human queue, take it, give it back to
 * the agent, and write to the customer (free text inside the 24 h window, a template always).
 */
import { windowOpen } from '../channel';
import { type ConversationCore } from './core';
import {
  ASSIGNED_HANDOFF_REASON,
  HANDBACK_EVENT_TEXT,
  TAKEOVER_EVENT_TEXT,
  operatorTemplateText,
  refuse,
  type AssignResult,
  type ConversationView,
  type OperatorMessage,
  type OperatorReplyResult,
} from './types';

/** An operator moves the conversation to the human queue (HANDOFF, unassigned) with a reason. */
export async function requestHandoff(
  c: ConversationCore,
  reason: string,
  userId: string | null,
): Promise<ConversationView> {
  const session = await c.session();
  if (session.state !== 'HANDOFF') {
    const moved = await c.apply(
      'HANDOFF_REQUESTED',
      await c.facts(session),
      { handoffReason: reason },
      userId ?? 'agent',
    );
    if (moved) await c.event(c.store.session()!, `Conversación derivada a una persona: ${reason}`, userId);
  }
  return c.view(c.store.session()!);
}

/**
 * An operator takes the conversation: HANDOFF (if not there), owner human, assigned to them,
 * in one change. Assigning it again to the same operator changes nothing; one another operator
 * holds answers TAKEN.
 */
export async function assign(c: ConversationCore, userId: string): Promise<AssignResult> {
  const session = await c.session();
  if (session.owner === 'human' && session.assignedUserId !== null && session.assignedUserId !== userId) {
    return refuse('TAKEN', 'Another operator is handling this conversation; it must be released first', {
      assignedUserId: session.assignedUserId,
    });
  }
  if (session.state !== 'HANDOFF') {
    const moved = await c.apply(
      'HANDOFF_REQUESTED',
      await c.facts(session),
      { handoffReason: ASSIGNED_HANDOFF_REASON, assignedUserId: userId },
      userId,
    );
    if (moved) await c.event(c.store.session()!, TAKEOVER_EVENT_TEXT, userId);
  } else if (session.owner !== 'human' || session.assignedUserId !== userId) {
    const next = { ...session, owner: 'human' as const, assignedUserId: userId };
    await c.save(next, { event: 'OWNER_CHANGED', from: session.state, to: next.state, actor: userId });
    await c.event(next, TAKEOVER_EVENT_TEXT, userId);
  }
  return { ok: true, value: c.view(c.store.session()!) };
}

/**
 * The operator releases the conversation to the agent: RETURNED_TO_AGENT, owner agent, and a
 * system event in the transcript so the model knows the human stretch ended.
 */
export async function release(c: ConversationCore, userId: string | null): Promise<ConversationView> {
  const session = await c.session();
  if (session.state === 'HANDOFF' || session.owner === 'human') {
    const actor = userId ?? 'agent';
    const moved =
      session.state === 'HANDOFF'
        ? await c.apply('RETURNED_TO_AGENT', await c.facts(session), {}, actor)
        : (await c.save(
            { ...session, owner: 'agent', assignedUserId: null },
            { event: 'OWNER_CHANGED', from: session.state, to: session.state, actor },
          ),
          true);
    if (moved) await c.event(c.store.session()!, HANDBACK_EVENT_TEXT, userId);
  }
  return c.view(c.store.session()!);
}

/**
 * An operator's message to the customer: recorded in the transcript (role `operator`, so the
 * agent reads it when it resumes) together with its egress outbox row. Only the operator the
 * conversation is assigned to may write; free text only inside WhatsApp's 24 h window, a
 * template always.
 */
export async function operatorReply(
  c: ConversationCore,
  userId: string,
  message: OperatorMessage,
): Promise<OperatorReplyResult> {
  const session = await c.session();
  if (session.owner !== 'human' || session.assignedUserId !== userId) {
    return refuse('NOT_ASSIGNED', 'Assign the conversation to yourself before replying');
  }
  // The simulator has no WhatsApp side, so no window (egress skips it the same way).
  const closed = session.channel === 'whatsapp' && !windowOpen(session.lastCustomerMessageAt, c.now());
  if (message.type === 'text' && closed) {
    return refuse(
      'WINDOW_CLOSED',
      'The customer has not written in the last 24 h: WhatsApp only accepts an approved template until they do',
    );
  }
  const [row] = await c.record(session, [
    {
      id: c.store.newMessageId(),
      direction: 'outbound',
      role: 'operator',
      type: message.type,
      content: message.type === 'text' ? message.text : operatorTemplateText(message),
      toolCalls: message.type === 'template' ? message : null,
      status: 'QUEUED',
      authorUserId: userId,
    },
  ]);
  return { ok: true, value: { messageId: row!.id } };
}
