import { createRoute, type z } from '@hono/zod-openapi';
import { createWorkspace } from '../../../core/tenancy/workspaces';
import type { App } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { CreateWorkspaceBody, WorkspaceSchema } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/workspaces',
  tags: ['workspaces'],
  operationId: 'createWorkspace',
  summary: 'Create a workspace; the caller becomes its Owner',
  description:
    'Creates the workspace with the roles Owner and Admin (system) and Operator and Viewer (editable defaults). Settings default to ARS, America/Argentina/Buenos_Aires and es-AR.',
  middleware: [requireAuth] as const,
  security: [{ bearerAuth: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: CreateWorkspaceBody } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: WorkspaceSchema } } },
    ...errorResponses(400, 401, 415),
  },
});

export type CreateWorkspaceRequest = z.infer<typeof CreateWorkspaceBody>;
export type CreateWorkspaceResponse = z.infer<typeof WorkspaceSchema>;

export const registerCreateWorkspace = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const result = await createWorkspace(
      { db: c.var.db },
      { userId: c.var.auth.userId, name: body.name, settings: body.settings },
    );
    if (!result.ok) throw new ApiError('VALIDATION_FAILED', result.message ?? 'Invalid settings');
    return c.json(WorkspaceSchema.parse(result.value), 201);
  });
