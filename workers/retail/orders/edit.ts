import type { AuditAction } from '../../core/audit/catalogue';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/client';
import { customers, orders } from '../../../db/schema';
import { recordAudit } from '../../core/audit/record';
import { fail, ok, type Result } from '../../core/result';
import { transact } from '../stock/transact';
import { clock } from '../stock/types';
import { extendHolds } from './holds';
import { findLine, linesOf, removeLine, upsertLine } from './lines';
import { announceOrder, applyTotals, auditedOrder, changeStatus } from './record';
import { DEFAULT_HOLD_SECONDS, type DeliveryDetailsInput, type OrderLineInput } from './schemas';
import { EDITABLE_STATUSES } from './transitions';
import type { Actor, Order, OrderDeps, OrderError, OrderRow } from './types';
import { loadOrder, lockOrder, orderLabel } from './view';

export interface OrderRef {
  workspaceId: string;
  actor: Actor;
  orderId: string;
  /** How long the order's stock stays held after this change (60..86400 s, default 900). */
  holdSeconds?: number;
}

export interface Edit {
  /** `order.update`, `order.item_set`, … */
  action: AuditAction;
  /** Changes what the customer agreed to: a PENDING order goes back to DRAFT. */
  changesContent: boolean;
  apply: (
    tx: Tx,
    order: OrderRow,
    holdUntil: Date,
  ) => Promise<Result<{ shipping?: number; discount?: number } | void, OrderError>>;
}

/**
 * The one path for changing a DRAFT or PENDING order: lock it, apply the change, recompute the
 * totals, keep its stock held, audit, announce — one transaction, all or nothing. Any other
 * status is NOT_EDITABLE. A content change to a PENDING order returns it to DRAFT, since the
 * customer has not confirmed the new content.
 */
export async function editOrder(deps: OrderDeps, ref: OrderRef, edit: Edit): Promise<Result<Order, OrderError>> {
  const holdUntil = new Date(clock(deps).getTime() + (ref.holdSeconds ?? DEFAULT_HOLD_SECONDS) * 1000);
  return transact(deps.db, async (tx): Promise<Result<Order, OrderError>> => {
    const order = await lockOrder(tx, ref.workspaceId, ref.orderId);
    if (!order) return fail('NOT_FOUND', 'Order not found');
    if (!EDITABLE_STATUSES.includes(order.status)) {
      return fail(
        'NOT_EDITABLE',
        `${orderLabel(order)} is ${order.status}; only DRAFT or PENDING orders can be changed`,
        {
          orderId: order.id,
          status: order.status,
        },
      );
    }
    const applied = await edit.apply(tx, order, holdUntil);
    if (!applied.ok) return applied;
    const totals = await applyTotals(tx, order, applied.value ?? {});
    if (!totals.ok) return totals;
    await extendHolds(tx, ref.workspaceId, order.id, holdUntil);
    await recordAudit(tx, {
      workspaceId: ref.workspaceId,
      actor: ref.actor,
      action: edit.action,
      entityType: 'order',
      entityId: order.id,
      before: auditedOrder(order),
      after: auditedOrder(totals.value),
    });
    if (order.status === 'PENDING' && edit.changesContent) {
      const reopened = await changeStatus(tx, {
        order: totals.value,
        to: 'DRAFT',
        actor: ref.actor,
        action: 'order.reopen',
        reason: 'Changed while waiting for the customer’s confirmation',
      });
      if (!reopened.ok) return reopened;
    } else {
      await announceOrder(tx, totals.value, { change: edit.action });
    }
    return ok((await loadOrder(tx, ref.workspaceId, order.id))!);
  });
}

/** A live, unmerged customer of the workspace. */
export async function customerExists(db: DbOrTx, workspaceId: string, customerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        eq(customers.workspaceId, workspaceId),
        eq(customers.id, customerId),
        isNull(customers.deletedAt),
        isNull(customers.mergedInto),
      ),
    );
  return row !== undefined;
}

