/**
 * The one interface between the agent and a language model. The Anthropic provider speaks the
 * Messages API; the offline provider is a deterministic rule-based Spanish agent. Both receive
 * the same request and answer the same content blocks, so the turn loop, the tools and the
 * tests do not know which one runs.
 */
import type { SessionState } from '../fsm';

export type TextBlock = { type: 'text'; text: string };
export type ToolUseBlock = { type: 'tool_use'; id: string; name: string; input: unknown };
export type ToolResultBlock = { type: 'tool_result'; toolUseId: string; content: string; isError?: boolean };
/**
 * The model's reasoning (Claude's `thinking` / `redacted_thinking` blocks), opaque to us. Current
 * Claude models think by default, and an assistant turn that used a tool must be sent back with
 * its reasoning blocks unchanged, in order, or the API refuses the request: the turn loop keeps
 * them in the assistant message it sends back. `model` is the model that wrote the block (blocks
 * are tied to it; the Anthropic provider drops blocks of another model). Never shown to anyone.
 */
export type ReasoningBlock =
  | { type: 'thinking'; thinking: string; signature: string; model?: string }
  | { type: 'redacted_thinking'; data: string; model?: string };
export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock | ReasoningBlock;

export interface LlmMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

/** A tool as the model sees it: name, description and the JSON Schema of its input. */
export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/**
 * Structured facts about the conversation, alongside the rendered system prompt. The
 * Anthropic provider ignores it (the prompt already says it in words); the offline provider
 * decides from it instead of parsing prose.
 */
export interface ConversationSnapshot {
  state: SessionState;
  storeName: string;
  currency: string;
  customer: { id: string | null; name: string | null; returning: boolean };
  draft: {
    orderId: string;
    items: Array<{
      itemId: string;
      variantId: string;
      sku: string;
      name: string;
      attributes: Record<string, string>;
      quantity: number;
      unitPrice: number;
    }>;
    total: number;
    deliveryComplete: boolean;
  } | null;
  /** Consecutive turns the agent did not understand. */
  consecutiveFailures: number;
}

export interface LlmRequest {
  /** `primary` for conversation turns, `cheap` for summaries. */
  tier: 'primary' | 'cheap';
  /** Instructions that stay the same from turn to turn: the cached prompt prefix. */
  system: string;
  /**
   * Facts of this turn (customer, draft, FSM state), sent after `system` and outside its prompt
   * cache so that a changed draft does not invalidate the cached instructions and tools.
   */
  turnContext?: string;
  messages: LlmMessage[];
  tools: ToolSpec[];
  maxTokens: number;
  snapshot?: ConversationSnapshot;
  signal?: AbortSignal;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface LlmResponse {
  /** Send it back verbatim (reasoning blocks included) as the assistant message of the next step. */
  content: Array<TextBlock | ToolUseBlock | ReasoningBlock>;
  stopReason: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'pause_turn';
  usage: LlmUsage;
  /** The model that actually answered (after any fallback). */
  model: string;
  /** The provider's request id, recorded with tool executions. */
  requestId?: string;
  /**
   * Whether the agent understood the customer's message. Set by the offline provider (false with
   * its polite "no te entendí" reply, so the Conversation counts a failure without matching
   * wording); providers that cannot tell leave it undefined.
   */
  understood?: boolean;
}

export interface LlmProvider {
  readonly name: 'anthropic' | 'offline';
  complete(request: LlmRequest): Promise<LlmResponse>;
}

/** Raised by providers for failures the turn loop turns into a polite reply (never shown raw). */
export class LlmError extends Error {
  /** How long the provider asked us to wait before retrying (its `retry-after`), if it said. */
  readonly retryAfterMs?: number;
  /** HTTP status of the provider's answer, when there was one. */
  readonly status?: number;
  /** The provider's request id, for support tickets and logs. */
  readonly requestId?: string;

  constructor(
    message: string,
    readonly kind: 'rate_limited' | 'overloaded' | 'server' | 'timeout' | 'invalid_request' | 'auth' | 'unknown',
    readonly retryable: boolean,
    details: { retryAfterMs?: number; status?: number; requestId?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'LlmError';
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.status !== undefined) this.status = details.status;
    if (details.requestId !== undefined) this.requestId = details.requestId;
  }
}
