import { createRoute, type z } from '@hono/zod-openapi';
import { refreshSession } from '../../../core/auth/sessions';
import { loadSigningKeys } from '../../../core/auth/tokens';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { clientIp } from '../../middleware/rate-limit';
import { RefreshTokenBodySchema, TokenPairSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/refresh',
  tags: ['auth'],
  summary: 'Exchange a refresh token for a new pair',
  description:
    'Each refresh token works once. Presenting one that was already exchanged revokes every token of its session (reuse detection) and answers 401.',
  request: { body: { required: true, content: { 'application/json': { schema: RefreshTokenBodySchema } } } },
  responses: {
    200: { description: 'New token pair', content: { 'application/json': { schema: TokenPairSchema } } },
    ...errorResponses(400, 401),
  },
});

export type RefreshRequest = z.infer<typeof RefreshTokenBodySchema>;
export type RefreshResponse = z.infer<typeof TokenPairSchema>;

export function registerRefresh(app: App) {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const result = await refreshSession(
      { db: c.var.db, keys: await loadSigningKeys(c.env) },
      { ...input, userAgent: c.req.header('user-agent'), ip: clientIp(c) },
    );
    if (!result.ok) throw new ApiError('UNAUTHORIZED', 'Invalid refresh token');
    return c.json(TokenPairSchema.parse(result.value), 200);
  });
}
