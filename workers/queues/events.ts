/**
 * Consumer of `nexova-events`: domain events from the outbox (`message:new`, `message:status`,
 * `session:updated`, `handoff:requested`, `order:updated`, `stock:low`, …). Each event id is
 * handled once: a redelivery (the publisher crashed after sending, or the queue redelivered) is
 * acknowledged and dropped.
 */
import { createDb } from '../../db/client';
import { log } from '../core/observability/logger';
import { claimEvent, wasProcessed, type OutboxMessage } from '../core/outbox/publish';
import { isRealtimeType } from '../core/realtime/events';
import type { Env } from '../env';
import { OutboxMessageSchema, retryDelaySeconds } from './message';

export const EVENTS_CONSUMER = 'events';

/** Where an event goes once it is known to be new. */
export type EventDelivery = (env: Env, event: OutboxMessage) => Promise<void>;

/**
 * Forwards an event to its workspace's realtime hub (`WorkspaceHub`), which broadcasts it to the
 * dashboards allowed to see it. Events without a workspace or without a realtime mapping stop
 * here. The hub drops an event id it already published, so a redelivery is broadcast once.
 */
export async function forwardToWorkspaceHub(env: Env, event: OutboxMessage): Promise<void> {
  if (!event.workspaceId || !isRealtimeType(event.type)) return;
  await env.WORKSPACE_HUB.getByName(event.workspaceId).publish(event);
}

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
