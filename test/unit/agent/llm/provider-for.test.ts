import { describe, expect, it } from 'vitest';
import { providerFor, resolveModels } from '../../../../workers/agent/llm/index';
import { OfflineProvider } from '../../../../workers/agent/llm/offline';
import type { LlmRequest } from '../../../../workers/agent/llm/provider';
import { FIXTURES, recordedAnthropic } from './recorded-anthropic';

const SETTINGS = { currency: 'ARS', timezone: 'America/Argentina/Buenos_Aires', language: 'es-AR' };
const REQUEST: LlmRequest = {
  tier: 'primary',
  system: 'Sos el asistente de ventas de Demo Store.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hola' }] }],
  tools: [],
  maxTokens: 256,
};

describe('providerFor', () => {
  it('picks the offline provider when ANTHROPIC_API_KEY is unset or blank', () => {
    expect(providerFor({}, SETTINGS)).toBeInstanceOf(OfflineProvider);
    expect(providerFor({ ANTHROPIC_API_KEY: '  ' }, SETTINGS)).toBeInstanceOf(OfflineProvider);
    expect(providerFor({}, SETTINGS).name).toBe('offline');
  });

  it('picks Claude when the key is set, with the default Sonnet model', async () => {
    const api = recordedAnthropic(FIXTURES.finalText);
    const provider = providerFor({ ANTHROPIC_API_KEY: 'sk-ant-test' }, SETTINGS, { fetch: api.fetch });
    expect(provider.name).toBe('anthropic');
    await provider.complete(REQUEST);
    expect(api.requests[0]!.body.model).toBe('claude-sonnet-5-5');
    expect(api.requests[0]!.headers.get('authorization')).toBe('Bearer sk-ant-test');
  });

  it("uses the workspace's agent.model over ANTHROPIC_MODEL", async () => {
    const api = recordedAnthropic(FIXTURES.finalText, FIXTURES.finalText);
    const env = { ANTHROPIC_API_KEY: 'k', ANTHROPIC_MODEL: 'claude-sonnet-4-6' };
    await providerFor(env, SETTINGS, { fetch: api.fetch }).complete(REQUEST);
    await providerFor(env, { ...SETTINGS, agent: { model: 'claude-opus-5-5' } }, { fetch: api.fetch }).complete(
      REQUEST,
    );
    expect(api.requests.map((r) => r.body.model)).toEqual(['claude-sonnet-4-6', 'claude-opus-5-5']);
  });

  it('retries overloads and then falls back to ANTHROPIC_FALLBACK_MODEL, which also serves the cheap tier', async () => {
    const api = recordedAnthropic(
      FIXTURES.overloaded,
      FIXTURES.overloaded,
      FIXTURES.overloaded,
      FIXTURES.fallbackText,
      FIXTURES.summaryText,
    );
    const sleeps: number[] = [];
    const provider = providerFor({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_FALLBACK_MODEL: 'claude-haiku-4-5' }, SETTINGS, {
      fetch: api.fetch,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0,
    });
    await provider.complete(REQUEST);
    await provider.complete({ ...REQUEST, tier: 'cheap' });
    expect(api.requests.map((r) => r.body.model)).toEqual([
      'claude-sonnet-5-5',
      'claude-sonnet-5-5',
      'claude-sonnet-5-5',
      'claude-haiku-4-5',
      'claude-haiku-4-5',
    ]);
    expect(sleeps).toEqual([0, 0]);
  });
});

describe('resolveModels', () => {
  it('has no separate fallback call when the main model already is the fallback model', async () => {
    expect(resolveModels({ ANTHROPIC_MODEL: 'claude-haiku-5-5' }, SETTINGS)).toEqual({
      primary: 'claude-haiku-5-5',
      fallback: 'claude-haiku-5-5',
      cheap: 'claude-haiku-5-5',
    });
    const api = recordedAnthropic(FIXTURES.overloaded, FIXTURES.overloaded, FIXTURES.overloaded);
    const provider = providerFor({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_MODEL: 'claude-haiku-5-5' }, SETTINGS, {
      fetch: api.fetch,
      sleep: async () => {},
    });
    await expect(provider.complete(REQUEST)).rejects.toMatchObject({ kind: 'overloaded' });
    expect(api.requests).toHaveLength(3);
  });
});
