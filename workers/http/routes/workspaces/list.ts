import { createRoute, type z } from '@hono/zod-openapi';
import { listWorkspaces } from '../../../core/tenancy/workspaces';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { WorkspaceListSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/workspaces',
  tags: ['workspaces'],
  operationId: 'listWorkspaces',
  summary: "The caller's workspaces",
  description:
    'Workspaces where the caller has an active membership (deleted ones never appear), with the caller’s role in each.',
  middleware: [requireAuth] as const,
  security: [{ bearerAuth: [] }],
  responses: {
    200: { description: 'The workspaces', content: { 'application/json': { schema: WorkspaceListSchema } } },
    ...errorResponses(401),
  },
});

export type ListWorkspacesResponse = z.infer<typeof WorkspaceListSchema>;

export const registerListWorkspaces = (app: App) =>
  app.openapi(route, async (c) => {
    const data = await listWorkspaces({ db: c.var.db }, { userId: c.var.auth.userId });
    return c.json(WorkspaceListSchema.parse({ data }), 200);
  });
