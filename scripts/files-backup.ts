/**
 * `npm run files:backup -- --env staging|production`: mirrors the environment's files bucket
 * (`nexova-<env>-files`: media, attachments) into `nexova-<env>-backups/files/`, copying only keys
 * the mirror lacks (objects are written once under unique keys). Deleted files stay in the mirror.
 * `npm run files:restore -- --env …`: copies back every mirrored key the files bucket lacks.
 * Server-side copies through R2's S3 API; credentials as for db:backup (.env.example).
 */
import { parseArgs } from 'node:util';
import { backupsBucket, r2FromEnv } from './backup/r2';

const MIRROR = 'files/';

async function main() {
  const { values, positionals } = parseArgs({ options: { env: { type: 'string' } }, allowPositionals: true });
  const direction = positionals[0];
  if ((direction !== 'backup' && direction !== 'restore') || !['staging', 'production'].includes(values.env ?? '')) {
    throw new Error('usage: tsx scripts/files-backup.ts backup|restore --env staging|production');
  }
  const r2 = r2FromEnv();
  const files = `nexova-${values.env}-files`;
  const backups = backupsBucket(values.env!);
  const live = new Set(await r2.list(files, ''));
  const mirrored = new Set((await r2.list(backups, MIRROR)).map((key) => key.slice(MIRROR.length)));
  const [from, to, keys] =
    direction === 'backup'
      ? [files, backups, [...live].filter((key) => !mirrored.has(key))]
      : [backups, files, [...mirrored].filter((key) => !live.has(key))];
  let copied = 0;
  for (const key of keys) {
    await r2.copy(
      { bucket: from, key: direction === 'backup' ? key : MIRROR + key },
      { bucket: to, key: direction === 'backup' ? MIRROR + key : key },
    );
    if (++copied % 100 === 0) console.log(`[files] ${copied}/${keys.length}`);
  }
  console.log(
    `[files] ${direction}: ${copied} copied ${from} → ${to} (${live.size} live, ${mirrored.size} mirrored before)`,
  );
}

main().catch((error: unknown) => {
  console.error('[files] failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
