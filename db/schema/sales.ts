import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { money, productVariants, products } from './catalog';
import { id, timestamps, tstz } from './columns';
import { workspaces } from './tenancy';

export const customers = pgTable(
  'customers',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name'),
    /** E.164 (`+5491155551234`). */
    phone: text('phone'),
    email: text('email'),
    /** WhatsApp identity (Infobip `contact.userId` / sender). */
    waUserId: text('wa_user_id'),
    notes: text('notes'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Set when this record was merged into another; merged records are hidden from lists. */
    mergedInto: text('merged_into'),
    ...timestamps,
    deletedAt: tstz('deleted_at'),
  },
  (t) => [
    uniqueIndex('customers_workspace_phone_key')
      .on(t.workspaceId, t.phone)
      .where(sql`${t.deletedAt} is null and ${t.mergedInto} is null and ${t.phone} is not null`),
    uniqueIndex('customers_workspace_wa_user_key')
      .on(t.workspaceId, t.waUserId)
      .where(sql`${t.deletedAt} is null and ${t.mergedInto} is null and ${t.waUserId} is not null`),
    index('customers_workspace_created_idx').on(t.workspaceId, t.id),
    index('customers_workspace_email_idx').on(t.workspaceId, sql`lower(${t.email})`),
    index('customers_workspace_name_idx').on(t.workspaceId, sql`lower(${t.name}) text_pattern_ops`),
  ],
);

export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    label: text('label'),
    street: text('street').notNull(),
    number: text('number'),
    apartment: text('apartment'),
    city: text('city').notNull(),
    province: text('province'),
    postalCode: text('postal_code'),
    country: text('country').notNull().default('AR'),
    notes: text('notes'),
    isDefault: boolean('is_default').notNull().default(false),
    ...timestamps,
  },
  (t) => [index('customer_addresses_customer_idx').on(t.customerId)],
);

export const ORDER_STATUSES = ['DRAFT', 'PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_SOURCES = ['DASHBOARD', 'AGENT', 'API'] as const;
export const PAYMENT_STATUSES_OF_ORDER = ['UNPAID', 'PARTIAL', 'PAID'] as const;

export interface DeliveryDetails {
  method: 'DELIVERY' | 'PICKUP';
  recipientName?: string;
  phone?: string;
  address?: {
    street: string;
    number?: string;
    apartment?: string;
    city: string;
    province?: string;
    postalCode?: string;
    notes?: string;
  };
  /** Free text such as "martes por la tarde". */
  schedule?: string;
  notes?: string;
  /** The carrier's tracking number, given when the order is marked shipped. */
  trackingNumber?: string;
}

/** Per-workspace counters (order numbers): `UPDATE … SET value = value + 1 RETURNING value`. */
export const workspaceCounters = pgTable(
  'workspace_counters',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    value: bigint('value', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

export const orders = pgTable(
  'orders',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Sequential per workspace, starting at 1. */
    number: integer('number').notNull(),
    customerId: text('customer_id').references(() => customers.id),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('DRAFT'),
    paymentStatus: text('payment_status', { enum: PAYMENT_STATUSES_OF_ORDER }).notNull().default('UNPAID'),
    subtotal: money('subtotal').notNull().default(0),
    shipping: money('shipping').notNull().default(0),
    discount: money('discount').notNull().default(0),
    total: money('total').notNull().default(0),
    currency: text('currency').notNull(),
    delivery: jsonb('delivery').$type<DeliveryDetails>(),
    notes: text('notes'),
    source: text('source', { enum: ORDER_SOURCES }).notNull(),
    createdByType: text('created_by_type', { enum: ['user', 'agent', 'system'] }).notNull(),
    createdById: text('created_by_id'),
    confirmedAt: tstz('confirmed_at'),
    cancelledAt: tstz('cancelled_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('orders_workspace_number_key').on(t.workspaceId, t.number),
    index('orders_workspace_created_idx').on(t.workspaceId, t.createdAt),
    index('orders_workspace_status_idx').on(t.workspaceId, t.status, t.createdAt),
    index('orders_customer_idx').on(t.customerId),
    check(
      'orders_totals_nonnegative',
      sql`${t.subtotal} >= 0 and ${t.total} >= 0 and ${t.shipping} >= 0 and ${t.discount} >= 0`,
    ),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    variantId: text('variant_id')
      .notNull()
      .references(() => productVariants.id),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    /** Snapshots taken when the line was added: later catalogue edits do not change the order. */
    name: text('name').notNull(),
    sku: text('sku').notNull(),
    attributes: jsonb('attributes')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    unitPrice: money('unit_price').notNull(),
    quantity: integer('quantity').notNull(),
    lineTotal: money('line_total').notNull(),
    ...timestamps,
  },
  (t) => [
    index('order_items_order_idx').on(t.orderId),
    index('order_items_variant_idx').on(t.variantId),
    uniqueIndex('order_items_order_variant_key').on(t.orderId, t.variantId),
    check('order_items_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

export const orderStatusHistory = pgTable(
  'order_status_history',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status', { enum: ORDER_STATUSES }),
    toStatus: text('to_status', { enum: ORDER_STATUSES }).notNull(),
    actorType: text('actor_type', { enum: ['user', 'agent', 'system'] }).notNull(),
    actorId: text('actor_id'),
    reason: text('reason'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('order_status_history_order_idx').on(t.orderId, t.createdAt)],
);

export const PAYMENT_METHODS = ['CASH', 'TRANSFER', 'CARD', 'MERCADOPAGO', 'OTHER'] as const;
export const PAYMENT_STATUSES = ['PENDING', 'CONFIRMED', 'REJECTED'] as const;

export const payments = pgTable(
  'payments',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('PENDING'),
    reference: text('reference'),
    paidAt: tstz('paid_at'),
    notes: text('notes'),
    createdByType: text('created_by_type', { enum: ['user', 'agent', 'system'] }).notNull(),
    createdById: text('created_by_id'),
    ...timestamps,
  },
  (t) => [
    index('payments_order_idx').on(t.orderId),
    index('payments_workspace_status_idx').on(t.workspaceId, t.status, t.createdAt),
    check('payments_amount_positive', sql`${t.amount} > 0`),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    paymentId: text('payment_id').references(() => payments.id, { onDelete: 'cascade' }),
    orderId: text('order_id').references(() => orders.id, { onDelete: 'cascade' }),
    r2Key: text('r2_key').notNull(),
    filename: text('filename'),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    createdByType: text('created_by_type', { enum: ['user', 'agent', 'system'] }).notNull(),
    createdById: text('created_by_id'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('attachments_payment_idx').on(t.paymentId),
    index('attachments_order_idx').on(t.orderId),
    index('attachments_workspace_sha_idx').on(t.workspaceId, t.sha256),
  ],
);

/**
 * Transactional outbox: a row is written in the same transaction as the change it announces;
 * a publisher later sends it to a queue and sets `published_at`. Consumers dedupe on `id`.
 */
export const eventOutbox = pgTable(
  'event_outbox',
  {
    id: id(),
    workspaceId: text('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
    /** `order:updated`, `stock:low`, `message:new`, … */
    type: text('type').notNull(),
    /** Which queue the publisher sends it to. */
    destination: text('destination', { enum: ['events', 'egress'] })
      .notNull()
      .default('events'),
    payload: jsonb('payload').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    publishedAt: tstz('published_at'),
  },
  (t) => [
    index('event_outbox_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.publishedAt} is null`),
    index('event_outbox_published_idx').on(t.publishedAt),
  ],
);
