import { createRoute, type z } from '@hono/zod-openapi';
import { registerPayment } from '../../../retail/payments/payments';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { idempotent, IdempotencyHeaders } from '../../middleware/idempotency';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { paymentError } from './failures';
import { OrderIdParams, PaymentWithOrderSchema, RegisterPaymentBody } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/orders/{orderId}/payments',
  tags: ['payments'],
  operationId: 'registerPayment',
  summary: 'Register a payment against an order',
  description:
    "CONFIRMED unless `status: PENDING`. Confirmed payments may not add up to more than the order total unless `allowOverpayment` (409 otherwise); DRAFT and CANCELLED orders take no payments (409). The currency, if sent, must be the order's. The order's payment status (UNPAID/PARTIAL/PAID) is recomputed.",
  middleware: [requireAuth, requireWorkspace, requirePermission('payments:create'), idempotent] as const,
  security: [{ bearerAuth: [] }],
  request: {
    headers: IdempotencyHeaders,
    params: OrderIdParams,
    body: { required: true, content: { 'application/json': { schema: RegisterPaymentBody } } },
  },
  responses: {
    201: { description: 'Registered', content: { 'application/json': { schema: PaymentWithOrderSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type RegisterPaymentRequest = z.infer<typeof RegisterPaymentBody>;
export type RegisterPaymentResponse = z.infer<typeof PaymentWithOrderSchema>;

export const registerRegisterPayment = (app: App) =>
  app.openapi(route, async (c) => {
    const { orderId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await registerPayment(
      { db: c.var.db },
      { ...body, workspaceId, orderId, actor: { type: 'user', id: userId } },
    );
    if (!result.ok) throw paymentError(result);
    return c.json(PaymentWithOrderSchema.parse(result.value), 201);
  });
