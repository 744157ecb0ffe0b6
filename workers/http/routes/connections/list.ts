import { createRoute, type z } from '@hono/zod-openapi';
import { listConnections } from '../../../whatsapp/connections';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { connectionDeps } from './deps';
import { ConnectionListSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/connections',
  tags: ['connections'],
  operationId: 'listConnections',
  summary: "The workspace's WhatsApp connections",
  description: 'Newest first. Secrets are never returned: only their last 4 characters.',
  middleware: [requireAuth, requireWorkspace, requirePermission('connections:read')] as const,
  security: [{ bearerAuth: [] }],
  responses: {
    200: { description: 'The connections', content: { 'application/json': { schema: ConnectionListSchema } } },
    ...errorResponses(401, 403, 404),
  },
});

export type ListConnectionsResponse = z.infer<typeof ConnectionListSchema>;

export const registerListConnections = (app: App) =>
  app.openapi(route, async (c) => {
    const data = await listConnections(connectionDeps(c), { workspaceId: c.var.tenant.workspaceId });
    return c.json(ConnectionListSchema.parse({ data }), 200);
  });
