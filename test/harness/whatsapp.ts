/**
 * Helpers for the WhatsApp (Infobip) tests: connections made through the API, webhook bodies
 * from the recorded Infobip fixtures with fresh ids, correctly (or wrongly) authenticated posts
 * to the real webhook route, a fake Infobip HTTP endpoint in Infobip's wire format, and waits
 * on what the webhook does after its 200 (rows handed on) and on what the conversations do after
 * that (the agent's turns).
 */
import { createExecutionContext, createMessageBatch, getQueueResult, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { and, asc, eq } from 'drizzle-orm';
import { vi } from 'vitest';
import { newId } from '../../db/ids';
import { agentMessages, agentSessions, connections, webhookInbox } from '../../db/schema';
import { conversationName } from '../../workers/agent/channel';
import { ConversationStore } from '../../workers/agent/conversation/object-storage';
import { parseWebhookResult } from '../../workers/whatsapp/infobip/adapter';
import worker from '../../workers/index';
import { basicAuthorization, hmacSha256Hex } from '../../workers/whatsapp/infobip/webhook-auth';
import deliveryReport from '../fixtures/infobip/delivery-report.json';
import inboundButtonReply from '../fixtures/infobip/inbound-button-reply.json';
import inboundImage from '../fixtures/infobip/inbound-image.json';
import inboundLocation from '../fixtures/infobip/inbound-location.json';
import inboundText from '../fixtures/infobip/inbound-text.json';
import seenReport from '../fixtures/infobip/seen-report.json';
import { api, type ApiResponse } from './api';
import { testDb } from './db';

export const fixtures = { inboundText, inboundImage, inboundLocation, inboundButtonReply, deliveryReport, seenReport };
type Json = Record<string, unknown>;

/** A deep copy of a fixture, so tests can change it freely. */
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A fresh WhatsApp-like message id. */
export const wamid = () => `wamid.TEST${crypto.randomUUID().replaceAll('-', '').toUpperCase()}`;

/** A fresh Argentine mobile number as Infobip writes it (digits, no `+`). */
export const randomWaNumber = () => `54911${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;

/**
 * One inbound result from a fixture with a new message id, from `from` (and no business user id,
 * so the conversation is keyed on the phone), changed by `patch`.
 */
export function inboundResult(
  fixture: { results: Json[] },
  { from = randomWaNumber(), userId = null, ...patch }: { from?: string; userId?: string | null } & Json = {},
): Json {
  const result = copy(fixture.results[0]!) as Json;
  const contact = (result.contact ?? {}) as Json;
  return {
    ...result,
    messageId: wamid(),
    from,
    contact: { ...contact, phoneNumber: from, userId },
    ...patch,
  };
}

export const batch = (...results: Json[]) => ({ results, messageCount: results.length, pendingMessageCount: 0 });

export interface TestConnection {
  id: string;
  webhookUrl: string;
  webhookAuth: 'BASIC' | 'HMAC' | 'NONE';
  hmacHeader: string;
  sender: string;
  secrets: { webhookSecret: string; basicUsername: string; basicPassword: string };
}

/**
 * Creates a connection through the API (sandbox unless `baseUrl` and `apiKey` are given), on a
 * sender of its own unless one is given, so each test has its own dedupe space.
 */
export async function createConnection(
  as: { token: string; workspaceId: string },
  body: Json = {},
): Promise<TestConnection> {
  const res = await api('/api/v1/connections', {
    ...as,
    body: { sender: `+${randomWaNumber()}`, webhookAuth: 'HMAC', ...body },
  });
  if (res.status !== 201) throw new Error(`create connection: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TestConnection;
}

export type WebhookAuth = 'hmac' | 'basic' | 'none' | 'bad-hmac' | 'bad-basic';

