import { z } from '@hono/zod-openapi';
import { PAYMENT_METHODS, PAYMENT_STATUSES, PAYMENT_STATUSES_OF_ORDER } from '../../../../db/schema';
import { RegisterPaymentSchema, ReviewPaymentSchema } from '../../../retail/payments/schemas';
import { Timestamp } from '../workspaces/schema';

const pathParam = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name, in: 'path' }, example });

export const OrderIdParams = z.object({ orderId: pathParam('orderId', 'ord_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0') });
export const PaymentIdParams = z.object({ id: pathParam('id', 'pay_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0') });

export const OrderPaymentSummarySchema = z
  .object({
    orderId: z.string(),
    total: z.number().int().openapi({ description: 'Order total, minor units', example: 1_250_000 }),
    currency: z.string().openapi({ example: 'ARS' }),
    paid: z.number().int().openapi({ description: 'Sum of CONFIRMED payments' }),
    pending: z.number().int().openapi({ description: 'Sum of PENDING payments' }),
    paymentStatus: z.enum(PAYMENT_STATUSES_OF_ORDER),
  })
  .openapi('OrderPaymentSummary');

export const PaymentSchema = z
  .object({
    id: z.string().openapi({ example: 'pay_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0' }),
    orderId: z.string(),
    method: z.enum(PAYMENT_METHODS),
    amount: z.number().int().openapi({ description: 'Minor units', example: 500_000 }),
    currency: z.string().openapi({ example: 'ARS' }),
    status: z.enum(PAYMENT_STATUSES),
    reference: z.string().nullable(),
    paidAt: Timestamp.nullable(),
    notes: z.string().nullable(),
    createdByType: z.enum(['user', 'agent', 'system']),
    createdById: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Payment');

export const PaymentWithOrderSchema = PaymentSchema.extend({ order: OrderPaymentSummarySchema }).openapi(
  'PaymentWithOrder',
);

export const PaymentListSchema = z
  .object({ items: z.array(PaymentSchema), summary: OrderPaymentSummarySchema })
  .openapi('PaymentList');

export const RegisterPaymentBody = RegisterPaymentSchema.openapi('RegisterPayment', {
  example: { method: 'TRANSFER', amount: 500_000, reference: 'CBU-TRX-88123' },
});
export const ReviewPaymentBody = ReviewPaymentSchema.openapi('ReviewPayment', { example: { status: 'CONFIRMED' } });
