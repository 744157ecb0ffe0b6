import { createRoute, type z } from '@hono/zod-openapi';
import { getWorkspace } from '../../../core/tenancy/workspaces';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { WorkspaceSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/workspace',
  tags: ['workspaces'],
  operationId: 'getCurrentWorkspace',
  summary: 'The workspace named by `x-workspace-id`, with the caller’s role and permissions there',
  description: 'What the dashboard loads after choosing a workspace. Missing header → 400; not a member → 404.',
  middleware: [requireAuth, requireWorkspace, requirePermission('workspaces:read')] as const,
  security: [{ bearerAuth: [] }],
  responses: {
    200: { description: 'The current workspace', content: { 'application/json': { schema: WorkspaceSchema } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export type GetCurrentWorkspaceResponse = z.infer<typeof WorkspaceSchema>;

export const registerGetCurrentWorkspace = (app: App) =>
  app.openapi(route, async (c) => {
    const { workspaceId, userId } = c.var.tenant;
    const result = await getWorkspace({ db: c.var.db }, { workspaceId, userId });
    if (!result.ok) throw new ApiError('NOT_FOUND', 'Workspace not found');
    return c.json(WorkspaceSchema.parse(result.value), 200);
  });
