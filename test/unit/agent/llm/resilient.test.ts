import { describe, expect, it } from 'vitest';
import { AnthropicProvider } from '../../../../workers/agent/llm/anthropic';
import { LlmError, type LlmRequest } from '../../../../workers/agent/llm/provider';
import { backoffDelay, sleep, withRetries, type RetryOptions } from '../../../../workers/agent/llm/resilient';
import { FIXTURES, recordedAnthropic, type RecordedResponse } from './recorded-anthropic';

const REQUEST: LlmRequest = {
  tier: 'primary',
  system: 'Sos el asistente de ventas de Demo Store.',
  messages: [{ role: 'user', content: [{ type: 'text', text: '¿tenés remeras?' }] }],
  tools: [],
  maxTokens: 512,
};

/** Sonnet (primary) and Haiku (fallback) behind one recorded endpoint, with a sleep that only records. */
function setup(responses: RecordedResponse[], options: RetryOptions = {}) {
  const api = recordedAnthropic(...responses);
  const sleeps: number[] = [];
  const fallbacks: LlmError[] = [];
  const primary = new AnthropicProvider({ apiKey: 'k', model: 'claude-sonnet-5-5', fetch: api.fetch });
  const fallback = new AnthropicProvider({ apiKey: 'k', model: 'claude-haiku-5-5', fetch: api.fetch });
  const provider = withRetries(primary, {
    fallback,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onFallback: (error) => fallbacks.push(error),
    ...options,
  });
  const models = () => api.requests.map((r) => r.body.model);
  return { provider, api, sleeps, fallbacks, models };
}

