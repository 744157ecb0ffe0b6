import { describe, expect, it } from 'vitest';
import { APIError } from '@anthropic-ai/sdk';
import { z } from 'zod';
import {
  AnthropicProvider,
  DEFAULT_FALLBACK_MODEL,
  DEFAULT_MODEL,
  retryAfter,
  toLlmError,
} from '../../../../workers/agent/llm/anthropic';
import { LlmError, type LlmMessage, type LlmRequest, type ToolSpec } from '../../../../workers/agent/llm/provider';
import { toolSpecs } from '../../../../workers/agent/tools/registry';
import { FIXTURES, hangingFetch, recordedAnthropic, type RecordedResponse } from './recorded-anthropic';

const TOOLS: ToolSpec[] = [
  {
    name: 'list_products',
    description: 'Busca productos activos del catálogo.',
    inputSchema: { type: 'object', properties: { query: { type: 'string' } }, additionalProperties: false },
  },
  {
    name: 'add_item_to_draft',
    description: 'Agrega un producto al pedido.',
    inputSchema: {
      type: 'object',
      properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1, maximum: 50 } },
      required: ['sku', 'quantity'],
      additionalProperties: false,
    },
  },
];

const customerSays = (text: string): LlmMessage => ({ role: 'user', content: [{ type: 'text', text }] });

function request(messages: LlmMessage[], overrides: Partial<LlmRequest> = {}): LlmRequest {
  return {
    tier: 'primary',
    system: 'Sos el asistente de ventas de Demo Store.',
    turnContext: 'Estado de la conversación: IDLE.',
    messages,
    tools: TOOLS,
    maxTokens: 1024,
    ...overrides,
  };
}

function provider(...responses: RecordedResponse[]) {
  const api = recordedAnthropic(...responses);
  const claude = new AnthropicProvider({
    apiKey: 'sk-ant-test',
    model: DEFAULT_MODEL,
    cheapModel: DEFAULT_FALLBACK_MODEL,
    fetch: api.fetch,
  });
  return { claude, api };
}

