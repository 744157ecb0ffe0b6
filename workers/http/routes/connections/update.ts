import { createRoute, type z } from '@hono/zod-openapi';
import { updateConnection } from '../../../whatsapp/connections';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { connectionDeps } from './deps';
import { connectionError } from './failures';
import { ConnectionIdParams, UpdateConnectionBody, UpdatedConnectionSchema } from './schema';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/connections/{id}',
  tags: ['connections'],
  operationId: 'updateConnection',
  summary: 'Change a connection or rotate its credentials',
  description:
    'A new `apiKey` replaces the stored one. `rotateWebhookSecret: true` issues a new webhook secret, returned in `secrets` this once; webhooks signed with the old one answer 401 from now on.',
  middleware: [requireAuth, requireWorkspace, requirePermission('connections:update')] as const,
  security: [{ bearerAuth: [] }],
  request: {
    params: ConnectionIdParams,
    body: { required: true, content: { 'application/json': { schema: UpdateConnectionBody } } },
  },
  responses: {
    200: { description: 'The connection', content: { 'application/json': { schema: UpdatedConnectionSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type UpdateConnectionRequest = z.infer<typeof UpdateConnectionBody>;
export type UpdateConnectionResponse = z.infer<typeof UpdatedConnectionSchema>;

export const registerUpdateConnection = (app: App) =>
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await updateConnection(connectionDeps(c), {
      ...body,
      workspaceId,
      connectionId: id,
      actor: { type: 'user', id: userId },
    });
    if (!result.ok) throw connectionError(result);
    const { connection, secrets } = result.value;
    return c.json(UpdatedConnectionSchema.parse({ ...connection, ...(secrets ? { secrets } : {}) }), 200);
  });
