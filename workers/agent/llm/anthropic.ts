/**
 * Claude through the Messages API (`@anthropic-ai/sdk`). This class does one request per call
 * and translates both ways: our content blocks and tool specs to the wire format (with prompt
 * caching on the tools and the stable system prefix), and the answer or the error back to
 * `LlmResponse` / `LlmError`. Retries and the fallback model live in `resilient.ts`, so the SDK's
 * own retries are off (`maxRetries: 0`) and every retry is ours, visible and testable.
 */
import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  MessageCreateParamsNonStreaming,
  MessageParam,
  TextBlockParam,
  Tool,
} from '@anthropic-ai/sdk/resources/messages';
import {
  LlmError,
  type ContentBlock,
  type LlmMessage,
  type LlmProvider,
  type LlmRequest,
  type LlmResponse,
  type ToolSpec,
} from './provider';

/** Current Claude models (Claude API ids); `resolveModels` in index.ts picks among them. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';
export const DEFAULT_FALLBACK_MODEL = 'claude-haiku-5-5';

/** One LLM call past this is abandoned (the whole turn has 60 s). */
const DEFAULT_TIMEOUT_MS = 30_000;

export interface AnthropicProviderOptions {
  apiKey: string;
  /** Model for `tier: 'primary'` requests (conversation turns). */
  model: string;
  /** Model for `tier: 'cheap'` requests (summaries). Defaults to `model`. */
  cheapModel?: string;
  /** Per-call timeout in milliseconds. */
  timeoutMs?: number;
  /** The HTTP client; tests pass a fake that serves recorded Messages API responses. */
  fetch?: typeof fetch;
  baseURL?: string;
}

type StopReason = LlmResponse['stopReason'];
const STOP_REASONS: readonly StopReason[] = [
  'end_turn',
  'tool_use',
  'max_tokens',
  'stop_sequence',
  'refusal',
  'pause_turn',
];

export class AnthropicProvider implements LlmProvider {
  readonly name = 'anthropic' as const;
  readonly model: string;
  readonly cheapModel: string;
  private readonly client: Anthropic;
  private readonly timeoutMs: number;

  constructor(options: AnthropicProviderOptions) {
    this.model = options.model;
    this.cheapModel = options.cheapModel ?? options.model;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      maxRetries: 0,
      timeout: this.timeoutMs,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    });
  }

  /** One Messages API call. Throws only `LlmError`; never retries. */
  async complete(request: LlmRequest): Promise<LlmResponse> {
    const model = request.tier === 'cheap' ? this.cheapModel : this.model;
    const params = toMessageParams(model, request);
    try {
      const { data, request_id } = await this.client.messages
        .create(params, request.signal ? { signal: request.signal } : {})
        .withResponse();
      const content: LlmResponse['content'] = [];
      for (const block of data.content) {
        if (block.type === 'text') content.push({ type: 'text', text: block.text });
        else if (block.type === 'tool_use')
          content.push({ type: 'tool_use', id: block.id, name: block.name, input: block.input });
        else if (block.type === 'thinking')
          content.push({ type: 'thinking', thinking: block.thinking, signature: block.signature, model: data.model });
        else if (block.type === 'redacted_thinking')
          content.push({ type: 'redacted_thinking', data: block.data, model: data.model });
        // Server-tool blocks cannot appear: we declare no server tools.
      }
      const usage = data.usage;
      return {
        content,
        stopReason: toStopReason(data.stop_reason),
        usage: {
          inputTokens: usage.input_tokens,
          outputTokens: usage.output_tokens,
          cacheReadTokens: usage.cache_read_input_tokens ?? 0,
          cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
        },
        model: data.model,
        ...(request_id ? { requestId: request_id } : {}),
      };
    } catch (error) {
      throw toLlmError(error, model);
    }
  }
}

const EPHEMERAL = { type: 'ephemeral' } as const;

/**
 * The wire request. Cache breakpoints: the last tool (caches every tool definition) and the
 * stable `system` text (caches tools + instructions); `turnContext` follows uncached, so a
 * changed draft or state does not invalidate the prefix.
 */
