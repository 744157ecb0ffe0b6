import { markPending } from '../../../retail/orders';
import type { App } from '../../app';
import { registerTransition } from './transition';

export const registerRequestConfirmation = (app: App) =>
  registerTransition(app, {
    verb: 'request-confirmation',
    operationId: 'requestOrderConfirmation',
    summary: 'Wait for the customer’s confirmation',
    description:
      'DRAFT → PENDING: the order has been put to the customer, whose explicit confirmation is awaited. Its stock stays held. An empty order answers 409.',
    permission: 'orders:update',
    run: markPending,
  });
