import { createRoute, type z } from '@hono/zod-openapi';
import { getCustomerByPhone } from '../../../retail/customers/customers';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { customerError } from './failures';
import { CustomerSchema, PhoneParams } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/customers/by-phone/{phone}',
  tags: ['customers'],
  operationId: 'getCustomerByPhone',
  summary: 'Find a customer by phone',
  description:
    'The phone may be written any common way ("11 5555-1234", "+54 9 11 5555 1234", "5491155551234"); it is read as Argentine unless it has a country code. URL-encode it.',
  middleware: [requireAuth, requireWorkspace, requirePermission('customers:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: PhoneParams },
  responses: {
    200: { description: 'The customer', content: { 'application/json': { schema: CustomerSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type GetCustomerByPhoneResponse = z.infer<typeof CustomerSchema>;

export const registerGetCustomerByPhone = (app: App) =>
  app.openapi(route, async (c) => {
    const { phone } = c.req.valid('param');
    const result = await getCustomerByPhone({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, phone });
    if (!result.ok) throw customerError(result);
    return c.json(CustomerSchema.parse(result.value), 200);
  });
