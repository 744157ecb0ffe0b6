import { confirmOrder } from '../../../retail/orders';
import type { App } from '../../app';
import { registerTransition } from './transition';

export const registerConfirmOrder = (app: App) =>
  registerTransition(app, {
    verb: 'confirm',
    operationId: 'confirmOrder',
    summary: 'Confirm an order, selling its stock',
    description:
      'DRAFT/PENDING → CONFIRMED. In one transaction each line’s held stock is sold (SALE movement); a hold that expired is reserved again. Not enough stock answers 409 INSUFFICIENT_STOCK and changes nothing; an empty order answers 409.',
    permission: 'orders:confirm',
    idempotent: true,
    run: confirmOrder,
  });
