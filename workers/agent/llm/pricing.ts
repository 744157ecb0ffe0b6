/**
 * List prices of the Claude models Nexova uses, for cost estimates in reports and evals (never
 * for billing). Prices are US dollars per million tokens from Anthropic's model pages; the
 * estimate is in integer micro-dollars (1 USD = 1,000,000) so sums stay exact.
 */
import type { LlmUsage } from './provider';

export interface ModelPrice {
  /** USD per million uncached input tokens. */
  input: number;
  output: number;
  /** Writing the prompt cache (5-minute TTL, which `cache_control: ephemeral` uses). */
  cacheWrite: number;
  cacheRead: number;
}

interface PriceEntry extends ModelPrice {
  /** Some models charge more for the whole request once the prompt exceeds a size. */
  longContext?: { aboveTokens: number } & ModelPrice;
}

/**
 * Keyed by the Claude API alias; dated ids (`claude-haiku-4-5-20251001`) resolve to their alias.
 * Cache reads are 0.1× and 5-minute cache writes 1.25× the input price on every model listed.
 */
export const MODEL_PRICES: Readonly<Record<string, PriceEntry>> = {
  'claude-sonnet-5-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-sonnet-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-5-5': {
    input: 0.1,
    output: 0.5,
    cacheWrite: 0.125,
    cacheRead: 0.01,
    longContext: { aboveTokens: 100_000, input: 0.5, output: 2.5, cacheWrite: 0.625, cacheRead: 0.05 },
  },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  'claude-opus-5-5': { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.4 },
};

/** The price of `model` for a request of `promptTokens`, or null for a model we have no price for. */
export function priceOf(model: string, promptTokens = 0): ModelPrice | null {
  const alias = model.replace(/-\d{8}$/, '');
  const entry = MODEL_PRICES[alias];
  if (!entry) return null;
  return entry.longContext && promptTokens > entry.longContext.aboveTokens ? entry.longContext : entry;
}

/**
 * Estimated cost of one call in micro-dollars; 0 for the offline provider, null when the model
 * has no known price (the report shows tokens only).
 */
export function estimateCostMicroUsd(model: string, usage: LlmUsage): number | null {
  if (model === 'offline') return 0;
  const promptTokens = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  const price = priceOf(model, promptTokens);
  if (!price) return null;
  // tokens × (USD per million tokens) = micro-dollars.
  return Math.round(
    usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheWriteTokens * price.cacheWrite +
      usage.cacheReadTokens * price.cacheRead,
  );
}

/** Adds token counts, e.g. over the steps of a turn or the turns of a conversation. */
export function addUsage(...usages: LlmUsage[]): LlmUsage {
  return usages.reduce(
    (sum, u) => ({
      inputTokens: sum.inputTokens + u.inputTokens,
      outputTokens: sum.outputTokens + u.outputTokens,
      cacheReadTokens: sum.cacheReadTokens + u.cacheReadTokens,
      cacheWriteTokens: sum.cacheWriteTokens + u.cacheWriteTokens,
    }),
    { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
  );
}

/** `1234567` µUSD → `"$1.2346"`: four decimals, enough to tell conversations apart. */
export function formatUsd(microUsd: number): string {
  return `$${(microUsd / 1_000_000).toFixed(4)}`;
}
