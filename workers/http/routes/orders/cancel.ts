import { createRoute, type z } from '@hono/zod-openapi';
import { cancelOrder } from '../../../retail/orders';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from '../stock/failures';
import { CancelOrderBody, OrderIdParams, OrderSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/orders/{id}/cancel',
  tags: ['orders'],
  operationId: 'cancelOrder',
  summary: 'Cancel an order',
  description:
    'DRAFT/PENDING → CANCELLED releases the held stock; CONFIRMED → CANCELLED puts the units back on hand (CANCELLATION movements). Shipped or delivered orders answer 409 INVALID_TRANSITION. The optional reason is kept in the status history.',
  middleware: [requireAuth, requireWorkspace, requirePermission('orders:cancel')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: OrderIdParams,
    body: { required: false, content: { 'application/json': { schema: CancelOrderBody } } },
  },
  responses: {
    200: { description: 'The cancelled order', content: { 'application/json': { schema: OrderSchema } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export type CancelOrderRequest = z.infer<typeof CancelOrderBody>;

export const registerCancelOrder = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    const { workspaceId, userId } = c.var.tenant;
    const result = await cancelOrder(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, orderId: id, reason: body.reason },
    );
    if (!result.ok) throw failureToApiError(result);
    return c.json(OrderSchema.parse(result.value), 200);
  });
