import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { vi } from 'vitest';
import { PUBLISH_INTERVAL_MS } from '../../durable-objects/outbox-publisher';

/**
 * Moves the clock the Worker and its objects read (`Date`) forward; timers keep real time.
 * Undo with `restoreClock()` (e.g. `afterEach(restoreClock)`).
 */
export function advanceClock(ms: number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + ms);
}

/**
 * Back to real time. An object that armed its alarm while the clock was ahead would sleep that
 * much too long: the outbox publisher, one object for the whole run (`getByName('global')`),
 * would ignore every poke until then and hold the other files' events. Its alarm is brought back.
 */
export async function restoreClock() {
  vi.useRealTimers();
  const publisher = env.OUTBOX_PUBLISHER.getByName('global');
  await runInDurableObject(publisher, async (_object, state) => {
    const alarm = await state.storage.getAlarm();
    if (alarm !== null && alarm > Date.now() + PUBLISH_INTERVAL_MS) await state.storage.setAlarm(Date.now());
  });
}
