/**
 * Every rate limit of Nexova, in one place (the README's "Rate limits" table lists them). Each is
 * a token bucket of the `RATE_LIMITER` Durable Object: `capacity` requests in a burst, refilled in
 * full over `refillMs`. A request answered 429 costs nothing in its other buckets.
 */
import type { BucketRule } from './check';

const MINUTE = 60_000;

/** Every route, per client IP: the 1000 a minute (the 1001st in a minute is refused). */
export const GLOBAL_RATE_LIMIT: BucketRule = { capacity: 1000, refillMs: MINUTE };

/**
 * Authenticated API calls, per user, unless `API_RATE_LIMIT_PER_MINUTE` says otherwise. The
 * dashboard's heaviest screens load well under this in a minute (README, "Rate limits"): it is a
 * ceiling for scripts gone wrong, not something a person clicking can reach.
 */
export const DEFAULT_API_RATE_LIMIT_PER_MINUTE = 600;

/** Login, per IP and per e-mail (against spraying from many IPs). */
export const LOGIN_RATE_LIMIT: BucketRule = { capacity: 5, refillMs: MINUTE };

/** Registration, per IP and per e-mail. */
export const REGISTER_RATE_LIMIT: BucketRule = { capacity: 10, refillMs: MINUTE };

/** Forgot-password, per IP and per e-mail: each accepted one may send a mail. */
export const FORGOT_PASSWORD_RATE_LIMIT: BucketRule = { capacity: 5, refillMs: MINUTE };

/** Reset-password, per IP and per reset token. */
export const RESET_PASSWORD_RATE_LIMIT: BucketRule = { capacity: 5, refillMs: MINUTE };

/**
 * Refresh, per IP (every dashboard page load refreshes, and offices share an IP) and per token
 * family (one session: its reloads and its tabs).
 */
export const REFRESH_RATE_LIMIT_PER_IP: BucketRule = { capacity: 120, refillMs: MINUTE };
export const REFRESH_RATE_LIMIT_PER_FAMILY: BucketRule = { capacity: 30, refillMs: MINUTE };

/** Authenticated Infobip webhook requests, per connection. */
export const WEBHOOK_RATE_LIMIT: BucketRule = { capacity: 1000, refillMs: MINUTE };

/**
 * Webhook requests that fail authentication (unknown connection, wrong credentials), per IP.
 * Once spent, that IP's unauthenticated attempts are refused before any lookup.
 */
export const WEBHOOK_FAILURE_RATE_LIMIT: BucketRule = { capacity: 30, refillMs: MINUTE };

/** The per-user API rule from `API_RATE_LIMIT_PER_MINUTE` (a positive integer), else the default. */
export function apiRateLimit(perMinute: string | undefined): BucketRule {
  const parsed = Number(perMinute);
  const capacity = Number.isInteger(parsed) && parsed > 0 ? parsed : DEFAULT_API_RATE_LIMIT_PER_MINUTE;
  return { capacity, refillMs: MINUTE };
}
