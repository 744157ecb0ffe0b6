/**
 * The cron under `npm run dev`. Neither `vite dev` nor `wrangler dev` fires a Worker's cron
 * triggers on their own; both serve `/cdn-cgi/handler/scheduled?cron=…&time=…`, which runs the
 * Worker's `scheduled` handler once. This driver calls it on the schedules of wrangler.toml's
 * `[triggers] crons`, evaluated in UTC as Cloudflare does, at the start of each matching minute,
 * and logs every run.
 */
import { parseCronExpression, type Cron } from 'cron-schedule';

const MINUTE = 60_000;

export interface CronRun {
  cron: string;
  /** The minute it was due, as the `scheduledTime` the handler receives. */
  scheduledTime: Date;
}

export interface CronDriverOptions {
  /** Origin of the running dev server, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** Cron expressions, as in wrangler.toml's `[triggers] crons`. */
  crons: readonly string[];
  log: (message: string) => void;
}

/** wrangler.toml's `[triggers] crons`, read by wrangler itself (a large module: start it early). */
export async function readCronTriggers(configPath: string): Promise<string[]> {
  const { unstable_readConfig } = await import('wrangler');
  return [...(unstable_readConfig({ config: configPath }).triggers.crons ?? [])];
}

/** Starts firing; `stop()` ends it (a run already under way finishes on its own). */
export function startCronDriver(options: CronDriverOptions): { stop(): void } {
  const schedules = options.crons.map((cron) => ({ cron, schedule: parseCronExpression(cron) }));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = () => {
    const minute = new Date(Math.round(Date.now() / MINUTE) * MINUTE);
    for (const { cron, schedule } of schedules) {
      if (matchesUtc(schedule, minute)) void fire(options, { cron, scheduledTime: minute });
    }
    arm();
  };
  const arm = () => {
    if (stopped || schedules.length === 0) return;
    timer = setTimeout(tick, MINUTE - (Date.now() % MINUTE));
  };
  arm();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** Runs the Worker's `scheduled` handler for `run` through the dev server; logs the outcome. */
export async function fire(options: Pick<CronDriverOptions, 'url' | 'log'>, run: CronRun): Promise<boolean> {
  const url = new URL('/cdn-cgi/handler/scheduled', options.url);
  url.searchParams.set('cron', run.cron);
  url.searchParams.set('time', String(run.scheduledTime.getTime()));
  const label = `cron "${run.cron}" at ${run.scheduledTime.toISOString().slice(11, 16)} UTC`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(MINUTE) });
    await response.arrayBuffer();
    options.log(`${label}: scheduled handler ${response.ok ? 'ran' : `failed (${response.status})`}`);
    return response.ok;
  } catch (error) {
    options.log(`${label}: could not reach the Worker (${error instanceof Error ? error.message : String(error)})`);
    return false;
  }
}

/**
 * cron-schedule reads a date's local fields; Cloudflare evaluates crons in UTC. A local date with
 * the UTC fields of `date` makes the library answer for UTC whatever the machine's time zone.
 */
function matchesUtc(schedule: Cron, date: Date): boolean {
  const utcFields = new Date(
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
  );
  return schedule.matchDate(utcFields);
}
