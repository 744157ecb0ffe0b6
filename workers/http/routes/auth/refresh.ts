import { createRoute, type z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import { DEFAULT_REFRESH_REUSE_GRACE_MS, refreshFamilyOf, refreshSession } from '../../../core/auth/sessions';
import { loadSigningKeys } from '../../../core/auth/tokens';
import { REFRESH_RATE_LIMIT_PER_FAMILY, REFRESH_RATE_LIMIT_PER_IP } from '../../../core/ratelimit/limits';
import type { App } from '../../app';
import type { Env } from '../../../env';
import { ApiError, errorResponses } from '../../errors';
import { byIp, clientIp, rateLimit, type RateLimitKey } from '../../middleware/rate-limit';
import { clearSessionCookies, presentedRefreshToken, REFRESH_COOKIE, setSessionCookies } from './cookies';
import { RefreshTokenBodySchema, TokenPairSchema } from './schema';

/** A bucket per session (refresh-token family) of the presented token, from the body or the cookie. */
const byFamily: RateLimitKey = async (c) => {
  const body: unknown = await c.req.json().catch(() => null);
  const fromBody = body && typeof body === 'object' ? (body as Record<string, unknown>).refreshToken : undefined;
  const token = typeof fromBody === 'string' && fromBody ? fromBody : getCookie(c, REFRESH_COOKIE);
  const family = token && token.length <= 512 ? await refreshFamilyOf(c.var.db, token) : null;
  return family ? `family:${family}` : null;
};

/** `REFRESH_REUSE_GRACE_SECONDS` (a non-negative number) in milliseconds, else 30 s. */
export function reuseGraceMs(env: Pick<Env, 'REFRESH_REUSE_GRACE_SECONDS'>): number {
  const seconds = Number(env.REFRESH_REUSE_GRACE_SECONDS);
  return env.REFRESH_REUSE_GRACE_SECONDS && Number.isFinite(seconds) && seconds >= 0
    ? seconds * 1000
    : DEFAULT_REFRESH_REUSE_GRACE_MS;
}

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/refresh',
  tags: ['auth'],
  summary: 'Exchange a refresh token for a new pair',
  description:
    'Each refresh token works once. Presenting it again within 30 s of its exchange (`REFRESH_REUSE_GRACE_SECONDS`) answers the same new refresh token again, as long as that one is unused (a refresh whose answer was lost); presenting it later, or after its successor was used, revokes every token of its session (reuse detection) and answers 401. Limited to 120 a minute per IP and 30 per session. The token comes from the body or, for browsers, from the `nexova_refresh` cookie; a cookie-authenticated call must send `x-csrf-token` equal to the `nexova_csrf` cookie, else 403. Success sets both cookies anew.',
  middleware: [
    rateLimit({
      name: 'refresh',
      rule: REFRESH_RATE_LIMIT_PER_IP,
      keys: [byIp, { key: byFamily, rule: REFRESH_RATE_LIMIT_PER_FAMILY }],
    }),
  ] as const,
  request: { body: { required: false, content: { 'application/json': { schema: RefreshTokenBodySchema } } } },
  responses: {
    200: { description: 'New token pair', content: { 'application/json': { schema: TokenPairSchema } } },
    ...errorResponses(400, 401, 403, 429),
  },
});

export type RefreshRequest = z.infer<typeof RefreshTokenBodySchema>;
export type RefreshResponse = z.infer<typeof TokenPairSchema>;

export function registerRefresh(app: App) {
  app.openapi(route, async (c) => {
    const presented = presentedRefreshToken(c, c.req.valid('json'));
    if (!presented) throw new ApiError('UNAUTHORIZED', 'Missing refresh token');
    const result = await refreshSession(
      { db: c.var.db, keys: await loadSigningKeys(c.env), reuseGraceMs: reuseGraceMs(c.env) },
      { refreshToken: presented.token, userAgent: c.req.header('user-agent'), ip: clientIp(c) },
    );
    if (!result.ok) {
      if (presented.fromCookie) clearSessionCookies(c);
      throw new ApiError('UNAUTHORIZED', 'Invalid refresh token');
    }
    setSessionCookies(c, result.value.refreshToken);
    return c.json(TokenPairSchema.parse(result.value), 200);
  });
}
