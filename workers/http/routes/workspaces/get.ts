import { createRoute, type z } from '@hono/zod-openapi';
import { getWorkspace } from '../../../core/tenancy/workspaces';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspaceParam } from '../../middleware/tenant';
import { WorkspaceIdParams, WorkspaceSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/workspaces/{id}',
  tags: ['workspaces'],
  operationId: 'getWorkspace',
  summary: 'One of the caller’s workspaces',
  middleware: [requireAuth, requireWorkspaceParam, requirePermission('workspaces:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: WorkspaceIdParams },
  responses: {
    200: { description: 'The workspace', content: { 'application/json': { schema: WorkspaceSchema } } },
    ...errorResponses(401, 403, 404),
  },
});

export type GetWorkspaceResponse = z.infer<typeof WorkspaceSchema>;

export const registerGetWorkspace = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const result = await getWorkspace({ db: c.var.db }, { workspaceId: id, userId: c.var.auth.userId });
    if (!result.ok) throw new ApiError('NOT_FOUND', 'Workspace not found');
    return c.json(WorkspaceSchema.parse(result.value), 200);
  });
