import { createRoute, type z } from '@hono/zod-openapi';
import { createConnection } from '../../../whatsapp/connections';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requirePermission } from '../../middleware/permission';
import { requireWorkspace } from '../../middleware/tenant';
import { connectionDeps } from './deps';
import { connectionError } from './failures';
import { ConnectionWithSecretsSchema, CreateConnectionBody } from './schema';

const route = createRoute({
  method: 'post',
  path: '/api/v1/connections',
  tags: ['connections'],
  operationId: 'createConnection',
  summary: 'Connect an Infobip WhatsApp sender',
  description:
    'Stores the API key encrypted and generates the webhook secret and Basic username. The answer carries `secrets` — shown this once, never again — and `webhookUrl` to paste into Infobip. Without `baseUrl`/`apiKey` the connection uses the development sandbox (refused in production, as is `webhookAuth: NONE`).',
  middleware: [requireAuth, requireWorkspace, requirePermission('connections:create')] as const,
  security: [{ bearerAuth: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: CreateConnectionBody } } } },
  responses: {
    201: {
      description: 'The connection and its secrets (shown only now)',
      content: { 'application/json': { schema: ConnectionWithSecretsSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

export type CreateConnectionRequest = z.infer<typeof CreateConnectionBody>;
export type CreateConnectionResponse = z.infer<typeof ConnectionWithSecretsSchema>;

export const registerCreateConnection = (app: App) =>
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const { workspaceId, userId } = c.var.tenant;
    const result = await createConnection(connectionDeps(c), {
      ...body,
      workspaceId,
      actor: { type: 'user', id: userId },
    });
    if (!result.ok) throw connectionError(result);
    const { connection, secrets } = result.value;
    return c.json(ConnectionWithSecretsSchema.parse({ ...connection, secrets }), 201);
  });
