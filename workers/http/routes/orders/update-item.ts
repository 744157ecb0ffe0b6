import { createRoute, type z } from '@hono/zod-openapi';
import { setItemQuantity } from '../../../retail/orders';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from '../stock/failures';
import { OrderItemParams, OrderSchema, SetItemQuantityBody } from './schema';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/orders/{id}/items/{itemId}',
  tags: ['orders'],
  operationId: 'setOrderItemQuantity',
  summary: 'Change a line’s quantity',
  description: 'The held stock follows the new quantity; 0 removes the line.',
  middleware: [requireAuth, requireWorkspace, requirePermission('orders:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: OrderItemParams,
    body: { required: true, content: { 'application/json': { schema: SetItemQuantityBody } } },
  },
  responses: {
    200: { description: 'The order after the change', content: { 'application/json': { schema: OrderSchema } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export type SetOrderItemQuantityRequest = z.infer<typeof SetItemQuantityBody>;

export const registerUpdateOrderItem = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, itemId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await setItemQuantity(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, orderId: id, itemId, ...body },
    );
    if (!result.ok) throw failureToApiError(result);
    return c.json(OrderSchema.parse(result.value), 200);
  });
