import { createRoute, type z } from '@hono/zod-openapi';
import { shipOrder } from '../../../retail/orders';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from '../stock/failures';
import { OrderIdParams, OrderSchema, ShipOrderBody } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/orders/{id}/ship',
  tags: ['orders'],
  operationId: 'shipOrder',
  summary: 'Mark an order as shipped',
  description:
    'CONFIRMED → SHIPPED. The optional tracking number is kept on the delivery (`delivery.trackingNumber`). An order picked up at the shop (`delivery.method` PICKUP) does not ship: 409 INVALID_TRANSITION (mark it delivered instead).',
  middleware: [requireAuth, requireWorkspace, requirePermission('orders:fulfill')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: OrderIdParams,
    body: { required: false, content: { 'application/json': { schema: ShipOrderBody } } },
  },
  responses: {
    200: { description: 'The shipped order', content: { 'application/json': { schema: OrderSchema } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export type ShipOrderRequest = z.infer<typeof ShipOrderBody>;

export const registerShipOrder = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    const { workspaceId, userId } = c.var.tenant;
    const result = await shipOrder(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, orderId: id, trackingNumber: body.trackingNumber },
    );
    if (!result.ok) throw failureToApiError(result);
    return c.json(OrderSchema.parse(result.value), 200);
  });
