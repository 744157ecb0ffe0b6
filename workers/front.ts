import { Hono } from 'hono';
import type { SecureHeadersVariables } from 'hono/secure-headers';
import { isApiPath, serveDashboard } from './dashboard';
import type { Env } from './env';
import { securityHeaders } from './http/middleware/security-headers';

type Fetch = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

/**
 * The Worker's front door: every response gets the security headers (`securityHeaders`), then
 * `/api/*`, `/health*`, `/.well-known/*` and `/metrics` go to the API and every other path to
 * the dashboard, which gets the request's CSP nonce for its scripts. (The dashboard's static
 * assets never reach the Worker: the assets binding serves them.)
 */
export function createFront(api: { fetch: Fetch }) {
  const front = new Hono<{ Bindings: Env; Variables: SecureHeadersVariables }>();
  front.use('*', securityHeaders);
  front.all('*', (c) => {
    if (isApiPath(c.req.path))
      // Hono types its execution context loosely; it is the Worker's own.
      return api.fetch(c.req.raw, c.env, c.executionCtx as ExecutionContext);
    return serveDashboard(c.req.raw, c.get('secureHeadersNonce'));
  });
  return front;
}
