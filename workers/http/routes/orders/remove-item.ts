import { createRoute } from '@hono/zod-openapi';
import { removeItem } from '../../../retail/orders';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from '../stock/failures';
import { OrderItemParams, OrderSchema } from './schema';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/orders/{id}/items/{itemId}',
  tags: ['orders'],
  operationId: 'removeOrderItem',
  summary: 'Remove a line',
  description: 'Removes the line and gives its held stock back.',
  middleware: [requireAuth, requireWorkspace, requirePermission('orders:update')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: OrderItemParams },
  responses: {
    200: { description: 'The order after the change', content: { 'application/json': { schema: OrderSchema } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export const registerRemoveOrderItem = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, itemId } = c.req.valid('param');
    const { workspaceId, userId } = c.var.tenant;
    const result = await removeItem(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, orderId: id, itemId },
    );
    if (!result.ok) throw failureToApiError(result);
    return c.json(OrderSchema.parse(result.value), 200);
  });
