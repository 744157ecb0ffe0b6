import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { agentMessages, agentTurns, customers, eventOutbox, webhookInbox } from '../../../db/schema';
import type { InboundMessage } from '../../../workers/agent/channel';
import worker from '../../../workers/index';
import { parseWebhook } from '../../../workers/whatsapp/infobip/adapter';
import { processInboxRows, retryPendingWebhooks, storeWebhookItems } from '../../../workers/whatsapp/inbox';
import { hmacSha256Hex } from '../../../workers/whatsapp/infobip/webhook-auth';
import { WEBHOOK_RATE_LIMIT } from '../../../workers/http/routes/webhooks/infobip';
import { api, fetchWithEnv } from '../../harness/api';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';
import {
  batch,
  copy,
  createConnection,
  fixtures,
  inboundResult,
  inboxRows,
  messageRow,
  messagesOf,
  postWebhook,
  queuedReply,
  randomWaNumber,
  sessionOf,
  waitForConversations,
  waitForInbox,
} from '../../harness/whatsapp';

let t: Tenants;
const owner = () => ({ token: t.a.owner.token, workspaceId: t.a.id });
const connect = (body: Record<string, unknown> = {}) => createConnection(owner(), body);

beforeAll(async () => {
  t = await seedTenants();
});

describe('webhook authentication', () => {
  it('HMAC: a good signature is accepted; a bad or missing one answers 401 and stores nothing', async () => {
    const connection = await connect({ webhookAuth: 'HMAC' });
    const body = batch(inboundResult(fixtures.inboundText));
    expect((await postWebhook(connection, body, { auth: 'bad-hmac' })).status).toBe(401);
    const missing = await postWebhook(connection, body, { auth: 'none' });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('UNAUTHORIZED');
    expect(await inboxRows(connection.id)).toHaveLength(0);

    const good = await postWebhook(connection, body, { auth: 'hmac' });
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ received: 1, duplicates: 0 });
    await waitForConversations(connection.id, 1);
  });

  it('HMAC: the signature covers the raw bytes, so a re-serialised body fails', async () => {
    const connection = await connect({ webhookAuth: 'HMAC' });
    const raw = JSON.stringify(batch(inboundResult(fixtures.inboundText)), null, 2);
    const signature = `sha256=${await hmacSha256Hex(connection.secrets.webhookSecret, raw)}`;
    const tampered = await api(`/api/v1/webhooks/infobip/${connection.id}`, {
      method: 'POST',
      rawBody: JSON.stringify(JSON.parse(raw)),
      headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': signature },
    });
    expect(tampered.status).toBe(401);
  });

  it('HMAC with a custom header name reads that header', async () => {
    const connection = await connect({ webhookAuth: 'HMAC', hmacHeader: 'X-Infobip-Signature' });
    expect((await postWebhook(connection, batch(inboundResult(fixtures.inboundText)))).status).toBe(200);
    await waitForConversations(connection.id, 1);
  });

  it('Basic: the connection’s credentials are accepted; wrong or missing ones answer 401', async () => {
    const connection = await connect({ webhookAuth: 'BASIC' });
    const body = batch(copy(fixtures.seenReport.results[0]!));
    expect((await postWebhook(connection, body, { auth: 'bad-basic' })).status).toBe(401);
    expect((await postWebhook(connection, body, { auth: 'none' })).status).toBe(401);
    expect((await postWebhook(connection, body, { auth: 'hmac' })).status).toBe(401);
    expect((await postWebhook(connection, body, { auth: 'basic' })).status).toBe(200);
  });

  it('an unknown or malformed connection id answers 401', async () => {
    const unknown = await api('/api/v1/webhooks/infobip/con_01JD3XAB7E5Q2W8N4K6R9T1Y3Z', { body: { results: [] } });
    expect(unknown.status).toBe(401);
    expect((await api('/api/v1/webhooks/infobip/not-a-connection', { body: { results: [] } })).status).toBe(401);
  });

  it('NONE is accepted in development and test, and refused in production', async () => {
    const connection = await connect({ webhookAuth: 'NONE' });
    const body = batch(copy(fixtures.seenReport.results[0]!));
    expect((await postWebhook(connection, body)).status).toBe(200);
    const production = { ...env, ENVIRONMENT: 'production' } as typeof env;
    const res = await fetchWithEnv(`/api/v1/webhooks/infobip/${connection.id}`, production, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(401);
  });
});

