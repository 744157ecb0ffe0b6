import { createRoute, type z } from '@hono/zod-openapi';
import { loadSigningKeys, signRealtimeToken } from '../../../core/auth/tokens';
import { REALTIME_TOKEN_TTL_SECONDS } from '../../../core/realtime/schema';
import type { App } from '../../app';
import { errorResponses } from '../../errors';
import { requireAuth } from '../../middleware/auth';
import { requireWorkspace } from '../../middleware/tenant';
import { RealtimeTicketSchema } from './schema';

export const REALTIME_PATH = '/api/v1/realtime';

const route = createRoute({
  method: 'post',
  path: '/api/v1/realtime/token',
  tags: ['realtime'],
  operationId: 'createRealtimeTicket',
  summary: 'A short-lived ticket to open the workspace WebSocket',
  description:
    'Any member of the workspace. The token lives 60 s, names the caller and the workspace, and is accepted only by `GET /api/v1/realtime` (it is not an access token, and an access token is not a realtime token). Which events the socket receives follows the member’s permissions when it connects.',
  middleware: [requireAuth, requireWorkspace] as const,
  security: [{ bearerAuth: [] }],
  responses: {
    200: { description: 'The ticket', content: { 'application/json': { schema: RealtimeTicketSchema } } },
    ...errorResponses(400, 401, 404),
  },
});

export type CreateRealtimeTicketResponse = z.infer<typeof RealtimeTicketSchema>;

export const registerCreateRealtimeTicket = (app: App) =>
  app.openapi(route, async (c) => {
    const { workspaceId, userId } = c.var.tenant;
    const { token, expiresIn } = await signRealtimeToken(await loadSigningKeys(c.env), {
      userId,
      workspaceId,
      ttlSeconds: REALTIME_TOKEN_TTL_SECONDS,
    });
    const url = `${REALTIME_PATH}?token=${encodeURIComponent(token)}`;
    return c.json(RealtimeTicketSchema.parse({ token, expiresIn, url }), 200);
  });
