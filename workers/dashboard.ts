import { createRequestHandler } from 'react-router';

/**
 * The dashboard: React Router's request handler over the server build that Vite produces
 * (`virtual:react-router/server-build`). It renders the HTML shell; data comes from `/api/v1`
 * in the browser. No load context is passed: the dashboard needs none, and React Router 8
 * refuses a plain object there (it wants a `RouterContextProvider`).
 */
const handler = createRequestHandler(() => import('virtual:react-router/server-build'), import.meta.env.MODE);

export function serveDashboard(request: Request): Promise<Response> {
  return handler(request);
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
