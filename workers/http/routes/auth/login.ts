import { createRoute, type z } from '@hono/zod-openapi';
import { login } from '../../../core/auth/sessions';
import { loadSigningKeys } from '../../../core/auth/tokens';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { setSessionCookies } from './cookies';
import { byIp, byJsonField, clientIp, rateLimit } from '../../middleware/rate-limit';
import { LoginBodySchema, SessionSchema } from './schema';

/** 5 attempts a minute per client IP and, separately, per e-mail (against spraying from many IPs). */
export const LOGIN_RATE_LIMIT = { capacity: 5, refillMs: 60_000 };

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  tags: ['auth'],
  summary: 'Log in with e-mail and password',
  description:
    'Answers an access token (15 min) and a refresh token (7 days). Unknown e-mail and wrong password answer the same 401. Limited to 5 attempts a minute per IP and per e-mail; an attempt answered 429 costs nothing, so waiting its `Retry-After` is enough. For browsers the refresh token is also set as an HttpOnly cookie (`nexova_refresh`, path `/api/v1/auth`) with a readable `nexova_csrf` cookie for the double-submit header.',
  middleware: [rateLimit({ name: 'login', rule: LOGIN_RATE_LIMIT, keys: [byIp, byJsonField('email')] })] as const,
  request: { body: { required: true, content: { 'application/json': { schema: LoginBodySchema } } } },
  responses: {
    200: { description: 'Logged in', content: { 'application/json': { schema: SessionSchema } } },
    ...errorResponses(400, 401, 429),
  },
});

export type LoginRequest = z.infer<typeof LoginBodySchema>;
export type LoginResponse = z.infer<typeof SessionSchema>;

export function registerLogin(app: App) {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const result = await login(
      { db: c.var.db, keys: await loadSigningKeys(c.env) },
      { ...input, userAgent: c.req.header('user-agent'), ip: clientIp(c) },
    );
    if (!result.ok) throw new ApiError('UNAUTHORIZED', 'Invalid email or password');
    setSessionCookies(c, result.value.refreshToken);
    return c.json(SessionSchema.parse(result.value), 200);
  });
}
