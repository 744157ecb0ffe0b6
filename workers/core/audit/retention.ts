import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';

/** How long the trail is kept when the workspace does not say (`settings.auditRetentionDays`). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/**
 * Deletes audit rows older than their workspace's retention (rows outside any workspace use the
 * default), `batchSize` rows per statement so no single delete holds locks for long, and at
 * most `maxBatches` statements per run: the next cron run picks up the rest. Returns the count.
 */
export async function purgeAuditLog(
  db: Database,
  now: Date,
  { batchSize = 1_000, maxBatches = 20 }: { batchSize?: number; maxBatches?: number } = {},
): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const result = await db.execute(sql`
      DELETE FROM audit_log WHERE id IN (
        SELECT a.id FROM audit_log a
        LEFT JOIN workspaces w ON w.id = a.workspace_id
        WHERE a.created_at < ${now.toISOString()}::timestamptz
          - make_interval(days => COALESCE((w.settings->>'auditRetentionDays')::int, ${DEFAULT_AUDIT_RETENTION_DAYS}))
        LIMIT ${batchSize}
      )`);
    const deleted = result.rowCount ?? 0;
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}
