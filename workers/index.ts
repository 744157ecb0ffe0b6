// First: extends zod with `.openapi()` before any schema is created (zod 4 binds methods at
// creation), so domain schemas reused by routes can be documented. See test/harness/setup.ts.
import '@hono/zod-openapi';
import * as Sentry from '@sentry/cloudflare';
import { configurePasswordHashing } from './core/auth/password';
import { isApiPath, serveDashboard } from './dashboard';
import { createApi } from './http';
import { consumeQueue } from './queues';
import type { Env } from './env';

export { Conversation } from '../durable-objects/conversation';
export { WorkspaceHub } from '../durable-objects/workspace-hub';
export { RateLimiter } from '../durable-objects/rate-limiter';
export { OutboxPublisher } from '../durable-objects/outbox-publisher';

const api = createApi();

const handler = {
  fetch(request, env, ctx) {
    configurePasswordHashing(env);
    // `/api/*`, `/health*`, `/.well-known/*` and `/metrics` are the API; every other path is the
    // dashboard (its static assets never reach the Worker: the assets binding serves them).
    if (isApiPath(new URL(request.url).pathname)) return api.fetch(request, env, ctx);
    return serveDashboard(request);
  },

  async queue(batch, env, _ctx) {
    // One consumer per queue (workers/queues); a queue without one is retried, never dropped.
    // Imported statically: batches of two queues arrive at once, and workerd refuses to let one
    // invocation await a module load another invocation started.
    await consumeQueue(batch, env);
  },

  async scheduled(controller, env, ctx) {
    const { runScheduledJobs } = await import('./scheduled');
    ctx.waitUntil(runScheduledJobs(env, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Env>;

/**
 * Errors reach Sentry only when `SENTRY_DSN` is set. Without it the handler runs bare: the SDK's
 * wrapper, even with no client, builds an isolation scope, instruments the context and parses
 * the URL on every invocation — measured at about a quarter of the Worker's CPU under webhook load
 * (docs/benchmarks.md).
 */
const withSentry = Sentry.withSentry<Env, unknown, unknown, typeof handler>(
  (env) => ({ dsn: env.SENTRY_DSN, environment: env.ENVIRONMENT, tracesSampleRate: 0.1, sendDefaultPii: false }),
  // A copy: the SDK instruments the object it is given in place.
  { ...handler },
);

const handlerFor = (env: Env) => (env.SENTRY_DSN ? withSentry : handler);

export default {
  fetch: (request, env, ctx) => handlerFor(env).fetch(request, env, ctx),
  queue: (batch, env, ctx) => handlerFor(env).queue(batch, env, ctx),
  scheduled: (controller, env, ctx) => handlerFor(env).scheduled(controller, env, ctx),
} satisfies ExportedHandler<Env>;