/** Posts a body to the connection's webhook through the Worker, signed as `auth` says. */
export async function postWebhook(
  connection: TestConnection,
  body: unknown,
  { auth, rawBody, headers = {} }: { auth?: WebhookAuth; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const raw = rawBody ?? JSON.stringify(body);
  const mode =
    auth ?? (connection.webhookAuth === 'BASIC' ? 'basic' : connection.webhookAuth === 'HMAC' ? 'hmac' : 'none');
  const all: Record<string, string> = { 'content-type': 'application/json', ...headers };
  const secret = connection.secrets.webhookSecret;
  if (mode === 'hmac') all[connection.hmacHeader] = `sha256=${await hmacSha256Hex(secret, raw)}`;
  if (mode === 'bad-hmac') all[connection.hmacHeader] = `sha256=${await hmacSha256Hex(`${secret}x`, raw)}`;
  if (mode === 'basic') all.authorization = basicAuthorization(connection.secrets.basicUsername, secret);
  if (mode === 'bad-basic') all.authorization = basicAuthorization(connection.secrets.basicUsername, `${secret}x`);
  return api(`/api/v1/webhooks/infobip/${connection.id}`, { method: 'POST', rawBody: raw, headers: all });
}

export async function inboxRows(connectionId: string) {
  return testDb()
    .select()
    .from(webhookInbox)
    .where(eq(webhookInbox.connectionId, connectionId))
    .orderBy(asc(webhookInbox.receivedAt), asc(webhookInbox.id));
}

/** Waits until every non-INVALID inbox row of the connection has been processed (or gave up). */
export async function waitForInbox(connectionId: string, expected: number, timeout = 25_000) {
  return vi.waitFor(
    async () => {
      const rows = (await inboxRows(connectionId)).filter((r) => r.kind !== 'INVALID');
      if (rows.length < expected || rows.some((r) => !r.processedAt)) {
        throw new Error(`inbox: ${rows.filter((r) => r.processedAt).length}/${expected} processed`);
      }
      return rows;
    },
    { timeout, interval: 100 },
  );
}

/**
 * Waits until the webhook's work for the connection has had its outcome: every result handed on
 * (`waitForInbox`), and then every conversation those inbound results went to has handled its
 * queue — the agent's turns are over and written to Postgres. The webhook's hand-off returns when
 * a conversation has stored a message, not when its turn ends (a media message, and everything
 * behind it, also waits there for the media queue to copy its file), so assertions about
 * transcripts, turns or replies wait here. One deadline for both; on expiry it fails naming what is pending.
 */
export async function waitForConversations(connectionId: string, expected: number, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  const rows = await waitForInbox(connectionId, expected, timeout);
  const names = new Set<string>();
  for (const row of rows) {
    if (row.kind !== 'INBOUND') continue;
    const parsed = parseWebhookResult((row.payload ?? {}) as Record<string, unknown>, connectionId);
    if (!parsed.ok || parsed.item.kind !== 'INBOUND') continue;
    names.add(
      conversationName({ workspaceId: row.workspaceId, channel: 'whatsapp', contact: parsed.item.identity.contact }),
    );
  }
  await vi.waitFor(
    async () => {
      for (const name of names) {
        const next = await runInDurableObject(env.CONVERSATION.getByName(name), (_instance, state) =>
          new ConversationStore(state.storage.sql).nextInbound(),
        );
        if (next) throw new Error(`conversation ${name}: message ${next.id} not handled yet`);
      }
    },
    { timeout: Math.max(0, deadline - Date.now()), interval: 100 },
  );
  return rows;
}

export async function sessionOf(workspaceId: string, contact: string) {
  const [row] = await testDb()
    .select()
    .from(agentSessions)
    .where(and(eq(agentSessions.workspaceId, workspaceId), eq(agentSessions.contact, contact)));
  return row;
}

export async function messagesOf(sessionId: string) {
  return testDb()
    .select()
    .from(agentMessages)
    .where(eq(agentMessages.sessionId, sessionId))
    .orderBy(asc(agentMessages.id));
}

export async function connectionRow(id: string) {
  const [row] = await testDb().select().from(connections).where(eq(connections.id, id));
  return row!;
}

/**
 * An outbound message waiting for egress: a WhatsApp session with the customer's last message
 * `lastCustomerMessageAgoMs` ago, and one QUEUED agent reply (`message` stored as the agent does).
 */
export async function queuedReply(
  workspaceId: string,
  connectionId: string | null,
  {
    message = { type: 'text', text: 'Hola! Tenemos remeras en talle M.' },
    lastCustomerMessageAgoMs = 60_000,
    contact = `+${randomWaNumber()}`,
    channel = 'whatsapp',
  }: {
    message?: Json;
    lastCustomerMessageAgoMs?: number | null;
    contact?: string;
    channel?: 'whatsapp' | 'simulator';
  } = {},
) {
  const db = testDb();
  const sessionId = newId('ses');
  await db.insert(agentSessions).values({
    id: sessionId,
    workspaceId,
    channel,
    contact,
    connectionId,
    lastCustomerMessageAt: lastCustomerMessageAgoMs === null ? null : new Date(Date.now() - lastCustomerMessageAgoMs),
  });
  const messageId = newId('msg');
  await db.insert(agentMessages).values({
    id: messageId,
    workspaceId,
    sessionId,
    direction: 'outbound',
    role: 'agent',
    type: message.type === 'text' ? 'text' : message.type === 'template' ? 'template' : 'interactive',
    content: typeof message.text === 'string' ? message.text : null,
    toolCalls: message.type === 'text' ? null : message,
    status: 'QUEUED',
  });
  return { sessionId, messageId, contact };
}

export async function messageRow(id: string) {
  const [row] = await testDb().select().from(agentMessages).where(eq(agentMessages.id, id));
  return row!;
}

/**
 * Runs one queue message (delivery number `attempts`) through the Worker's queue handler; answers
 * what was acknowledged or retried, and the delays the retries asked for.
 */
export async function consumeQueueMessage(queue: string, body: unknown, attempts = 1) {
  const id = `qm-${crypto.randomUUID()}`;
  const batch = createMessageBatch(queue, [{ id, timestamp: new Date(), attempts, body }]);
  // The queue result records which messages were retried; the delay asked for is read here.
  const retry = vi.spyOn(batch.messages[0]!, 'retry');
  const ctx = createExecutionContext();
  await worker.queue!(batch, env, ctx);
  const delays = retry.mock.calls.map(([options]) => options?.delaySeconds);
  return { id, result: await getQueueResult(batch, ctx), delays };
}

/** The body of an egress queue message, as the outbox publisher sends it. */
export const egressEvent = (workspaceId: string, messageId: string) => ({
  id: newId('evt'),
  type: 'message:outbound',
  workspaceId,
  payload: { messageId },
  createdAt: new Date().toISOString(),
});

export interface FakeInfobipCall {
  method: string;
  url: string;
  authorization: string | null;
  body: Json | null;
}

/**
 * A fake Infobip at the HTTP boundary: `globalThis.fetch` answers requests to `host` with the
 * given responses in order (the last one repeats), in Infobip's wire format; other requests go
 * to the real fetch. Calls are recorded.
 */
export function fakeInfobip(host: string, ...responses: Array<(call: FakeInfobipCall) => Response>) {
  const calls: FakeInfobipCall[] = [];
  const realFetch = globalThis.fetch;
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (new URL(request.url).host !== host) return realFetch(input, init);
    const text = await request.text();
    const call = {
      method: request.method,
      url: request.url,
      authorization: request.headers.get('authorization'),
      body: text ? (JSON.parse(text) as Json) : null,
    };
    calls.push(call);
    const respond = responses[Math.min(calls.length - 1, responses.length - 1)]!;
    return respond(call);
  });
  return { calls, restore: () => spy.mockRestore() };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** Infobip's answer to an accepted send. */
export const accepted = (call: FakeInfobipCall) =>
  json(200, {
    to: call.body?.to,
    messageCount: 1,
    messageId: call.body?.messageId,
    status: {
      groupId: 1,
      groupName: 'PENDING',
      id: 7,
      name: 'PENDING_ENROUTE',
      description: 'Message sent to next instance',
    },
  });

/** Infobip's error answer. */
export const infobipFailure =
  (status: number, messageId: string, text: string, headers: Record<string, string> = {}) =>
  () =>
    json(status, { requestError: { serviceException: { messageId, text } } }, headers);
