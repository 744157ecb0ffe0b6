import { createRoute, type z } from '@hono/zod-openapi';
import { listRoles } from '../../../core/rbac/roles';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspaceParam } from '../../middleware/tenant';
import { WorkspaceIdParams } from '../workspaces/schema';
import { RoleListSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/workspaces/{id}/roles',
  tags: ['roles'],
  operationId: 'listRoles',
  summary: 'Roles of a workspace with their permissions and member counts',
  middleware: [requireAuth, requireWorkspaceParam, requirePermission('roles:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: WorkspaceIdParams },
  responses: {
    200: { description: 'The roles', content: { 'application/json': { schema: RoleListSchema } } },
    ...errorResponses(401, 403, 404),
  },
});

export type ListRolesResponse = z.infer<typeof RoleListSchema>;

export const registerListRoles = (app: App) =>
  app.openapi(route, async (c) => {
    const data = await listRoles({ db: c.var.db }, { workspaceId: c.var.tenant.workspaceId });
    return c.json(RoleListSchema.parse({ data }), 200);
  });
