/** The inbox's reply rules, free of React: WhatsApp's 24 h window and who may type a reply. */
import type { Conversation } from '../../lib/types';

const WINDOW_MS = 24 * 3_600_000;

/**
 * When WhatsApp's 24 h reply window closes, as epoch ms, or null when it is closed. The API's
 * `windowExpiresAt` is the authority; older answers without it fall back to the customer's last
 * message + 24 h.
 */
export function windowExpiry(c: Pick<Conversation, 'windowExpiresAt' | 'lastCustomerMessageAt'>): number | null {
  if (c.windowExpiresAt !== undefined) return c.windowExpiresAt ? Date.parse(c.windowExpiresAt) : null;
  return c.lastCustomerMessageAt ? Date.parse(c.lastCustomerMessageAt) + WINDOW_MS : null;
}

export function isWindowOpen(expiry: number | null, now: number): boolean {
  return expiry !== null && expiry > now;
}

/** "Ventana abierta: 3 h 12 min" / "Ventana cerrada". */
export function windowLabel(expiry: number | null, now: number): string {
  if (!isWindowOpen(expiry, now)) return 'Ventana cerrada';
  const left = expiry! - now;
  const hours = Math.floor(left / 3_600_000);
  const minutes = Math.floor((left % 3_600_000) / 60_000);
  return `Ventana abierta: ${hours ? `${hours} h ` : ''}${minutes} min`;
}

/** Why the operator cannot type a reply right now, and what they can do about it. */
export type Blocked =
  | { reason: 'permission' }
  | { reason: 'unassigned'; canTake: boolean }
  | { reason: 'other-operator'; who: string | null }
  | { reason: 'window-closed' };

export function replyBlock(
  c: Conversation,
  { userId, canReply, canAssign, windowOpen, nameOf }: ReplyContext,
): Blocked | null {
  if (!canReply) return { reason: 'permission' };
  if (c.owner === 'human' && c.assignedUserId && c.assignedUserId !== userId)
    return { reason: 'other-operator', who: nameOf(c.assignedUserId) };
  if (c.owner !== 'human' || c.assignedUserId !== userId) return { reason: 'unassigned', canTake: canAssign };
  if (!windowOpen) return { reason: 'window-closed' };
  return null;
}

export interface ReplyContext {
  userId: string | undefined;
  canReply: boolean;
  canAssign: boolean;
  windowOpen: boolean;
  nameOf: (userId: string | null | undefined) => string | null;
}

export function blockedText(blocked: Blocked): string {
  switch (blocked.reason) {
    case 'permission':
      return 'Tu rol no puede responder conversaciones.';
    case 'other-operator':
      return `La está atendiendo ${blocked.who ?? 'otro operador'}: solo esa persona puede responder.`;
    case 'unassigned':
      return blocked.canTake
        ? 'Para responder, tomá la conversación: el agente deja de contestar mientras la tengas.'
        : 'Para responder tiene que estar asignada a vos, y tu rol no puede tomar conversaciones.';
    case 'window-closed':
      return 'Ventana de 24 h cerrada: WhatsApp solo acepta plantillas aprobadas hasta que el cliente vuelva a escribir.';
  }
}