export function toMessageParams(model: string, request: LlmRequest): MessageCreateParamsNonStreaming {
  const system: TextBlockParam[] = [{ type: 'text', text: request.system, cache_control: EPHEMERAL }];
  if (request.turnContext) system.push({ type: 'text', text: request.turnContext });
  const params: MessageCreateParamsNonStreaming = {
    model,
    max_tokens: request.maxTokens,
    system,
    messages: toWireMessages(request.messages, model),
  };
  if (request.tools.length > 0) params.tools = toWireTools(request.tools);
  return params;
}

export function toWireTools(tools: readonly ToolSpec[]): Tool[] {
  return tools.map((tool, index) => ({
    name: tool.name,
    description: tool.description,
    input_schema: { ...tool.inputSchema, type: 'object' } as Tool.InputSchema,
    ...(index === tools.length - 1 ? { cache_control: EPHEMERAL } : {}),
  }));
}

function toWireMessages(messages: readonly LlmMessage[], model: string): MessageParam[] {
  const wire: MessageParam[] = [];
  for (const message of messages) {
    const content = message.content.flatMap((block) => toWireBlock(block, model));
    // A message left empty (e.g. only another model's reasoning) would be refused by the API.
    if (content.length > 0) wire.push({ role: message.role, content });
  }
  return wire;
}

function toWireBlock(block: ContentBlock, model: string): ContentBlockParam[] {
  switch (block.type) {
    case 'text':
      return block.text ? [{ type: 'text', text: block.text }] : [];
    case 'tool_use':
      // The API requires an object; a malformed input the model produced earlier is sent back
      // as an empty object (its tool_result already told the model what was wrong).
      return [
        { type: 'tool_use', id: block.id, name: block.name, input: isPlainObject(block.input) ? block.input : {} },
      ];
    case 'tool_result':
      return [
        {
          type: 'tool_result',
          tool_use_id: block.toolUseId,
          content: block.content,
          ...(block.isError ? { is_error: true } : {}),
        },
      ];
    case 'thinking':
    case 'redacted_thinking':
      // Reasoning is tied to the model that wrote it; after a fallback it is left out.
      if (block.model && block.model !== model) return [];
      return block.type === 'thinking'
        ? [{ type: 'thinking', thinking: block.thinking, signature: block.signature }]
        : [{ type: 'redacted_thinking', data: block.data }];
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toStopReason(reason: string | null): StopReason {
  if (reason === 'model_context_window_exceeded') return 'max_tokens';
  return STOP_REASONS.find((known) => known === reason) ?? 'end_turn';
}

/**
 * Maps an SDK error to the closed set of `LlmError` kinds. Retryable: 429 (rate limited), 529 /
 * `overloaded_error`, 5xx, connection failures and our per-call timeout. Not retryable: 400,
 * 401/403, 404, 413, 422, and a call the caller aborted (the turn's own deadline passed).
 */
export function toLlmError(error: unknown, model: string): LlmError {
  if (error instanceof LlmError) return error;
  if (error instanceof APIUserAbortError) {
    return new LlmError(`${model}: request aborted`, 'timeout', false, { cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmError(`${model}: request timed out`, 'timeout', true, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new LlmError(`${model}: connection failed`, 'server', true, { cause: error });
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const details = {
      status,
      cause: error,
      ...(error.requestID ? { requestId: error.requestID } : {}),
      ...retryAfter(error.headers),
    };
    const text = `${model}: ${status} ${error.type ?? 'error'}${error.apiMessage ? `: ${error.apiMessage}` : ''}`;
    if (status === 429) return new LlmError(text, 'rate_limited', true, details);
    if (status === 529 || error.type === 'overloaded_error') return new LlmError(text, 'overloaded', true, details);
    if (status === 401 || status === 403) return new LlmError(text, 'auth', false, details);
    if (status === 408 || error.type === 'timeout_error') return new LlmError(text, 'timeout', true, details);
    if (status >= 500) return new LlmError(text, 'server', true, details);
    if (status >= 400) return new LlmError(text, 'invalid_request', false, details);
    return new LlmError(text, 'unknown', false, details);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError(`${model}: ${message}`, 'unknown', false, { cause: error });
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date. */
export function retryAfter(headers: Headers | undefined, now: number = Date.now()): { retryAfterMs?: number } {
  const ms = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return { retryAfterMs: Math.round(ms) };
  const value = headers?.get('retry-after');
  if (!value) return {};
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return { retryAfterMs: Math.round(seconds * 1000) };
  const date = Date.parse(value);
  return Number.isNaN(date) ? {} : { retryAfterMs: Math.max(0, date - now) };
}
