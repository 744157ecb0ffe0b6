/**
 * A dashboard-like realtime client for tests: asks the API for a ticket, opens the WebSocket
 * through the real Worker entry and records every frame the hub sends.
 */
import { exports } from 'cloudflare:workers';
import { expect, vi } from 'vitest';
import { ServerFrameSchema, type RealtimeEventType, type ServerFrame } from '../../../workers/core/realtime/schema';
import type { OutboxMessage } from '../../../workers/core/outbox/publish';
import { newId } from '../../../db/ids';
import { api } from '../../harness/api';

export type EventFrame = Extract<ServerFrame, { type: 'event' }>;
export type HelloFrame = Extract<ServerFrame, { type: 'hello' }>;

export interface RealtimeClient {
  ws: WebSocket;
  /** Every frame received so far, parsed with the protocol's schema. */
  frames: ServerFrame[];
  /** How the hub closed the socket, once it has. */
  closed: { code: number; reason: string } | null;
  /** Waits until the socket is closed by the other side. */
  waitForClose(): Promise<{ code: number; reason: string }>;
  /** The event frames received so far. */
  events(): EventFrame[];
  /** Waits until at least `count` frames have arrived and returns them. */
  waitForFrames(count: number): Promise<ServerFrame[]>;
  /** Waits for the first event frame that matches. */
  waitForEvent(match: (frame: EventFrame) => boolean): Promise<EventFrame>;
  close(): void;
}

/** `GET /api/v1/realtime?…` as a WebSocket upgrade (or not, with `upgrade: false`). */
export async function connectRaw(query: string, { upgrade = true } = {}): Promise<Response> {
  return exports.default.fetch(`http://nexova.test/api/v1/realtime?${query}`, {
    headers: upgrade ? { upgrade: 'websocket' } : {},
  });
}

/** Opens the socket and returns the client once the hello has arrived. */
export async function connect(query: string): Promise<RealtimeClient & { hello: HelloFrame }> {
  const res = await connectRaw(query);
  if (res.status !== 101 || !res.webSocket) throw new Error(`upgrade refused: ${res.status} ${await res.text()}`);
  const ws = res.webSocket;
  const frames: ServerFrame[] = [];
  ws.addEventListener('message', (message) => {
    frames.push(ServerFrameSchema.parse(JSON.parse(String(message.data))));
  });
  ws.addEventListener('close', (event) => {
    client.closed = { code: event.code, reason: event.reason };
  });
  ws.accept();
  const client: RealtimeClient = {
    ws,
    frames,
    closed: null,
    waitForClose: () =>
      vi.waitFor(
        () => {
          expect(client.closed).not.toBeNull();
          return client.closed!;
        },
        { timeout: 10_000, interval: 20 },
      ),
    events: () => frames.filter((f): f is EventFrame => f.type === 'event'),
    waitForFrames: (count) =>
      vi.waitFor(
        () => {
          expect(frames.length).toBeGreaterThanOrEqual(count);
          return frames.slice(0, count);
        },
        { timeout: 10_000, interval: 20 },
      ),
    waitForEvent: (match) =>
      vi.waitFor(
        () => {
          const found = client.events().find(match);
          expect(found).toBeDefined();
          return found!;
        },
        { timeout: 20_000, interval: 50 },
      ),
    close: () => ws.close(1000, 'test done'),
  };
  const [hello] = await client.waitForFrames(1);
  if (hello?.type !== 'hello') throw new Error(`first frame is not hello: ${JSON.stringify(hello)}`);
  return Object.assign(client, { hello });
}

/** A realtime ticket for a member, from `POST /api/v1/realtime/token`. */
export async function ticketFor(member: { token: string }, workspaceId: string): Promise<string> {
  const res = await api('/api/v1/realtime/token', { method: 'POST', token: member.token, workspaceId });
  if (res.status !== 200) throw new Error(`ticket refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** An outbox event as the events queue delivers it. */
export function outboxEvent(
  workspaceId: string,
  type: RealtimeEventType | 'order:created' | 'message:outbound' | 'product:updated',
  payload: Record<string, unknown>,
): OutboxMessage {
  return { id: newId('evt'), type, workspaceId, payload, createdAt: new Date().toISOString() };
}
