import { createRoute } from '@hono/zod-openapi';
import { deleteAddress } from '../../../retail/customers/addresses';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { customerError } from './failures';
import { AddressParams } from './schema';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/customers/{id}/addresses/{addressId}',
  tags: ['customers'],
  operationId: 'deleteCustomerAddress',
  summary: "Delete a customer's address",
  description: 'If it was the default, the oldest remaining address becomes the default.',
  middleware: [requireAuth, requireWorkspace, requirePermission('customers:update')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: AddressParams },
  responses: {
    204: { description: 'Deleted' },
    ...errorResponses(401, 403, 404),
  },
});

export const registerDeleteCustomerAddress = (app: App) =>
  app.openapi(route, async (c) => {
    const { id, addressId } = c.req.valid('param');
    const { workspaceId, userId } = c.var.tenant;
    const result = await deleteAddress(
      { db: c.var.db },
      { workspaceId, customerId: id, addressId, actor: { type: 'user', id: userId } },
    );
    if (!result.ok) throw customerError(result);
    return c.body(null, 204);
  });
