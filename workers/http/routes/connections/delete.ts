import { createRoute } from '@hono/zod-openapi';
import { deleteConnection } from '../../../whatsapp/connections';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { connectionError } from './failures';
import { ConnectionIdParams } from './schema';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/connections/{id}',
  tags: ['connections'],
  operationId: 'deleteConnection',
  summary: 'Remove a connection',
  description: 'Its webhook URL answers 401 from now on; conversations and messages stay.',
  middleware: [requireAuth, requireWorkspace, requirePermission('connections:delete')] as const,
  security: [{ bearerAuth: [] }],
  request: { params: ConnectionIdParams },
  responses: {
    204: { description: 'Removed' },
    ...errorResponses(401, 403, 404),
  },
});

export const registerDeleteConnection = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { workspaceId, userId } = c.var.tenant;
    const result = await deleteConnection(
      { db: c.var.db },
      { workspaceId, connectionId: id, actor: { type: 'user', id: userId } },
    );
    if (!result.ok) throw connectionError(result);
    return c.body(null, 204);
  });
