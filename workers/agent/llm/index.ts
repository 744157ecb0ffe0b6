/**
 * Which language model answers a workspace's customers: Claude when `ANTHROPIC_API_KEY` is set
 * (wrapped in retries and a fallback model), the offline rule-based agent otherwise, so
 * development, tests and evals run with no network and no key.
 */
import type { WorkspaceSettings } from '../../../db/schema';
import type { Bindings } from '../../core/bindings';
import { agentProfile } from '../settings';
import { AnthropicProvider, DEFAULT_FALLBACK_MODEL, DEFAULT_MODEL } from './anthropic';
import { OfflineProvider } from './offline';
import type { LlmProvider } from './provider';
import { withRetries, type RetryOptions } from './resilient';

export type LlmEnv = Pick<Bindings, 'ANTHROPIC_API_KEY' | 'ANTHROPIC_MODEL' | 'ANTHROPIC_FALLBACK_MODEL'>;

export interface ProviderOverrides extends Pick<RetryOptions, 'sleep' | 'random' | 'onRetry' | 'onFallback'> {
  /** The HTTP client for the Anthropic SDK (tests serve recorded responses through it). */
  fetch?: typeof fetch;
}

/** The models a workspace uses: its own `agent.model` first, then the environment, then defaults. */
export function resolveModels(env: LlmEnv, settings: Partial<WorkspaceSettings> | null | undefined) {
  const primary = agentProfile(settings).agent.model ?? (env.ANTHROPIC_MODEL || DEFAULT_MODEL);
  const fallback = env.ANTHROPIC_FALLBACK_MODEL || DEFAULT_FALLBACK_MODEL;
  return { primary, fallback, cheap: fallback };
}

/** The provider for one workspace's turns. Cheap to call: build it per turn. */
export function providerFor(
  env: LlmEnv,
  settings: Partial<WorkspaceSettings> | null | undefined,
  overrides: ProviderOverrides = {},
): LlmProvider {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return new OfflineProvider();
  const { primary, fallback, cheap } = resolveModels(env, settings);
  const http = overrides.fetch ? { fetch: overrides.fetch } : {};
  const main = new AnthropicProvider({ apiKey, model: primary, cheapModel: cheap, ...http });
  const { fetch: _fetch, ...retry } = overrides;
  return withRetries(main, {
    ...retry,
    ...(fallback !== primary
      ? { fallback: new AnthropicProvider({ apiKey, model: fallback, cheapModel: cheap, ...http }) }
      : {}),
  });
}
