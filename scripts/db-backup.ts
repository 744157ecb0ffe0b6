/**
 * `npm run db:backup -- [--out backups] [--to-r2 --env staging|production]`: dumps `DATABASE_URL`
 * (else the local development database) with pg_dump (custom format, compressed) and writes
 * `<name>.dump` and its manifest (SHA-256, per-table row counts and checksums) to `--out`; with
 * `--to-r2` also uploads both to `nexova-<env>-backups/db/` (kept 30 days by its lifecycle rule).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase, manifestPath } from './backup/database';
import { backupsBucket, r2FromEnv } from './backup/r2';
import { openDatabase, redactUrl } from './db';

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'backups' },
      'to-r2': { type: 'boolean', default: false },
      env: { type: 'string', default: 'local' },
    },
  });
  if (values['to-r2'] && !['staging', 'production'].includes(values.env)) {
    throw new Error('--to-r2 needs --env staging|production (the bucket nexova-<env>-backups)');
  }
  const r2 = values['to-r2'] ? r2FromEnv() : undefined;
  const database = await openDatabase();
  try {
    mkdirSync(values.out, { recursive: true });
    const name = `nexova-${values.env}-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`;
    const archive = path.join(values.out, name);
    console.log(`[backup] ${redactUrl(database.url)} → ${archive}`);
    const manifest = await backupDatabase(database.url, archive);
    const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `[backup] ${manifest.archive.bytes} bytes, sha256 ${manifest.archive.sha256}, ${Object.keys(manifest.tables).length} tables, ${rows} rows`,
    );
    if (r2) {
      const bucket = backupsBucket(values.env);
      await r2.put(bucket, `db/${name}`, archive);
      await r2.put(bucket, `db/${path.basename(manifestPath(archive))}`, manifestPath(archive));
      console.log(`[backup] uploaded to r2://${bucket}/db/${name}`);
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error('[backup] failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
