import { createMiddleware } from 'hono/factory';
import { pokeOutboxPublisher } from '../../core/outbox/poke';
import type { AppEnv } from '../app';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * After a successful write through the API (orders, stock, payments, products, conversations …)
 * wakes the outbox publisher, so the events that write committed (`order:updated`, `stock:low`,
 * replies to send) leave within moments — realtime screens update at once — instead of at the
 * next cron. The poke is one cheap call to an idle-or-busy object and never fails the request;
 * a write that enqueued nothing costs the publisher one empty pass. `except` names paths that
 * wake it themselves when needed (the webhook: its hand-off and the Conversation objects poke
 * after they write), so the busiest route does not add a call per request.
 */
export const pokeOutboxAfterWrites = ({ except }: { except: (path: string) => boolean }) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (READS.has(c.req.method) || c.res.status >= 400 || except(c.req.path)) return;
    c.executionCtx.waitUntil(pokeOutboxPublisher(c.env));
  });
