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
export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock;

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
  system: string;
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
  content: Array<TextBlock | ToolUseBlock>;
  stopReason: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'pause_turn';
  usage: LlmUsage;
  /** The model that actually answered (after any fallback). */
  model: string;
  /** The provider's request id, recorded with tool executions. */
  requestId?: string;
}

export interface LlmProvider {
  readonly name: 'anthropic' | 'offline';
  complete(request: LlmRequest): Promise<LlmResponse>;
}

/** Raised by providers for failures the turn loop turns into a polite reply (never shown raw). */
export class LlmError extends Error {
  constructor(
    message: string,
    readonly kind: 'rate_limited' | 'overloaded' | 'server' | 'timeout' | 'invalid_request' | 'auth' | 'unknown',
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}
