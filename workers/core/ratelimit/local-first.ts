import { log } from '../observability/logger';
import { answer, tokensAt } from './bucket';
import { checkRateLimit, type BucketRule, type RateLimiterNamespace, type TakeResult } from './check';

interface LocalBucket {
  tokens: number;
  updatedAt: number;
  /** Set when the shared bucket refused: every isolate's requests together went over the limit. */
  blockedUntil: number;
}

/**
 * A limit checked without a Durable Object round trip on the request's path, for the limits every
 * request meets (global per IP, API per user). Each isolate keeps an exact bucket per key for the
 * requests it serves and answers from it at once; the `RATE_LIMITER` object is told of every
 * admitted request in the background (`waitUntil`) and counts across isolates: once it refuses a
 * key, this isolate refuses that key until the object's `Retry-After`. So one isolate never
 * over-admits, and all of them together over-admit by at most the requests in flight while the
 * object's refusal travels back. Login and the other credential limits stay exact (`checkRateLimit`).
 */
export class LocalFirstLimiter {
  readonly #buckets = new Map<string, LocalBucket>();

  /** `maxKeys` bounds the isolate's memory: the least recently seen key is forgotten first. */
  constructor(private readonly maxKeys = 10_000) {}

  /** Takes one token of `key` (e.g. `global:ip:203.0.113.7`); `background` keeps the shared count's promise alive. */
  take(
    namespace: RateLimiterNamespace,
    key: string,
    rule: BucketRule,
    background: (work: Promise<unknown>) => void,
    now = Date.now(),
  ): TakeResult {
    const bucket = this.#buckets.get(key);
    if (bucket && bucket.blockedUntil > now) {
      return { ...answer(false, 0, 1, rule, now), retryAfterSeconds: Math.ceil((bucket.blockedUntil - now) / 1000) };
    }
    const available = tokensAt(bucket, rule, now);
    const allowed = available >= 1;
    const tokens = allowed ? available - 1 : available;
    const current = Object.assign(bucket ?? { blockedUntil: 0 }, { tokens, updatedAt: now });
    this.#remember(key, current);
    if (allowed) {
      background(
        checkRateLimit(namespace, key, rule).then(
          (shared) => {
            // Spent across isolates: none left here either, and none until the object's Retry-After.
            if (!shared.allowed)
              Object.assign(current, {
                tokens: 0,
                updatedAt: Date.now(),
                blockedUntil: Date.now() + shared.retryAfterSeconds * 1000,
              });
          },
          // The local bucket still holds this isolate to the limit; the shared count resumes with the next request.
          (error: unknown) => log.warn('shared rate limit unavailable', { key, error }),
        ),
      );
    }
    return answer(allowed, tokens, 1, rule, now);
  }

  #remember(key: string, bucket: LocalBucket) {
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
  }
}
