import { newApp } from '../../app';
import { registerRegisterPayment } from './create';
import { registerListOrderPayments } from './list';
import { registerReviewPayment } from './review';

/** `/api/v1/orders/{orderId}/payments` and `/api/v1/payments/{id}`: payments against orders. */
export const paymentRoutes = newApp();
registerListOrderPayments(paymentRoutes);
registerRegisterPayment(paymentRoutes);
registerReviewPayment(paymentRoutes);
