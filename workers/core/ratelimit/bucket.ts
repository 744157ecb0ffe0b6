/** Token-bucket arithmetic, shared by the `RateLimiter` object and the in-isolate global pre-check. */
import type { BucketRule, TakeResult } from './check';

/** A bucket's state: tokens left as of `updatedAt` (epoch ms). */
export interface StoredTokens {
  tokens: number;
  updatedAt: number;
}

/** The answer for a request of `cost` that left `tokens` in the bucket (or found them, when refused). */
export function answer(allowed: boolean, tokens: number, cost: number, rule: BucketRule, now: number): TakeResult {
  const ratePerMs = rule.capacity / rule.refillMs;
  return {
    allowed,
    limit: rule.capacity,
    remaining: Math.floor(tokens),
    resetAt: Math.ceil(now + (rule.capacity - tokens) / ratePerMs),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / ratePerMs / 1000)),
  };
}

/** Tokens in `bucket` at `now` under `rule`: what was left, refilled for the time since (full when none). */
export function tokensAt(bucket: StoredTokens | undefined, rule: BucketRule, now: number): number {
  if (!bucket) return rule.capacity;
  const elapsed = Math.max(0, now - bucket.updatedAt);
  return Math.min(rule.capacity, bucket.tokens + (elapsed * rule.capacity) / rule.refillMs);
}
