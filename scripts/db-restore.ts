/**
 * `npm run db:restore -- --file backups/<name>.dump` or
 * `npm run db:restore -- --from-r2 db/<name>.dump | --latest-r2 --env staging|production`: restores the archive
 * into `DATABASE_URL`, which must be an empty database, then compares every table's row count
 * and checksum with the backup's manifest; exits 1 on any difference (docs/disaster-recovery.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { manifestPath, restoreDatabase } from './backup/database';
import { backupsBucket, r2FromEnv } from './backup/r2';
import { redactUrl } from './db';

async function main() {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      'from-r2': { type: 'string' },
      'latest-r2': { type: 'boolean', default: false },
      env: { type: 'string' },
    },
  });
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must name the (new, empty) database to restore into');
  let archive = values.file;
  let work: string | undefined;
  if (values['from-r2'] || values['latest-r2']) {
    if (!values.env) throw new Error('--from-r2 and --latest-r2 need --env staging|production');
    const r2 = r2FromEnv();
    const bucket = backupsBucket(values.env);
    // Backup names carry their ISO time, so the last key in order is the newest.
    const key =
      values['from-r2'] ??
      (await r2.list(bucket, 'db/'))
        .filter((k) => k.endsWith('.dump'))
        .sort()
        .pop();
    if (!key) throw new Error(`no backup in r2://${bucket}/db/`);
    work = mkdtempSync(path.join(tmpdir(), 'nexova-restore-'));
    archive = path.join(work, path.basename(key));
    await r2.get(bucket, key, archive);
    await r2.get(bucket, manifestPath(key), manifestPath(archive));
    console.log(`[restore] r2://${bucket}/${key}`);
  }
  if (!archive) throw new Error('usage: npm run db:restore -- --file <archive.dump> | --from-r2 <key> --env <env>');
  try {
    const started = performance.now();
    console.log(`[restore] ${archive} → ${redactUrl(url)}`);
    const report = await restoreDatabase(archive, url);
    for (const mismatch of report.mismatches) console.error(`[restore] mismatch ${mismatch}`);
    if (report.mismatches.length) {
      process.exitCode = 1;
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`[restore] verified: ${report.tables} tables, ${report.rows} rows equal to the backup (${seconds} s)`);
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('[restore] failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
