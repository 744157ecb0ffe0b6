/**
 * What the order tools share: the agent as actor, the conversation's draft (found, opened, shown
 * to the model) and the mapping of retail failures to tool failures. The draft is the order
 * `ctx.draftOrderId` points at while it is still DRAFT or PENDING; a confirmed or cancelled
 * order is no longer a draft, and the next item opens a new one.
 */
import type { Database, Tx } from '../../../db/client';
import type { DeliveryDetails } from '../../../db/schema';
import type { Actor } from '../../core/audit/record';
import type { Result } from '../../core/result';
import { createDraftOrder, getOrder, listOrders, type Order } from '../../retail/orders';
import { transact } from '../../retail/stock/transact';
import type { SessionState } from '../fsm';
import type { ToolContext, ToolDeps, ToolEffects, ToolOutcome } from './types';

/** Every write a tool makes is the agent's, named by its session. */
export const agentActor = (ctx: ToolContext): Actor => ({ type: 'agent', id: ctx.sessionId });

/** States in which the agent talks to the customer: all but a human's (HANDOFF) and a confirmation in flight (EXECUTING). */
export const TALKING_STATES: readonly SessionState[] = [
  'IDLE',
  'COLLECTING_ORDER',
  'NEEDS_DETAILS',
  'AWAITING_CONFIRMATION',
  'DONE',
];
/** States with an order being built. */
export const ORDERING_STATES: readonly SessionState[] = ['COLLECTING_ORDER', 'NEEDS_DETAILS', 'AWAITING_CONFIRMATION'];

/** Method, recipient and, for a delivery, street and city are known: what the FSM calls delivery complete. */
export function isDeliveryComplete(delivery: DeliveryDetails | null | undefined): boolean {
  if (!delivery?.method || !delivery.recipientName?.trim()) return false;
  if (delivery.method === 'PICKUP') return true;
  return Boolean(delivery.address?.street?.trim() && delivery.address.city?.trim());
}

/** The draft as the model sees it: lines, money in centavos, delivery and whether it is ready to confirm. */
export interface DraftView {
  orderId: string;
  number: number;
  status: Order['status'];
  currency: string;
  items: Array<{
    sku: string;
    name: string;
    attributes: Record<string, string>;
    quantity: number;
    unitPrice: number;
    lineTotal: number;
  }>;
  itemCount: number;
  subtotal: number;
  shipping: number;
  discount: number;
  total: number;
  delivery: DeliveryDetails | null;
  deliveryComplete: boolean;
}

export function toDraftView(order: Order): DraftView {
  return {
    orderId: order.id,
    number: order.number,
    status: order.status,
    currency: order.currency,
    items: order.items.map((i) => ({
      sku: i.sku,
      name: i.name,
      attributes: i.attributes,
      quantity: i.quantity,
      unitPrice: i.unitPrice,
      lineTotal: i.lineTotal,
    })),
    itemCount: order.items.length,
    subtotal: order.subtotal,
    shipping: order.shipping,
    discount: order.discount,
    total: order.total,
    delivery: order.delivery,
    deliveryComplete: isDeliveryComplete(order.delivery),
  };
}

/** The guard facts of a draft, handed to the Conversation with the tool's events. */
export const draftFacts = (view: DraftView): NonNullable<ToolEffects['draftFacts']> => ({
  itemCount: view.itemCount,
  deliveryComplete: view.deliveryComplete,
});

/** The conversation's draft if it is still DRAFT or PENDING; null when there is none (or it was confirmed/cancelled). */
export async function findDraft(deps: ToolDeps, ctx: ToolContext): Promise<Order | null> {
  if (!ctx.draftOrderId) return null;
  const found = await getOrder({ db: deps.db }, { workspaceId: ctx.workspaceId, orderId: ctx.draftOrderId });
  if (!found.ok) return null;
  return found.value.status === 'DRAFT' || found.value.status === 'PENDING' ? found.value : null;
}

/** The conversation's draft, opened for its customer when there is none. */
export async function ensureDraft(
  deps: ToolDeps,
  ctx: ToolContext,
): Promise<Result<{ order: Order; created: boolean }, string>> {
  const existing = await findDraft(deps, ctx);
  if (existing) return { ok: true, value: { order: existing, created: false } };
  const created = await createDraftOrder(
    { db: deps.db },
    {
      workspaceId: ctx.workspaceId,
      actor: agentActor(ctx),
      ...(ctx.customerId ? { customerId: ctx.customerId } : {}),
      source: 'AGENT',
    },
  );
  if (!created.ok) return created;
  return { ok: true, value: { order: created.value, created: true } };
}

/** A tool failure for the model: a stable code, an English message, machine-readable details. */
export function toolError(code: string, message: string, details?: unknown): ToolOutcome<never> {
  return { ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** A retail failure passed on to the model as it is (code, message, details). */
export function fromFailure(result: { ok: false; error: string; message?: string; details?: unknown }) {
  return toolError(result.error, result.message ?? result.error, result.details);
}

export const NO_DRAFT = () =>
  toolError('NO_DRAFT', 'There is no open order draft in this conversation; add an item first.');

/**
 * Runs `work` in one transaction (a savepoint when `deps.db` already is one, as under the
 * executor) that commits only when it returns `ok`: a tool that opens a draft and then fails to
 * add the item leaves no empty draft behind.
 */
export function inTransaction<R extends Result<unknown, string>>(
  deps: ToolDeps,
  work: (deps: ToolDeps) => Promise<R>,
): Promise<R> {
  return transact(deps.db, (tx) => work({ ...deps, db: asDatabase(tx) }));
}

/**
 * A transaction where the retail functions expect a database. They only build queries and open
 * (nested) transactions, which a drizzle transaction does too, as savepoints.
 */
export const asDatabase = (tx: Tx): Database => tx as unknown as Database;

/** Statuses of an order the customer has confirmed: what payments and receipts belong to. */
const CONFIRMED_STATUSES = ['CONFIRMED', 'SHIPPED', 'DELIVERED'] as const;

export interface ConversationOrder {
  id: string;
  number: number;
  status: Order['status'];
  total: number;
  currency: string;
}

/**
 * The order a payment or receipt of this conversation is for: the conversation's order once
 * confirmed, else the customer's latest confirmed order; with `orDraft`, the open draft last.
 */
export async function findConversationOrder(
  deps: ToolDeps,
  ctx: ToolContext,
  options: { orDraft?: boolean } = {},
): Promise<ConversationOrder | null> {
  const pick = (o: ConversationOrder): ConversationOrder => ({
    id: o.id,
    number: o.number,
    status: o.status,
    total: o.total,
    currency: o.currency,
  });
  if (ctx.draftOrderId) {
    const own = await getOrder({ db: deps.db }, { workspaceId: ctx.workspaceId, orderId: ctx.draftOrderId });
    if (own.ok && (CONFIRMED_STATUSES as readonly string[]).includes(own.value.status)) return pick(own.value);
  }
  if (ctx.customerId) {
    const latest = await listOrders(
      { db: deps.db },
      { workspaceId: ctx.workspaceId, customerId: ctx.customerId, status: [...CONFIRMED_STATUSES], limit: 1 },
    );
    if (latest.items[0]) return pick(latest.items[0]);
  }
  if (options.orDraft) {
    const draft = await findDraft(deps, ctx);
    if (draft) return pick(draft);
  }
  return null;
}
