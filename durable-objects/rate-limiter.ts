import { DurableObject } from 'cloudflare:workers';
import type { BucketRule, TakeResult } from '../workers/core/ratelimit/check';
import type { Env } from '../workers/env';

export type { BucketRule, TakeResult };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * An exact token bucket per key: one object per rate-limit key (`login:ip:1.2.3.4`), so every
 * request for that key is counted by the same single-threaded object — no approximation.
 */
export class RateLimiter extends DurableObject<Env> {
  /** Takes `cost` tokens if available. Concurrent calls are serialised by the object; none over-admits. */
  async take(rule: BucketRule, cost = 1, now = Date.now()): Promise<TakeResult> {
    const stored = await this.ctx.storage.get<Bucket>('bucket');
    const ratePerMs = rule.capacity / rule.refillMs;
    const elapsed = stored ? Math.max(0, now - stored.updatedAt) : 0;
    const available = stored ? Math.min(rule.capacity, stored.tokens + elapsed * ratePerMs) : rule.capacity;
    const allowed = available >= cost;
    const tokens = allowed ? available - cost : available;
    await this.ctx.storage.put<Bucket>('bucket', { tokens, updatedAt: now });
    // Nothing to keep once the bucket would be full again.
    await this.ctx.storage.setAlarm(now + rule.refillMs);
    return {
      allowed,
      limit: rule.capacity,
      remaining: Math.floor(tokens),
      resetAt: Math.ceil(now + (rule.capacity - tokens) / ratePerMs),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / ratePerMs / 1000)),
    };
  }

  override async alarm() {
    await this.ctx.storage.deleteAll();
  }
}
