import { DurableObject } from 'cloudflare:workers';
import { answer, tokensAt, type StoredTokens } from '../workers/core/ratelimit/bucket';
import type { BucketRule, TakeResult } from '../workers/core/ratelimit/check';
import type { Bindings } from '../workers/core/bindings';

export type { BucketRule, TakeResult };

interface Bucket extends StoredTokens {
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
    const available = tokensAt(await this.ctx.storage.get<Bucket>('bucket'), rule, now);
    const allowed = available >= cost;
    const tokens = allowed ? available - cost : available;
    await this.#save(tokens, rule, now);
    // At most one alarm a window: when it fires it deletes the bucket if full, or waits until it is.
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + rule.refillMs);
    return answer(allowed, tokens, cost, rule, now);
  }

  /**
   * What `take` would answer for one token, without taking it: for a limiter consulted before
   * it knows whether the request counts (the webhook's unauthenticated-failure bucket).
   */
  async peek(rule: BucketRule, now = Date.now()): Promise<TakeResult> {
    const tokens = tokensAt(await this.ctx.storage.get<Bucket>('bucket'), rule, now);
    return answer(tokens >= 1, tokens, 1, rule, now);
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

/** Epoch ms when `bucket` is back to its capacity (at once for one stored without its rule). */
function fullAt(bucket: Bucket): number {
  if (!bucket.capacity || !bucket.refillMs) return bucket.updatedAt;
  return Math.ceil(bucket.updatedAt + ((bucket.capacity - bucket.tokens) * bucket.refillMs) / bucket.capacity);
}
