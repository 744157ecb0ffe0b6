import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCronDriver } from '../../../scripts/dev-cron';

/** The dev server's `/cdn-cgi/handler/scheduled` endpoint, as seen by the driver: the calls it got. */
function devServer(status = 200) {
  const calls: Array<{ cron: string | null; time: string | null; path: string }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: URL | string) => {
      const url = new URL(input);
      calls.push({ path: url.pathname, cron: url.searchParams.get('cron'), time: url.searchParams.get('time') });
      return new Response(status === 200 ? 'ok' : 'exception', { status });
    }),
  );
  return calls;
}

const iso = (time: string | null) => new Date(Number(time)).toISOString();

describe('dev cron driver', () => {
  const originalTz = process.env.TZ;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    process.env.TZ = originalTz;
  });

  it("fires each of wrangler.toml's crons through the scheduled endpoint at the start of every matching minute", async () => {
    vi.setSystemTime(new Date('2026-12-07T02:59:30.000Z'));
    const calls = devServer();
    const log: string[] = [];
    const driver = startCronDriver({
      url: 'http://127.0.0.1:8787',
      crons: ['* * * * *', '0 3 * * *'],
      log: (line) => log.push(line),
    });

    await vi.advanceTimersByTimeAsync(29_000);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.map((c) => [c.path, c.cron, iso(c.time)])).toEqual([
      ['/cdn-cgi/handler/scheduled', '* * * * *', '2026-12-07T03:00:00.000Z'],
      ['/cdn-cgi/handler/scheduled', '0 3 * * *', '2026-12-07T03:00:00.000Z'],
    ]);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(calls.slice(2).map((c) => [c.cron, iso(c.time)])).toEqual([
      ['* * * * *', '2026-12-07T03:01:00.000Z'],
      ['* * * * *', '2026-12-07T03:02:00.000Z'],
    ]);
    expect(log).toContain('cron "* * * * *" at 03:02 UTC: scheduled handler ran');

    driver.stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(calls).toHaveLength(4);
  });

  it('evaluates the crons in UTC, as Cloudflare does, whatever the machine’s time zone', async () => {
    process.env.TZ = 'America/Argentina/Buenos_Aires';
    vi.setSystemTime(new Date('2026-12-07T02:59:30.000Z'));
    const calls = devServer();
    const driver = startCronDriver({ url: 'http://127.0.0.1:8787', crons: ['0 3 * * *'], log: () => {} });
    await vi.advanceTimersByTimeAsync(60_000);
    driver.stop();
    expect(calls.map((c) => iso(c.time))).toEqual(['2026-12-07T03:00:00.000Z']);
  });

  it('logs a run whose handler failed, and keeps firing', async () => {
    vi.setSystemTime(new Date('2026-12-07T10:00:10.000Z'));
    const calls = devServer(500);
    const log: string[] = [];
    const driver = startCronDriver({ url: 'http://127.0.0.1:8787', crons: ['* * * * *'], log: (l) => log.push(l) });
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    driver.stop();
    expect(calls).toHaveLength(2);
    expect(log).toEqual([
      'cron "* * * * *" at 10:01 UTC: scheduled handler failed (500)',
      'cron "* * * * *" at 10:02 UTC: scheduled handler failed (500)',
    ]);
  });
});
