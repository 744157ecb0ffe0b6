import { createRoute } from '@hono/zod-openapi';
import { deleteRole } from '../../../core/rbac/roles';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspaceParam } from '../../middleware/tenant';
import { roleError } from './errors';
import { RoleParams } from './schema';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/workspaces/{id}/roles/{roleId}',
  tags: ['roles'],
  operationId: 'deleteRole',
  summary: 'Delete a role no member holds',
  description: 'System roles (Owner, Admin) and roles held by any member cannot be deleted (409).',
  middleware: [requireAuth, requireWorkspaceParam, requirePermission('roles:delete')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: RoleParams },
  responses: {
    204: { description: 'Deleted' },
    ...errorResponses(401, 403, 404, 409),
  },
});

export const registerDeleteRole = (app: App) =>
  app.openapi(route, async (c) => {
    const { roleId } = c.req.valid('param');
    const { workspaceId } = c.var.tenant;
    const result = await deleteRole({ db: c.var.db }, { workspaceId, actor: c.var.tenant, roleId });
    if (!result.ok) throw roleError(result);
    return c.body(null, 204);
  });
