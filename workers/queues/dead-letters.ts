/**
 * Consumers of the dead-letter queues. `nexova-egress-dlq`: the message's retries ran out, so
 * it is marked FAILED (its last error kept) and recorded in `dead_letters`, where operators see
 * it (`GET /api/v1/messages/failed`) and can retry it. `nexova-events-dlq`: the event is
 * recorded for the ops view. Both are idempotent (one dead letter per queue and event).
 */
import { createDb } from '../../db/client';
import { log } from '../core/observability/logger';
import { metricsFor } from '../core/observability/metrics-binding';
import { pokeOutboxPublisher } from '../core/outbox/poke';
import type { Env } from '../env';
import { EgressPayload, failExhausted, recordDeadLetter } from '../infobip/egress';
import { OutboxMessageSchema, QUEUES } from './message';

export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const source = batch.queue === QUEUES.egressDlq ? QUEUES.egress : QUEUES.events;
  const handle = createDb(env.HYPERDRIVE.connectionString, { max: 2 });
  let failed = false;
  try {
    for (const message of batch.messages) {
      try {
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
