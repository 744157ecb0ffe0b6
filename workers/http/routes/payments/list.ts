import { createRoute, type z } from '@hono/zod-openapi';
import { listPayments } from '../../../retail/payments/payments';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { paymentError } from './failures';
import { OrderIdParams, PaymentListSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/orders/{orderId}/payments',
  tags: ['payments'],
  operationId: 'listOrderPayments',
  summary: "An order's payments",
  description: 'Oldest first, with the order total, the confirmed and pending sums and the payment status.',
  middleware: [requireAuth, requireWorkspace, requirePermission('payments:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: OrderIdParams },
  responses: {
    200: { description: 'The payments', content: { 'application/json': { schema: PaymentListSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListOrderPaymentsResponse = z.infer<typeof PaymentListSchema>;

export const registerListOrderPayments = (app: App) =>
  app.openapi(route, async (c) => {
    const { orderId } = c.req.valid('param');
    const result = await listPayments({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, orderId });
    if (!result.ok) throw paymentError(result);
    return c.json(PaymentListSchema.parse(result.value), 200);
  });
