import { createRoute, type z } from '@hono/zod-openapi';
import { listApprovals } from '../../../agent/approvals';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { ApprovalPageSchema, ListApprovalsQuery } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/approvals',
  tags: ['approvals'],
  operationId: 'listApprovals',
  summary: 'Agent actions waiting for (or given) an operator’s decision, newest first',
  middleware: [requireAuth, requireWorkspace, requirePermission('approvals:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { query: ListApprovalsQuery },
  responses: {
    200: {
      description: 'A page of approval requests',
      content: { 'application/json': { schema: ApprovalPageSchema } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type ListApprovalsResponse = z.infer<typeof ApprovalPageSchema>;

export const registerListApprovals = (app: App) =>
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const page = await listApprovals({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId, ...query });
    return c.json(ApprovalPageSchema.parse(page), 200);
  });
