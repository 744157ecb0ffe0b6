import { createRoute, type z } from '@hono/zod-openapi';
import { listOrders } from '../../../retail/orders';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ListOrdersQuery, OrderPageSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/orders',
  tags: ['orders'],
  operationId: 'listOrders',
  summary: 'Orders, newest first',
  description:
    'Filter by status (one or several), customer, a creation date range, or `q` (order number, customer name or phone). Each order carries its paymentStatus.',
  middleware: [requireAuth, requireWorkspace, requirePermission('orders:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { query: ListOrdersQuery },
  responses: {
    200: { description: 'One page of orders', content: { 'application/json': { schema: OrderPageSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListOrdersResponse = z.infer<typeof OrderPageSchema>;

export const registerListOrders = (app: App) =>
  app.openapi(route, async (c) => {
    const { from, to, ...query } = c.req.valid('query');
    const page = await listOrders(
      { db: c.var.db },
      {
        workspaceId: c.var.tenant.workspaceId,
        ...query,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      },
    );
    return c.json(OrderPageSchema.parse(page), 200);
  });
