import { createRoute, type z } from '@hono/zod-openapi';
import { listMembers } from '../../../core/tenancy/members';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspaceParam } from '../../middleware/tenant';
import { WorkspaceIdParams } from '../workspaces/schema';
import { MemberListSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/workspaces/{id}/members',
  tags: ['members'],
  operationId: 'listMembers',
  summary: 'Members of a workspace with their roles',
  middleware: [requireAuth, requireWorkspaceParam, requirePermission('members:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: WorkspaceIdParams },
  responses: {
    200: { description: 'The members', content: { 'application/json': { schema: MemberListSchema } } },
    ...errorResponses(401, 403, 404),
  },
});

export type ListMembersResponse = z.infer<typeof MemberListSchema>;

export const registerListMembers = (app: App) =>
  app.openapi(route, async (c) => {
    const data = await listMembers({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId });
    return c.json(MemberListSchema.parse({ data }), 200);
  });
