import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { orderStatusHistory, orders, workspaceCounters, type DeliveryDetails } from '../../../db/schema';
import { recordAudit } from '../../core/audit/record';
import { fail, ok, type Result } from '../../core/result';
import { workspaceCurrency } from '../products/products';
import { transact } from '../stock/transact';
import { clock } from '../stock/types';
import { customerExists } from './edit';
import { upsertLine } from './lines';
import { announceOrder, applyTotals, auditedOrder } from './record';
import { DEFAULT_HOLD_SECONDS, type OrderLineInput } from './schemas';
import type { Actor, Order, OrderDeps, OrderError } from './types';
import { loadOrder } from './view';

const ORDER_NUMBER_COUNTER = 'order_number';

/** The workspace's next order number (1, 2, 3, …): one upsert that locks the counter row until commit. */
export async function nextOrderNumber(tx: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await tx
    .insert(workspaceCounters)
    .values({ workspaceId, name: ORDER_NUMBER_COUNTER, value: 1 })
    .onConflictDoUpdate({
      target: [workspaceCounters.workspaceId, workspaceCounters.name],
      set: { value: sql`${workspaceCounters.value} + 1` },
    })
    .returning({ value: workspaceCounters.value });
  return row!.value;
}

export interface CreateDraftOrderInput {
  workspaceId: string;
  actor: Actor;
  customerId?: string;
  items?: OrderLineInput[];
  delivery?: DeliveryDetails;
  notes?: string;
  shipping?: number;
  discount?: number;
  /** Where it came from; by default AGENT for the agent, DASHBOARD for a user, API otherwise. */
  source?: 'DASHBOARD' | 'AGENT' | 'API';
  /** How long its items hold stock (60..86400 s, default 900); every later change renews it. */
  holdSeconds?: number;
}

const defaultSource = (actor: Actor) =>
  actor.type === 'agent' ? 'AGENT' : actor.type === 'user' ? 'DASHBOARD' : 'API';

/**
 * Creates a DRAFT order with the next number of the workspace, in the workspace's currency, its
 * items holding stock. Everything — number, order, lines, holds, history, audit, `order:created`
 * — commits together or not at all (a failed create does not use up a number).
 */
export async function createDraftOrder(
  deps: OrderDeps,
  input: CreateDraftOrderInput,
): Promise<Result<Order, OrderError>> {
  const { workspaceId, actor } = input;
  const items = input.items ?? [];
  if (new Set(items.map((i) => i.variantId)).size !== items.length) {
    return fail('INVALID_INPUT', 'Each variant may appear once; put the total in its quantity');
  }
  const holdUntil = new Date(clock(deps).getTime() + (input.holdSeconds ?? DEFAULT_HOLD_SECONDS) * 1000);
  return transact(deps.db, async (tx): Promise<Result<Order, OrderError>> => {
    const currency = await workspaceCurrency(tx, workspaceId);
    if (!currency) return fail('NOT_FOUND', 'Workspace not found');
    if (input.customerId && !(await customerExists(tx, workspaceId, input.customerId)))
      return fail('NOT_FOUND', 'Customer not found');
    const number = await nextOrderNumber(tx, workspaceId);
    const [order] = await tx
      .insert(orders)
      .values({
        id: newId('ord'),
        workspaceId,
        number,
        customerId: input.customerId ?? null,
        status: 'DRAFT',
        currency,
        delivery: input.delivery ?? null,
        notes: input.notes || null,
        source: input.source ?? defaultSource(actor),
        createdByType: actor.type,
        createdById: actor.id ?? null,
      })
      .returning();
    for (const line of items) {
      const added = await upsertLine(tx, order!, line, holdUntil);
      if (!added.ok) return added;
    }
    const totals = await applyTotals(tx, order!, { shipping: input.shipping ?? 0, discount: input.discount ?? 0 });
    if (!totals.ok) return totals;
    await tx.insert(orderStatusHistory).values({
      id: newId('osh'),
      workspaceId,
      orderId: order!.id,
      fromStatus: null,
      toStatus: 'DRAFT',
      actorType: actor.type,
      actorId: actor.id ?? null,
    });
    await recordAudit(tx, {
      workspaceId,
      actor,
      action: 'order.create',
      entityType: 'order',
      entityId: order!.id,
      after: { ...auditedOrder(totals.value), items: items.length },
    });
    await announceOrder(tx, totals.value, {}, 'order:created');
    return ok((await loadOrder(tx, workspaceId, order!.id))!);
  });
}
