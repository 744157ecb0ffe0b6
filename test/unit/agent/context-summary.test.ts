import { describe, expect, it } from 'vitest';
import { buildContext, type ContextInput, type TranscriptRow } from '../../../workers/agent/context';
import { AnthropicProvider } from '../../../workers/agent/llm/anthropic';
import { withRetries } from '../../../workers/agent/llm/resilient';
import { buildContextWithSummary, renderTurns, summarize } from '../../../workers/agent/summary';
import { FIXTURES, recordedAnthropic, type RecordedResponse } from './llm/recorded-anthropic';

let seq = 0;
const row = (over: Partial<TranscriptRow> & Pick<TranscriptRow, 'role' | 'type'>): TranscriptRow => ({
  id: `msg_${String(++seq).padStart(6, '0')}`,
  direction: 'inbound',
  content: null,
  media: null,
  toolCalls: null,
  ...over,
});

const long = (text: string) => `${text} `.padEnd(900, '.');
/** Twelve turns: the customer asks, the agent searches the catalogue and answers. */
function conversation(): TranscriptRow[] {
  return Array.from({ length: 12 }, (_, n) => [
    row({ role: 'customer', type: 'text', content: long(`Cliente ${n}: busco remeras negras talle M`) }),
    row({
      role: 'agent',
      type: 'tool_call',
      toolCalls: [{ type: 'tool_use', id: `toolu_${n}`, name: 'list_products', input: { query: 'remera negra' } }],
    }),
    row({
      role: 'tool',
      type: 'tool_result',
      toolCalls: [
        { type: 'tool_result', toolUseId: `toolu_${n}`, content: long('{"products":[{"sku":"REM-NEG-M"}]}') },
      ],
    }),
    row({ role: 'agent', type: 'text', content: long(`Agente ${n}: tengo la Remera Básica negra`) }),
  ]).flat();
}

function input(transcript: TranscriptRow[], over: Partial<ContextInput> = {}): ContextInput {
  return {
    storeName: 'Demo Store',
    settings: { currency: 'ARS', timezone: 'America/Argentina/Buenos_Aires', language: 'es-AR' },
    snapshot: {
      state: 'COLLECTING_ORDER',
      storeName: 'Demo Store',
      currency: 'ARS',
      customer: { id: 'cus_1', name: 'Juan', returning: false },
      draft: null,
      consecutiveFailures: 0,
    },
    transcript,
    summary: null,
    tools: [],
    now: new Date('2026-11-30T17:05:00Z'),
    budgetTokens: 3_000,
    ...over,
  };
}

function claude(...responses: RecordedResponse[]) {
  const api = recordedAnthropic(...responses);
  const provider = new AnthropicProvider({
    apiKey: 'k',
    model: 'claude-sonnet-5-5',
    cheapModel: 'claude-haiku-5-5',
    fetch: api.fetch,
  });
  return { provider, api };
}

