import { createRoute, type z } from '@hono/zod-openapi';
import { updateWorkspace } from '../../../core/tenancy/workspaces';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspaceParam } from '../../middleware/tenant';
import { UpdateWorkspaceBody, WorkspaceIdParams, WorkspaceSchema } from './schema';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/workspaces/{id}',
  tags: ['workspaces'],
  operationId: 'updateWorkspace',
  summary: 'Rename a workspace or change its settings',
  description: 'Settings are merged: keys not sent keep their current value. The merged settings must be valid.',
  middleware: [requireAuth, requireWorkspaceParam, requirePermission('workspaces:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: WorkspaceIdParams,
    body: { required: true, content: { 'application/json': { schema: UpdateWorkspaceBody } } },
  },
  responses: {
    200: { description: 'The updated workspace', content: { 'application/json': { schema: WorkspaceSchema } } },
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

export type UpdateWorkspaceRequest = z.infer<typeof UpdateWorkspaceBody>;
export type UpdateWorkspaceResponse = z.infer<typeof WorkspaceSchema>;

export const registerUpdateWorkspace = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const result = await updateWorkspace({ db: c.var.db }, { workspaceId: id, actor: c.var.tenant, ...body });
    if (!result.ok) {
      switch (result.error) {
        case 'NOT_FOUND':
          throw new ApiError('NOT_FOUND', 'Workspace not found');
        case 'INVALID_SETTINGS':
          throw new ApiError('VALIDATION_FAILED', result.message ?? 'Invalid settings');
      }
    }
    return c.json(WorkspaceSchema.parse(result.value), 200);
  });
