import { and, desc, eq, isNotNull, isNull, or, type SQL } from 'drizzle-orm';
import type { Database, Tx } from '../../../db/client';
import { isUniqueViolation } from '../../../db/errors';
import { newId } from '../../../db/ids';
import { customers } from '../../../db/schema';
import { recordAudit, type Actor } from '../../core/audit/record';
import { ok, type Result } from '../../core/result';
import { isLiveCustomer } from './customers';
import { normalisePhone } from './phone';
import { toCustomer, type Customer } from './view';

export interface WhatsAppContact {
  workspaceId: string;
  /** Infobip's `contact.userId` / sender; for WhatsApp usually the number itself. */
  waUserId: string;
  /** The sender's number as Infobip gives it (e.g. `5491155551234`); `waUserId` is tried when absent. */
  phone?: string | null;
  /** The WhatsApp profile name, used as the name of a new customer. */
  profileName?: string | null;
  actor?: Actor;
}

const SYSTEM: Actor = { type: 'system', id: null };

async function findByWaOrPhone(tx: Tx, workspaceId: string, waUserId: string, phone: string | null) {
  const match: SQL[] = [eq(customers.waUserId, waUserId)];
  if (phone) match.push(eq(customers.phone, phone));
  const rows = await tx
    .select()
    .from(customers)
    .where(and(isLiveCustomer(workspaceId), or(...match)));
  return rows.find((r) => r.waUserId === waUserId) ?? rows[0];
}

/**
 * The live customer a merged-away record of this WhatsApp id now lives in: merging keeps the
 * target's own WhatsApp id, so the source's id only leads to the target through `merged_into`.
 */
async function followMerged(tx: Tx, workspaceId: string, waUserId: string) {
  const [merged] = await tx
    .select({ mergedInto: customers.mergedInto })
    .from(customers)
    .where(
      and(
        eq(customers.workspaceId, workspaceId),
        eq(customers.waUserId, waUserId),
        isNotNull(customers.mergedInto),
        isNull(customers.deletedAt),
      ),
    )
    .orderBy(desc(customers.updatedAt))
    .limit(1);
  let next = merged?.mergedInto;
  for (let hop = 0; next && hop < 5; hop++) {
    const [row] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, next), isNull(customers.deletedAt)));
    if (!row?.mergedInto) return row;
    next = row.mergedInto;
  }
  return undefined;
}

async function attempt(
  db: Database,
  input: WhatsAppContact,
  phone: string | null,
): Promise<{ customer: Customer; created: boolean }> {
  const { workspaceId, waUserId } = input;
  const actor = input.actor ?? SYSTEM;
  return db.transaction(async (tx) => {
    const existing =
      (await findByWaOrPhone(tx, workspaceId, waUserId, phone)) ?? (await followMerged(tx, workspaceId, waUserId));
    if (existing) {
      if (existing.waUserId) return { customer: toCustomer(existing), created: false };
      // Known by phone only (created from the dashboard): it is this WhatsApp contact.
      const [linked] = await tx
        .update(customers)
        .set({ waUserId, updatedAt: new Date() })
        .where(eq(customers.id, existing.id))
        .returning();
      const after = toCustomer(linked!);
      await recordAudit(tx, {
        workspaceId,
        actor,
        action: 'customer.update',
        entityType: 'customer',
        entityId: existing.id,
        before: toCustomer(existing),
        after,
      });
      return { customer: after, created: false };
    }
    // A concurrent call may insert the same contact first: the partial unique indexes turn ours into a no-op.
    const [inserted] = await tx
      .insert(customers)
      .values({ id: newId('cus'), workspaceId, waUserId, phone, name: input.profileName?.trim() || null })
      .onConflictDoNothing()
      .returning();
    if (inserted) {
      const customer = toCustomer(inserted);
      await recordAudit(tx, {
        workspaceId,
        actor,
        action: 'customer.create',
        entityType: 'customer',
        entityId: customer.id,
        after: customer,
      });
      return { customer, created: true };
    }
    const winner = await findByWaOrPhone(tx, workspaceId, waUserId, phone);
    if (!winner) throw new Error('customer insert conflicted but no live customer matches');
    return { customer: toCustomer(winner), created: false };
  });
}

/**
 * The live customer of this WhatsApp contact, created on first contact. Matches by WhatsApp id,
 * then by phone (linking the WhatsApp id to a customer first known by phone), then through a
 * merge (a contact whose record was merged into another reaches the merged customer). Idempotent under
 * concurrency: simultaneous calls for one contact yield one customer, through the partial unique
 * indexes and `ON CONFLICT DO NOTHING`; `created` is true for exactly one of them.
 */
export async function findOrCreateCustomerByWhatsApp(
  { db }: { db: Database },
  input: WhatsAppContact,
): Promise<Result<{ customer: Customer; created: boolean }, never>> {
  const phone = normalisePhone(input.phone ?? input.waUserId) ?? null;
  for (let tries = 0; ; tries++) {
    try {
      return ok(await attempt(db, input, phone));
    } catch (error) {
      // Linking by phone raced with a concurrent insert of the same WhatsApp id: look again.
      if (tries < 2 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}
