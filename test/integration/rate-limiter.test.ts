import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../durable-objects/rate-limiter';

const rule = { capacity: 3, refillMs: 60_000 };
const limiter = (name: string) => env.RATE_LIMITER.getByName(name) as unknown as DurableObjectStub<RateLimiter>;

describe('RateLimiter object', () => {
  it('admits the capacity, refuses the next with the seconds until one token, and refills with time', async () => {
    const stub = limiter(`test:exact:${crypto.randomUUID()}`);
    const t0 = Date.now();
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await stub.take(rule, 1, t0));
    expect(taken.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(taken[3]).toMatchObject({ remaining: 0, retryAfterSeconds: 20 });
    // 20 s later one token is back, and only one.
    expect(await stub.take(rule, 1, t0 + 20_000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await stub.take(rule, 1, t0 + 20_000)).toMatchObject({ allowed: false });
  });

  it('gives a refunded token back, never above the capacity, and keeps no bucket for a key never taken', async () => {
    const stub = limiter(`test:refund:${crypto.randomUUID()}`);
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) await stub.take(rule, 1, t0);
    await stub.refund(rule, 1, t0);
    expect(await stub.take(rule, 1, t0)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await stub.take(rule, 1, t0)).toMatchObject({ allowed: false });
    // Refilled for the time since, then the refund on top, capped at the capacity.
    await stub.refund(rule, 5, t0 + 30_000);
    expect(await stub.take(rule, 1, t0 + 30_000)).toMatchObject({ allowed: true, remaining: 2 });

    const untouched = limiter(`test:refund-none:${crypto.randomUUID()}`);
    await untouched.refund(rule, 1, t0);
    expect(await runInDurableObject(untouched, (_, state) => state.storage.get('bucket'))).toBeUndefined();
  });

  it('arms one alarm a window, not one per take', async () => {
    const stub = limiter(`test:alarm:${crypto.randomUUID()}`);
    const t0 = Date.now();
    await stub.take(rule, 1, t0);
    const first = await runInDurableObject(stub, (_, state) => state.storage.getAlarm());
    expect(first).toBe(t0 + rule.refillMs);
    await stub.take(rule, 1, t0 + 5_000);
    expect(await runInDurableObject(stub, (_, state) => state.storage.getAlarm())).toBe(first);
  });

  it('keeps a bucket that is not full yet when its alarm fires, and deletes it once full', async () => {
    const stub = limiter(`test:keep:${crypto.randomUUID()}`);
    // Emptied just now: full again only in a minute.
    for (let i = 0; i < 3; i++) await stub.take(rule, 1, Date.now());
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const kept = await runInDurableObject(stub, async (_, state) => ({
      bucket: await state.storage.get<{ tokens: number }>('bucket'),
      alarm: await state.storage.getAlarm(),
    }));
    expect(kept.bucket?.tokens).toBeLessThan(1);
    expect(kept.alarm).toBeGreaterThan(Date.now() + 50_000);

    // Taken long ago under a slow rule: full by now, so the alarm forgets it. The alarm the take
    // armed (one window after it) is still half an hour away, so workerd cannot run it before
    // the test does — an alarm already due would fire on its own and leave nothing to run.
    const slow = { capacity: 3, refillMs: 3_600_000 };
    const old = limiter(`test:full:${crypto.randomUUID()}`);
    await old.take(slow, 1, Date.now() - 1_800_000);
    expect(await runInDurableObject(old, (_, state) => state.storage.getAlarm())).toBeGreaterThan(Date.now());
    expect(await runDurableObjectAlarm(old)).toBe(true);
    const gone = await runInDurableObject(old, async (_, state) => ({
      bucket: await state.storage.get('bucket'),
      alarm: await state.storage.getAlarm(),
    }));
    expect(gone).toEqual({ bucket: undefined, alarm: null });
  });
});
