import { DurableObject } from 'cloudflare:workers';
import { createDb } from '../db/client';
import { log } from '../workers/core/observability/logger';
import { metricsFor } from '../workers/core/observability/metrics-binding';
import { hasPendingEvents, publishPendingEvents, queueSender } from '../workers/core/outbox/publish';
import type { Bindings } from '../workers/core/bindings';

/** While rows are pending the loop looks again this often. */
export const PUBLISH_INTERVAL_MS = 5_000;

/**
 * The outbox publisher loop: one object (`getByName('global')`) whose alarm publishes pending
 * `event_outbox` rows to their queues, then re-arms itself — at once while a full batch suggests
 * more, every ~5 s while rows are pending, not at all when the outbox is empty. Writers poke it
 * after committing; the cron pokes it every minute as the safety net.
 */
export class OutboxPublisher extends DurableObject<Bindings> {
  /** Starts the loop if it is idle (an alarm already set is left alone). Cheap: safe after every write. */
  async poke(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
  }

  override async alarm(): Promise<void> {
    const handle = createDb(this.env.HYPERDRIVE.connectionString, { max: 1 });
    let next: number | null = null;
    try {
      const result = await publishPendingEvents({ db: handle.db, send: queueSender(this.env) });
      if (result.published) metricsFor(this.env).increment('outbox_published_total', {}, result.published);
      if (result.more) next = Date.now();
      else if (await hasPendingEvents(handle.db)) next = Date.now() + PUBLISH_INTERVAL_MS;
    } catch (error) {
      log.error('outbox publisher: pass failed', { error });
      next = Date.now() + PUBLISH_INTERVAL_MS;
    } finally {
      this.ctx.waitUntil(handle.close().catch(() => {}));
    }
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }
}
