import { api } from './api';
import type { OrderSummary, Page } from './types';

/** Orders whose createdAt falls in [from, to], every page (at most `maxPages` × 100). */
export async function fetchAllOrders(query: { from?: string; to?: string; status?: string }, maxPages = 20) {
  const orders: OrderSummary[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const result: Page<OrderSummary> = await api<Page<OrderSummary>>('/orders', {
      query: { ...query, limit: 100, cursor },
    });
    orders.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) return { orders, complete: true };
  }
  return { orders, complete: false };
}

/** Statuses whose total counts as a sale. */
export const SOLD_STATUSES = new Set(['CONFIRMED', 'SHIPPED', 'DELIVERED']);

/** The transitions an operator may take from each status, with the permission each needs. */
export const ORDER_ACTIONS: Record<
  string,
  Array<{
    verb: 'request-confirmation' | 'reopen' | 'confirm' | 'ship' | 'deliver' | 'cancel';
    label: string;
    permission: string;
    tone?: 'danger';
  }>
> = {
  DRAFT: [
    { verb: 'request-confirmation', label: 'Pedir confirmación', permission: 'orders:update' },
    { verb: 'confirm', label: 'Confirmar pedido', permission: 'orders:confirm' },
    { verb: 'cancel', label: 'Cancelar', permission: 'orders:cancel', tone: 'danger' },
  ],
  PENDING: [
    { verb: 'confirm', label: 'Confirmar pedido', permission: 'orders:confirm' },
    { verb: 'reopen', label: 'Volver a borrador', permission: 'orders:update' },
    { verb: 'cancel', label: 'Cancelar', permission: 'orders:cancel', tone: 'danger' },
  ],
  CONFIRMED: [
    { verb: 'ship', label: 'Marcar enviado', permission: 'orders:fulfill' },
    { verb: 'cancel', label: 'Cancelar', permission: 'orders:cancel', tone: 'danger' },
  ],
  SHIPPED: [{ verb: 'deliver', label: 'Marcar entregado', permission: 'orders:fulfill' }],
  DELIVERED: [],
  CANCELLED: [],
};
