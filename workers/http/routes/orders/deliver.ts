import { deliverOrder } from '../../../retail/orders';
import type { App } from '../../app';
import { registerTransition } from './transition';

export const registerDeliverOrder = (app: App) =>
  registerTransition(app, {
    verb: 'deliver',
    operationId: 'deliverOrder',
    summary: 'Mark an order as delivered',
    description:
      'SHIPPED → DELIVERED; an order picked up at the shop (`delivery.method` PICKUP) goes CONFIRMED → DELIVERED.',
    permission: 'orders:fulfill',
    run: deliverOrder,
  });
