import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app';
import { ApiError } from '../errors';

/**
 * Development shortcuts (the conversation simulator, sandboxes) do not exist in production:
 * placed first in a route's middleware, the route answers 404 like an unknown path, to everyone,
 * before authentication.
 */
export const developmentOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.env.ENVIRONMENT === 'production') throw new ApiError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`);
  await next();
});
