import { createRoute, type z } from '@hono/zod-openapi';
import { mergeCustomers } from '../../../retail/customers/merge';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { customerError } from './failures';
import { CustomerIdParams, MergeCustomerBody, MergeResultSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/customers/{id}/merge',
  tags: ['customers'],
  operationId: 'mergeCustomer',
  summary: 'Merge a duplicate customer into this one',
  description:
    "Moves the source's orders and addresses to this customer, copies the fields this one lacks (name, phone, e-mail, WhatsApp id), unites the tags and hides the source (merged into this one). One transaction. Merging a customer into itself, or either side being already merged, answers 409.",
  middleware: [requireAuth, requireWorkspace, requirePermission('customers:merge')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: CustomerIdParams,
    body: { required: true, content: { 'application/json': { schema: MergeCustomerBody } } },
  },
  responses: {
    200: {
      description: 'The merged customer and what moved',
      content: { 'application/json': { schema: MergeResultSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type MergeCustomerRequest = z.infer<typeof MergeCustomerBody>;
export type MergeCustomerResponse = z.infer<typeof MergeResultSchema>;

export const registerMergeCustomer = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { sourceCustomerId } = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await mergeCustomers(
      { db: c.var.db },
      { workspaceId, sourceCustomerId, targetCustomerId: id, actor: { type: 'user', id: userId } },
    );
    if (!result.ok) throw customerError(result);
    return c.json(MergeResultSchema.parse(result.value), 200);
  });
