import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

/**
 * Holds the outbox publisher loop while `work` runs: its alarm is pushed an hour ahead, so the
 * pokes that every API write and Conversation object sends are no-ops (a poke only starts an idle
 * loop). For tests that assert on rows still pending in `event_outbox`; the loop restarts at once
 * afterwards.
 */
export async function withOutboxPublisherHeld<T>(work: () => Promise<T>): Promise<T> {
  const publisher = env.OUTBOX_PUBLISHER.getByName('global');
  await runInDurableObject(publisher, (_object, state) => state.storage.setAlarm(Date.now() + 3_600_000));
  try {
    return await work();
  } finally {
    await runInDurableObject(publisher, (_object, state) => state.storage.setAlarm(Date.now()));
  }
}
