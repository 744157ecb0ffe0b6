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
    { verb: 'deliver', label: 'Entregado', permission: 'orders:fulfill' },
    { verb: 'cancel', label: 'Cancelar', permission: 'orders:cancel', tone: 'danger' },
  ],
  SHIPPED: [{ verb: 'deliver', label: 'Marcar entregado', permission: 'orders:fulfill' }],
  DELIVERED: [],
  CANCELLED: [],
};

/**
 * The actions offered on an order: a pickup order is handed over at the shop, so it never offers
 * "Marcar enviado" (it goes CONFIRMED → "Entregado"); one sent to an address ships first.
 */
export function orderActions(order: { status: string; delivery: { method: string } | null }) {
  const pickup = order.delivery?.method === 'PICKUP';
  return (ORDER_ACTIONS[order.status] ?? []).filter(
    (a) => order.status !== 'CONFIRMED' || (pickup ? a.verb !== 'ship' : a.verb !== 'deliver'),
  );
}
