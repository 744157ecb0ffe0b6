import { useQueryClient } from '@tanstack/react-query';
import type { Order } from '../../lib/types';

/** Refetches everything an order change touches: the order, its payments, files and stock. */
export function useRefreshOrder(order: Order) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['orders'] });
    await queryClient.invalidateQueries({ queryKey: ['order-payments', order.id] });
    await queryClient.invalidateQueries({ queryKey: ['order-attachments', order.id] });
    await queryClient.invalidateQueries({ queryKey: ['stock'] });
  };
}
