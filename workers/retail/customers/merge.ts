import { and, eq, inArray } from 'drizzle-orm';
import type { Database, Tx } from '../../../db/client';
import { agentSessions, customerAddresses, customers, orders } from '../../../db/schema';
import { recordAudit, type Actor } from '../../core/audit/record';
import { enqueueEvent } from '../../core/outbox/enqueue';
import { fail, ok, type Result } from '../../core/result';
import { getCustomerDetail, type CustomerDetail } from './detail';
import { toCustomer } from './view';

interface MergePair {
  workspaceId: string;
  sourceCustomerId: string;
  targetCustomerId: string;
}

/**
 * Moves one kind of record from the source customer to the target inside the merge
 * transaction and says how many it moved. A module that keeps rows pointing at customers adds
 * its mover to `RELATED_RECORD_MOVERS`.
 */
export type RelatedRecordMover = (tx: Tx, pair: MergePair) => Promise<number>;

const moveOrders: RelatedRecordMover = async (tx, { workspaceId, sourceCustomerId, targetCustomerId }) => {
  const moved = await tx
    .update(orders)
    .set({ customerId: targetCustomerId, updatedAt: new Date() })
    .where(and(eq(orders.workspaceId, workspaceId), eq(orders.customerId, sourceCustomerId)))
    .returning({ id: orders.id });
  return moved.length;
};

/** The target keeps its default address; the source's become ordinary ones unless the target has none. */
const moveAddresses: RelatedRecordMover = async (tx, { workspaceId, sourceCustomerId, targetCustomerId }) => {
  const ofCustomer = (id: string) =>
    and(eq(customerAddresses.workspaceId, workspaceId), eq(customerAddresses.customerId, id));
  const [targetDefault] = await tx
    .select({ id: customerAddresses.id })
    .from(customerAddresses)
    .where(and(ofCustomer(targetCustomerId), eq(customerAddresses.isDefault, true)))
    .limit(1);
  const moved = await tx
    .update(customerAddresses)
    .set({ customerId: targetCustomerId, updatedAt: new Date(), ...(targetDefault ? { isDefault: false } : {}) })
    .where(ofCustomer(sourceCustomerId))
    .returning({ id: customerAddresses.id });
  return moved.length;
};

/** Conversations follow the customer, so the inbox shows the merged history under one name. */
const moveConversations: RelatedRecordMover = async (tx, { workspaceId, sourceCustomerId, targetCustomerId }) => {
  const moved = await tx
    .update(agentSessions)
    .set({ customerId: targetCustomerId, updatedAt: new Date() })
    .where(and(eq(agentSessions.workspaceId, workspaceId), eq(agentSessions.customerId, sourceCustomerId)))
    .returning({ id: agentSessions.id });
  return moved.length;
};

export const RELATED_RECORD_MOVERS = {
  orders: moveOrders,
  addresses: moveAddresses,
  conversations: moveConversations,
} satisfies Record<string, RelatedRecordMover>;
export type MovedCounts = { [K in keyof typeof RELATED_RECORD_MOVERS]: number };

export interface MergeResult {
  customer: CustomerDetail;
  moved: MovedCounts;
}

/**
 * Merges the source customer into the target in one transaction: related records move to the
 * target, fields the target lacks (name, phone, email, WhatsApp id) are copied, tags are
 * united, and the source is marked `merged_into` the target, which hides it everywhere. Audited;
 * announces `customer:merged`. SAME_CUSTOMER and ALREADY_MERGED are conflicts, nothing written.
 */
export async function mergeCustomers(
  { db }: { db: Database },
  input: MergePair & { actor: Actor },
): Promise<Result<MergeResult, 'NOT_FOUND' | 'SAME_CUSTOMER' | 'ALREADY_MERGED'>> {
  const { workspaceId, sourceCustomerId, targetCustomerId, actor } = input;
  if (sourceCustomerId === targetCustomerId) return fail('SAME_CUSTOMER', 'A customer cannot be merged into itself');
  const merged = await db.transaction(async (tx) => {
    // Both rows locked, in id order so two opposite merges cannot deadlock.
    const rows = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, [sourceCustomerId, targetCustomerId])))
      .orderBy(customers.id)
      .for('update');
    const source = rows.find((r) => r.id === sourceCustomerId && !r.deletedAt);
    const target = rows.find((r) => r.id === targetCustomerId && !r.deletedAt);
    if (!source) return fail('NOT_FOUND', 'Source customer not found');
    if (!target) return fail('NOT_FOUND', 'Target customer not found');
    if (source.mergedInto) return fail('ALREADY_MERGED', 'The source customer was already merged into another');
    if (target.mergedInto) return fail('ALREADY_MERGED', 'The target customer was already merged into another');

    const pair = { workspaceId, sourceCustomerId, targetCustomerId };
    const moved = {} as MovedCounts;
    for (const [name, mover] of Object.entries(RELATED_RECORD_MOVERS))
      moved[name as keyof MovedCounts] = await mover(tx, pair);

    const now = new Date();
    // The source leaves the live-customer unique indexes first, so its phone and WhatsApp id can pass to the target.
    const [sourceAfter] = await tx
      .update(customers)
      .set({ mergedInto: targetCustomerId, updatedAt: now })
      .where(eq(customers.id, sourceCustomerId))
      .returning();
    const [targetAfter] = await tx
      .update(customers)
      .set({
        name: target.name ?? source.name,
        phone: target.phone ?? source.phone,
        email: target.email ?? source.email,
        waUserId: target.waUserId ?? source.waUserId,
        tags: [...new Set([...target.tags, ...source.tags])],
        updatedAt: now,
      })
      .where(eq(customers.id, targetCustomerId))
      .returning();

    const audit = { workspaceId, actor, action: 'customer.merge', entityType: 'customer' } as const;
    await recordAudit(tx, {
      ...audit,
      entityId: sourceCustomerId,
      before: toCustomer(source),
      after: { ...toCustomer(sourceAfter!), mergedInto: targetCustomerId },
    });
    await recordAudit(tx, {
      ...audit,
      entityId: targetCustomerId,
      before: toCustomer(target),
      after: { ...toCustomer(targetAfter!), moved },
    });
    await enqueueEvent(tx, {
      workspaceId,
      type: 'customer:merged',
      payload: { sourceCustomerId, targetCustomerId, moved },
    });
    return ok(moved);
  });
  if (!merged.ok) return merged;
  const customer = await getCustomerDetail({ db }, { workspaceId, customerId: targetCustomerId });
  if (!customer.ok) return customer;
  return ok({ customer: customer.value, moved: merged.value });
}
