import { createRoute, type z } from '@hono/zod-openapi';
import { reviewPayment } from '../../../retail/payments/payments';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { paymentError } from './failures';
import { PaymentIdParams, PaymentWithOrderSchema, ReviewPaymentBody } from './schema';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/payments/{id}',
  tags: ['payments'],
  operationId: 'reviewPayment',
  summary: 'Confirm or reject a pending payment',
  description:
    'For a payment registered as PENDING (e.g. a transfer whose receipt an operator checks). Confirming follows the overpayment rule of registering; a payment that is not PENDING answers 409. The order’s payment status is recomputed.',
  middleware: [requireAuth, requireWorkspace, requirePermission('payments:verify')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: PaymentIdParams,
    body: { required: true, content: { 'application/json': { schema: ReviewPaymentBody } } },
  },
  responses: {
    200: { description: 'The reviewed payment', content: { 'application/json': { schema: PaymentWithOrderSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type ReviewPaymentRequest = z.infer<typeof ReviewPaymentBody>;
export type ReviewPaymentResponse = z.infer<typeof PaymentWithOrderSchema>;

export const registerReviewPayment = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await reviewPayment(
      { db: c.var.db },
      { ...body, workspaceId, paymentId: id, actor: { type: 'user', id: userId } },
    );
    if (!result.ok) throw paymentError(result);
    return c.json(PaymentWithOrderSchema.parse(result.value), 200);
  });
