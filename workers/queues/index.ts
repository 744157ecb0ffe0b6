import type { Env } from '../env';
import { log } from '../core/observability/logger';
import { consumeDeadLetters } from './dead-letters';
import { consumeEgress } from './egress';
import { consumeEvents } from './events';
import { consumeMedia } from './media';
import { QUEUES, queueKind } from './message';

/** The Worker's `queue` handler: one consumer per queue, chosen by name (any environment's prefix). */
export async function consumeQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  switch (queueKind(batch.queue)) {
    case QUEUES.egress:
      return consumeEgress(batch, env);
    case QUEUES.events:
      return consumeEvents(batch, env);
    case QUEUES.media:
      return consumeMedia(batch, env);
    case QUEUES.egressDlq:
    case QUEUES.eventsDlq:
    case QUEUES.mediaDlq:
      return consumeDeadLetters(batch, env);
    default:
      // A queue bound later without a consumer here: retried (then its DLQ), never dropped.
      log.warn('queue message without consumer', { queue: batch.queue, count: batch.messages.length });
      batch.retryAll();
  }
}
