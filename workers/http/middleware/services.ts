import { createMiddleware } from 'hono/factory';
import { createDb } from '../../../db/client';
import type { AppEnv } from '../app';

/**
 * Builds the per-request services. The database pool connects on first query, so routes that
 * never touch Postgres (health, JWKS) open no connection; it is closed after the response.
 */
export const services = createMiddleware<AppEnv>(async (c, next) => {
  const handle = createDb(c.env.HYPERDRIVE.connectionString, {
    logQueries: c.env.ENVIRONMENT === 'development' && c.env.LOG_QUERIES === 'true',
  });
  c.set('db', handle.db);
  try {
    await next();
  } finally {
    c.executionCtx.waitUntil(handle.close().catch(() => {}));
  }
});
