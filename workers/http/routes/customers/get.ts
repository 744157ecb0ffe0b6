import { createRoute, type z } from '@hono/zod-openapi';
import { getCustomerDetail } from '../../../retail/customers/detail';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { customerError } from './failures';
import { CustomerDetailSchema, CustomerIdParams } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/customers/{id}',
  tags: ['customers'],
  operationId: 'getCustomer',
  summary: 'A customer with addresses, recent orders and totals',
  middleware: [requireAuth, requireWorkspace, requirePermission('customers:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: CustomerIdParams },
  responses: {
    200: { description: 'The customer', content: { 'application/json': { schema: CustomerDetailSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type GetCustomerResponse = z.infer<typeof CustomerDetailSchema>;

export const registerGetCustomer = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const result = await getCustomerDetail({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, customerId: id });
    if (!result.ok) throw customerError(result);
    return c.json(CustomerDetailSchema.parse(result.value), 200);
  });
