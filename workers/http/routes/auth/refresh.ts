import { createRoute, type z } from '@hono/zod-openapi';
import { refreshSession } from '../../../core/auth/sessions';
import { loadSigningKeys } from '../../../core/auth/tokens';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { clientIp } from '../../middleware/rate-limit';
import { clearSessionCookies, presentedRefreshToken, setSessionCookies } from './cookies';
import { RefreshTokenBodySchema, TokenPairSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/refresh',
  tags: ['auth'],
  summary: 'Exchange a refresh token for a new pair',
  description:
    'Each refresh token works once. Presenting one that was already exchanged revokes every token of its session (reuse detection) and answers 401. The token comes from the body or, for browsers, from the `nexova_refresh` cookie; a cookie-authenticated call must send `x-csrf-token` equal to the `nexova_csrf` cookie, else 403. Success sets both cookies anew.',
  request: { body: { required: false, content: { 'application/json': { schema: RefreshTokenBodySchema } } } },
  responses: {
    200: { description: 'New token pair', content: { 'application/json': { schema: TokenPairSchema } } },
    ...errorResponses(400, 401),
  },
});

export type RefreshRequest = z.infer<typeof RefreshTokenBodySchema>;
export type RefreshResponse = z.infer<typeof TokenPairSchema>;

export function registerRefresh(app: App) {
  app.openapi(route, async (c) => {
    const presented = presentedRefreshToken(c, c.req.valid('json'));
    if (!presented) throw new ApiError('UNAUTHORIZED', 'Missing refresh token');
    const result = await refreshSession(
      { db: c.var.db, keys: await loadSigningKeys(c.env) },
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
