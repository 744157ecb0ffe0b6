import { createRequestHandler, RouterContextProvider } from 'react-router';
import { cspNonce } from '../app/lib/csp-nonce';
import { newId } from '../db/ids';
import type { Env } from './env';
import { errorBody } from './http/errors';
import { globalLimitFor, rateLimited } from './http/middleware/rate-limit';

/**
 * Always "production", also under `vite dev`: in development mode React Router puts a failed
 * render's message and stack trace (with the machine's paths) into the page it answers. The error
 * is logged either way, and its other development aids run in Vite's Node process, not here.
 */
const SERVER_MODE = 'production';

/**
 * The dashboard: React Router's request handler over the server build that Vite produces
 * (`virtual:react-router/server-build`). It renders the HTML shell; data comes from `/api/v1`
 * in the browser. The load context carries one thing, the request's CSP nonce (React Router 8
 * wants a `RouterContextProvider` there, not a plain object).
 */
const handler = createRequestHandler(() => import('virtual:react-router/server-build'), SERVER_MODE);

export function serveDashboard(request: Request, nonce?: string): Promise<Response> {
  const context = new RouterContextProvider();
  context.set(cspNonce, nonce);
  return handler(request, context);
}

/** A dashboard page within the global per-IP limit (`globalRateLimit`): 429 in the error envelope once spent. */
export async function serveDashboardWithinLimit(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  nonce?: string,
): Promise<Response> {
  const { result, headers } = globalLimitFor(request, env, ctx);
  if (!result.allowed) {
    const error = rateLimited(headers, result.retryAfterSeconds);
    return Response.json(errorBody(error, newId('req')), { status: error.status, headers: error.headers });
  }
  const page = await serveDashboard(request, nonce);
  const response = new Response(page.body, page);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/** Paths that belong to the HTTP API (Hono); everything else is the dashboard. */
export function isApiPath(pathname: string): boolean {
  return (
    pathname === '/api' ||
    pathname.startsWith('/api/') ||
    pathname === '/health' ||
    pathname.startsWith('/health/') ||
    pathname.startsWith('/.well-known/') ||
    pathname === '/metrics'
  );
}
