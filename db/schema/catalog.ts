import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, pgTable, text, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './columns';
import { workspaces } from './tenancy';

/** Money: integer minor units (centavos). `bigint` read as a JS number (exact up to 2^53). */
export const money = (name: string) => bigint(name, { mode: 'number' });

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const PRODUCT_STATUSES = ['ACTIVE', 'DRAFT', 'ARCHIVED'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export interface ProductImage {
  url: string;
  alt?: string;
}

export const products = pgTable(
  'products',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    category: text('category'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text('status', { enum: PRODUCT_STATUSES }).notNull().default('ACTIVE'),
    basePrice: money('base_price').notNull(),
    currency: text('currency').notNull(),
    images: jsonb('images')
      .$type<ProductImage[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Spanish full-text vector over name (weight A), category/tags (B) and description (C). */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`setweight(to_tsvector('spanish', coalesce(name, '')), 'A') || setweight(to_tsvector('spanish', coalesce(category, '')), 'B') || setweight(to_tsvector('spanish', coalesce(description, '')), 'C')`,
    ),
    ...timestamps,
    deletedAt: tstz('deleted_at'),
  },
  (t) => [
    index('products_workspace_created_idx').on(t.workspaceId, t.id),
    index('products_workspace_category_idx').on(t.workspaceId, t.category),
    index('products_workspace_status_idx').on(t.workspaceId, t.status),
    index('products_workspace_price_idx').on(t.workspaceId, t.basePrice),
    index('products_search_idx').using('gin', t.searchVector),
    check('products_base_price_nonnegative', sql`${t.basePrice} >= 0`),
  ],
);

export const VARIANT_STATUSES = ['ACTIVE', 'ARCHIVED'] as const;

export const productVariants = pgTable(
  'product_variants',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** Unique per workspace among live variants; stored upper-cased. */
    sku: text('sku').notNull(),
    /** e.g. `{ "talle": "M", "color": "Negro" }`. */
    attributes: jsonb('attributes')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Overrides the product's base price when set. */
    priceOverride: money('price_override'),
    status: text('status', { enum: VARIANT_STATUSES }).notNull().default('ACTIVE'),
    ...timestamps,
    deletedAt: tstz('deleted_at'),
  },
  (t) => [
    uniqueIndex('product_variants_workspace_sku_key')
      .on(t.workspaceId, t.sku)
      .where(sql`${t.deletedAt} is null`),
    index('product_variants_product_idx').on(t.productId),
    index('product_variants_sku_prefix_idx').on(t.workspaceId, sql`${t.sku} text_pattern_ops`),
    check('product_variants_price_override_nonnegative', sql`${t.priceOverride} is null or ${t.priceOverride} >= 0`),
  ],
);

export const stockItems = pgTable(
  'stock_items',
  {
    variantId: text('variant_id')
      .primaryKey()
      .references(() => productVariants.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    lowStockThreshold: integer('low_stock_threshold').notNull().default(0),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('stock_items_workspace_idx').on(t.workspaceId),
    // The database itself refuses negative or oversold stock, whatever the code does.
    check('stock_items_on_hand_nonnegative', sql`${t.onHand} >= 0`),
    check('stock_items_reserved_nonnegative', sql`${t.reserved} >= 0`),
    check('stock_items_reserved_within_on_hand', sql`${t.reserved} <= ${t.onHand}`),
  ],
);

export const STOCK_MOVEMENT_REASONS = [
  'INITIAL',
  'ADJUSTMENT',
  'RESTOCK',
  'SALE',
  'CANCELLATION',
  'RETURN',
  'DAMAGE',
  'CORRECTION',
  'IMPORT',
] as const;
export type StockMovementReason = (typeof STOCK_MOVEMENT_REASONS)[number];

export const stockMovements = pgTable(
  'stock_movements',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    variantId: text('variant_id')
      .notNull()
      .references(() => productVariants.id, { onDelete: 'cascade' }),
    delta: integer('delta').notNull(),
    onHandAfter: integer('on_hand_after').notNull(),
    reason: text('reason', { enum: STOCK_MOVEMENT_REASONS }).notNull(),
    referenceType: text('reference_type'),
    referenceId: text('reference_id'),
    actorType: text('actor_type', { enum: ['user', 'agent', 'system'] }).notNull(),
    actorId: text('actor_id'),
    note: text('note'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('stock_movements_workspace_created_idx').on(t.workspaceId, t.createdAt),
    index('stock_movements_variant_idx').on(t.variantId, t.createdAt),
    index('stock_movements_reference_idx').on(t.referenceType, t.referenceId),
  ],
);

export const RESERVATION_STATUSES = ['ACTIVE', 'COMMITTED', 'RELEASED', 'EXPIRED'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export const stockReservations = pgTable(
  'stock_reservations',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    variantId: text('variant_id')
      .notNull()
      .references(() => productVariants.id, { onDelete: 'cascade' }),
    quantity: integer('quantity').notNull(),
    orderId: text('order_id'),
    expiresAt: tstz('expires_at').notNull(),
    status: text('status', { enum: RESERVATION_STATUSES }).notNull().default('ACTIVE'),
    ...timestamps,
  },
  (t) => [
    index('stock_reservations_workspace_idx').on(t.workspaceId, t.status),
    index('stock_reservations_variant_idx').on(t.variantId),
    index('stock_reservations_order_idx').on(t.orderId),
    index('stock_reservations_active_expiry_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'ACTIVE'`),
    check('stock_reservations_quantity_positive', sql`${t.quantity} > 0`),
  ],
);
