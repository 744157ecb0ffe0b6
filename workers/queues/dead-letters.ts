/**
 * Consumers of the dead-letter queues. `nexova-egress-dlq`: the message's retries ran out, so
 * it is marked FAILED (its last error kept) and recorded in `dead_letters`, where operators see
 * it (`GET /api/v1/messages/failed`) and can retry it. `nexova-events-dlq`: the event is
 * recorded for the ops view. `nexova-media-dlq`: a media job whose giving up failed — its
 * message goes on without the file (so the conversation is not blocked) and the job is recorded.
 * All are idempotent (one dead letter per queue and event; the inbox row's id for media).
 */
import { createDb, type Database } from '../../db/client';
import { log } from '../core/observability/logger';
import { metricsFor } from '../core/observability/metrics-binding';
import { pokeOutboxPublisher } from '../core/outbox/poke';
import type { Env } from '../env';
import { EgressPayload, failExhausted, recordDeadLetter } from '../whatsapp/egress';
import { MediaJob, settleMedia } from '../whatsapp/media';
import { OutboxMessageSchema, QUEUES, queueKind } from './message';

const SOURCES: Record<string, string> = {
  [QUEUES.egressDlq]: QUEUES.egress,
  [QUEUES.eventsDlq]: QUEUES.events,
  [QUEUES.mediaDlq]: QUEUES.media,
};

export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const source = SOURCES[queueKind(batch.queue) ?? ''] ?? QUEUES.events;
  const handle = createDb(env.HYPERDRIVE.connectionString, { max: 2 });
  let failed = false;
  try {
    for (const message of batch.messages) {
      try {
        if (source === QUEUES.media) {
          await releaseMediaJob(handle.db, env, message);
          metricsFor(env).increment('dead_letters_total', { queue: source });
          message.ack();
          continue;
        }
        const event = OutboxMessageSchema.safeParse(message.body);
        const payload = event.success ? EgressPayload.safeParse(event.data.payload) : undefined;
        const agentMessageId = source === QUEUES.egress && payload?.success ? payload.data.messageId : null;
        if (agentMessageId && (await failExhausted(handle.db, agentMessageId))) failed = true;
        await recordDeadLetter(handle.db, {
          queue: source,
          workspaceId: event.success ? event.data.workspaceId : null,
          eventId: event.success ? event.data.id : null,
          agentMessageId,
          body: message.body,
          error: 'retries exhausted',
          attempts: message.attempts,
        });
        metricsFor(env).increment('dead_letters_total', { queue: source });
        message.ack();
      } catch (error) {
        log.error('dead letters: could not record', { queue: batch.queue, id: message.id, error });
        message.retry({ delaySeconds: 30 });
      }
    }
  } finally {
    await handle.close().catch(() => {});
  }
  if (failed) await pokeOutboxPublisher(env);
}

/** A media job out of retries: its message goes on without the file, and the job is recorded. */
async function releaseMediaJob(db: Database, env: Env, message: Message<unknown>): Promise<void> {
  const job = MediaJob.safeParse(message.body);
  if (job.success) {
    await settleMedia({ db, env }, job.data, { failed: 'retries exhausted' });
    metricsFor(env).increment('media_jobs_total', { outcome: 'given_up' });
  }
  await recordDeadLetter(db, {
    queue: QUEUES.media,
    workspaceId: job.success ? job.data.workspaceId : null,
    eventId: job.success ? job.data.inboxId : null,
    body: message.body,
    error: 'retries exhausted',
    attempts: message.attempts,
  });
}
