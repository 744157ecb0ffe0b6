import { createRoute, type z } from '@hono/zod-openapi';
import { updateRole } from '../../../core/rbac/roles';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspaceParam } from '../../middleware/tenant';
import { roleError } from './errors';
import { RoleParams, RoleSchema, UpdateRoleBody } from './schema';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/workspaces/{id}/roles/{roleId}',
  tags: ['roles'],
  operationId: 'updateRole',
  summary: 'Edit a role',
  description: 'System roles (Owner, Admin) cannot be edited (409). `permissions`, when sent, replaces the list.',
  middleware: [requireAuth, requireWorkspaceParam, requirePermission('roles:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: RoleParams,
    body: { required: true, content: { 'application/json': { schema: UpdateRoleBody } } },
  },
  responses: {
    200: { description: 'The updated role', content: { 'application/json': { schema: RoleSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type UpdateRoleRequest = z.infer<typeof UpdateRoleBody>;
export type UpdateRoleResponse = z.infer<typeof RoleSchema>;

export const registerUpdateRole = (app: App) =>
  app.openapi(route, async (c) => {
    const { roleId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { workspaceId } = c.var.tenant;
    const result = await updateRole({ db: c.var.db }, { workspaceId, actor: c.var.tenant, roleId, ...body });
    if (!result.ok) throw roleError(result);
    return c.json(RoleSchema.parse(result.value), 200);
  });
