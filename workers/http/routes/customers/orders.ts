import { createRoute, type z } from '@hono/zod-openapi';
import { PageQuerySchema } from '../../../core/pagination';
import { listCustomerOrders } from '../../../retail/customers/detail';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { customerError } from './failures';
import { CustomerIdParams, CustomerOrderPageSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/customers/{id}/orders',
  tags: ['customers'],
  operationId: 'listCustomerOrders',
  summary: "A customer's order history",
  description: 'Every order of the customer, any status, newest first, cursor-paginated.',
  middleware: [
    requireAuth,
    requireWorkspace,
    requirePermission('customers:read'),
    requirePermission('orders:read'),
  ] as const,
  security: [{ bearerAuth: [] }],
  request: { params: CustomerIdParams, query: PageQuerySchema },
  responses: {
    200: { description: 'A page of orders', content: { 'application/json': { schema: CustomerOrderPageSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListCustomerOrdersResponse = z.infer<typeof CustomerOrderPageSchema>;

export const registerListCustomerOrders = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    const result = await listCustomerOrders(
      { db: c.var.db },
      { workspaceId: c.var.tenant.workspaceId, customerId: id, ...query },
    );
    if (!result.ok) throw customerError(result);
    return c.json(CustomerOrderPageSchema.parse(result.value), 200);
  });
