/**
 * The building blocks of `npm run deploy` and `npm run rollback`: a plan of named steps that
 * either runs or, with `--dry-run`, only prints what it would run (no command, no request).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

export interface Plan {
  dryRun: boolean;
  /** Runs a command (printing it first); in a dry run only prints it. */
  run(title: string, command: string[], env?: Record<string, string>): void;
  /** A step that is not a command (a request, a wait); in a dry run only its title is printed. */
  step<T>(title: string, action: () => Promise<T>): Promise<T | undefined>;
  /** A local, read-only check: runs in a dry run too. */
  check<T>(title: string, action: () => T): T;
  say(message: string): void;
}

export function createPlan(dryRun: boolean, prefix: string): Plan {
  let count = 0;
  const heading = (title: string, runs = !dryRun) =>
    console.log(`\n[${prefix}] ${++count}. ${title}${runs ? '' : ' (dry run: not run)'}`);
  return {
    dryRun,
    run(title, command, env = {}) {
      heading(title);
      const shown = [...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...command].map(quote).join(' ');
      console.log(`   $ ${shown}`);
      if (dryRun) return;
      const result = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit', env: { ...process.env, ...env } });
      if (result.status !== 0) throw new StepFailed(`${title}: exited with ${result.status ?? result.signal}`);
    },
    async step(title, action) {
      heading(title);
      return dryRun ? undefined : action();
    },
    check(title, action) {
      heading(title, true);
      return action();
    },
    say: (message) => console.log(`[${prefix}] ${message}`),
  };
}

/** A word as a shell would need it written. */
const quote = (word: string) => (/^[\w@%+=:,./<>$-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

export class StepFailed extends Error {}

/** Runs wrangler with its machine-readable output file and returns the entries of `type`. */
export function wranglerOutput<T>(plan: Plan, title: string, args: string[], type: string): T[] {
  const dir = '.wrangler/deploy';
  const file = `${dir}/output-${Date.now()}.ndjson`;
  mkdirSync(dir, { recursive: true });
  plan.run(title, ['npx', 'wrangler', ...args], { WRANGLER_OUTPUT_FILE_PATH: file });
  if (plan.dryRun) return [];
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string } & T)
      .filter((entry) => entry.type === type);
  } finally {
    rmSync(file, { force: true });
  }
}

/** The version ids and shares of the Worker's current deployment (`wrangler deployments status`). */
export function currentVersions(workerName: string): { versionId: string; percentage: number }[] {
  const result = spawnSync('npx', ['wrangler', 'deployments', 'status', '--name', workerName, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new StepFailed(`wrangler deployments status --name ${workerName} failed`);
  const status = JSON.parse(result.stdout) as { versions?: { version_id: string; percentage: number }[] };
  return (status.versions ?? []).map((v) => ({ versionId: v.version_id, percentage: v.percentage }));
}

export interface ReadyCheck {
  url: string;
  /** Sends `Cloudflare-Workers-Version-Overrides` so the request reaches this version. */
  worker?: string;
  versionId?: string;
  attempts?: number;
  intervalMs?: number;
}

/**
 * `/health/ready` of the Worker (of one version when `versionId` is given) answers 200 with
 * status ok on `attempts` consecutive requests; else throws with what it got.
 */
export async function checkReady({ url, worker, versionId, attempts = 5, intervalMs = 2000 }: ReadyCheck) {
  const target = new URL('/health/ready', url);
  const headers: Record<string, string> =
    worker && versionId ? { 'Cloudflare-Workers-Version-Overrides': `${worker}="${versionId}"` } : {};
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const response = await fetch(target, { headers, signal: AbortSignal.timeout(10_000) }).catch(
      (error: unknown) => error,
    );
    if (!(response instanceof Response)) throw new StepFailed(`${target} unreachable: ${String(response)}`);
    const body = await response.text();
    if (response.status !== 200 || !body.includes('"status":"ok"')) {
      throw new StepFailed(
        `${target}${versionId ? ` (version ${versionId})` : ''} answered ${response.status}: ${body.slice(0, 300)}`,
      );
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  console.log(`   ${target} ready${versionId ? ` on version ${versionId}` : ''} (${attempts} checks)`);
}
