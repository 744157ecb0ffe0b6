/**
 * Orders: drafts whose items hold stock, the lifecycle (transitions.ts) and the atomic
 * confirmation that sells the stock. Functions the AI agent's tools call as they are.
 */
export { createDraftOrder, type CreateDraftOrderInput } from './create';
export {
  addItem,
  removeItem,
  setDeliveryDetails,
  setItemQuantity,
  updateOrder,
  type OrderRef,
  type UpdateOrderInput,
} from './edit';
export {
  cancelOrder,
  confirmOrder,
  deliverOrder,
  markPending,
  reopenOrder,
  shipOrder,
  type TransitionInput,
} from './lifecycle';
export { getOrder, listOrders, type ListOrdersInput } from './queries';
export * from './schemas';
export { canTransition, ORDER_TRANSITIONS } from './transitions';
export type * from './types';