describe('AnthropicProvider: requests', () => {
  it('sends the model, max_tokens, cached tools and a cached system prefix followed by the uncached turn context', async () => {
    const { claude, api } = provider(FIXTURES.finalText);
    await claude.complete(request([customerSays('hola')]));

    expect(api.requests).toHaveLength(1);
    const [sent] = api.requests;
    expect(sent!.url).toBe('https://api.anthropic.com/v1/messages');
    expect(sent!.method).toBe('POST');
    expect(sent!.headers.get('authorization')).toBe('Bearer sk-ant-test');
    expect(sent!.headers.get('anthropic-version')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent!.body).toMatchObject({ model: 'claude-sonnet-5-5', max_tokens: 1024 });
    expect(sent!.body.stream).toBeUndefined();
    expect(sent!.body.system).toEqual([
      { type: 'text', text: 'Sos el asistente de ventas de Demo Store.', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Estado de la conversación: IDLE.' },
    ]);
    expect(sent!.body.tools).toEqual([
      { name: 'list_products', description: TOOLS[0]!.description, input_schema: TOOLS[0]!.inputSchema },
      {
        name: 'add_item_to_draft',
        description: TOOLS[1]!.description,
        input_schema: TOOLS[1]!.inputSchema,
        cache_control: { type: 'ephemeral' },
      },
    ]);
    expect(sent!.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hola' }] }]);
  });

  it('sends every registered agent tool with an object input schema, caching after the last one', async () => {
    const { claude, api } = provider(FIXTURES.finalText);
    const specs = toolSpecs();
    await claude.complete(request([customerSays('hola')], { tools: specs }));
    const tools = api.requests[0]!.body.tools as Array<Record<string, unknown>>;
    expect(tools.map((t) => t.name)).toEqual(specs.map((s) => s.name));
    for (const tool of tools) {
      expect(tool.input_schema).toMatchObject({ type: 'object' });
      expect(tool.input_schema).not.toHaveProperty('$schema');
      expect(typeof tool.description).toBe('string');
    }
    expect(tools.filter((t) => 'cache_control' in t).map((t) => t.name)).toEqual([specs.at(-1)!.name]);
  });

  it('uses the cheap model for cheap-tier requests and sends no tools when there are none', async () => {
    const { claude, api } = provider(FIXTURES.summaryText);
    const response = await claude.complete(request([customerSays('resumí')], { tier: 'cheap', tools: [] }));
    expect(api.requests[0]!.body.model).toBe('claude-haiku-5-5');
    expect(api.requests[0]!.body).not.toHaveProperty('tools');
    expect(response.model).toBe('claude-haiku-5-5');
  });
});

describe('AnthropicProvider: tool_use → tool_result → text', () => {
  it('parses a tool_use answer with its reasoning, usage (cache reads and writes) and request id', async () => {
    const { claude } = provider(FIXTURES.toolUse);
    const response = await claude.complete(request([customerSays('quiero 2 remeras negras talle M')]));

    expect(response.stopReason).toBe('tool_use');
    expect(response.model).toBe('claude-sonnet-5-5');
    expect(response.requestId).toBe('req_011CVtoolUse7f3kQe2LrYbH9a');
    expect(response.usage).toEqual({ inputTokens: 412, outputTokens: 96, cacheReadTokens: 0, cacheWriteTokens: 2896 });
    expect(response.content).toEqual([
      {
        type: 'thinking',
        thinking: 'El cliente quiere remeras negras talle M; primero busco qué hay en stock.',
        signature: 'EqQBCkYIBRgCIkDdn3Zt0u9Yx3Bf4lq2mH0oVbQe1sTqKx9pWcR7nLh5aZ4vG8jF2kD6yU0tE1rS3wQ',
        model: 'claude-sonnet-5-5',
      },
      { type: 'text', text: '¡Dale! Te busco las remeras negras.' },
      {
        type: 'tool_use',
        id: 'toolu_01D7FLrfh4GYq7yT1ULFeyMV',
        name: 'list_products',
        input: { query: 'remera negra', inStockOnly: true, limit: 5 },
      },
    ]);
  });

  it('sends the assistant turn back verbatim with the tool_result keyed by tool_use_id, then reads the final text', async () => {
    const { claude, api } = provider(FIXTURES.toolUse, FIXTURES.finalText);
    const messages: LlmMessage[] = [customerSays('quiero 2 remeras negras talle M')];
    const first = await claude.complete(request(messages));
    messages.push({ role: 'assistant', content: first.content });
    messages.push({
      role: 'user',
      content: [{ type: 'tool_result', toolUseId: 'toolu_01D7FLrfh4GYq7yT1ULFeyMV', content: '{"products":[]}' }],
    });
    const second = await claude.complete(request(messages));

    expect(api.requests[1]!.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'quiero 2 remeras negras talle M' }] },
      // The blocks exactly as the API returned them, less the response-only `caller`.
      { role: 'assistant', content: FIXTURES.toolUse.body.content.map(({ caller: _caller, ...block }) => block) },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_01D7FLrfh4GYq7yT1ULFeyMV', content: '{"products":[]}' }],
      },
    ]);
    expect(second.stopReason).toBe('end_turn');
    expect(second.content).toEqual([
      { type: 'text', text: 'Tengo la Remera Básica negra talle M a $ 12.500 (quedan 4). ¿Te la agrego al pedido?' },
    ]);
    expect(second.usage.cacheReadTokens).toBe(2896);
  });

  it('marks failed tool results as errors on the wire', async () => {
    const { claude, api } = provider(FIXTURES.finalText);
    await claude.complete(
      request([
        customerSays('agregame 60'),
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'add_item_to_draft', input: {} }] },
        {
          role: 'user',
          content: [{ type: 'tool_result', toolUseId: 'toolu_1', content: '{"code":"INVALID_INPUT"}', isError: true }],
        },
      ]),
    );
    expect(api.requests[0]!.body.messages[2]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"code":"INVALID_INPUT"}', is_error: true },
    ]);
  });

  it('leaves out reasoning written by another model (after a fallback) and messages it would leave empty', async () => {
    const api = recordedAnthropic(FIXTURES.fallbackText);
    const haiku = new AnthropicProvider({ apiKey: 'sk-ant-test', model: 'claude-haiku-5-5', fetch: api.fetch });
    await haiku.complete(
      request([
        customerSays('hola'),
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'saludar', signature: 'sig', model: 'claude-sonnet-5-5' },
            { type: 'redacted_thinking', data: 'opaque', model: 'claude-sonnet-5-5' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'mío', signature: 'sig-haiku', model: 'claude-haiku-5-5' },
            { type: 'text', text: '¡Hola!' },
          ],
        },
        customerSays('¿tenés remeras?'),
      ]),
    );
    expect(api.requests[0]!.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hola' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'mío', signature: 'sig-haiku' },
          { type: 'text', text: '¡Hola!' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: '¿tenés remeras?' }] },
    ]);
  });
});

