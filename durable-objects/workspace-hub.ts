import { DurableObject } from 'cloudflare:workers';
import { createDb, type Database } from '../db/client';
import { log } from '../workers/core/observability/logger';
import { metricsFor } from '../workers/core/observability/metrics-binding';
import type { OutboxMessage } from '../workers/core/outbox/publish';
import { eventTypesFor, toRealtimeEvent } from '../workers/core/realtime/events';
import { readHubConnectRequest, type HubConnection } from '../workers/core/realtime/hub-request';
import {
  ClientFrameSchema,
  CLOSE_MEMBERSHIP_ENDED,
  CLOSE_PERMISSIONS_CHANGED,
  PING_FRAME,
  PONG_FRAME,
  type ServerFrame,
} from '../workers/core/realtime/schema';
import { resolveMembership } from '../workers/core/tenancy/membership';
import type { Bindings } from '../workers/core/bindings';

/** The replay buffer keeps an event while it is among the last 500 AND younger than 10 minutes. */
export const REPLAY_MAX_EVENTS = 500;
export const REPLAY_MAX_AGE_MS = 10 * 60 * 1000;
/** Event ids are remembered this long, so a redelivery within it is never broadcast twice. */
export const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** While sockets are open, memberships are re-read this often (removed members and role changes). */
export const REVALIDATE_INTERVAL_MS = 60 * 1000;

/** What each socket carries across hibernation. */
export interface SocketAttachment {
  userId: string;
  permissions: string[];
  connectedAt: number;
}

/** Sockets are tagged with the event types they may receive, so a broadcast selects them by tag. */
const eventTag = (type: string) => `event:${type}`;

/**
 * The realtime room of one workspace (`WORKSPACE_HUB.getByName(workspaceId)`): dashboard
 * WebSockets on the hibernation API, a per-room sequence, and a short replay buffer in SQLite so a
 * client that reconnects with `since` + `epoch` misses nothing. The protocol is in
 * workers/core/realtime/schema.ts.
 */
