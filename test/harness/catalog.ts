/**
 * Catalogue fixtures for stock and order tests: a product with one variant and its stock row,
 * inserted straight into the tables (no audit, no movement) so each test starts from exact
 * numbers. Every call makes a new product with a unique SKU.
 */
import { and, eq } from 'drizzle-orm';
import { newId } from '../../db/ids';
import { customers, eventOutbox, productVariants, products, stockItems } from '../../db/schema';
import { testDb } from './db';

export interface SeededVariant {
  productId: string;
  variantId: string;
  sku: string;
  productName: string;
  /** The price a line snapshots: the override if set, else the base price (minor units). */
  unitPrice: number;
}

export interface VariantOptions {
  name?: string;
  basePrice?: number;
  priceOverride?: number | null;
  currency?: string;
  attributes?: Record<string, string>;
  onHand?: number;
  reserved?: number;
  lowStockThreshold?: number;
  /** Skip the stock row, as for a variant that never had stock. */
  noStockRow?: boolean;
  productStatus?: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
}

export async function seedVariant(workspaceId: string, options: VariantOptions = {}): Promise<SeededVariant> {
  const db = testDb();
  const productId = newId('prd');
  const variantId = newId('var');
  const productName = options.name ?? `Remera ${productId.slice(-6)}`;
  const sku = `SKU-${variantId.slice(-8)}`;
  const basePrice = options.basePrice ?? 1_500_00;
  await db.insert(products).values({
    id: productId,
    workspaceId,
    name: productName,
    basePrice,
    currency: options.currency ?? 'ARS',
    status: options.productStatus ?? 'ACTIVE',
  });
  await db.insert(productVariants).values({
    id: variantId,
    workspaceId,
    productId,
    sku,
    attributes: options.attributes ?? { talle: 'M', color: 'Negro' },
    priceOverride: options.priceOverride ?? null,
  });
  if (!options.noStockRow) {
    await db.insert(stockItems).values({
      variantId,
      workspaceId,
      onHand: options.onHand ?? 10,
      reserved: options.reserved ?? 0,
      lowStockThreshold: options.lowStockThreshold ?? 0,
    });
  }
  return { productId, variantId, sku, productName, unitPrice: options.priceOverride ?? basePrice };
}

/** The stock row of a variant as stored. */
export async function stockOf(variantId: string) {
  const [row] = await testDb().select().from(stockItems).where(eq(stockItems.variantId, variantId));
  if (!row) throw new Error(`no stock row for ${variantId}`);
  return { onHand: row.onHand, reserved: row.reserved, available: row.onHand - row.reserved };
}

/** Outbox events of one type in a workspace, oldest first. */
export async function eventsOf(workspaceId: string, type: string) {
  return testDb()
    .select()
    .from(eventOutbox)
    .where(and(eq(eventOutbox.workspaceId, workspaceId), eq(eventOutbox.type, type)))
    .orderBy(eventOutbox.id);
}

/** A customer of the workspace, inserted directly. */
export async function seedCustomer(workspaceId: string, fields: { name?: string; phone?: string } = {}) {
  const id = newId('cus');
  const phone = fields.phone ?? `+54911${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
  await testDb()
    .insert(customers)
    .values({ id, workspaceId, name: fields.name ?? 'María López', phone });
  return { id, name: fields.name ?? 'María López', phone };
}
