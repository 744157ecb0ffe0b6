import { createRoute, type z } from '@hono/zod-openapi';
import { getUser } from '../../../core/auth/users';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { UserResponseSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/auth/me',
  tags: ['auth'],
  summary: 'The logged-in user',
  security: [{ bearerAuth: [] }],
  middleware: [requireAuth] as const,
  responses: {
    200: { description: 'The user', content: { 'application/json': { schema: UserResponseSchema } } },
    ...errorResponses(401),
  },
});

export type MeResponse = z.infer<typeof UserResponseSchema>;

export function registerMe(app: App) {
  app.openapi(route, async (c) => {
    const result = await getUser({ db: c.var.db }, c.var.auth.userId);
    // A valid token for an account that no longer exists is no longer a credential.
    if (!result.ok) throw new ApiError('UNAUTHORIZED', 'Invalid access token');
    return c.json(UserResponseSchema.parse({ user: result.value }), 200);
  });
}
