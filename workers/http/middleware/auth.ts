import { createMiddleware } from 'hono/factory';
import { loadSigningKeys, verifyAccessToken } from '../../core/auth/tokens';
import { currentContext } from '../../core/observability/context';
import type { AppEnv } from '../app';
import { ApiError } from '../errors';

/** Requires `Authorization: Bearer <access token>`; sets `c.var.auth`. Any failure → 401. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/);
  if (!match) throw new ApiError('UNAUTHORIZED', 'Missing bearer token', undefined, { 'WWW-Authenticate': 'Bearer' });
  const result = await verifyAccessToken(await loadSigningKeys(c.env), match[1]!);
  if (!result.ok) {
    throw new ApiError(
      'UNAUTHORIZED',
      result.reason === 'expired' ? 'Access token expired' : 'Invalid access token',
      undefined,
      { 'WWW-Authenticate': `Bearer error="invalid_token"` },
    );
  }
  c.set('auth', { userId: result.userId, tokenId: result.jti });
  const ctx = currentContext();
  if (ctx) ctx.userId = result.userId;
  await next();
});
