import { reopenOrder } from '../../../retail/orders';
import type { App } from '../../app';
import { registerTransition } from './transition';

export const registerReopenOrder = (app: App) =>
  registerTransition(app, {
    verb: 'reopen',
    operationId: 'reopenOrder',
    summary: 'Back to draft',
    description: 'PENDING → DRAFT, e.g. when the customer asks for changes.',
    permission: 'orders:update',
    run: reopenOrder,
  });
