import { createRoute, type z } from '@hono/zod-openapi';
import { updateCustomer } from '../../../retail/customers/customers';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { customerError } from './failures';
import { CustomerIdParams, CustomerSchema, UpdateCustomerBody } from './schema';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/customers/{id}',
  tags: ['customers'],
  operationId: 'updateCustomer',
  summary: 'Change some fields of a customer',
  middleware: [requireAuth, requireWorkspace, requirePermission('customers:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: CustomerIdParams,
    body: { required: true, content: { 'application/json': { schema: UpdateCustomerBody } } },
  },
  responses: {
    200: { description: 'The updated customer', content: { 'application/json': { schema: CustomerSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type UpdateCustomerRequest = z.infer<typeof UpdateCustomerBody>;
export type UpdateCustomerResponse = z.infer<typeof CustomerSchema>;

export const registerUpdateCustomer = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await updateCustomer(
      { db: c.var.db },
      { ...body, workspaceId, customerId: id, actor: { type: 'user', id: userId } },
    );
    if (!result.ok) throw customerError(result);
    return c.json(CustomerSchema.parse(result.value), 200);
  });
