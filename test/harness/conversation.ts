/**
 * Helpers for Conversation object tests: addressing an object, building inbound messages,
 * reading what it wrote to Postgres, and swapping its model for Claude behind a fake HTTP
 * endpoint that serves Messages API responses in the real wire format.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { and, asc, eq } from 'drizzle-orm';
import {
  agentHandoffs,
  agentMessages,
  agentSessions,
  agentTurns,
  eventOutbox,
  productVariants,
  toolExecutions,
} from '../../db/schema';
import { MAX_ATTEMPTS, type Conversation } from '../../durable-objects/conversation';
import { conversationName, type InboundMessage } from '../../workers/agent/channel';
import type { ReceiveResult } from '../../workers/agent/conversation/index';
import { providerFor } from '../../workers/agent/llm';
import { testDb } from './db';

export const conversationStub = (
  workspaceId: string,
  contact: string,
  channel: 'whatsapp' | 'simulator' = 'whatsapp',
) => env.CONVERSATION.getByName(conversationName({ workspaceId, channel, contact }));

let sequence = 0;

/** A customer text message with a fresh id. */
export function inbound(text: string | null, extra: Partial<InboundMessage> = {}): InboundMessage {
  sequence += 1;
  return {
    id: `wamid.test-${Date.now()}-${sequence}-${crypto.randomUUID().slice(0, 8)}`,
    type: 'text',
    text,
    receivedAt: new Date().toISOString(),
    ...extra,
  };
}

/**
 * A customer message whose handling fails every time: its type has no transcript value, so
 * recording it throws.
 */
export function unrecordable(text: string, extra: Partial<InboundMessage> = {}): InboundMessage {
  return inbound(text, { type: 'gif' as InboundMessage['type'], ...extra });
}

/**
 * Receives `message` (an `unrecordable` one) until its object sets it aside: each of the first
 * `MAX_ATTEMPTS - 1` receives must fail, and the last one's result is returned. Each attempt is
 * settled through `then`: handing the RPC promise to `expect().rejects` probes its properties,
 * and each probe is a pipelined call that rejects unhandled.
 */
export async function receiveUntilSetAside(
  stub: ReturnType<typeof conversationStub>,
  message: InboundMessage,
): Promise<ReceiveResult> {
  for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
    const failure = await stub.receive(message).then(
      () => null,
      (error: unknown) => error,
    );
    if (!(failure instanceof Error)) throw new Error(`attempt ${attempt} of ${message.id} did not fail`);
  }
  return stub.receive(message);
}

/** A fresh Argentine mobile number in E.164. */
export const randomPhone = () => `+54911${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;

/** The id of the variant with this SKU in the workspace (e.g. one of the demo catalogue's). */
export async function variantIdOf(workspaceId: string, sku: string): Promise<string> {
  const [row] = await testDb()
    .select({ id: productVariants.id })
    .from(productVariants)
    .where(and(eq(productVariants.workspaceId, workspaceId), eq(productVariants.sku, sku)));
  if (!row) throw new Error(`no variant ${sku} in ${workspaceId}`);
  return row.id;
}

export async function sessionRow(workspaceId: string, contact: string) {
  const [row] = await testDb()
    .select()
    .from(agentSessions)
    .where(and(eq(agentSessions.workspaceId, workspaceId), eq(agentSessions.contact, contact)));
  return row;
}

/** The session's transcript rows, in the order they were written. */
export async function transcriptOf(sessionId: string) {
  return testDb()
    .select()
    .from(agentMessages)
    .where(eq(agentMessages.sessionId, sessionId))
    .orderBy(asc(agentMessages.id));
}

export async function turnsOf(sessionId: string) {
  return testDb().select().from(agentTurns).where(eq(agentTurns.sessionId, sessionId)).orderBy(asc(agentTurns.id));
}

export async function toolExecutionsOf(sessionId: string) {
  return testDb()
    .select()
    .from(toolExecutions)
    .where(eq(toolExecutions.sessionId, sessionId))
    .orderBy(asc(toolExecutions.createdAt));
}

/** The session's handoff history rows, oldest first. */
export async function handoffsOf(sessionId: string) {
  return testDb()
    .select()
    .from(agentHandoffs)
    .where(eq(agentHandoffs.sessionId, sessionId))
    .orderBy(asc(agentHandoffs.startedAt), asc(agentHandoffs.id));
}

/** The payloads of the session's outbox events of one type, in the order they were written. */
export async function eventsOf(workspaceId: string, sessionId: string, type: string) {
  const rows = await testDb()
    .select()
    .from(eventOutbox)
    .where(and(eq(eventOutbox.workspaceId, workspaceId), eq(eventOutbox.type, type)))
    .orderBy(asc(eventOutbox.id));
  return rows.map((r) => r.payload as Record<string, unknown>).filter((p) => p.sessionId === sessionId);
}

// --- Claude behind a fake endpoint ---------------------------------------------------------

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

type WireBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

let messageCounter = 0;

/** A Messages API 200 response with these content blocks (`tool_use` stop when any block is one). */
export function claudeMessage(content: WireBlock[], model = 'claude-sonnet-4-5'): RecordedResponse {
  messageCounter += 1;
  const usesTools = content.some((b) => b.type === 'tool_use');
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'request-id': `req_test_${messageCounter}` },
    body: {
      id: `msg_test_${messageCounter}`,
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: usesTools ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 50, output_tokens: 20 },
    },
  };
}

export const toolUse = (name: string, input: unknown, id = `toolu_${crypto.randomUUID().replaceAll('-', '')}`) => ({
  type: 'tool_use' as const,
  id,
  name,
  input,
});

/** A Messages API error response (e.g. 400 invalid_request_error, not retried). */
export function claudeError(status: number, type: string, message: string): RecordedResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'request-id': `req_err_${status}`, 'x-should-retry': 'false' },
    body: { type: 'error', error: { type, message }, request_id: `req_err_${status}` },
  };
}

/**
 * A fake Messages endpoint: each call gets the next response; a response given as a function
 * is awaited first (to hold a call open). Requests are kept for assertions.
 */
export function fakeClaude(...responses: Array<RecordedResponse | (() => Promise<RecordedResponse>)>) {
  const queue = [...responses];
  const requests: Array<{ body: Record<string, unknown> }> = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push({ body: JSON.parse(await request.text()) as Record<string, unknown> });
    const next = queue.shift();
    if (!next) throw new Error(`fake Claude: no response left for call ${requests.length}`);
    const response = typeof next === 'function' ? await next() : next;
    return new Response(JSON.stringify(response.body), { status: response.status, headers: response.headers });
  }) as typeof globalThis.fetch;
  return { fetch, requests, remaining: () => queue.length };
}

/** Makes the object answer with Claude through `fetch` (until it is evicted). */
export async function useClaude(stub: DurableObjectStub<Conversation>, fetch: typeof globalThis.fetch) {
  await runInDurableObject(stub, (instance: Conversation) => {
    instance.providerOverride = providerFor({ ANTHROPIC_API_KEY: 'test-key' }, null, {
      fetch,
      sleep: async () => {},
    });
  });
}
