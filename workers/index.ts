// First: extends zod with `.openapi()` before any schema is created (zod 4 binds methods at
// creation), so domain schemas reused by routes can be documented. See test/harness/setup.ts.
import '@hono/zod-openapi';
import * as Sentry from '@sentry/cloudflare';
import { configurePasswordHashing } from './core/auth/password';
import { createFront } from './front';
import { createApi } from './http';
import { consumeQueue } from './queues';
import type { Env } from './env';

export { Conversation } from '../durable-objects/conversation';
export { WorkspaceHub } from '../durable-objects/workspace-hub';
export { RateLimiter } from '../durable-objects/rate-limiter';
export { OutboxPublisher } from '../durable-objects/outbox-publisher';

const front = createFront(createApi());

/** The most of an unread request body `discardUnreadBody` reads; a larger one is cancelled. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Reads and discards what the Worker left unread of a request body (an answer given before the
 * body was read: 401, 403, 413, 415), up to `DRAIN_LIMIT_BYTES`. workerd closes the connection
 * after such an answer without saying `Connection: close`, so a local client that keeps its
 * connections alive — `vite dev`'s and `wrangler dev`'s proxies — sends its next request into the
 * closed socket and answers it with a 500 "fetch failed" / "Network connection lost"
 * (cloudflare/workerd#1741; cancelling the body is not enough, it must be read). `wrangler dev`
 * bundles the same drain for the Workers it builds; `vite dev` and a prebuilt Worker get none.
 * The answer waits for it (workerd decides as the answer goes out); a client sends the body it
 * declared before it reads an answer anyway.
 */
async function discardUnreadBody(request: Request) {
  if (!request.body || request.bodyUsed || request.body.locked) return;
  const reader = request.body.getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      if (read > DRAIN_LIMIT_BYTES) return await reader.cancel();
    }
  } catch {
    // The client went away: nothing left to keep in step with.
  }
}

const handler = {
  async fetch(request, env, ctx) {
    configurePasswordHashing(env);
    try {
      // Security headers, then the API or the dashboard (workers/front.ts).
      return await front.fetch(request, env, ctx);
    } finally {
      await discardUnreadBody(request);
    }
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