describe('withRetries', () => {
  it('retries a 429 after the retry-after the API asked for, then returns the answer', async () => {
    const { provider, sleeps, models, fallbacks } = setup([FIXTURES.rateLimited, FIXTURES.finalText]);
    const response = await provider.complete(REQUEST);
    expect(response.stopReason).toBe('end_turn');
    expect(sleeps).toEqual([2000]);
    expect(models()).toEqual(['claude-sonnet-5-5', 'claude-sonnet-5-5']);
    expect(fallbacks).toEqual([]);
  });

  it('after three 529 overloaded answers hands the request to the fallback model once', async () => {
    const { provider, sleeps, models, fallbacks } = setup([
      FIXTURES.overloaded,
      FIXTURES.overloaded,
      FIXTURES.overloaded,
      FIXTURES.fallbackText,
    ]);
    const response = await provider.complete(REQUEST);
    expect(models()).toEqual(['claude-sonnet-5-5', 'claude-sonnet-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5']);
    expect(response.model).toBe('claude-haiku-5-5');
    expect(response.content).toEqual([
      { type: 'text', text: '¡Hola! Sí, tenemos remeras. ¿De qué color y talle la buscás?' },
    ]);
    // Full jitter with random() = 0.5: half of 500 ms, then half of 1000 ms.
    expect(sleeps).toEqual([250, 500]);
    expect(fallbacks.map((e) => e.kind)).toEqual(['overloaded']);
  });

  it('retries 5xx server errors like overload', async () => {
    const { provider, models } = setup([FIXTURES.serverError, FIXTURES.finalText]);
    await expect(provider.complete(REQUEST)).resolves.toMatchObject({ stopReason: 'end_turn' });
    expect(models()).toHaveLength(2);
  });

  it('throws a 400 at once: no retry and no fallback', async () => {
    const { provider, api, sleeps, fallbacks } = setup([FIXTURES.invalidRequest, FIXTURES.finalText]);
    await expect(provider.complete(REQUEST)).rejects.toMatchObject({ kind: 'invalid_request', retryable: false });
    expect(api.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(fallbacks).toEqual([]);
  });

  it('throws an authentication failure at once', async () => {
    const { provider, api } = setup([FIXTURES.authError, FIXTURES.finalText]);
    await expect(provider.complete(REQUEST)).rejects.toMatchObject({ kind: 'auth' });
    expect(api.requests).toHaveLength(1);
  });

  it('does not wait out a retry-after longer than its cap: the fallback answers instead', async () => {
    const { provider, sleeps, models } = setup([FIXTURES.rateLimited, FIXTURES.fallbackText], {
      maxRetryAfterMs: 1000,
    });
    const response = await provider.complete(REQUEST);
    expect(sleeps).toEqual([]);
    expect(models()).toEqual(['claude-sonnet-5-5', 'claude-haiku-5-5']);
    expect(response.model).toBe('claude-haiku-5-5');
  });

  it('throws the fallback error when the fallback model fails too', async () => {
    const { provider, api } = setup([
      FIXTURES.overloaded,
      FIXTURES.overloaded,
      FIXTURES.overloaded,
      FIXTURES.overloaded,
    ]);
    const error = await provider.complete(REQUEST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'overloaded' });
    expect(api.requests).toHaveLength(4);
  });

  it('without a fallback throws the last retryable error after maxAttempts calls', async () => {
    const api = recordedAnthropic(FIXTURES.overloaded, FIXTURES.overloaded);
    const primary = new AnthropicProvider({ apiKey: 'k', model: 'claude-sonnet-5-5', fetch: api.fetch });
    const provider = withRetries(primary, { maxAttempts: 2, sleep: async () => {} });
    await expect(provider.complete(REQUEST)).rejects.toMatchObject({ kind: 'overloaded' });
    expect(api.requests).toHaveLength(2);
  });

  it('does not retry or fall back once the turn has aborted the request', async () => {
    const controller = new AbortController();
    let primaryCalls = 0;
    let fallbackCalls = 0;
    const provider = withRetries(
      {
        name: 'anthropic',
        complete: async () => {
          primaryCalls++;
          controller.abort(); // the turn's deadline passes while the call fails
          throw new LlmError('overloaded', 'overloaded', true);
        },
      },
      {
        fallback: {
          name: 'anthropic',
          complete: async () => {
            fallbackCalls++;
            throw new Error('must not be called');
          },
        },
        sleep: async () => {},
      },
    );
    await expect(provider.complete({ ...REQUEST, signal: controller.signal })).rejects.toMatchObject({
      kind: 'overloaded',
    });
    expect(primaryCalls).toBe(1);
    expect(fallbackCalls).toBe(0);
  });

  it('reports each retry to onRetry with the error and the delay', async () => {
    const events: Array<{ attempt: number; kind: string; delayMs: number }> = [];
    const { provider } = setup([FIXTURES.rateLimited, FIXTURES.overloaded, FIXTURES.finalText], {
      onRetry: ({ attempt, error, delayMs }) => events.push({ attempt, kind: error.kind, delayMs }),
    });
    await provider.complete(REQUEST);
    expect(events).toEqual([
      { attempt: 1, kind: 'rate_limited', delayMs: 2000 },
      { attempt: 2, kind: 'overloaded', delayMs: 500 },
    ]);
  });

  it('wraps a non-LlmError failure of the wrapped provider as a non-retryable unknown error', async () => {
    let calls = 0;
    const provider = withRetries({
      name: 'offline',
      complete: async () => {
        calls++;
        throw new TypeError('boom');
      },
    });
    await expect(provider.complete(REQUEST)).rejects.toMatchObject({
      name: 'LlmError',
      kind: 'unknown',
      retryable: false,
    });
    expect(calls).toBe(1);
  });
});

describe('backoffDelay (full jitter)', () => {
  it('draws up to base · 2^(attempt−1), capped at the maximum', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, 500, 8000, top))).toEqual([
      499, 999, 1999, 3999, 7999, 7999,
    ]);
    expect(backoffDelay(3, 500, 8000, () => 0)).toBe(0);
  });
});

describe('sleep', () => {
  it('rejects with the abort reason when the signal aborts first', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error('turn deadline'));
    await expect(pending).rejects.toThrow('turn deadline');
  });

  it('resolves after the delay when nothing aborts', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
