import { createRoute, type z } from '@hono/zod-openapi';
import { logout } from '../../../core/auth/sessions';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { clearSessionCookies, presentedRefreshToken } from './cookies';
import { RefreshTokenBodySchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  tags: ['auth'],
  summary: 'End the session of a refresh token',
  description:
    'Revokes the refresh token and the rest of its session, and clears the session cookies. Idempotent: an unknown or revoked token also answers 204. The token comes from the body or the `nexova_refresh` cookie; a cookie-authenticated call must send `x-csrf-token` equal to the `nexova_csrf` cookie, else 403.',
  request: { body: { required: false, content: { 'application/json': { schema: RefreshTokenBodySchema } } } },
  responses: {
    204: { description: 'Logged out' },
    ...errorResponses(400),
  },
});

export type LogoutRequest = z.infer<typeof RefreshTokenBodySchema>;

export function registerLogout(app: App) {
  app.openapi(route, async (c) => {
    const presented = presentedRefreshToken(c, c.req.valid('json'));
    if (presented) await logout({ db: c.var.db }, { refreshToken: presented.token });
    clearSessionCookies(c);
    return c.body(null, 204);
  });
}