describe('AnthropicProvider: reasoning the API redacted', () => {
  it('returns redacted_thinking as an opaque block and sends it back unchanged', async () => {
    const redacted: RecordedResponse = {
      ...FIXTURES.toolUse,
      body: {
        ...FIXTURES.toolUse.body,
        content: [
          { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw' },
          FIXTURES.toolUse.body.content[2],
        ],
      },
    };
    const { claude, api } = provider(redacted, FIXTURES.finalText);
    const first = await claude.complete(request([customerSays('remeras')]));
    expect(first.content[0]).toEqual({
      type: 'redacted_thinking',
      data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw',
      model: 'claude-sonnet-5-5',
    });
    await claude.complete(
      request([
        customerSays('remeras'),
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', toolUseId: 'toolu_01D7FLrfh4GYq7yT1ULFeyMV', content: '{"products":[]}' }],
        },
      ]),
    );
    expect(api.requests[1]!.body.messages[1]!.content[0]).toEqual({
      type: 'redacted_thinking',
      data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw',
    });
  });
});

describe('AnthropicProvider: malformed tool input', () => {
  const AddItemInput = z.strictObject({ sku: z.string(), quantity: z.number().int().min(1).max(50) });

  it('passes a tool input that fails validation through unchanged, for the executor to refuse with a structured error', async () => {
    const { claude } = provider(FIXTURES.malformedToolInput);
    const response = await claude.complete(request([customerSays('agregame dos remeras')]));

    expect(response.stopReason).toBe('tool_use');
    const uses = response.content.filter((block) => block.type === 'tool_use');
    expect(uses).toEqual([
      {
        type: 'tool_use',
        id: 'toolu_01Bq8mN3xYv7RtWc2LpK5sZd',
        name: 'add_item_to_draft',
        input: { sku: 12, quantity: 'dos' },
      },
      {
        type: 'tool_use',
        id: 'toolu_01Cr9nP4yZw8SuXd3MqL6tAe',
        name: 'add_item_to_draft',
        input: '{"sku": "REM-NEG-M", "quantity": 2',
      },
    ]);
    for (const use of uses) expect(AddItemInput.safeParse(use.input).success).toBe(false);
  });

  it('sends a non-object tool input back as an empty object, which the API accepts', async () => {
    const { claude, api } = provider(FIXTURES.malformedToolInput, FIXTURES.finalText);
    const first = await claude.complete(request([customerSays('agregame dos remeras')]));
    await claude.complete(
      request([
        customerSays('agregame dos remeras'),
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              toolUseId: 'toolu_01Bq8mN3xYv7RtWc2LpK5sZd',
              content: 'INVALID_INPUT',
              isError: true,
            },
            {
              type: 'tool_result',
              toolUseId: 'toolu_01Cr9nP4yZw8SuXd3MqL6tAe',
              content: 'INVALID_INPUT',
              isError: true,
            },
          ],
        },
      ]),
    );
    expect(api.requests[1]!.body.messages[1]!.content).toEqual([
      {
        type: 'tool_use',
        id: 'toolu_01Bq8mN3xYv7RtWc2LpK5sZd',
        name: 'add_item_to_draft',
        input: { sku: 12, quantity: 'dos' },
      },
      { type: 'tool_use', id: 'toolu_01Cr9nP4yZw8SuXd3MqL6tAe', name: 'add_item_to_draft', input: {} },
    ]);
  });
});

