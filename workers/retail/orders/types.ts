import type { Database } from '../../../db/client';
import type { DeliveryDetails, OrderStatus, orders } from '../../../db/schema';
import type { Actor } from '../../core/audit/record';

export type { Actor };

export interface OrderDeps {
  db: Database;
  now?: () => Date;
}

export type OrderRow = typeof orders.$inferSelect;

/** Failure codes of the order functions (the route maps each to a status). */
export type OrderError =
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'INSUFFICIENT_STOCK'
  | 'INVALID_STATE'
  | 'INVALID_TRANSITION'
  | 'NOT_EDITABLE'
  | 'EMPTY_ORDER';

export interface OrderCustomer {
  id: string;
  name: string | null;
  phone: string | null;
}

export interface OrderItem {
  id: string;
  variantId: string;
  productId: string;
  name: string;
  sku: string;
  attributes: Record<string, string>;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  /** Until when the line's stock is held (DRAFT/PENDING orders); null once sold, released or expired. */
  heldUntil: Date | null;
}

export interface OrderPayment {
  id: string;
  method: string;
  amount: number;
  currency: string;
  status: string;
  reference: string | null;
  paidAt: Date | null;
  createdAt: Date;
}

export interface OrderHistoryEntry {
  id: string;
  from: OrderStatus | null;
  to: OrderStatus;
  /** `name`: the member's full name when a person made the change (null if they left). */
  actor: Actor & { name: string | null };
  reason: string | null;
  createdAt: Date;
}

/** An order as lists show it. Money in minor units of `currency`. */
export interface OrderSummary {
  id: string;
  number: number;
  status: OrderStatus;
  paymentStatus: 'UNPAID' | 'PARTIAL' | 'PAID';
  customer: OrderCustomer | null;
  subtotal: number;
  shipping: number;
  discount: number;
  total: number;
  currency: string;
  itemCount: number;
  source: 'DASHBOARD' | 'AGENT' | 'API';
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An order with everything on it. */
export interface Order extends OrderSummary {
  items: OrderItem[];
  delivery: DeliveryDetails | null;
  notes: string | null;
  createdBy: Actor;
  payments: OrderPayment[];
  history: OrderHistoryEntry[];
}
