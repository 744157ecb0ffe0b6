/**
 * The idle timeout: a session nobody touched for the workspace's timeout goes back to IDLE, and
 * an unconfirmed draft is cancelled (releasing its stock).
 */
import type { WorkspaceSettings } from '../../../db/schema';
import { log } from '../../core/observability/logger';
import { cancelOrder } from '../../retail/orders';
import { transition } from '../fsm';
import { agentProfile } from '../settings';
import { type ConversationCore, factsOf } from './core';
import { DEFAULT_SESSION_TIMEOUT_MINUTES, TIMEOUT_CANCELLED_EVENT_TEXT, TIMEOUT_EVENT_TEXT } from './types';

/** `settings.agent.sessionTimeoutMinutes` (1–1440), else 30. */
export function sessionTimeoutMinutes(settings: Partial<WorkspaceSettings> | null | undefined): number {
  return agentProfile(settings).agent.sessionTimeoutMinutes ?? DEFAULT_SESSION_TIMEOUT_MINUTES;
}

/**
 * Closes an idle session: if nothing happened for the timeout, SESSION_TIMEOUT moves it to
 * IDLE and an open draft is cancelled (which releases its stock). Returns false when the
 * session was active meanwhile, is owned by a human, or is mid-confirmation.
 */
export async function closeIfIdle(c: ConversationCore, lastActivityAt: number): Promise<boolean> {
  const session = c.store.session();
  if (!session) return false;
  const workspace = await c.workspace(session.workspaceId);
  const idleMs = c.now().getTime() - lastActivityAt;
  if (idleMs < sessionTimeoutMinutes(workspace.settings) * 60_000) return false;
  if (session.owner === 'human') return false;
  const order = await c.draft(session);
  const facts = factsOf(order);
  const open = order && (order.status === 'DRAFT' || order.status === 'PENDING');
  if (session.state === 'IDLE' && !open) return false;
  if (!transition(session.state, 'SESSION_TIMEOUT', facts).ok) return false;
  if (open) {
    // Cancelling (not just releasing the holds) keeps the order and its stock consistent and audited.
    const cancelled = await cancelOrder(
      { db: c.deps.db },
      {
        workspaceId: session.workspaceId,
        orderId: order.id,
        actor: { type: 'agent', id: session.id },
        reason: 'Sesión vencida por inactividad',
      },
    );
    if (!cancelled.ok)
      log.warn('conversation: timeout could not cancel the draft', { orderId: order.id, error: cancelled.error });
  }
  await c.apply('SESSION_TIMEOUT', facts, { draftOrderId: open ? null : session.draftOrderId });
  await c.event(c.store.session()!, open ? TIMEOUT_CANCELLED_EVENT_TEXT : TIMEOUT_EVENT_TEXT);
  return true;
}
