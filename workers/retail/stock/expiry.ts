import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { recordAudit } from '../../core/audit/record';
import { shiftReserved } from './ledger';
import { retryOnConflict } from './transact';
import { clock } from './types';

interface ExpiredRow extends Record<string, unknown> {
  id: string;
  workspace_id: string;
  variant_id: string;
  quantity: number;
  order_id: string | null;
  expires_at: Date;
}

/**
 * The expiry sweep (cron, every minute): ACTIVE reservations whose `expires_at` has passed become
 * EXPIRED and their units go back to `available`. A batch flips the reservations in ONE statement
 * that locks them (`FOR UPDATE SKIP LOCKED`, re-checking `status = 'ACTIVE'`), so a reservation
 * is given back once: a concurrent commit or release either wins the row first (the sweep skips
 * it) or waits and then finds it EXPIRED. Returns how many reservations expired.
 */
export async function expireReservations(
  deps: { db: Database; now?: () => Date },
  options: {
    batchSize?: number;
    maxBatches?: number;
    /** Only this workspace's reservations. */ workspaceId?: string;
  } = {},
): Promise<{ expired: number }> {
  const now = clock(deps);
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 20;
  const inWorkspace = options.workspaceId ? sql`and workspace_id = ${options.workspaceId}` : sql``;
  let expired = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    // A sweep can deadlock with a concurrent reserve/commit (they take the rows in the other
    // order); PostgreSQL aborts one of them and the aborted batch is simply run again.
    const count = await retryOnConflict(() =>
      deps.db.transaction(async (tx) => {
        const { rows } = await tx.execute<ExpiredRow>(sql`
        update stock_reservations set status = 'EXPIRED', updated_at = now()
        where status = 'ACTIVE' and id in (
          select id from stock_reservations
          where status = 'ACTIVE' and expires_at <= ${now} ${inWorkspace}
          order by expires_at
          limit ${batchSize}
          for update skip locked
        )
        returning id, workspace_id, variant_id, quantity, order_id, expires_at`);
        // Give the units back one variant at a time, in a fixed order (fewer lock conflicts).
        const perVariant = new Map<string, { workspaceId: string; quantity: number }>();
        for (const row of rows) {
          const entry = perVariant.get(row.variant_id) ?? { workspaceId: row.workspace_id, quantity: 0 };
          entry.quantity += Number(row.quantity);
          perVariant.set(row.variant_id, entry);
        }
        for (const variantId of [...perVariant.keys()].sort()) {
          const { workspaceId, quantity } = perVariant.get(variantId)!;
          if (!(await shiftReserved(tx, workspaceId, variantId, -quantity))) {
            throw new Error(`expiring reservations of ${variantId} would make reserved negative`);
          }
        }
        for (const row of rows) {
          await recordAudit(tx, {
            workspaceId: row.workspace_id,
            actor: { type: 'system', id: 'reservation-expiry' },
            action: 'stock_reservation.expire',
            entityType: 'stock_reservation',
            entityId: row.id,
            before: {
              status: 'ACTIVE',
              quantity: Number(row.quantity),
              orderId: row.order_id,
              expiresAt: row.expires_at,
            },
            after: { status: 'EXPIRED' },
          });
        }
        return rows.length;
      }),
    );
    expired += count;
    if (count < batchSize) break;
  }
  return { expired };
}
