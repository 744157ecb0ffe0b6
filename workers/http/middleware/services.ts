import { createMiddleware } from 'hono/factory';
import { createDb } from '../../../db/client';
import type { AppEnv } from '../app';

/**
 * Builds the per-request services. The database pool connects on first query, so routes that
 * never touch Postgres (health, JWKS) open no connection; it is closed after the response and
 * after every `afterResponse` job (which run in `waitUntil` and reuse the request's connection:
 * locally each new connection is a PostgreSQL backend and an authentication, the largest cost
 * of a webhook after its response).
 */
export const services = createMiddleware<AppEnv>(async (c, next) => {
  const handle = createDb(c.env.HYPERDRIVE.connectionString, {
    logQueries: c.env.ENVIRONMENT === 'development' && c.env.LOG_QUERIES === 'true',
  });
  const jobs: Promise<unknown>[] = [];
  c.set('db', handle.db);
  c.set('afterResponse', (work) => {
    jobs.push(work(handle.db).catch((error: unknown) => c.var.logger.error('after-response job failed', { error })));
  });
  try {
    await next();
  } finally {
    c.executionCtx.waitUntil(
      Promise.allSettled(jobs)
        .then(() => handle.close())
        .catch(() => {}),
    );
  }
});
