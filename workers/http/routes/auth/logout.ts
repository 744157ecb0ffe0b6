import { createRoute, type z } from '@hono/zod-openapi';
import { logout } from '../../../core/auth/sessions';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { RefreshTokenBodySchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  tags: ['auth'],
  summary: 'End the session of a refresh token',
  description:
    'Revokes the refresh token and the rest of its session. Idempotent: an unknown or revoked token also answers 204.',
  request: { body: { required: true, content: { 'application/json': { schema: RefreshTokenBodySchema } } } },
  responses: {
    204: { description: 'Logged out' },
    ...errorResponses(400),
  },
});

export type LogoutRequest = z.infer<typeof RefreshTokenBodySchema>;

export function registerLogout(app: App) {
  app.openapi(route, async (c) => {
    await logout({ db: c.var.db }, c.req.valid('json'));
    return c.body(null, 204);
  });
}
