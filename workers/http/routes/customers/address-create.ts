import { createRoute, type z } from '@hono/zod-openapi';
import { addAddress } from '../../../retail/customers/addresses';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { customerError } from './failures';
import { AddressBody, CustomerAddressSchema, CustomerIdParams } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/customers/{id}/addresses',
  tags: ['customers'],
  operationId: 'createCustomerAddress',
  summary: 'Add an address to a customer',
  description:
    'It becomes the default when `isDefault` is true or the customer has no default yet; there is one default at a time.',
  middleware: [requireAuth, requireWorkspace, requirePermission('customers:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: CustomerIdParams,
    body: { required: true, content: { 'application/json': { schema: AddressBody } } },
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: CustomerAddressSchema } } },
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

export type CreateCustomerAddressRequest = z.infer<typeof AddressBody>;
export type CreateCustomerAddressResponse = z.infer<typeof CustomerAddressSchema>;

export const registerCreateCustomerAddress = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const address = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await addAddress(
      { db: c.var.db },
      { workspaceId, customerId: id, address, actor: { type: 'user', id: userId } },
    );
    if (!result.ok) throw customerError(result);
    return c.json(CustomerAddressSchema.parse(result.value), 201);
  });
