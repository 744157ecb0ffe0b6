import { createRoute, type z } from '@hono/zod-openapi';
import { listCustomers } from '../../../retail/customers/customers';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { CustomerPageSchema, ListCustomersQuery } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/customers',
  tags: ['customers'],
  operationId: 'listCustomers',
  summary: 'List and search customers',
  description:
    'Newest first, cursor-paginated. `q` matches part of the name or e-mail, or a phone written any common way. Merged and deleted customers never appear.',
  middleware: [requireAuth, requireWorkspace, requirePermission('customers:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { query: ListCustomersQuery },
  responses: {
    200: { description: 'A page of customers', content: { 'application/json': { schema: CustomerPageSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListCustomersResponse = z.infer<typeof CustomerPageSchema>;

export const registerListCustomers = (app: App) =>
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listCustomers({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, ...query });
    return c.json(CustomerPageSchema.parse(page), 200);
  });
