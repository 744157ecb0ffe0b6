import { createRoute, type z } from '@hono/zod-openapi';
import { addItem } from '../../../retail/orders';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from '../stock/failures';
import { OrderIdParams, OrderSchema, UpsertItemBody } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/orders/{id}/items',
  tags: ['orders'],
  operationId: 'upsertOrderItem',
  summary: 'Set the line of a variant',
  description:
    'Sets the order’s line for `variantId` to `quantity` units, creating it if missing (snapshotting name, SKU, attributes and price). Idempotent: repeating the call changes nothing. The line holds that much stock; not enough answers 409 INSUFFICIENT_STOCK.',
  middleware: [requireAuth, requireWorkspace, requirePermission('orders:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: OrderIdParams,
    body: { required: true, content: { 'application/json': { schema: UpsertItemBody } } },
  },
  responses: {
    200: { description: 'The order after the change', content: { 'application/json': { schema: OrderSchema } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export type UpsertOrderItemRequest = z.infer<typeof UpsertItemBody>;

export const registerAddOrderItem = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await addItem(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, orderId: id, ...body },
    );
    if (!result.ok) throw failureToApiError(result);
    return c.json(OrderSchema.parse(result.value), 200);
  });
