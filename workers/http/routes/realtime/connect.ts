import { createRoute } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { loadSigningKeys, verifyRealtimeToken } from '../../../core/auth/tokens';
import { currentContext } from '../../../core/observability/context';
import { hubConnectRequest } from '../../../core/realtime/hub-request';
import { resolveMembership } from '../../../core/tenancy/membership';
import type { App, AppEnv } from '../../app';
import { ApiError, errorResponses } from '../../errors';
import { RealtimeConnectQuery } from './schema';
import { REALTIME_PATH } from './token';

/** Anything but a WebSocket upgrade is refused before the query is even read. */
const requireWebSocketUpgrade = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new ApiError('UPGRADE_REQUIRED', 'This endpoint only accepts a WebSocket upgrade', undefined, {
      Upgrade: 'websocket',
    });
  }
  await next();
});

const route = createRoute({
  method: 'get',
  path: REALTIME_PATH,
  tags: ['realtime'],
  operationId: 'connectRealtime',
  summary: 'Open the workspace WebSocket (realtime events)',
  description: [
    'Upgrades to a WebSocket on the workspace’s room. Authenticated by the `token` of a RealtimeTicket (not the bearer header, which browsers cannot set on a WebSocket); the membership is re-read, so a removed member or a deleted workspace gets 404.',
    'Server frames (JSON text): `hello {seq, epoch, resumed, reset}` first, then `event {seq, event: {id, type, at, data}}`; `{"type":"ping"}` is answered with `{"type":"pong"}`.',
    'Resume: reconnect with `since` = the last seq seen and the `epoch` of its hello; buffered events after it (the last 500, at most 10 minutes old) follow the hello. When that cannot be honoured the hello says `reset: true`: refetch over REST.',
    'Each socket receives only the event types its member may read: message:* / session:updated / handoff:requested need conversations:read, order:updated orders:read, stock:low stock:read.',
  ].join('\n\n'),
  middleware: [requireWebSocketUpgrade] as const,
  request: { query: RealtimeConnectQuery },
  responses: {
    101: { description: 'Switching protocols: the WebSocket is open' },
    ...errorResponses(400, 401, 404, 426),
  },
});

export const registerConnectRealtime = (app: App) =>
  app.openapi(route, async (c) => {
    const { token, since, epoch } = c.req.valid('query');
    const ticket = await verifyRealtimeToken(await loadSigningKeys(c.env), token);
    if (!ticket.ok) {
      throw new ApiError(
        'UNAUTHORIZED',
        ticket.reason === 'expired' ? 'Realtime token expired' : 'Invalid realtime token',
      );
    }
    const { userId, workspaceId } = ticket;
    const ctx = currentContext();
    if (ctx) Object.assign(ctx, { userId, workspaceId });
    const membership = await resolveMembership({ db: c.var.db }, { workspaceId, userId });
    if (!membership.ok) throw new ApiError('NOT_FOUND', 'Workspace not found');
    const hub = c.env.WORKSPACE_HUB.getByName(workspaceId);
    return hub.fetch(
      hubConnectRequest({ workspaceId, userId, permissions: membership.value.permissions, since, epoch }),
    );
  });
