import { describe, expect, it } from 'vitest';
import { addUsage, estimateCostMicroUsd, formatUsd, priceOf } from '../../../../workers/agent/llm/pricing';

const usage = (inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0) => ({
  inputTokens,
  outputTokens,
  cacheReadTokens,
  cacheWriteTokens,
});

describe('estimateCostMicroUsd', () => {
  it('prices Sonnet 5.5 input, output, cache writes and cache reads at their own rates', () => {
    // 412 × $2 + 96 × $10 + 2896 × $2.50 + 0 reads, per million tokens.
    expect(estimateCostMicroUsd('claude-sonnet-5-5', usage(412, 96, 0, 2896))).toBe(824 + 960 + 7240);
    // A cached turn: 655 × $2 + 38 × $10 + 2896 × $0.20.
    expect(estimateCostMicroUsd('claude-sonnet-5-5', usage(655, 38, 2896, 0))).toBe(1310 + 380 + 579);
  });

  it('resolves dated model ids to their alias', () => {
    expect(priceOf('claude-haiku-4-5-20251001')).toEqual(priceOf('claude-haiku-4-5'));
    expect(estimateCostMicroUsd('claude-sonnet-4-5-20250929', usage(1_000_000, 0))).toBe(3_000_000);
  });

  it('charges Haiku 5.5 its long-context rates once the prompt exceeds 100,000 tokens', () => {
    expect(estimateCostMicroUsd('claude-haiku-5-5', usage(100_000, 1_000))).toBe(10_000 + 500);
    expect(estimateCostMicroUsd('claude-haiku-5-5', usage(100_001, 1_000))).toBe(50_001 + 2_500);
  });

  it('costs nothing offline and is unknown (null) for a model without a price', () => {
    expect(estimateCostMicroUsd('offline', usage(5_000, 500))).toBe(0);
    expect(estimateCostMicroUsd('claude-unknown-9', usage(5_000, 500))).toBeNull();
  });
});

describe('addUsage and formatUsd', () => {
  it('adds token counts field by field and prints micro-dollars as dollars', () => {
    expect(addUsage(usage(1, 2, 3, 4), usage(10, 20, 30, 40))).toEqual(usage(11, 22, 33, 44));
    expect(addUsage()).toEqual(usage(0, 0, 0, 0));
    expect(formatUsd(10_424)).toBe('$0.0104');
    expect(formatUsd(1_234_567)).toBe('$1.2346');
  });
});
