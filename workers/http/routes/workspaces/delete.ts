import { createRoute } from '@hono/zod-openapi';
import { deleteWorkspace } from '../../../core/tenancy/workspaces';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspaceParam } from '../../middleware/tenant';
import { WorkspaceIdParams } from './schema';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/workspaces/{id}',
  tags: ['workspaces'],
  operationId: 'deleteWorkspace',
  summary: 'Soft-delete a workspace (Owner only)',
  description: 'Afterwards the workspace answers 404 everywhere and leaves every member’s list. Its data is kept.',
  middleware: [requireAuth, requireWorkspaceParam, requirePermission('workspaces:delete')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: WorkspaceIdParams },
  responses: {
    204: { description: 'Deleted' },
    ...errorResponses(401, 403, 404),
  },
});

export const registerDeleteWorkspace = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const result = await deleteWorkspace({ db: c.var.db }, { workspaceId: id, actor: c.var.tenant });
    if (!result.ok) {
      switch (result.error) {
        case 'NOT_FOUND':
          throw new ApiError('NOT_FOUND', 'Workspace not found');
        case 'FORBIDDEN':
          throw new ApiError('FORBIDDEN', result.message ?? 'Only an Owner can delete the workspace');
      }
    }
    return c.body(null, 204);
  });
