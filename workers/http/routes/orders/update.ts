import { createRoute, type z } from '@hono/zod-openapi';
import { updateOrder } from '../../../retail/orders';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from '../stock/failures';
import { OrderIdParams, OrderSchema, UpdateOrderBody } from './schema';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/orders/{id}',
  tags: ['orders'],
  operationId: 'updateOrder',
  summary: 'Change a draft or pending order',
  description:
    'Only while DRAFT or PENDING (409 otherwise). `items` replaces every line (stock holds follow); `null` clears customer, delivery or notes. A change other than notes to a PENDING order returns it to DRAFT: the customer has not confirmed the new content.',
  middleware: [requireAuth, requireWorkspace, requirePermission('orders:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: OrderIdParams,
    body: { required: true, content: { 'application/json': { schema: UpdateOrderBody } } },
  },
  responses: {
    200: { description: 'The order after the change', content: { 'application/json': { schema: OrderSchema } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export type UpdateOrderRequest = z.infer<typeof UpdateOrderBody>;
export type UpdateOrderResponse = z.infer<typeof OrderSchema>;

export const registerUpdateOrder = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await updateOrder(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, orderId: id, ...body },
    );
    if (!result.ok) throw failureToApiError(result);
    return c.json(OrderSchema.parse(result.value), 200);
  });
