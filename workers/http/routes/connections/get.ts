import { createRoute, type z } from '@hono/zod-openapi';
import { getConnection } from '../../../whatsapp/connections';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { connectionDeps } from './deps';
import { connectionError } from './failures';
import { ConnectionIdParams, ConnectionSchema } from './schema';

const route = createRoute({
  method: 'get',
  path: '/api/v1/connections/{id}',
  tags: ['connections'],
  operationId: 'getConnection',
  summary: 'One WhatsApp connection',
  middleware: [requireAuth, requireWorkspace, requirePermission('connections:read')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: ConnectionIdParams },
  responses: {
    200: { description: 'The connection', content: { 'application/json': { schema: ConnectionSchema } } },
    ...errorResponses(401, 403, 404),
  },
});

export type GetConnectionResponse = z.infer<typeof ConnectionSchema>;

export const registerGetConnection = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const result = await getConnection(connectionDeps(c), { workspaceId: c.var.tenant.workspaceId, connectionId: id });
    if (!result.ok) throw connectionError(result);
    return c.json(ConnectionSchema.parse(result.value), 200);
  });
