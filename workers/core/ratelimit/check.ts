/** A token bucket: `capacity` requests in a burst, refilled in full over `refillMs`. */
export interface BucketRule {
  /** Bucket size: how many requests may be made in a burst. */
  capacity: number;
  /** Time to refill a full bucket, in milliseconds (5 per minute → capacity 5, refillMs 60 000). */
  refillMs: number;
}

export interface TakeResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the bucket is full again. */
  resetAt: number;
  /** Seconds until one token is available (0 when allowed). */
  retryAfterSeconds: number;
}

/** One exact bucket per key: the `RATE_LIMITER` Durable Object namespace (`durable-objects/rate-limiter.ts`). */
export interface RateLimiterNamespace {
  getByName(name: string): {
    take(rule: BucketRule, cost?: number): Promise<TakeResult>;
    refund(rule: BucketRule, cost?: number): Promise<void>;
  };
}

/**
 * Takes `cost` tokens from the bucket of `key` (e.g. `login:ip:203.0.113.7`). Every call for one
 * key is counted by the same single-threaded object, so the limit is exact, never over-admitting.
 */
export function checkRateLimit(
  namespace: RateLimiterNamespace,
  key: string,
  rule: BucketRule,
  cost = 1,
): Promise<TakeResult> {
  return namespace.getByName(key).take(rule, cost);
}

/** Gives back to the bucket of `key` the `cost` a request took when another of its buckets refused it. */
export function refundRateLimit(
  namespace: RateLimiterNamespace,
  key: string,
  rule: BucketRule,
  cost = 1,
): Promise<void> {
  return namespace.getByName(key).refund(rule, cost);
}