describe('AnthropicProvider: errors become LlmError kinds', () => {
  const cases: Array<[string, RecordedResponse, LlmError['kind'], boolean, number]> = [
    ['429 rate limit', FIXTURES.rateLimited, 'rate_limited', true, 429],
    ['529 overloaded', FIXTURES.overloaded, 'overloaded', true, 529],
    ['500 server error', FIXTURES.serverError, 'server', true, 500],
    ['400 invalid request', FIXTURES.invalidRequest, 'invalid_request', false, 400],
    ['401 bad key', FIXTURES.authError, 'auth', false, 401],
  ];

  it.each(cases)(
    '%s → the matching kind and retryability, with status and request id',
    async (_name, fixture, kind, retryable, status) => {
      const { claude, api } = provider(fixture);
      const error = await claude.complete(request([customerSays('hola')])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LlmError);
      expect(error).toMatchObject({ kind, retryable, status, requestId: fixture.headers['request-id'] });
      expect(api.requests).toHaveLength(1);
    },
  );

  it('carries the retry-after of a 429 in milliseconds', async () => {
    const { claude } = provider(FIXTURES.rateLimited);
    const error = (await claude.complete(request([customerSays('hola')])).catch((e: unknown) => e)) as LlmError;
    expect(error.retryAfterMs).toBe(2000);
  });

  it('an auth failure names its error type and never echoes the API key', async () => {
    const { claude } = provider(FIXTURES.authError);
    const error = (await claude.complete(request([customerSays('hola')])).catch((e: unknown) => e)) as LlmError;
    expect(error.message).toContain('authentication_error');
    expect(error.message).not.toContain('sk-ant-test');
  });

  it('reports a call that outlives its timeout as a retryable timeout', async () => {
    const claude = new AnthropicProvider({ apiKey: 'k', model: DEFAULT_MODEL, timeoutMs: 20, fetch: hangingFetch() });
    const error = await claude.complete(request([customerSays('hola')])).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'LlmError', kind: 'timeout', retryable: true });
  });

  it('reports a call aborted by the turn (its deadline passed) as a timeout that must not be retried', async () => {
    const claude = new AnthropicProvider({ apiKey: 'k', model: DEFAULT_MODEL, fetch: hangingFetch() });
    const controller = new AbortController();
    const pending = claude.complete(request([customerSays('hola')], { signal: controller.signal }));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'LlmError', kind: 'timeout', retryable: false });
  });
});

describe('toLlmError: failures without a recorded answer', () => {
  it('a network failure is a retryable server error', async () => {
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const claude = new AnthropicProvider({ apiKey: 'k', model: DEFAULT_MODEL, fetch: offline });
    await expect(claude.complete(request([customerSays('hola')]))).rejects.toMatchObject({
      kind: 'server',
      retryable: true,
    });
  });

  it('408 and timeout_error are retryable timeouts; 404 is an invalid request; an LlmError passes through', () => {
    const apiError = (status: number, type: string) =>
      APIError.generate(status, { type: 'error', error: { type, message: type } }, undefined, new Headers());
    expect(toLlmError(apiError(408, 'timeout_error'), 'm')).toMatchObject({ kind: 'timeout', retryable: true });
    expect(toLlmError(apiError(504, 'timeout_error'), 'm')).toMatchObject({ kind: 'timeout', retryable: true });
    expect(toLlmError(apiError(404, 'not_found_error'), 'm')).toMatchObject({
      kind: 'invalid_request',
      retryable: false,
    });
    expect(toLlmError(apiError(403, 'permission_error'), 'm')).toMatchObject({ kind: 'auth', retryable: false });
    const original = new LlmError('x', 'overloaded', true);
    expect(toLlmError(original, 'm')).toBe(original);
  });

  it('anything else is an unknown, non-retryable error that keeps its cause', () => {
    const cause = new RangeError('bad');
    expect(toLlmError(cause, 'claude-sonnet-5-5')).toMatchObject({
      kind: 'unknown',
      retryable: false,
      message: 'claude-sonnet-5-5: bad',
      cause,
    });
    expect(toLlmError('boom', 'm').message).toBe('m: boom');
  });
});

describe('retryAfter', () => {
  it('reads retry-after-ms, retry-after in seconds and as an HTTP date', () => {
    expect(retryAfter(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toEqual({ retryAfterMs: 1500 });
    expect(retryAfter(new Headers({ 'retry-after': '3' }))).toEqual({ retryAfterMs: 3000 });
    const now = Date.parse('2026-11-29T22:30:00Z');
    expect(retryAfter(new Headers({ 'retry-after': 'Sun, 29 Nov 2026 22:30:05 GMT' }), now)).toEqual({
      retryAfterMs: 5000,
    });
    expect(retryAfter(new Headers({ 'retry-after': 'soon' }))).toEqual({});
    expect(retryAfter(new Headers())).toEqual({});
  });
});
