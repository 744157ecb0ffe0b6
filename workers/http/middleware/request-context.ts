import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { newId } from '../../../db/ids';
import { runWithContext, currentContext } from '../../core/observability/context';
import { log } from '../../core/observability/logger';
import { metricsFor } from '../../core/observability/metrics-binding';
import type { AppEnv } from '../app';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Assigns the request id (a well-formed `x-request-id` is kept, otherwise one is generated),
 * runs the rest of the request inside the log context, and writes the one access-log line and
 * the request metrics when it ends.
 */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  const incoming = c.req.header('x-request-id');
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : newId('req');
  c.set('requestId', requestId);
  c.set('logger', log);
  const context = {
    requestId,
    ip: c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim(),
    userAgent: c.req.header('user-agent'),
  };
  await runWithContext(context, async () => {
    await next();
    c.header('x-request-id', requestId);
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    const matched = routePath(c, -1);
    const route = matched && !matched.endsWith('*') ? matched : 'unmatched';
    const ctx = currentContext();
    log.info('request', {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      route,
      status: c.res.status,
      durationMs,
      workspaceId: ctx?.workspaceId,
      userId: ctx?.userId,
    });
    metricsFor(c.env).recordRequest({ method: c.req.method, route, status: c.res.status, durationMs });
  });
});
