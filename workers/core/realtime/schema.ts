/**
 * The realtime protocol between the dashboard and the `WorkspaceHub` Durable Object (one room per
 * workspace), shared by both sides (app/ may import this module: it holds only zod schemas and
 * types).
 *
 * Connecting:
 *  1. `POST /api/v1/realtime/token` (Bearer + `x-workspace-id`) → `RealtimeTicket`: a token good
 *     for `expiresIn` seconds (60), bound to the user and the workspace.
 *  2. `GET /api/v1/realtime?token=<token>[&since=<seq>&epoch=<epoch>]` with `Upgrade: websocket`. The token is
 *     checked (signature, expiry, audience) and the membership re-read from the database; bad or
 *     expired → 401, no longer a member → 404, not a WebSocket upgrade → 426.
 *  3. The hub sends `hello` first. With `since`, every buffered event with `seq > since` follows
 *     in order before any new one (`resumed: true`); when `since` is older than the buffer or
 *     `epoch` is not the hub's current one, `hello.reset` is true: the client refetches
 *     everything instead.
 *
 * Heartbeat: the client sends the text `{"type":"ping"}` every ~25 s and the hub answers
 * `{"type":"pong"}` without waking (hibernation auto-response); no pong within ~10 s means the
 * socket is dead: close it and reconnect with backoff and `since` = the last seq seen.
 *
 * Events carry ids and minimal fields only; clients refetch details over the REST API. Each
 * event type needs a permission; a socket only receives the types its member may read
 * (decided when it connects).
 */
import { z } from 'zod';

export const REALTIME_EVENT_TYPES = [
  'message:new',
  'message:status',
  'session:updated',
  'handoff:requested',
  'order:updated',
  'stock:low',
] as const;
export type RealtimeEventType = (typeof REALTIME_EVENT_TYPES)[number];

/** The permission a member needs to receive each event type. */
export const REALTIME_EVENT_PERMISSION: Record<RealtimeEventType, string> = {
  'message:new': 'conversations:read',
  'message:status': 'conversations:read',
  'session:updated': 'conversations:read',
  'handoff:requested': 'conversations:read',
  'order:updated': 'orders:read',
  'stock:low': 'stock:read',
};

/** Seconds a realtime token is valid. */
export const REALTIME_TOKEN_TTL_SECONDS = 60;

export const RealtimeTicketSchema = z.object({
  token: z.string(),
  expiresIn: z.number().int(),
  /** Path (with the token) to open the socket on, relative to the API origin. */
  url: z.string(),
});
export type RealtimeTicket = z.infer<typeof RealtimeTicketSchema>;

export const RealtimeEventSchema = z.object({
  /** The outbox event id (unique; a client may drop a repeat). */
  id: z.string(),
  type: z.enum(REALTIME_EVENT_TYPES),
  /** When the change happened (ISO). */
  at: z.string(),
  /**
   * Minimal payload, by type:
   * - message:new       { sessionId, messageId, role, direction }
   * - message:status    { sessionId, messageId, status }
   * - session:updated   { sessionId, state, owner, assignedUserId, unreadCount? }
   * - handoff:requested { sessionId, reason, customerName? }
   * - order:updated     { orderId, number, status }
   * - stock:low         { variantId, productId, sku, available }
   */
  data: z.record(z.string(), z.unknown()),
});
export type RealtimeEvent = z.infer<typeof RealtimeEventSchema>;

/** What the hub sends. */
export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    /** The newest seq of the room at connect time (0 when nothing was published yet). */
    seq: z.number().int(),
    /** Identifies the hub's sequence; a different epoch means earlier seqs are meaningless. */
    epoch: z.string(),
    /** `since` was honoured: the missed events follow. */
    resumed: z.boolean(),
    /** `since` could not be honoured (too old or another epoch): refetch everything. */
    reset: z.boolean(),
  }),
  z.object({ type: z.literal('event'), seq: z.number().int(), event: RealtimeEventSchema }),
  z.object({ type: z.literal('pong') }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** What the client sends (anything else is ignored). */
export const ClientFrameSchema = z.object({ type: z.literal('ping') });
/**
 * Close codes of the hub beyond the standard ones: the member lost access to the workspace (do
 * not reconnect at once; re-read the workspaces), or its permissions changed (reconnect with
 * resume to get the events the new role may read).
 */
export const CLOSE_MEMBERSHIP_ENDED = 4403;
export const CLOSE_PERMISSIONS_CHANGED = 4409;

export const PING_FRAME = '{"type":"ping"}';
export const PONG_FRAME = '{"type":"pong"}';
