import { createRoute, type z } from '@hono/zod-openapi';
import { createDraftOrder } from '../../../retail/orders';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { idempotent, IdempotencyHeaders } from '../../middleware/idempotency';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { failureToApiError } from '../stock/failures';
import { CreateOrderBody, OrderSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/orders',
  tags: ['orders'],
  operationId: 'createOrder',
  summary: 'Create a draft order',
  description:
    'Creates a DRAFT with the next order number of the workspace. Its items hold stock for `holdSeconds` (default 900, renewed by every change): not enough stock answers 409 INSUFFICIENT_STOCK and creates nothing. Totals are computed by the server.',
  middleware: [requireAuth, requireWorkspace, requirePermission('orders:create'), idempotent] as const,
  security: [{ bearerAuth: [] }],
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: { 'application/json': { schema: CreateOrderBody } } },
  },
  responses: {
    201: { description: 'The draft', content: { 'application/json': { schema: OrderSchema } } },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export type CreateOrderRequest = z.infer<typeof CreateOrderBody>;
export type CreateOrderResponse = z.infer<typeof OrderSchema>;

export const registerCreateOrder = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await createDraftOrder(
      { db: c.var.db },
      { workspaceId, actor: { type: 'user', id: userId }, ...body },
    );
    if (!result.ok) throw failureToApiError(result);
    return c.json(OrderSchema.parse(result.value), 201);
  });
