/**
 * Consumer of `nexova-media`: each message is a `MediaJob` — an inbound file to copy from
 * Infobip into R2 for a message its Conversation object holds waiting (workers/whatsapp/media.ts).
 * Copied → the object gets the file and runs the message's turn. A failed copy is retried with
 * backoff; on the last attempt (`MEDIA_MAX_ATTEMPTS`) the message goes on without its file and
 * the job is acknowledged, so the conversation is never blocked by a file. Redeliveries are
 * harmless: a file already in R2 is not downloaded again and a message no longer waiting is left
 * alone. An unreadable body is acknowledged and logged, never retried.
 */
import { createDb } from '../../db/client';
import { log } from '../core/observability/logger';
import { metricsFor } from '../core/observability/metrics-binding';
import type { Env } from '../env';
import {
  copyInboundMedia,
  MEDIA_MAX_ATTEMPTS,
  MediaJob,
  noteMediaRetry,
  settleMedia,
  type MediaDeps,
} from '../whatsapp/media';
import type { ClientOverrides } from '../whatsapp/infobip/transport';
import { retryDelaySeconds } from './message';

export async function consumeMedia(
  batch: MessageBatch<unknown>,
  env: Env,
  options: { client?: ClientOverrides } = {},
): Promise<void> {
  const handle = createDb(env.HYPERDRIVE.connectionString, { max: 2 });
  const metrics = metricsFor(env);
  const deps: MediaDeps = { db: handle.db, env, ...(options.client ? { client: options.client } : {}) };
  try {
    for (const message of batch.messages) {
      const parsed = MediaJob.safeParse(message.body);
      if (!parsed.success) {
        log.error('media: unreadable queue message', { id: message.id, issues: parsed.error.issues });
        metrics.increment('media_jobs_total', { outcome: 'invalid' });
        message.ack();
        continue;
      }
      const job = parsed.data;
      try {
        await settleMedia(deps, job, { media: await copyInboundMedia(deps, job) });
        metrics.increment('media_jobs_total', { outcome: 'stored' });
        message.ack();
        continue;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (message.attempts < MEDIA_MAX_ATTEMPTS) {
          log.warn('media: copy failed, will retry', { ...job, attempts: message.attempts, error });
          metrics.increment('media_jobs_total', { outcome: 'failed' });
          await noteMediaRetry(handle.db, job, message.attempts, reason).catch(() => {});
          message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
          continue;
        }
        try {
          await settleMedia(deps, job, { failed: reason });
          log.warn('media: given up, the message goes on without its file', {
            ...job,
            attempts: message.attempts,
            error,
          });
          metrics.increment('media_jobs_total', { outcome: 'given_up' });
          message.ack();
        } catch (settleError) {
          // The conversation could not be told: retried, then the DLQ consumer releases it.
          log.error('media: could not give up the file', { ...job, error: settleError });
          message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
        }
      }
    }
  } finally {
    await handle.close().catch(() => {});
  }
}
