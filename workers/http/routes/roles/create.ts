import { createRoute, type z } from '@hono/zod-openapi';
import { createRole } from '../../../core/rbac/roles';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspaceParam } from '../../middleware/tenant';
import { WorkspaceIdParams } from '../workspaces/schema';
import { roleError } from './errors';
import { CreateRoleBody, RoleSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/workspaces/{id}/roles',
  tags: ['roles'],
  operationId: 'createRole',
  summary: 'Create a custom role',
  description:
    'Unknown permission strings → 400; a name already used in the workspace (ignoring case) → 409; permissions the caller does not hold → 403.',
  middleware: [requireAuth, requireWorkspaceParam, requirePermission('roles:create')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: WorkspaceIdParams,
    body: { required: true, content: { 'application/json': { schema: CreateRoleBody } } },
  },
  responses: {
    201: { description: 'The new role', content: { 'application/json': { schema: RoleSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type CreateRoleRequest = z.infer<typeof CreateRoleBody>;
export type CreateRoleResponse = z.infer<typeof RoleSchema>;

export const registerCreateRole = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { workspaceId } = c.var.tenant;
    const result = await createRole({ db: c.var.db }, { workspaceId, actor: c.var.tenant, ...body });
    if (!result.ok) throw roleError(result);
    return c.json(RoleSchema.parse(result.value), 201);
  });
