import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifestPath, restoreDatabase } from '../../scripts/backup/database';
import { runRestoreDrill } from '../../scripts/backup/drill';

const work = mkdtempSync(path.join(tmpdir(), 'nexova-restore-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('restore drill', () => {
  it('two migrators take turns; the seeded database, backed up with pg_dump, restores into a new database with equal tables', async () => {
    const report = await runRestoreDrill();
    expect(report.mismatches).toEqual([]);
    // The seed's workspace, catalogue, customers and orders, and drizzle's migration journal.
    expect(report.tables).toBeGreaterThan(20);
    expect(report.rows).toBeGreaterThan(100);
    expect(report.archiveBytes).toBeGreaterThan(0);
  });

  it('refuses an archive whose checksum differs from its manifest, before touching any database', async () => {
    const archive = path.join(work, 'damaged.dump');
    writeFileSync(archive, 'not the archive that was backed up');
    writeFileSync(
      manifestPath(archive),
      JSON.stringify({ format: 'nexova-db-backup/1', archive: { sha256: '0'.repeat(64) }, tables: {} }),
    );
    await expect(restoreDatabase(archive, 'postgres://nobody@127.0.0.1:1/none')).rejects.toThrow(
      /the archive is damaged/,
    );
  });
});
