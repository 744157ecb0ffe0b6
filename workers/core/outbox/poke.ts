import { log } from '../observability/logger';

/** The `OutboxPublisher` namespace as this module uses it (durable-objects/outbox-publisher.ts implements it). */
export interface OutboxPublisherBinding {
  OUTBOX_PUBLISHER: { getByName(name: string): { poke(): Promise<void> } };
}

/**
 * Wakes the outbox publisher loop (the `OutboxPublisher` object) after a commit that wrote
 * outbox rows, so they leave within moments instead of at the next cron. Never throws: if the
 * object cannot be reached the cron publishes the rows within a minute.
 */
export async function pokeOutboxPublisher(env: OutboxPublisherBinding): Promise<void> {
  try {
    await env.OUTBOX_PUBLISHER.getByName('global').poke();
  } catch (error) {
    log.warn('outbox publisher: poke failed', { error });
  }
}
