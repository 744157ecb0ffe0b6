import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { orderItems } from '../../../db/schema';
import { fail, ok, type Result } from '../../core/result';
import { findVariant, isSellable } from '../stock/variants';
import { holdLine } from './holds';
import type { OrderRow } from './types';

type LineError = 'NOT_FOUND' | 'INVALID_STATE' | 'INVALID_INPUT' | 'INSUFFICIENT_STOCK';
export type OrderItemRow = typeof orderItems.$inferSelect;

/**
 * Sets the order's line for `variantId` to `quantity` units, holding that much stock until
 * `expiresAt`. A new line snapshots the product name, SKU, attributes and unit price (the
 * variant's override, else the product's base price); an existing line keeps its snapshot.
 */
export async function upsertLine(
  tx: DbOrTx,
  order: OrderRow,
  line: { variantId: string; quantity: number },
  expiresAt: Date,
): Promise<Result<OrderItemRow, LineError>> {
  const { variantId, quantity } = line;
  const hold = { workspaceId: order.workspaceId, orderId: order.id, variantId, quantity, expiresAt };
  const [existing] = await tx
    .select()
    .from(orderItems)
    .where(and(eq(orderItems.orderId, order.id), eq(orderItems.variantId, variantId)));
  if (existing) {
    const held = await holdLine(tx, { ...hold, label: existing.sku });
    if (!held.ok) return held;
    const lineTotal = existing.unitPrice * quantity;
    if (!Number.isSafeInteger(lineTotal))
      return fail('INVALID_INPUT', `The line total of ${existing.sku} is too large`);
    const [updated] = await tx
      .update(orderItems)
      .set({ quantity, lineTotal, updatedAt: sql`now()` })
      .where(eq(orderItems.id, existing.id))
      .returning();
    return ok(updated!);
  }
  const found = await findVariant(tx, order.workspaceId, variantId);
  if (!found) return fail('NOT_FOUND', `Variant ${variantId} not found`, { variantId });
  const { product, variant } = found;
  if (!isSellable(found))
    return fail('INVALID_STATE', `${variant.sku} is not for sale (archived, or its product is not active)`, {
      variantId,
    });
  if (variant.currency !== order.currency) {
    return fail(
      'INVALID_INPUT',
      `${variant.sku} is priced in ${variant.currency}; this order is in ${order.currency}`,
      { variantId },
    );
  }
  const lineTotal = variant.price * quantity;
  if (!Number.isSafeInteger(lineTotal)) return fail('INVALID_INPUT', `The line total of ${variant.sku} is too large`);
  const held = await holdLine(tx, { ...hold, label: variant.sku });
  if (!held.ok) return held;
  const [inserted] = await tx
    .insert(orderItems)
    .values({
      id: newId('itm'),
      workspaceId: order.workspaceId,
      orderId: order.id,
      variantId,
      productId: product.id,
      name: product.name,
      sku: variant.sku,
      attributes: variant.attributes,
      unitPrice: variant.price,
      quantity,
      lineTotal,
    })
    .returning();
  return ok(inserted!);
}

/** Removes a line and gives its held stock back. */
export async function removeLine(tx: DbOrTx, order: OrderRow, item: OrderItemRow, expiresAt: Date): Promise<void> {
  const released = await holdLine(tx, {
    workspaceId: order.workspaceId,
    orderId: order.id,
    variantId: item.variantId,
    quantity: 0,
    expiresAt,
  });
  // Releasing never needs stock, so it cannot fail.
  if (!released.ok) throw new Error('releasing a hold failed');
  await tx.delete(orderItems).where(eq(orderItems.id, item.id));
}

export async function findLine(tx: DbOrTx, order: OrderRow, itemId: string): Promise<OrderItemRow | undefined> {
  const [item] = await tx
    .select()
    .from(orderItems)
    .where(
      and(eq(orderItems.orderId, order.id), eq(orderItems.workspaceId, order.workspaceId), eq(orderItems.id, itemId)),
    );
  return item;
}

export async function linesOf(tx: DbOrTx, order: OrderRow): Promise<OrderItemRow[]> {
  return tx.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(orderItems.variantId);
}
