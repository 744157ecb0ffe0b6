/**
 * Consumer of `nexova-egress`: each message names an outbound transcript message; it is sent
 * through Infobip (workers/whatsapp/egress.ts). Sent, held, skipped and permanently failed
 * messages are acknowledged; retryable failures are retried with backoff — after 3 retries
 * (wrangler.toml `max_retries`) the queue moves the message to `nexova-egress-dlq`.
 */
import { createDb } from '../../db/client';
import { log } from '../core/observability/logger';
import { metricsFor } from '../core/observability/metrics-binding';
import { claimEvent } from '../core/outbox/publish';
import { pokeOutboxPublisher } from '../core/outbox/poke';
import type { Env } from '../env';
import { EgressPayload, recordDeadLetter, sendOutboundMessage } from '../whatsapp/egress';
import type { ClientOverrides } from '../whatsapp/infobip/transport';
import { OutboxMessageSchema, QUEUES, retryDelaySeconds } from './message';

export const EGRESS_CONSUMER = 'egress';

export async function consumeEgress(
  batch: MessageBatch<unknown>,
  env: Env,
  options: { client?: ClientOverrides } = {},
): Promise<void> {
  const handle = createDb(env.HYPERDRIVE.connectionString, { max: 2 });
  let wroteEvents = false;
  try {
    for (const message of batch.messages) {
      const event = OutboxMessageSchema.safeParse(message.body);
      const payload = event.success ? EgressPayload.safeParse(event.data.payload) : undefined;
      if (!event.success || !payload?.success) {
        log.error('egress: unreadable queue message', { id: message.id });
        await recordDeadLetter(handle.db, {
          queue: QUEUES.egress,
          workspaceId: null,
          eventId: event.success ? event.data.id : null,
          body: message.body,
          error: 'unreadable egress message',
          attempts: message.attempts,
        });
        message.ack();
        continue;
      }
      const { id: eventId, workspaceId } = event.data;
      try {
        const outcome = await sendOutboundMessage(
          { db: handle.db, env, ...(options.client ? { client: options.client } : {}) },
          payload.data.messageId,
          workspaceId,
        );
        metricsFor(env).increment('egress_messages_total', { outcome: outcome.kind });
        switch (outcome.kind) {
          case 'retry':
            log.warn('egress: send failed, will retry', { messageId: payload.data.messageId, error: outcome.error });
            message.retry({ delaySeconds: retryDelaySeconds(message.attempts, outcome.retryAfterSeconds) });
            continue;
          case 'failed':
            await recordDeadLetter(handle.db, {
              queue: QUEUES.egress,
              workspaceId,
              eventId,
              agentMessageId: payload.data.messageId,
              body: message.body,
              error: outcome.error,
              attempts: message.attempts,
            });
            wroteEvents = true;
            break;
          case 'sent':
          case 'held':
            wroteEvents = true;
            break;
          case 'skipped':
            break;
        }
        await claimEvent(handle.db, EGRESS_CONSUMER, eventId);
        message.ack();
      } catch (error) {
        log.error('egress: message failed', { messageId: payload.data.messageId, error });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }
  } finally {
    await handle.close().catch(() => {});
  }
  // Status changes wrote `message:status` events: publish them now rather than at the next cron.
  if (wroteEvents) await pokeOutboxPublisher(env);
}
