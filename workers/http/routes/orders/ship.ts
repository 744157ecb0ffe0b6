import { shipOrder } from '../../../retail/orders';
import type { App } from '../../app';
import { registerTransition } from './transition';

export const registerShipOrder = (app: App) =>
  registerTransition(app, {
    verb: 'ship',
    operationId: 'shipOrder',
    summary: 'Mark an order as shipped',
    description: 'CONFIRMED → SHIPPED.',
    permission: 'orders:fulfill',
    run: shipOrder,
  });