describe('webhook body limits and parsing', () => {
  it('a body over 1 MB answers 413', async () => {
    const connection = await connect({ webhookAuth: 'NONE' });
    const big = JSON.stringify({ results: [], padding: 'x'.repeat(1024 * 1024) });
    const res = await postWebhook(connection, null, { rawBody: big });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a body over 1 MB sent in chunks, without Content-Length, answers 413 too', async () => {
    const connection = await connect({ webhookAuth: 'NONE' });
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (chunks++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await api(`/api/v1/webhooks/infobip/${connection.id}`, {
      method: 'POST',
      rawBody: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await inboxRows(connection.id)).toEqual([]);
  });

  it('malformed JSON answers 400 and is kept for inspection', async () => {
    const connection = await connect();
    const res = await postWebhook(connection, null, { rawBody: '{"results": [' });
    expect(res.status).toBe(400);
    const [row] = await inboxRows(connection.id);
    expect(row).toMatchObject({
      kind: 'INVALID',
      rawBody: '{"results": [',
      error: 'malformed JSON',
      processedAt: null,
    });
  });

  it('a body that is not an Infobip webhook answers 400 and is kept for inspection', async () => {
    const connection = await connect();
    const res = await postWebhook(connection, { results: [{ hello: 'world' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const [row] = await inboxRows(connection.id);
    expect(row).toMatchObject({ kind: 'INVALID', error: expect.stringContaining('results[0]') });
    expect(JSON.parse(row!.rawBody!)).toEqual({ results: [{ hello: 'world' }] });
  });
});

describe('webhook rate limit', () => {
  // The bucket gets a token back every 60 ms: the clock stands still from spending the minute to
  // the refused request, or a slow machine refills one in between (refill: rate-limiter.test.ts).
  afterEach(() => vi.useRealTimers());

  it('allows 1000 requests a minute per connection, then answers 429 with Retry-After', async () => {
    const connection = await connect();
    const other = await connect();
    vi.setSystemTime(Date.now());
    // Spend the connection's minute in one go, as 1000 earlier requests would have.
    await env.RATE_LIMITER.getByName(`webhook:connection:${connection.id}`).take(WEBHOOK_RATE_LIMIT, 1000);
    const limited = await postWebhook(connection, batch(inboundResult(fixtures.inboundText)));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('1000');
    // Another connection has its own bucket.
    const fine = await postWebhook(other, batch(copy(fixtures.seenReport.results[0]!)));
    expect(fine.status).toBe(200);
    expect(fine.headers.get('x-ratelimit-remaining')).toBe('999');
  });
});

describe('inbound messages', () => {
  it('stores the result, answers 200, identifies the customer and hands the message to its conversation', async () => {
    const connection = await connect();
    const from = randomWaNumber();
    const result = inboundResult(fixtures.inboundText, {
      from,
      contact: { name: 'Lucía Pérez', phoneNumber: from, userId: null },
    });
    const res = await postWebhook(connection, batch(result));
    expect(res.status).toBe(200);
    const [row] = await waitForConversations(connection.id, 1);
    expect(row).toMatchObject({ kind: 'INBOUND', messageId: result.messageId, messageType: 'TEXT', error: null });
    expect(row!.payload).toEqual(result);

    const [customer] = await testDb()
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, t.a.id), eq(customers.phone, `+${from}`)));
    expect(customer).toMatchObject({ name: 'Lucía Pérez', waUserId: `+${from}` });

    const session = await sessionOf(t.a.id, `+${from}`);
    expect(session).toMatchObject({ channel: 'whatsapp', connectionId: connection.id, customerId: customer!.id });
    const transcript = await messagesOf(session!.id);
    expect(transcript.find((m) => m.direction === 'inbound')).toMatchObject({
      role: 'customer',
      type: 'text',
      content: 'Hola! Quiero 2 remeras básicas talle M',
      externalMessageId: result.messageId,
    });
    // The agent answered (offline provider): its reply is queued for egress through the outbox.
    const reply = transcript.find((m) => m.direction === 'outbound');
    expect(reply).toBeDefined();
    const [egress] = await testDb()
      .select()
      .from(eventOutbox)
      .where(and(eq(eventOutbox.destination, 'egress'), sql`${eventOutbox.payload}->>'messageId' = ${reply!.id}`));
    expect(egress).toMatchObject({ type: 'message:outbound' });
  });

  it('keys the conversation on contact.userId when Infobip sends one', async () => {
    const connection = await connect();
    const userId = `AR.${Date.now()}${Math.floor(Math.random() * 1000)}`;
    await postWebhook(connection, batch(inboundResult(fixtures.inboundText, { userId })));
    await waitForConversations(connection.id, 1);
    const session = await sessionOf(t.a.id, userId);
    expect(session).toBeDefined();
    const [customer] = await testDb().select().from(customers).where(eq(customers.id, session!.customerId!));
    expect(customer).toMatchObject({ waUserId: userId, name: 'María García' });
  });

  it('a duplicate delivery is acknowledged and ignored: one stored row, one message, one agent turn', async () => {
    const connection = await connect();
    const from = randomWaNumber();
    const body = batch(inboundResult(fixtures.inboundText, { from }));
    expect((await postWebhook(connection, body)).body).toEqual({ received: 1, duplicates: 0 });
    await waitForConversations(connection.id, 1);
    const again = await postWebhook(connection, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ received: 0, duplicates: 1 });

    // (The agent's reply goes out through the sandbox, whose delivery reports arrive here too.)
    expect((await inboxRows(connection.id)).filter((r) => r.kind === 'INBOUND')).toHaveLength(1);
    const session = await sessionOf(t.a.id, `+${from}`);
    const inbound = (await messagesOf(session!.id)).filter((m) => m.direction === 'inbound');
    expect(inbound).toHaveLength(1);
    const turns = await testDb().select().from(agentTurns).where(eq(agentTurns.sessionId, session!.id));
    expect(turns).toHaveLength(1);
    const metrics = await api('/metrics');
    expect(metrics.body).toMatch(/webhook_results_total\{kind="ANY",outcome="duplicate"\} \d+/);
    expect(metrics.body).toMatch(/webhook_results_total\{kind="INBOUND",outcome="stored"\} \d+/);
  });

  it('a batch of many results from several customers: all stored once, each conversation in order', async () => {
    const connection = await connect();
    const customersFrom = [randomWaNumber(), randomWaNumber(), randomWaNumber()];
    const results = customersFrom.flatMap((from) =>
      [1, 2, 3, 4].map((n) =>
        inboundResult(fixtures.inboundText, { from, message: { type: 'TEXT', text: `Mensaje ${n}` } }),
      ),
    );
    const report = { ...copy(fixtures.seenReport.results[0]!), messageId: `msg_unknown_${Date.now()}` };
    const res = await postWebhook(connection, batch(...results, report));
    expect(res.body).toEqual({ received: 13, duplicates: 0 });
    await waitForConversations(connection.id, 13);
    for (const from of customersFrom) {
      const session = await sessionOf(t.a.id, `+${from}`);
      const texts = (await messagesOf(session!.id)).filter((m) => m.direction === 'inbound').map((m) => m.content);
      expect(texts).toEqual(['Mensaje 1', 'Mensaje 2', 'Mensaje 3', 'Mensaje 4']);
    }
  });

  it('every message type of the fixtures README is stored; unknown types become unsupported messages', async () => {
    const connection = await connect();
    const from = randomWaNumber();
    const types: Array<Record<string, unknown>> = [
      { type: 'TEXT', text: 'hola' },
      { type: 'LOCATION', latitude: -34.6, longitude: -58.38, name: 'Casa', address: 'Corrientes 1234' },
      { type: 'INTERACTIVE_BUTTON_REPLY', id: 'confirm_order', title: 'Sí, confirmar' },
      { type: 'INTERACTIVE_LIST_REPLY', id: 'var_1', title: 'Remera M' },
      { type: 'BUTTON', text: 'Sí', payload: 'yes' },
      { type: 'CONTACT', contacts: [{ name: { formattedName: 'Juan' } }] },
      { type: 'REACTION', emoji: '👍', messageId: 'x' },
      { type: 'ORDER', catalogId: '1', productItems: [] },
      { type: 'INTERACTIVE_FLOW_REPLY', response: '{}' },
      { type: 'UNSUPPORTED' },
      { type: 'INFECTED_CONTENT' },
    ];
    const results = types.map((message) => inboundResult(fixtures.inboundText, { from, message }));
    expect((await postWebhook(connection, batch(...results))).status).toBe(200);
    const rows = (await waitForConversations(connection.id, types.length)).filter((r) => r.kind === 'INBOUND');
    expect(rows.map((r) => r.messageType)).toEqual(types.map((m) => m.type));

    const session = await sessionOf(t.a.id, `+${from}`);
    const inbound = (await messagesOf(session!.id)).filter((m) => m.direction === 'inbound');
    expect(inbound.map((m) => m.type)).toEqual([
      'text',
      'location',
      'button',
      'button',
      'button',
      'unsupported',
      'unsupported',
      'unsupported',
      'unsupported',
      'unsupported',
      'unsupported',
    ]);
    expect(inbound[1]!.media).toMatchObject({ latitude: -34.6, longitude: -58.38, address: 'Corrientes 1234' });
  });
});

describe('delivery and seen reports', () => {
  /** An outbound message as egress leaves it: SENT, with our id as Infobip's messageId. */
  async function sentMessage(connectionId: string) {
    const { messageId } = await queuedReply(t.a.id, connectionId);
    await testDb()
      .update(agentMessages)
      .set({ status: 'SENT', externalMessageId: messageId })
      .where(eq(agentMessages.id, messageId));
    return messageId;
  }
  const delivered = (messageId: string, groupName = 'DELIVERED', error?: Record<string, unknown>) => ({
    ...copy(fixtures.deliveryReport.results[0]!),
    messageId,
    status: { groupId: 3, groupName, id: 5, name: `${groupName}_X`, description: 'x' },
    ...(error ? { error } : {}),
  });
  const seen = (messageId: string) => ({ ...copy(fixtures.seenReport.results[0]!), messageId });

  it('moves a message SENT → DELIVERED → READ and announces each change', async () => {
    const connection = await connect();
    const id = await sentMessage(connection.id);
    await postWebhook(connection, batch(delivered(id)));
    await waitForInbox(connection.id, 1);
    expect((await messageRow(id)).status).toBe('DELIVERED');
    await postWebhook(connection, batch(seen(id)));
    await waitForInbox(connection.id, 2);
    expect((await messageRow(id)).status).toBe('READ');
    const events = await testDb()
      .select()
      .from(eventOutbox)
      .where(and(eq(eventOutbox.type, 'message:status'), sql`${eventOutbox.payload}->>'messageId' = ${id}`));
    expect(events.map((e) => (e.payload as { status: string }).status).sort()).toEqual(['DELIVERED', 'READ']);
  });

  it('never moves backwards: a delivery report after the seen report leaves READ', async () => {
    const connection = await connect();
    const id = await sentMessage(connection.id);
    await postWebhook(connection, batch(seen(id), delivered(id)));
    await waitForInbox(connection.id, 2);
    expect((await messageRow(id)).status).toBe('READ');
  });

  it('an undeliverable report marks the message FAILED with Infobip’s reason', async () => {
    const connection = await connect();
    const id = await sentMessage(connection.id);
    const error = {
      groupId: 2,
      groupName: 'HANDSET_ERRORS',
      id: 27,
      name: 'EC_ABSENT_SUBSCRIBER',
      description: 'Absent subscriber',
      permanent: true,
    };
    await postWebhook(connection, batch(delivered(id, 'UNDELIVERABLE', error)));
    await waitForInbox(connection.id, 1);
    expect(await messageRow(id)).toMatchObject({
      status: 'FAILED',
      error: 'UNDELIVERABLE: UNDELIVERABLE_X: EC_ABSENT_SUBSCRIBER: Absent subscriber',
    });
  });

  it('a report for an id we never sent is stored and processed, not an error', async () => {
    const connection = await connect();
    const res = await postWebhook(connection, batch(delivered('msg_NOT_OURS'), seen('msg_NOT_OURS')));
    expect(res.status).toBe(200);
    const rows = await waitForInbox(connection.id, 2);
    expect(rows.map((r) => r.kind)).toEqual(['DELIVERY', 'SEEN']);
    expect(rows.every((r) => r.error === 'no outbound message with this id')).toBe(true);
  });

  it('another workspace’s connection cannot move this workspace’s messages', async () => {
    const mine = await connect();
    const id = await sentMessage(mine.id);
    const theirs = await createConnection({ token: t.b.owner.token, workspaceId: t.b.id });
    await postWebhook(theirs, batch(delivered(id)));
    await waitForInbox(theirs.id, 1);
    expect((await messageRow(id)).status).toBe('SENT');
  });
});

describe('after the 200: failures are retried from webhook_inbox', () => {
  it('a conversation that cannot be reached leaves the row unprocessed; the retry delivers it', async () => {
    const connection = await connect();
    const from = randomWaNumber();
    const result = inboundResult(fixtures.inboundText, { from });
    // Store without handing on (as if the isolate died right after the 200).
    const parsed = parseWebhook(batch(result), connection.id);
    if (!parsed.ok) throw new Error(parsed.error);
    const { stored } = await storeWebhookItems(testDb(), { id: connection.id, workspaceId: t.a.id }, parsed.items);

    const unavailable = {
      ...env,
      CONVERSATION: { getByName: () => ({ accept: () => Promise.reject(new Error('Durable Object is overloaded')) }) },
    } as unknown as typeof env;
    expect(await processInboxRows({ db: testDb(), env: unavailable }, stored)).toEqual({ processed: 0, failed: 1 });
    const [failed] = await inboxRows(connection.id);
    expect(failed).toMatchObject({ processedAt: null, attempts: 1, error: 'Durable Object is overloaded' });

    // Not yet a minute old: the retry leaves it alone.
    expect(await retryPendingWebhooks({ db: testDb(), env }, { now: new Date() })).toMatchObject({ processed: 0 });
    const later = new Date(Date.now() + 2 * 60_000);
    const retried = await retryPendingWebhooks({ db: testDb(), env }, { now: later });
    expect(retried.processed).toBeGreaterThanOrEqual(1);
    const [done] = await inboxRows(connection.id);
    expect(done).toMatchObject({ attempts: 2, error: null });
    expect(done!.processedAt).not.toBeNull();

    // Handed on again (the answer to a pass was lost): the conversation already has it.
    expect(await processInboxRows({ db: testDb(), env }, stored)).toEqual({ processed: 1, failed: 0 });
    await waitForConversations(connection.id, 1);
    const session = await sessionOf(t.a.id, `+${from}`);
    expect((await messagesOf(session!.id)).filter((m) => m.direction === 'inbound')).toHaveLength(1);
    const turns = await testDb().select().from(agentTurns).where(eq(agentTurns.sessionId, session!.id));
    expect(turns).toHaveLength(1);
  });

  it('a message the conversation did not take holds the later ones of its conversation, in order', async () => {
    const connection = await connect();
    const from = randomWaNumber();
    const results = ['primero', 'segundo', 'tercero'].map((text) =>
      inboundResult(fixtures.inboundText, { from, message: { type: 'TEXT', text } }),
    );
    const parsed = parseWebhook(batch(...results), connection.id);
    if (!parsed.ok) throw new Error(parsed.error);
    const { stored } = await storeWebhookItems(testDb(), { id: connection.id, workspaceId: t.a.id }, parsed.items);

    // The object takes the first message, then is unavailable for the second.
    let calls = 0;
    const flaky = {
      ...env,
      CONVERSATION: {
        getByName: (name: string) => {
          const real = env.CONVERSATION.getByName(name);
          return {
            accept: (message: InboundMessage) =>
              ++calls === 1 ? real.accept(message) : Promise.reject(new Error('Durable Object reset')),
          };
        },
      },
    } as unknown as typeof env;
    expect(await processInboxRows({ db: testDb(), env: flaky }, stored)).toEqual({ processed: 1, failed: 2 });
    expect(calls).toBe(2);
    const held = await inboxRows(connection.id);
    expect(held.map((r) => [r.processedAt !== null, r.error])).toEqual([
      [true, null],
      [false, 'Durable Object reset'],
      [false, 'waiting for an earlier message'],
    ]);

    await retryPendingWebhooks({ db: testDb(), env }, { now: new Date(Date.now() + 2 * 60_000) });
    await waitForConversations(connection.id, 3);
    const session = await sessionOf(t.a.id, `+${from}`);
    const texts = (await messagesOf(session!.id)).filter((m) => m.direction === 'inbound').map((m) => m.content);
    expect(texts).toEqual(['primero', 'segundo', 'tercero']);
  });

  it('the cron retries rows older than a minute through the scheduled handler', async () => {
    const connection = await connect();
    const parsed = parseWebhook(batch(inboundResult(fixtures.inboundText)), connection.id);
    if (!parsed.ok) throw new Error(parsed.error);
    const { stored } = await storeWebhookItems(testDb(), { id: connection.id, workspaceId: t.a.id }, parsed.items);
    await testDb()
      .update(webhookInbox)
      .set({ receivedAt: new Date(Date.now() - 5 * 60_000) })
      .where(eq(webhookInbox.id, stored[0]!.id));

    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const [row] = await inboxRows(connection.id);
    expect(row!.processedAt).not.toBeNull();
  });
});
