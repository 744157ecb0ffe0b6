import { DurableObject } from 'cloudflare:workers';
import type { BucketRule, TakeResult } from '../workers/core/ratelimit/check';
import type { Bindings } from '../workers/core/bindings';

export type { BucketRule, TakeResult };

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** The rule it was last taken under, so the alarm knows when it is full again. */
  capacity?: number;
  refillMs?: number;
}

/**
 * An exact token bucket per key: one object per rate-limit key (`login:ip:1.2.3.4`), so every
 * request for that key is counted by the same single-threaded object — no approximation.
 */
export class RateLimiter extends DurableObject<Bindings> {
  /**
   * Takes `cost` tokens if available. Concurrent calls are serialised by the object; none
   * over-admits. The answer does not wait for the bucket to reach the disk (`allowUnconfirmed`):
   * it is on the path of every webhook and login, and a restart that lost the last write
   * forgets at most those last takes — a few requests admitted again, never one refused wrongly.
   */
  async take(rule: BucketRule, cost = 1, now = Date.now()): Promise<TakeResult> {
    const ratePerMs = rule.capacity / rule.refillMs;
    const available = tokensAt(await this.ctx.storage.get<Bucket>('bucket'), rule, now);
    const allowed = available >= cost;
    const tokens = allowed ? available - cost : available;
    await this.#save(tokens, rule, now);
    // At most one alarm a window: when it fires it deletes the bucket if full, or waits until it is.
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + rule.refillMs);
    return {
      allowed,
      limit: rule.capacity,
      remaining: Math.floor(tokens),
      resetAt: Math.ceil(now + (rule.capacity - tokens) / ratePerMs),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / ratePerMs / 1000)),
    };
  }

  /**
   * Gives back `cost` tokens taken by a request that another of its buckets refused (a login
   * counts against its IP and its e-mail): a refused request must cost nothing, or two buckets
   * near empty refuse a client in turn however long it waits its `Retry-After`. Never above
   * the capacity.
   */
  async refund(rule: BucketRule, cost = 1, now = Date.now()): Promise<void> {
    const stored = await this.ctx.storage.get<Bucket>('bucket');
    if (!stored) return;
    await this.#save(Math.min(rule.capacity, tokensAt(stored, rule, now) + cost), rule, now);
  }

  /** Stores the bucket's tokens as of `now`, with the rule the alarm needs to know when it is full. */
  async #save(tokens: number, rule: BucketRule, now: number): Promise<void> {
    const bucket: Bucket = { tokens, updatedAt: now, capacity: rule.capacity, refillMs: rule.refillMs };
    await this.ctx.storage.put<Bucket>('bucket', bucket, { allowUnconfirmed: true });
  }

  /** Nothing to keep once the bucket is full again; until then, look again when it will be. */
  override async alarm() {
    const bucket = await this.ctx.storage.get<Bucket>('bucket');
    const full = bucket ? fullAt(bucket) : 0;
    if (full <= Date.now()) await this.ctx.storage.deleteAll();
    else await this.ctx.storage.setAlarm(full);
  }
}

/** Tokens in `bucket` at `now` under `rule`: what was left, refilled for the time since (full when none). */
function tokensAt(bucket: Bucket | undefined, rule: BucketRule, now: number): number {
  if (!bucket) return rule.capacity;
  const elapsed = Math.max(0, now - bucket.updatedAt);
  return Math.min(rule.capacity, bucket.tokens + (elapsed * rule.capacity) / rule.refillMs);
}

/** Epoch ms when `bucket` is back to its capacity (at once for one stored without its rule). */
function fullAt(bucket: Bucket): number {
  if (!bucket.capacity || !bucket.refillMs) return bucket.updatedAt;
  return Math.ceil(bucket.updatedAt + ((bucket.capacity - bucket.tokens) * bucket.refillMs) / bucket.capacity);
}
