import { createRoute, type z } from '@hono/zod-openapi';
import { getOrder } from '../../../retail/orders';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from '../stock/failures';
import { OrderIdParams, OrderSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/orders/{id}',
  tags: ['orders'],
  operationId: 'getOrder',
  summary: 'One order with items, payments and status history',
  middleware: [requireAuth, requireWorkspace, requirePermission('orders:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: OrderIdParams },
  responses: {
    200: { description: 'The order', content: { 'application/json': { schema: OrderSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type GetOrderResponse = z.infer<typeof OrderSchema>;

export const registerGetOrder = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const result = await getOrder({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, orderId: id });
    if (!result.ok) throw failureToApiError(result);
    return c.json(OrderSchema.parse(result.value), 200);
  });
