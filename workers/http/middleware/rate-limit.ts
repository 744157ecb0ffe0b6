import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { checkRateLimit, refundRateLimit, type BucketRule, type TakeResult } from '../../core/ratelimit/check';
import type { AppEnv } from '../app';
import { ApiError } from '../errors';

/** Names one bucket this request counts against, or null when it does not apply (e.g. no e-mail in the body). */
export type RateLimitKey = (c: Context<AppEnv>) => string | null | Promise<string | null>;

export interface RateLimitOptions {
  /** Prefix of every bucket key, e.g. `login` → `login:ip:203.0.113.7`. */
  name: string;
  rule: BucketRule;
  /** Every bucket the request is counted against; it passes only if all of them admit it. */
  keys: RateLimitKey[];
}

/**
 * Rate limits a route with exact token buckets (the `RATE_LIMITER` Durable Object). Every
 * response carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`
 * (epoch seconds) of the tightest bucket; over the limit it answers 429 RATE_LIMITED with
 * `Retry-After`, before the body is validated or the handler runs.
 */
export function rateLimit(options: RateLimitOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await enforceRateLimit(c, options);
    await next();
  });
}

/**
 * What `rateLimit` does before the handler, for a handler that overlaps it with other work
 * (the webhook looks its connection up meanwhile): resolves when every bucket admits the
 * request, after setting the headers; throws 429 RATE_LIMITED, or 503 when the limiter cannot
 * be reached.
 */
export async function enforceRateLimit(c: Context<AppEnv>, options: RateLimitOptions): Promise<void> {
  const buckets = (await Promise.all(options.keys.map((key) => key(c))))
    .filter((k): k is string => k !== null)
    .map((key) => `${options.name}:${key}`);
  // Fail closed but honestly: when the limiter cannot be reached, nothing passes and the
  // client is told to come back (503), rather than a 500 or an unlimited free-for-all.
  const results = await Promise.all(
    buckets.map((bucket) => checkRateLimit(c.env.RATE_LIMITER, bucket, options.rule)),
  ).catch((error: unknown) => {
    c.var.logger.error('rate limiter unavailable', { limiter: options.name, error });
    throw new ApiError('SERVICE_UNAVAILABLE', 'Temporarily unavailable, try again shortly', undefined, {
      'Retry-After': '5',
    });
  });
  const tightest = results.reduce<TakeResult | undefined>(
    (worst, r) => (!worst || rank(r) < rank(worst) ? r : worst),
    undefined,
  );
  if (!tightest) return;
  const headers = {
    'X-RateLimit-Limit': String(tightest.limit),
    'X-RateLimit-Remaining': String(tightest.remaining),
    'X-RateLimit-Reset': String(Math.ceil(tightest.resetAt / 1000)),
  };
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  const denied = results.filter((r) => !r.allowed);
  if (denied.length > 0) {
    // A refused request costs nothing: the buckets that admitted it get their token back, or a
    // client waiting out one bucket's Retry-After would find the other emptied by its own retries.
    const admitted = buckets.filter((_, i) => results[i]!.allowed);
    await Promise.all(admitted.map((bucket) => refundRateLimit(c.env.RATE_LIMITER, bucket, options.rule))).catch(
      (error: unknown) => c.var.logger.warn('rate limit refund failed', { limiter: options.name, error }),
    );
    const retryAfter = Math.max(...denied.map((r) => r.retryAfterSeconds));
    throw new ApiError('RATE_LIMITED', `Too many requests; retry in ${retryAfter} s`, undefined, {
      ...headers,
      'Retry-After': String(retryAfter),
    });
  }
}

/** A denied bucket first, then the one with the fewest tokens left. */
function rank(result: TakeResult): number {
  return result.allowed ? result.remaining : -1;
}

/** The client's IP as Cloudflare reports it (`cf-connecting-ip`), or `unknown`. */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}

/** A bucket per client IP. */
export const byIp: RateLimitKey = (c) => `ip:${clientIp(c)}`;

/**
 * A bucket per value of a string field of the JSON body, normalised (trimmed, lower-cased),
 * e.g. the e-mail of a login. No bucket when the body is not JSON or lacks the field: the
 * validator answers 400 for those. The body stays readable by the validator (Hono caches it).
 */
export function byJsonField(field: string): RateLimitKey {
  return async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
    return typeof value === 'string' && value.trim() ? `${field}:${value.trim().toLowerCase()}` : null;
  };
}
