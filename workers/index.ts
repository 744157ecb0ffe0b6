import { createApi } from './http';
import { log } from './core/observability/logger';
import type { Env } from './env';

export { Conversation } from '../durable-objects/conversation';
export { WorkspaceHub } from '../durable-objects/workspace-hub';
export { RateLimiter } from '../durable-objects/rate-limiter';

const api = createApi();

export default {
  fetch(request, env, ctx) {
    return api.fetch(request, env, ctx);
  },

  async queue(batch, _env, _ctx) {
    // Consumers are registered by the issues that own each queue (egress, events). Until then
    // a message is retried (and lands in the queue's DLQ), never silently dropped.
    log.warn('queue message without consumer', { queue: batch.queue, count: batch.messages.length });
    batch.retryAll();
  },

  async scheduled(controller, env, ctx) {
    const { runScheduledJobs } = await import('./core/scheduled');
    ctx.waitUntil(runScheduledJobs(env, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Env>;