export class WorkspaceHub extends DurableObject<Bindings> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS hub_events (
         seq INTEGER PRIMARY KEY,
         event_id TEXT NOT NULL UNIQUE,
         type TEXT NOT NULL,
         frame TEXT NOT NULL,
         stored_at INTEGER NOT NULL
       )`,
    );
    this.sql.exec(`CREATE TABLE IF NOT EXISTS hub_seen_events (event_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS hub_seen_events_seen_at ON hub_seen_events (seen_at)`);
    // The epoch is made once; a hub whose storage was lost starts another, and clients reset.
    this.sql.exec(`INSERT OR IGNORE INTO hub_meta (key, value) VALUES ('epoch', ?)`, crypto.randomUUID());
    this.sql.exec(`INSERT OR IGNORE INTO hub_meta (key, value) VALUES ('seq', '0')`);
    // Heartbeat answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
  }

  /**
   * Broadcasts an outbox event, mapped to its realtime event, to the sockets whose member may
   * read its type, under the room's next seq, and keeps it for replay. Returns that seq, or null
   * when the type is not realtime or the event id was already published (redeliveries are
   * broadcast once).
   */
  async publish(message: OutboxMessage): Promise<number | null> {
    const event = toRealtimeEvent(message);
    if (!event) return null;
    const now = Date.now();
    const stored = this.ctx.storage.transactionSync(() => {
      const claim = this.sql.exec(
        `INSERT OR IGNORE INTO hub_seen_events (event_id, seen_at) VALUES (?, ?)`,
        event.id,
        now,
      );
      if (claim.rowsWritten === 0) return null;
      const seq = this.currentSeq() + 1;
      const frame = JSON.stringify({ type: 'event', seq, event } satisfies ServerFrame);
      this.sql.exec(`UPDATE hub_meta SET value = ? WHERE key = 'seq'`, String(seq));
      this.sql.exec(
        `INSERT INTO hub_events (seq, event_id, type, frame, stored_at) VALUES (?, ?, ?, ?, ?)`,
        seq,
        event.id,
        event.type,
        frame,
        now,
      );
      this.sql.exec(
        `DELETE FROM hub_events WHERE seq <= ? OR stored_at < ?`,
        seq - REPLAY_MAX_EVENTS,
        now - REPLAY_MAX_AGE_MS,
      );
      this.sql.exec(`DELETE FROM hub_seen_events WHERE seen_at < ?`, now - DEDUPE_WINDOW_MS);
      return { seq, frame };
    });
    const metrics = metricsFor(this.env);
    if (!stored) {
      metrics.increment('realtime_events_total', { type: event.type, outcome: 'duplicate' });
      return null;
    }
    for (const ws of this.ctx.getWebSockets(eventTag(event.type))) {
      try {
        ws.send(stored.frame);
      } catch {
        // A socket that is closing; its close handler is the cleanup.
      }
    }
    metrics.increment('realtime_events_total', { type: event.type, outcome: 'broadcast' });
    return stored.seq;
  }

  /**
   * Accepts a dashboard WebSocket handed over by the `/api/v1/realtime` route (which checked the
   * ticket and the membership). Sends `hello` first, then — when `since` and `epoch` can be
   * honoured — every buffered event after `since` the member may read, in order, before any new
   * one (nothing else runs in between: no await).
   */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('Expected a WebSocket upgrade', { status: 426, headers: { upgrade: 'websocket' } });
    }
    const connection = readHubConnectRequest(request);
    if (!connection) return new Response('Malformed hub connect request', { status: 400 });
    this.sql.exec(`INSERT OR IGNORE INTO hub_meta (key, value) VALUES ('workspace_id', ?)`, connection.workspaceId);
    const types = eventTypesFor(connection.permissions);
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [`user:${connection.userId}`, ...types.map(eventTag)]);
    server.serializeAttachment({
      userId: connection.userId,
      permissions: [...connection.permissions],
      connectedAt: Date.now(),
    } satisfies SocketAttachment);
    const { hello, replay } = this.resume(connection, new Set<string>(types));
    server.send(JSON.stringify(hello));
    for (const frame of replay) server.send(frame);
    metricsFor(this.env).increment('realtime_connections_total', {
      outcome: hello.resumed ? 'resumed' : hello.reset ? 'reset' : 'new',
    });
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + REVALIDATE_INTERVAL_MS);
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Re-reads the membership of every connected member: a socket whose member was removed (or
   * whose workspace was deleted) is closed with 4403; one whose role now grants other event types
   * is closed with 4409 so the client reconnects, resumes and gets the new filter. Runs every
   * minute while any socket is open; a database failure only postpones it.
   */
  override async alarm(): Promise<void> {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return;
    const workspaceId = this.sql
      .exec<{ value: string }>(`SELECT value FROM hub_meta WHERE key = 'workspace_id'`)
      .toArray()[0]?.value;
    if (workspaceId) {
      const handle = createDb(this.env.HYPERDRIVE.connectionString, { max: 1 });
      try {
        await this.revalidate(handle.db, workspaceId, sockets);
      } catch (error) {
        log.warn('realtime: membership check failed', { workspaceId, error });
      } finally {
        this.ctx.waitUntil(handle.close().catch(() => {}));
      }
    }
    if (this.ctx.getWebSockets().length > 0) await this.ctx.storage.setAlarm(Date.now() + REVALIDATE_INTERVAL_MS);
  }

  /** A ping that is not byte-for-byte the auto-response's still gets its pong; anything else is ignored. */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (typeof message !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(message);
    } catch {
      return;
    }
    if (ClientFrameSchema.safeParse(frame).success) ws.send(PONG_FRAME);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    metricsFor(this.env).increment('realtime_disconnects_total', { code: String(code) });
    try {
      // Completes the closing handshake where the runtime does not already answer the close.
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  override async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    const attachment = ws.deserializeAttachment() as SocketAttachment | null;
    log.warn('realtime: socket error', { userId: attachment?.userId, error });
  }

  private async revalidate(db: Database, workspaceId: string, sockets: WebSocket[]): Promise<void> {
    const byUser = new Map<string, Array<{ ws: WebSocket; types: string }>>();
    for (const ws of sockets) {
      const attachment = ws.deserializeAttachment() as SocketAttachment | null;
      if (!attachment) continue;
      const entry = { ws, types: eventTypesFor(attachment.permissions).join(',') };
      byUser.set(attachment.userId, [...(byUser.get(attachment.userId) ?? []), entry]);
    }
    for (const [userId, entries] of byUser) {
      const membership = await resolveMembership({ db }, { workspaceId, userId });
      const types = membership.ok ? eventTypesFor(membership.value.permissions).join(',') : null;
      for (const { ws, types: granted } of entries) {
        if (types === granted) continue;
        const [code, reason] =
          types === null
            ? [CLOSE_MEMBERSHIP_ENDED, 'membership ended']
            : [CLOSE_PERMISSIONS_CHANGED, 'permissions changed'];
        metricsFor(this.env).increment('realtime_revoked_total', { reason: reason.replace(' ', '_') });
        try {
          ws.close(code, reason);
        } catch {
          // Already closing.
        }
      }
    }
  }

  private currentSeq(): number {
    const row = this.sql.exec<{ value: string }>(`SELECT value FROM hub_meta WHERE key = 'seq'`).one();
    return Number(row.value);
  }

  private epoch(): string {
    return this.sql.exec<{ value: string }>(`SELECT value FROM hub_meta WHERE key = 'epoch'`).one().value;
  }

  /** The hello frame and the frames to replay for a connection's `since` / `epoch`. */
  private resume(
    connection: HubConnection,
    types: ReadonlySet<string>,
  ): { hello: Extract<ServerFrame, { type: 'hello' }>; replay: string[] } {
    const seq = this.currentSeq();
    const epoch = this.epoch();
    const hello = { type: 'hello' as const, seq, epoch, resumed: false, reset: false };
    const { since } = connection;
    if (since === undefined) return { hello, replay: [] };
    if (connection.epoch !== epoch || since > seq) return { hello: { ...hello, reset: true }, replay: [] };
    if (since === seq) return { hello: { ...hello, resumed: true }, replay: [] };
    const rows = this.sql
      .exec<{ seq: number; type: string; frame: string }>(
        `SELECT seq, type, frame FROM hub_events WHERE seq > ? AND stored_at >= ? ORDER BY seq`,
        since,
        Date.now() - REPLAY_MAX_AGE_MS,
      )
      .toArray();
    // The buffer must still hold the event right after `since`; otherwise some were dropped.
    if (rows[0]?.seq !== since + 1) return { hello: { ...hello, reset: true }, replay: [] };
    return {
      hello: { ...hello, resumed: true },
      replay: rows.filter((row) => types.has(row.type)).map((row) => row.frame),
    };
  }
}
