import { createRequestHandler, RouterContextProvider } from 'react-router';
import { cspNonce } from '../app/lib/csp-nonce';

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
