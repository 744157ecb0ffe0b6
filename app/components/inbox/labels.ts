import { ApiError } from '../../lib/api';
import type { Conversation } from '../../lib/types';
import { errorMessage } from '../ui';

export const STATE_LABELS: Record<string, string> = {
  IDLE: 'Sin pedido',
  COLLECTING_ORDER: 'Armando pedido',
  NEEDS_DETAILS: 'Faltan datos',
  AWAITING_CONFIRMATION: 'Esperando confirmación',
  EXECUTING: 'Procesando',
  DONE: 'Cerrada',
  HANDOFF: 'Derivada a una persona',
};

export function customerLabel(c: Pick<Conversation, 'customer' | 'contact'>): string {
  return c.customer?.name ?? c.contact;
}

/** The send refusal for a free-form text outside WhatsApp's 24 h window (409 `WINDOW_CLOSED`). */
export function isWindowClosed(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  return error.code === 'WINDOW_CLOSED' || reason === 'WINDOW_CLOSED';
}

/** The 409 of a retry that arrived while the first attempt with the same `Idempotency-Key` still runs. */
export function isInFlight(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.message.includes('Idempotency-Key');
}

/** An operator send's error in Spanish: the 409s say what to do next. */
export function sendErrorMessage(error: unknown): string {
  if (isWindowClosed(error)) return 'La ventana de 24 h está cerrada: solo podés enviar una plantilla aprobada.';
  if (isInFlight(error)) return 'El envío anterior todavía se está procesando; reintentá en un momento.';
  if (error instanceof ApiError && error.status === 409)
    return 'No tenés asignada esta conversación: tomala para poder responder.';
  return errorMessage(error);
}

export type ControlVerb = 'assign' | 'release' | 'handoff';

/** Take / return / hand off errors in Spanish; a 409 on take means another operator won the race. */
export function controlErrorMessage(verb: ControlVerb, error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    if (verb === 'assign') return 'Ya la tomó otro operador.';
    if (verb === 'release') return 'La conversación ya no está a tu cargo.';
    return 'La conversación ya está derivada a una persona.';
  }
  return errorMessage(error);
}

export const CONTROL_DONE: Record<ControlVerb, string> = {
  assign: 'Tomaste la conversación',
  release: 'La conversación volvió al agente',
  handoff: 'Conversación derivada a una persona',
};
