/**
 * Consumer of `nexova-events`: domain events from the outbox (`message:new`, `message:status`,
 * `session:updated`, `handoff:requested`, `order:updated`, `stock:low`, …). Each event id is
 * handled once: a redelivery (the publisher crashed after sending, or the queue redelivered) is
 * acknowledged and dropped.
 */
import { createDb } from '../../db/client';
import { log } from '../core/observability/logger';
import { claimEvent, wasProcessed, type OutboxMessage } from '../core/outbox/publish';
import type { Env } from '../env';
import { OutboxMessageSchema, retryDelaySeconds } from './message';

export const EVENTS_CONSUMER = 'events';

/** Where an event goes once it is known to be new. */
export type EventDelivery = (env: Env, event: OutboxMessage) => Promise<void>;

/**
 * Forwards an event to the workspace's realtime hub. Realtime (issue 5 §7) implements the hub's
 * broadcast and calls it from here: `env.WORKSPACE_HUB.getByName(event.workspaceId).publish(event)`.
 * Until then events stop at this consumer (recorded in `processed_events`).
 */
export async function forwardToWorkspaceHub(_env: Env, _event: OutboxMessage): Promise<void> {}

export async function consumeEvents(
  batch: MessageBatch<unknown>,
  env: Env,
  deliver: EventDelivery = forwardToWorkspaceHub,
): Promise<void> {
  const handle = createDb(env.HYPERDRIVE.connectionString, { max: 2 });
  try {
    for (const message of batch.messages) {
      const parsed = OutboxMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        log.error('events: unreadable queue message', { id: message.id });
        message.ack();
        continue;
      }
      const event = parsed.data;
      try {
        if (await wasProcessed(handle.db, EVENTS_CONSUMER, event.id)) {
          message.ack();
          continue;
        }
        await deliver(env, event);
        // Claimed after the delivery: a crash in between redelivers (at least once to the hub),
        // never drops. The claim is what makes every later copy a no-op.
        await claimEvent(handle.db, EVENTS_CONSUMER, event.id);
        message.ack();
      } catch (error) {
        log.error('events: delivery failed', { eventId: event.id, type: event.type, error });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }
  } finally {
    await handle.close().catch(() => {});
  }
}
