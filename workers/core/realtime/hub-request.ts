/**
 * The request the `/api/v1/realtime` route hands to the workspace's `WorkspaceHub`: the route
 * has already checked the ticket and re-read the membership, so the hub trusts these headers
 * (the object is reachable only through its binding, never from the Internet).
 */
import { z } from 'zod';

const WORKSPACE_HEADER = 'x-realtime-workspace-id';
const USER_HEADER = 'x-realtime-user-id';
const PERMISSIONS_HEADER = 'x-realtime-permissions';

export interface HubConnection {
  workspaceId: string;
  userId: string;
  /** The member's effective permissions at connect time (decide which event types it receives). */
  permissions: readonly string[];
  /** The last seq the client saw, to resume from. */
  since?: number;
  /** The hub epoch that `since` belongs to. */
  epoch?: string;
}

/** A WebSocket upgrade request for the hub carrying the checked member. */
export function hubConnectRequest(connection: HubConnection): Request {
  const url = new URL('https://workspace-hub/connect');
  if (connection.since !== undefined) url.searchParams.set('since', String(connection.since));
  if (connection.epoch !== undefined) url.searchParams.set('epoch', connection.epoch);
  return new Request(url, {
    headers: {
      upgrade: 'websocket',
      [WORKSPACE_HEADER]: connection.workspaceId,
      [USER_HEADER]: connection.userId,
      [PERMISSIONS_HEADER]: JSON.stringify(connection.permissions),
    },
  });
}

const ConnectionSchema = z.object({
  workspaceId: z.string().min(1),
  userId: z.string().min(1),
  permissions: z.array(z.string()),
  since: z.coerce.number().int().nonnegative().optional(),
  epoch: z.string().min(1).optional(),
});

/** The member carried by `hubConnectRequest`, or null when the request is not one. */
export function readHubConnectRequest(request: Request): HubConnection | null {
  const url = new URL(request.url);
  let permissions: unknown;
  try {
    permissions = JSON.parse(request.headers.get(PERMISSIONS_HEADER) ?? 'null');
  } catch {
    return null;
  }
  const parsed = ConnectionSchema.safeParse({
    workspaceId: request.headers.get(WORKSPACE_HEADER) ?? undefined,
    userId: request.headers.get(USER_HEADER) ?? undefined,
    permissions,
    since: url.searchParams.get('since') ?? undefined,
    epoch: url.searchParams.get('epoch') ?? undefined,
  });
  return parsed.success ? parsed.data : null;
}