/** Makes the order's lines exactly `lines` (removing the others), holding stock for each. */
export async function replaceLines(
  tx: Tx,
  order: OrderRow,
  lines: OrderLineInput[],
  holdUntil: Date,
): Promise<Result<void, OrderError>> {
  const wanted = new Set(lines.map((l) => l.variantId));
  for (const item of await linesOf(tx, order)) {
    if (!wanted.has(item.variantId)) await removeLine(tx, order, item, holdUntil);
  }
  for (const line of lines) {
    const set = await upsertLine(tx, order, line, holdUntil);
    if (!set.ok) return set;
  }
  return ok(undefined);
}

export interface UpdateOrderInput extends OrderRef {
  customerId?: string | null;
  items?: OrderLineInput[];
  delivery?: DeliveryDetailsInput | null;
  notes?: string | null;
  shipping?: number;
  discount?: number;
}

/** Changes customer, delivery, notes, shipping, discount and/or the whole list of items of a DRAFT or PENDING order. */
export async function updateOrder(deps: OrderDeps, input: UpdateOrderInput): Promise<Result<Order, OrderError>> {
  const { customerId, items, delivery, notes, shipping, discount } = input;
  const changesContent = [customerId, items, delivery, shipping, discount].some((v) => v !== undefined);
  return editOrder(deps, input, {
    action: 'order.update',
    changesContent,
    apply: async (tx, order, holdUntil) => {
      if (customerId && !(await customerExists(tx, input.workspaceId, customerId)))
        return fail('NOT_FOUND', 'Customer not found');
      const fields = {
        ...(customerId === undefined ? {} : { customerId }),
        ...(delivery === undefined ? {} : { delivery }),
        ...(notes === undefined ? {} : { notes: notes || null }),
      };
      if (Object.keys(fields).length > 0) {
        await tx
          .update(orders)
          .set({ ...fields, updatedAt: sql`now()` })
          .where(eq(orders.id, order.id));
      }
      if (items) {
        const replaced = await replaceLines(tx, order, items, holdUntil);
        if (!replaced.ok) return replaced;
      }
      return ok({ shipping, discount });
    },
  });
}

/** Sets (or with `null` clears) how and where the order is delivered. */
export function setDeliveryDetails(deps: OrderDeps, input: OrderRef & { delivery: DeliveryDetailsInput | null }) {
  return updateOrder(deps, { ...input, delivery: input.delivery });
}

/**
 * Sets the order's line for a variant to `quantity` units (creating the line if missing), holding
 * the stock. Idempotent: the same call twice leaves one line with `quantity` units.
 */
export function addItem(deps: OrderDeps, input: OrderRef & OrderLineInput) {
  return editOrder(deps, input, {
    action: 'order.item_set',
    changesContent: true,
    apply: async (tx, order, holdUntil) => {
      const set = await upsertLine(tx, order, input, holdUntil);
      return set.ok ? ok(undefined) : set;
    },
  });
}

/** Changes a line's quantity; 0 removes the line. Stock held follows. */
export function setItemQuantity(deps: OrderDeps, input: OrderRef & { itemId: string; quantity: number }) {
  return editOrder(deps, input, {
    action: input.quantity === 0 ? 'order.item_remove' : 'order.item_set',
    changesContent: true,
    apply: async (tx, order, holdUntil) => {
      const item = await findLine(tx, order, input.itemId);
      if (!item) return fail('NOT_FOUND', 'Order item not found');
      if (input.quantity === 0) {
        await removeLine(tx, order, item, holdUntil);
        return ok(undefined);
      }
      const set = await upsertLine(tx, order, { variantId: item.variantId, quantity: input.quantity }, holdUntil);
      return set.ok ? ok(undefined) : set;
    },
  });
}

/** Removes a line and gives its held stock back. */
export function removeItem(deps: OrderDeps, input: OrderRef & { itemId: string }) {
  return setItemQuantity(deps, { ...input, quantity: 0 });
}
