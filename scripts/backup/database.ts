/**
 * Logical backups the project owns, on top of the provider's point-in-time recovery
 * (docs/disaster-recovery.md): `backupDatabase` writes a pg_dump custom-format archive
 * (compressed) and a manifest beside it with the archive's SHA-256 and, per table, its row
 * count and a checksum of its rows; `restoreDatabase` restores such an archive into an empty
 * database and proves it by recomputing both.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { assertDumpable, libpqArgs, pgToolMajor, runPgTool } from './pg-tools';

/** Schemas backed up and compared: the application's and drizzle's migration journal. */
const SCHEMAS = ['public', 'drizzle'];

export interface TableSnapshot {
  rows: number;
  /** md5 of the table's rows as text, sorted: equal tables give equal checksums. */
  checksum: string;
}

export interface BackupManifest {
  format: 'nexova-db-backup/1';
  createdAt: string;
  serverVersion: string;
  pgDump: number;
  archive: { file: string; bytes: number; sha256: string };
  tables: Record<string, TableSnapshot>;
}

/** Row counts and checksums of every table of `SCHEMAS`, read in one repeatable-read snapshot. */
export async function snapshotTables(url: string): Promise<Record<string, TableSnapshot>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
        WHERE schemaname = ANY($1) ORDER BY schemaname, tablename`,
      [SCHEMAS],
    );
    const snapshot: Record<string, TableSnapshot> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ rows: string; checksum: string | null }>(
        `SELECT count(*) AS rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS checksum FROM ${name} t`,
      );
      snapshot[name] = { rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum ?? md5('') };
    }
    await client.query('COMMIT');
    return snapshot;
  } finally {
    await client.end();
  }
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function serverVersion(url: string): Promise<{ text: string; major: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string; server_version: string }>(
      "SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version",
    );
    return { text: rows[0]!.server_version, major: Math.floor(Number(rows[0]!.server_version_num) / 10_000) };
  } finally {
    await client.end();
  }
}

export const manifestPath = (archive: string) => `${archive}.manifest.json`;

/**
 * Dumps the database at `url` to `archive` (custom format, compression level 9) and writes
 * its manifest. The table snapshot is taken right after the dump: write traffic during a
 * backup makes the two differ, which `restoreDatabase` then reports (back up a replica or a
 * quiet database when the comparison must be exact).
 */
export async function backupDatabase(url: string, archive: string): Promise<BackupManifest> {
  const server = await serverVersion(url);
  const pgDump = assertDumpable(server.major);
  const { dbname, env } = libpqArgs(url);
  await runPgTool(
    'pg_dump',
    ['--format=custom', '--compress=9', '--no-owner', '--no-privileges', `--file=${archive}`, `--dbname=${dbname}`],
    env,
  );
  const manifest: BackupManifest = {
    format: 'nexova-db-backup/1',
    createdAt: new Date().toISOString(),
    serverVersion: server.text,
    pgDump,
    archive: { file: archive.split('/').pop()!, bytes: (await stat(archive)).size, sha256: await sha256File(archive) },
    tables: await snapshotTables(url),
  };
  await writeFile(manifestPath(archive), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export interface RestoreReport {
  tables: number;
  rows: number;
  /** Tables whose count or checksum differs from the manifest (empty when the restore is exact). */
  mismatches: string[];
}

/**
 * Restores `archive` into the empty database at `url` and compares every table with the
 * manifest. Refuses an archive whose SHA-256 differs from its manifest's, and a database that
 * already has tables (a restore never merges into live data).
 */
export async function restoreDatabase(archive: string, url: string): Promise<RestoreReport> {
  const manifest = JSON.parse(await readFile(manifestPath(archive), 'utf8')) as BackupManifest;
  if (manifest.format !== 'nexova-db-backup/1')
    throw new Error(`${archive}: unknown manifest format ${manifest.format}`);
  const sha256 = await sha256File(archive);
  if (sha256 !== manifest.archive.sha256) {
    throw new Error(
      `${archive}: SHA-256 ${sha256} differs from the manifest's ${manifest.archive.sha256}: the archive is damaged`,
    );
  }
  const existing = Object.keys(await snapshotTables(url));
  if (existing.length) {
    throw new Error(
      `the target database is not empty (${existing.slice(0, 5).join(', ')}…): restore into a new database`,
    );
  }
  pgToolMajor('pg_restore');
  const { dbname, env } = libpqArgs(url);
  await runPgTool(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${dbname}`, archive],
    env,
  );
  const restored = await snapshotTables(url);
  const names = new Set([...Object.keys(manifest.tables), ...Object.keys(restored)]);
  const mismatches = [...names].filter((name) => {
    const want = manifest.tables[name];
    const got = restored[name];
    return !want || !got || want.rows !== got.rows || want.checksum !== got.checksum;
  });
  return {
    tables: names.size,
    rows: Object.values(restored).reduce((sum, table) => sum + table.rows, 0),
    mismatches: mismatches.map((name) => {
      const want = manifest.tables[name];
      const got = restored[name];
      return `${name}: backup ${want ? `${want.rows} rows ${want.checksum}` : 'absent'}, restored ${got ? `${got.rows} rows ${got.checksum}` : 'absent'}`;
    }),
  };
}
