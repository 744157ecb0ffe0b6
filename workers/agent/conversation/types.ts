/**
 * The conversation's vocabulary: what it depends on, what it answers (across the Durable
 * Object's RPC boundary, so plain serialisable data), and the texts it writes.
 */
import type { Database } from '../../../db/client';
import type { WorkspaceSettings } from '../../../db/schema';
import type { SessionState } from '../fsm';
import type { LlmProvider, ToolSpec, ToolUseBlock } from '../llm/provider';
import type { OutboundMessage, ToolContext, ToolDeps } from '../tools/types';
import type { ToolRun, TurnResult } from '../turn';
import type { ConversationStore } from './object-storage';
import type { SessionOwner, SessionRecord } from './postgres-mirror';

/** Consecutive failed turns after which the conversation goes to a human. */
export const MAX_CONSECUTIVE_FAILURES = 3;
export const DEFAULT_SESSION_TIMEOUT_MINUTES = 30;

export const HANDOFF_AFTER_FAILURES_REASON = 'El agente no pudo resolver 3 mensajes seguidos';
export const HANDOFF_AFTER_FAILURES_REPLY =
  'Perdón, no estoy pudiendo ayudarte bien por acá. Te paso con una persona del equipo que te va a responder en breve 🙌';
export const HANDBACK_EVENT_TEXT =
  'Un operador devolvió la conversación al agente; el tramo atendido por una persona terminó.';
export const TAKEOVER_EVENT_TEXT = 'Una persona del equipo tomó la conversación.';
export const ASSIGNED_HANDOFF_REASON = 'Un operador tomó la conversación';
/** The reason of a handoff for a customer message the agent could not process at all (set aside). */
export const NOT_HANDLED_HANDOFF_REASON = 'El agente no pudo procesar un mensaje del cliente';
export const TIMEOUT_EVENT_TEXT = 'La sesión se cerró por inactividad.';
export const TIMEOUT_CANCELLED_EVENT_TEXT = 'La sesión se cerró por inactividad y el pedido sin confirmar se canceló.';

/** How the tools are offered to the model and run. */
export interface ToolRunner {
  specs: readonly ToolSpec[];
  run(input: {
    deps: ToolDeps;
    ctx: ToolContext;
    toolUse: ToolUseBlock;
    turnId: string;
    llmRequestId: string | null;
  }): Promise<ToolRun>;
}

export interface ConversationDeps {
  db: Database;
  files: R2Bucket;
  store: ConversationStore;
  tools: ToolRunner;
  /** The model for this workspace's settings (`providerFor(env, settings)` in production). */
  provider(settings: Partial<WorkspaceSettings> | null): LlmProvider;
  now?: () => Date;
  /** Whole-turn bound in ms (60 s by default). */
  turnTimeoutMs?: number;
}

export interface Reply {
  id: string;
  message: OutboundMessage;
}

/** What handling one inbound message produced. */
export interface ReceiveResult {
  messageId: string;
  /** The id was already processed (a redelivery): nothing was done again. */
  duplicate: boolean;
  sessionId: string;
  state: SessionState;
  owner: SessionOwner;
  replies: Reply[];
  turn: { id: string; status: TurnResult['status']; reason: TurnResult['reason'] } | null;
  /** The message could not be handled after repeated attempts and was set aside (logged; the conversation goes to a person). */
  failed?: boolean;
}

/** The conversation as operators and tests see it. */
export interface ConversationView {
  sessionId: string;
  workspaceId: string;
  channel: SessionRecord['channel'];
  contact: string;
  customerId: string | null;
  state: SessionState;
  owner: SessionOwner;
  assignedUserId: string | null;
  handoffReason: string | null;
  draftOrderId: string | null;
  consecutiveFailures: number;
  lastCustomerMessageAt: string | null;
  /** Messages queued and not yet handled (non-zero only mid-turn or after an eviction). */
  pendingMessages: number;
}

/** What an operator sends: free text (inside the 24 h window) or an approved WhatsApp template. */
export type OperatorMessage =
  { type: 'text'; text: string } | { type: 'template'; templateName: string; language: string; placeholders: string[] };

/**
 * A refused operator action. Plain data (no `unknown`), because it crosses the Durable Object's
 * RPC boundary, whose types only keep serialisable shapes.
 */
export interface Refusal<E extends string> {
  ok: false;
  error: E;
  message: string;
  details?: Record<string, string | null>;
}
export type AssignError = 'TAKEN';
export type AssignResult = { ok: true; value: ConversationView } | Refusal<AssignError>;
export type OperatorReplyError = 'NOT_ASSIGNED' | 'WINDOW_CLOSED';
/** The stored message's id (the inbox reads the row from Postgres). */
export type OperatorReplyResult = { ok: true; value: { messageId: string } } | Refusal<OperatorReplyError>;

export const refuse = <E extends string>(
  error: E,
  message: string,
  details?: Record<string, string | null>,
): Refusal<E> => ({
  ok: false,
  error,
  message,
  ...(details ? { details } : {}),
});

/** How an operator's template reads in the transcript (the model and the inbox see this text). */
export function operatorTemplateText(message: Extract<OperatorMessage, { type: 'template' }>): string {
  const values = message.placeholders.length ? `: ${message.placeholders.join(' · ')}` : '';
  return `[Plantilla ${message.templateName} (${message.language})]${values}`;
}
