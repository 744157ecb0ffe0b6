import { createRoute, type z } from '@hono/zod-openapi';
import { updateAddress } from '../../../retail/customers/addresses';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { customerError } from './failures';
import { AddressParams, AddressPatchBody, CustomerAddressSchema } from './schema';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/customers/{id}/addresses/{addressId}',
  tags: ['customers'],
  operationId: 'updateCustomerAddress',
  summary: "Change a customer's address",
  description: '`isDefault: true` makes it the only default address. `null` clears an optional field.',
  middleware: [requireAuth, requireWorkspace, requirePermission('customers:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: AddressParams,
    body: { required: true, content: { 'application/json': { schema: AddressPatchBody } } },
  },
  responses: {
    200: { description: 'The updated address', content: { 'application/json': { schema: CustomerAddressSchema } } },
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

export type UpdateCustomerAddressRequest = z.infer<typeof AddressPatchBody>;
export type UpdateCustomerAddressResponse = z.infer<typeof CustomerAddressSchema>;

export const registerUpdateCustomerAddress = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, addressId } = c.req.valid('param');
    const patch = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await updateAddress(
      { db: c.var.db },
      { workspaceId, customerId: id, addressId, patch, actor: { type: 'user', id: userId } },
    );
    if (!result.ok) throw customerError(result);
    return c.json(CustomerAddressSchema.parse(result.value), 200);
  });
