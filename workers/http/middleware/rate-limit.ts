import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { checkRateLimit, refundRateLimit, type BucketRule, type TakeResult } from '../../core/ratelimit/check';
import { sha256Hex } from '../../core/crypto/hash';
import { apiRateLimit, GLOBAL_RATE_LIMIT } from '../../core/ratelimit/limits';
import { LocalFirstLimiter } from '../../core/ratelimit/local-first';
import type { AppEnv } from '../app';
import { ApiError } from '../errors';

/** Names one bucket this request counts against, or null when it does not apply (e.g. no e-mail in the body). */
export type RateLimitKey = (c: Context<AppEnv>) => string | null | Promise<string | null>;

/** A bucket under a rule of its own, when one limiter counts keys at different rates (refresh: IP and family). */
export interface RuledKey {
  key: RateLimitKey;
  rule: BucketRule;
}

export interface RateLimitOptions {
  /** Prefix of every bucket key, e.g. `login` → `login:ip:203.0.113.7`. */
  name: string;
  /** The rule of every key that does not bring its own; a function reads it from the request (env). */
  rule: BucketRule | ((c: Context<AppEnv>) => BucketRule);
  /** Every bucket the request is counted against; it passes only if all of them admit it. */
  keys: (RateLimitKey | RuledKey)[];
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
  const fallback = typeof options.rule === 'function' ? options.rule(c) : options.rule;
  const named = await Promise.all(
    options.keys.map(async (entry) => {
      const { key, rule } = typeof entry === 'function' ? { key: entry, rule: fallback } : entry;
      const name = await key(c);
      return name === null ? null : { bucket: `${options.name}:${name}`, rule };
    }),
  );
  const buckets = named.filter((b): b is { bucket: string; rule: BucketRule } => b !== null);
  // Fail closed but honestly: when the limiter cannot be reached, nothing passes and the
  // client is told to come back (503), rather than a 500 or an unlimited free-for-all.
  const results = await Promise.all(
    buckets.map(({ bucket, rule }) => checkRateLimit(c.env.RATE_LIMITER, bucket, rule)),
  ).catch((error: unknown) => {
    c.var.logger.error('rate limiter unavailable', { limiter: options.name, error });
    throw new ApiError('SERVICE_UNAVAILABLE', 'Temporarily unavailable, try again shortly', undefined, {
      'Retry-After': '5',
    });
  });
  const headers = reportTightest(c, results);
  const denied = results.filter((r) => !r.allowed);
  if (denied.length > 0) {
    // A refused request costs nothing: the buckets that admitted it get their token back, or a
    // client waiting out one bucket's Retry-After would find the other emptied by its own retries.
    const admitted = buckets.filter((_, i) => results[i]!.allowed);
    await Promise.all(admitted.map(({ bucket, rule }) => refundRateLimit(c.env.RATE_LIMITER, bucket, rule))).catch(
      (error: unknown) => c.var.logger.warn('rate limit refund failed', { limiter: options.name, error }),
    );
    throw rateLimited(headers, Math.max(...denied.map((r) => r.retryAfterSeconds)));
  }
}

/** 429 RATE_LIMITED with `Retry-After` and the limit headers. */
export function rateLimited(headers: Record<string, string>, retryAfter: number): ApiError {
  return new ApiError('RATE_LIMITED', `Too many requests; retry in ${retryAfter} s`, undefined, {
    ...headers,
    'Retry-After': String(retryAfter),
  });
}

/** The tightest bucket each request met so far, across its limiters (global, per user, per route). */
const tightestOf = new WeakMap<Request, TakeResult>();

/**
 * Sets `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (epoch seconds) of the
 * tightest bucket among `results` and those the request's earlier limiters met; returns them.
 */
export function reportTightest(c: Context<AppEnv>, results: TakeResult[]): Record<string, string> {
  const tightest = [tightestOf.get(c.req.raw), ...results].reduce<TakeResult | undefined>(
    (worst, r) => (!r ? worst : !worst || rank(r) < rank(worst) ? r : worst),
    undefined,
  );
  if (!tightest) return {};
  tightestOf.set(c.req.raw, tightest);
  const headers = limitHeaders(tightest);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return headers;
}

/** The limit headers of one bucket's answer. */
export function limitHeaders(result: TakeResult): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(result.limit),
    'X-RateLimit-Remaining': String(result.remaining),
    'X-RateLimit-Reset': String(Math.ceil(result.resetAt / 1000)),
  };
}

/** The isolate's buckets for the limits every request meets (global per IP, API per user). */
const everyRequest = new LocalFirstLimiter();

/**
 * Takes one token of `key` from a limit every request meets, answered by the isolate without a
 * Durable Object round trip (`LocalFirstLimiter`); sets the limit headers, throws 429 when spent.
 */
function enforceLocalFirst(c: Context<AppEnv>, key: string, rule: BucketRule): void {
  const result = everyRequest.take(c.env.RATE_LIMITER, key, rule, (work) => c.executionCtx.waitUntil(work));
  const headers = reportTightest(c, [result]);
  if (!result.allowed) throw rateLimited(headers, result.retryAfterSeconds);
}

/** Every route: `GLOBAL_RATE_LIMIT` (1000 a minute) per client IP. */
export const globalRateLimit = createMiddleware<AppEnv>(async (c, next) => {
  enforceLocalFirst(c, `global:${byIpKey(clientIp(c))}`, GLOBAL_RATE_LIMIT);
  await next();
});

/**
 * An authenticated API call: `API_RATE_LIMIT_PER_MINUTE` (default 600) per user. Called by
 * `requireAuth` once it knows the user.
 */
export function enforceUserRateLimit(c: Context<AppEnv>, userId: string): void {
  enforceLocalFirst(c, `api:user:${userId}`, apiRateLimit(c.env.API_RATE_LIMIT_PER_MINUTE));
}

/** `globalRateLimit` for a request outside the Hono app (the dashboard's pages): the bucket's answer and its headers. */
export function globalLimitFor(
  request: Request,
  env: AppEnv['Bindings'],
  ctx: ExecutionContext,
): { result: TakeResult; headers: Record<string, string> } {
  const ip = request.headers.get('cf-connecting-ip') ?? 'unknown';
  const result = everyRequest.take(env.RATE_LIMITER, `global:${byIpKey(ip)}`, GLOBAL_RATE_LIMIT, (work) =>
    ctx.waitUntil(work),
  );
  return { result, headers: limitHeaders(result) };
}

const byIpKey = (ip: string) => `ip:${ip}`;

/** A denied bucket first, then the one with the fewest tokens left. */
function rank(result: TakeResult): number {
  return result.allowed ? result.remaining : -1;
}

/** The client's IP as Cloudflare reports it (`cf-connecting-ip`), or `unknown`. */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}

/** A bucket per client IP. */
export const byIp: RateLimitKey = (c) => byIpKey(clientIp(c));

/**
 * A bucket per value of a string field of the JSON body, normalised (trimmed, lower-cased),
 * e.g. the e-mail of a login; `hashed` names a secret's bucket by its SHA-256 instead (a reset
 * token). No bucket when the body is not JSON or lacks the field: the validator answers 400 for
 * those. The body stays readable by the validator (Hono caches it).
 */
export function byJsonField(field: string, options: { hashed?: boolean } = {}): RateLimitKey {
  return async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
    if (typeof value !== 'string' || !value.trim()) return null;
    const normalised = value.trim().toLowerCase();
    return `${field}:${options.hashed ? await sha256Hex(value) : normalised}`;
  };
}
