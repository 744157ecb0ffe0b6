import { createRoute, type z } from '@hono/zod-openapi';
import { createCustomer } from '../../../retail/customers/customers';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { customerError } from './failures';
import { CreateCustomerBody, CustomerWithAddressesSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/customers',
  tags: ['customers'],
  operationId: 'createCustomer',
  summary: 'Create a customer, optionally with addresses',
  description:
    'The phone is stored as E.164 (Argentine numbers in their mobile form, +54 9 …). A phone or WhatsApp id already used by another customer of the workspace answers 409.',
  middleware: [requireAuth, requireWorkspace, requirePermission('customers:create')] as const,
  security: [{ bearerAuth: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: CreateCustomerBody } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: CustomerWithAddressesSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type CreateCustomerRequest = z.infer<typeof CreateCustomerBody>;
export type CreateCustomerResponse = z.infer<typeof CustomerWithAddressesSchema>;

export const registerCreateCustomer = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await createCustomer(
      { db: c.var.db },
      { ...body, workspaceId, actor: { type: 'user', id: userId } },
    );
    if (!result.ok) throw customerError(result);
    return c.json(CustomerWithAddressesSchema.parse(result.value), 201);
  });