describe('summarize', () => {
  it('asks the cheap model, with the summary instructions, the previous summary and the dropped turns', async () => {
    const { provider, api } = claude(FIXTURES.summaryText);
    const dropped = buildContext(input(conversation(), { budgetTokens: 1 })).dropped;

    const result = await summarize(provider, '- Juan saludó.', dropped.slice(0, 1));

    const sent = api.requests[0]!.body;
    expect(sent.model).toBe('claude-haiku-5-5');
    expect(sent).not.toHaveProperty('tools');
    expect(JSON.stringify(sent.system)).toContain('Resumís conversaciones de WhatsApp');
    const prompt = (sent.messages[0]!.content[0] as { text: string }).text;
    expect(prompt).toContain('Resumen anterior:\n- Juan saludó.');
    expect(prompt).toContain('Cliente: Cliente 0: busco remeras negras talle M');
    expect(prompt).toContain('(El asistente usó list_products con {"query":"remera negra"})');
    expect(prompt).toContain('Asistente: Agente 0: tengo la Remera Básica negra');
    expect(result).toEqual({
      text: '- El cliente se llama Juan y buscaba remeras negras talle M.\n- Agregó 2 Remeras Básicas negras talle M al pedido.\n- Prefiere envío a domicilio en Av. Corrientes 1234, CABA.',
      usage: { inputTokens: 1840, outputTokens: 61, cacheReadTokens: 0, cacheWriteTokens: 0 },
      model: 'claude-haiku-5-5',
    });
  });

  it('quotes long tool payloads only in part', () => {
    const text = renderTurns([
      {
        rowIds: ['msg_x'],
        tokens: 0,
        messages: [
          {
            role: 'user',
            content: [{ type: 'tool_result', toolUseId: 't', content: 'y'.repeat(1000), isError: true }],
          },
        ],
      },
    ]);
    expect(text).toBe(`(Resultado con error: ${'y'.repeat(400)}…)`);
  });

  it('refuses an empty summary as an LlmError', async () => {
    const empty: RecordedResponse = {
      ...FIXTURES.summaryText,
      body: { ...FIXTURES.summaryText.body, content: [{ type: 'text', text: '  ' }] },
    };
    const { provider } = claude(empty);
    await expect(summarize(provider, null, [])).rejects.toMatchObject({ name: 'LlmError' });
  });
});

describe('buildContextWithSummary', () => {
  it('folds the turns that do not fit into the running summary with the cheap tier, then builds the request with it', async () => {
    const transcript = conversation();
    const { provider, api } = claude(FIXTURES.summaryText);

    const built = await buildContextWithSummary(provider, input(transcript));

    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.body.model).toBe('claude-haiku-5-5');
    expect(built.summary).toEqual({
      text: expect.stringContaining('El cliente se llama Juan'),
      throughMessageId: expect.any(String),
    });
    // The summary covers exactly the dropped turns: everything before the first kept message.
    const through = transcript.findIndex((r) => r.id === built.summary!.throughMessageId);
    const firstKept = (built.request.messages[0]!.content[0] as { text: string }).text;
    expect(transcript[through + 1]!.content).toBe(firstKept);
    expect(transcript[through + 1]!.role).toBe('customer');
    expect(built.dropped).toEqual([]);
    expect(built.request.turnContext).toContain('Resumen de la conversación anterior:\n- El cliente se llama Juan');
    expect(built.request.tier).toBe('primary');
    expect(built.summaryUsage).toEqual({
      usage: { inputTokens: 1840, outputTokens: 61, cacheReadTokens: 0, cacheWriteTokens: 0 },
      model: 'claude-haiku-5-5',
    });
    expect(built.summaryError).toBeNull();
  });

  it('makes no summary call when everything fits', async () => {
    const { provider, api } = claude();
    const previous = { text: '- Juan saludó.', throughMessageId: 'msg_000000' };
    const built = await buildContextWithSummary(provider, input(conversation().slice(0, 4), { summary: previous }));
    expect(api.requests).toHaveLength(0);
    expect(built.summary).toBe(previous);
    expect(built.summaryUsage).toBeNull();
  });

  it('goes on without a new summary when the summary call fails, keeping the previous one', async () => {
    const { provider: sonnet, api } = claude(FIXTURES.overloaded, FIXTURES.overloaded);
    const provider = withRetries(sonnet, { maxAttempts: 2, sleep: async () => {} });
    const previous = { text: '- Juan saludó.', throughMessageId: 'msg_000000' };

    const built = await buildContextWithSummary(provider, input(conversation(), { summary: previous }));

    expect(api.requests).toHaveLength(2);
    expect(built.summaryError).toMatchObject({ kind: 'overloaded' });
    expect(built.summary).toBe(previous);
    expect(built.dropped.length).toBeGreaterThan(0);
    expect(built.request.turnContext).toContain('- Juan saludó.');
  });
});
