import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app';

/** The origins `CORS_ORIGINS` lists (comma-separated, exact `scheme://host[:port]`). */
export function corsOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

const allowed = cors({
  // An origin not listed gets no Access-Control-Allow-Origin: the browser keeps the answer from it.
  origin: (origin, c) => (corsOrigins(c.env.CORS_ORIGINS).includes(origin) ? origin : null),
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['authorization', 'content-type', 'x-workspace-id', 'idempotency-key', 'x-request-id'],
  exposeHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining'],
  credentials: true,
  maxAge: 600,
});

/**
 * CORS for `/api/*`: the dashboard is same-origin and needs none; `CORS_ORIGINS` names other
 * origins allowed to call the API from a browser (with credentials). Preflights are answered here.
 */
export const corsFromEnv = createMiddleware<AppEnv>((c, next) => allowed(c, next) as Promise<void>);
