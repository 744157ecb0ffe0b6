import { orders, type customerAddresses, type customers } from '../../../db/schema';

type CustomerRow = typeof customers.$inferSelect;
type AddressRow = typeof customerAddresses.$inferSelect;
type OrderRow = typeof orders.$inferSelect;

export interface Customer {
  id: string;
  name: string | null;
  /** E.164. */
  phone: string | null;
  email: string | null;
  waUserId: string | null;
  notes: string | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface CustomerAddress {
  id: string;
  customerId: string;
  label: string | null;
  street: string;
  number: string | null;
  apartment: string | null;
  city: string;
  province: string | null;
  postalCode: string | null;
  country: string;
  notes: string | null;
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** An order as customer views list it. */
export interface CustomerOrderSummary {
  id: string;
  number: number;
  status: OrderRow['status'];
  paymentStatus: OrderRow['paymentStatus'];
  total: number;
  currency: string;
  createdAt: Date;
}

export const toCustomer = (r: CustomerRow): Customer => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  email: r.email,
  waUserId: r.waUserId,
  notes: r.notes,
  tags: r.tags,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toAddress = (r: AddressRow): CustomerAddress => ({
  id: r.id,
  customerId: r.customerId,
  label: r.label,
  street: r.street,
  number: r.number,
  apartment: r.apartment,
  city: r.city,
  province: r.province,
  postalCode: r.postalCode,
  country: r.country,
  notes: r.notes,
  isDefault: r.isDefault,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** The columns of `orders` that make a `CustomerOrderSummary`, for `db.select(orderSummaryColumns)`. */
export const orderSummaryColumns = {
  id: orders.id,
  number: orders.number,
  status: orders.status,
  paymentStatus: orders.paymentStatus,
  total: orders.total,
  currency: orders.currency,
  createdAt: orders.createdAt,
};
