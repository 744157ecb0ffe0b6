import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deadLetters, eventOutbox, processedEvents } from '../../../db/schema';
import { resetCircuitBreakers } from '../../../workers/whatsapp/infobip/client';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';
import {
  accepted,
  createConnection,
  egressEvent,
  fakeInfobip,
  infobipFailure,
  messageRow,
  queuedReply,
  type TestConnection,
  consumeQueueMessage,
} from '../../harness/whatsapp';

let t: Tenants;
const owner = () => ({ token: t.a.owner.token, workspaceId: t.a.id });
const API_KEY = 'egress-test-api-key-0001';
let restore: (() => void) | undefined;
let counter = 0;

beforeAll(async () => {
  t = await seedTenants();
});

afterEach(() => {
  restore?.();
  restore = undefined;
  resetCircuitBreakers();
});

/** A real-Infobip connection on its own host, so its fake answers only its calls. */
async function infobipConnection(): Promise<TestConnection & { host: string }> {
  counter += 1;
  const host = `egress${counter}-${crypto.randomUUID().slice(0, 6)}.api.infobip.com`;
  const connection = await createConnection(owner(), { baseUrl: `https://${host}`, apiKey: API_KEY });
  return { ...connection, host };
}

function fake(host: string, ...responses: Parameters<typeof fakeInfobip>[1][]) {
  const infobip = fakeInfobip(host, ...responses);
  restore = infobip.restore;
  return infobip;
}

/** Runs the egress (or egress DLQ) consumer through the Worker's queue handler. */
const consume = consumeQueueMessage;

describe('egress consumer', () => {
  it('sends a queued reply with our message id and App key, marks it SENT and acknowledges', async () => {
    const connection = await infobipConnection();
    const infobip = fake(connection.host, accepted);
    const { messageId, sessionId, contact } = await queuedReply(t.a.id, connection.id);
    const event = egressEvent(t.a.id, messageId);

    const { id, result } = await consume('nexova-egress', event);
    expect(result.explicitAcks).toEqual([id]);
    expect(result.retryMessages).toEqual([]);
    expect(infobip.calls).toHaveLength(1);
    expect(infobip.calls[0]).toMatchObject({
      method: 'POST',
      url: `https://${connection.host}/whatsapp/1/message/text`,
      authorization: `App ${API_KEY}`,
      body: {
        from: connection.sender,
        to: contact.slice(1),
        messageId,
        callbackData: sessionId,
        notifyUrl: connection.webhookUrl,
        content: { text: 'Hola! Tenemos remeras en talle M.' },
      },
    });
    expect(await messageRow(messageId)).toMatchObject({ status: 'SENT', externalMessageId: messageId, error: null });
    const [claimed] = await testDb()
      .select()
      .from(processedEvents)
      .where(and(eq(processedEvents.consumer, 'egress'), eq(processedEvents.eventId, event.id)));
    expect(claimed).toBeDefined();
    const [status] = await testDb()
      .select()
      .from(eventOutbox)
      .where(and(eq(eventOutbox.type, 'message:status'), sql`${eventOutbox.payload}->>'messageId' = ${messageId}`));
    expect(status?.payload).toMatchObject({ status: 'SENT', sessionId });
    expect((await api('/metrics')).body).toMatch(/egress_messages_total\{outcome="sent"\} \d+/);
  });

  it('a redelivered queue message sends nothing a second time', async () => {
    const connection = await infobipConnection();
    const infobip = fake(connection.host, accepted);
    const { messageId } = await queuedReply(t.a.id, connection.id);
    const event = egressEvent(t.a.id, messageId);
    await consume('nexova-egress', event);
    const again = await consume('nexova-egress', event, 2);
    expect(again.result.explicitAcks).toEqual([again.id]);
    expect(infobip.calls).toHaveLength(1);
  });

  it('interactive buttons go to /interactive/buttons', async () => {
    const connection = await infobipConnection();
    const infobip = fake(connection.host, accepted);
    const message = {
      type: 'buttons',
      text: '¿Confirmás el pedido #1042 por $ 30.000?',
      buttons: [
        { id: 'confirm_order', title: 'Sí, confirmar' },
        { id: 'cancel_order', title: 'No' },
      ],
    };
    const { messageId } = await queuedReply(t.a.id, connection.id, { message });
    await consume('nexova-egress', egressEvent(t.a.id, messageId));
    expect(infobip.calls[0]).toMatchObject({
      url: `https://${connection.host}/whatsapp/1/message/interactive/buttons`,
      body: {
        messageId,
        content: {
          body: { text: message.text },
          action: { buttons: message.buttons.map((b) => ({ type: 'REPLY', ...b })) },
        },
      },
    });
    expect((await messageRow(messageId)).status).toBe('SENT');
  });

  it('a retryable Infobip error keeps the message QUEUED with the error and retries the queue message with backoff', async () => {
    const connection = await infobipConnection();
    const infobip = fake(
      connection.host,
      infobipFailure(503, 'SERVICE_UNAVAILABLE', 'Service temporarily unavailable'),
    );
    const { messageId } = await queuedReply(t.a.id, connection.id);
    const event = egressEvent(t.a.id, messageId);

    const first = await consume('nexova-egress', event, 1);
    expect(first.result.explicitAcks).toEqual([]);
    expect(first.result.retryMessages).toEqual([{ msgId: first.id }]);
    expect(first.delays).toEqual([10]);
    expect(await messageRow(messageId)).toMatchObject({
      status: 'QUEUED',
      error: 'SERVICE_UNAVAILABLE: Service temporarily unavailable',
    });
    // The client retried once itself, with the same message id both times.
    expect(infobip.calls.map((c) => c.body?.messageId)).toEqual([messageId, messageId]);

    const third = await consume('nexova-egress', event, 3);
    expect(third.result.retryMessages).toEqual([{ msgId: third.id }]);
    expect(third.delays).toEqual([90]);
  });

  it('429 with Retry-After retries the queue message after that many seconds', async () => {
    const connection = await infobipConnection();
    fake(connection.host, infobipFailure(429, 'TOO_MANY_REQUESTS', 'Too many requests', { 'retry-after': '20' }));
    const { messageId } = await queuedReply(t.a.id, connection.id);
    const { id, result, delays } = await consume('nexova-egress', egressEvent(t.a.id, messageId));
    expect(result.retryMessages).toEqual([{ msgId: id }]);
    expect(delays).toEqual([20]);
  });

  it('a permanent Infobip error marks the message FAILED, records a dead letter and acknowledges', async () => {
    const connection = await infobipConnection();
    const infobip = fake(connection.host, infobipFailure(400, 'BAD_REQUEST', 'Invalid destination address'));
    const { messageId } = await queuedReply(t.a.id, connection.id);
    const event = egressEvent(t.a.id, messageId);
    const { id, result } = await consume('nexova-egress', event);
    expect(result.explicitAcks).toEqual([id]);
    expect(infobip.calls).toHaveLength(1);
    expect(await messageRow(messageId)).toMatchObject({
      status: 'FAILED',
      error: 'BAD_REQUEST: Invalid destination address',
    });
    const [letter] = await testDb().select().from(deadLetters).where(eq(deadLetters.agentMessageId, messageId));
    expect(letter).toMatchObject({
      queue: 'nexova-egress',
      eventId: event.id,
      error: 'BAD_REQUEST: Invalid destination address',
    });

    const failed = await api('/api/v1/messages/failed', owner());
    expect(failed.status).toBe(200);
    expect(failed.body.items.find((m: { id: string }) => m.id === messageId)).toMatchObject({
      status: 'FAILED',
      error: 'BAD_REQUEST: Invalid destination address',
    });
  });

  it('outside the 24 h window a free-form message is HELD and operators are alerted, without calling Infobip', async () => {
    const connection = await infobipConnection();
    const infobip = fake(connection.host, accepted);
    const { messageId, sessionId } = await queuedReply(t.a.id, connection.id, {
      lastCustomerMessageAgoMs: 25 * 60 * 60_000,
    });
    const { id, result } = await consume('nexova-egress', egressEvent(t.a.id, messageId));
    expect(result.explicitAcks).toEqual([id]);
    expect(infobip.calls).toHaveLength(0);
    expect(await messageRow(messageId)).toMatchObject({ status: 'HELD', error: expect.stringContaining('24 h') });
    const [alert] = await testDb()
      .select()
      .from(eventOutbox)
      .where(and(eq(eventOutbox.type, 'message:held'), sql`${eventOutbox.payload}->>'messageId' = ${messageId}`));
    expect(alert).toMatchObject({ workspaceId: t.a.id, payload: { sessionId, status: 'HELD' } });
    const held = await api('/api/v1/messages/failed?status=HELD', owner());
    expect(held.body.items.map((m: { id: string }) => m.id)).toContain(messageId);
    const onlyFailed = await api('/api/v1/messages/failed', owner());
    expect(onlyFailed.body.items.map((m: { id: string }) => m.id)).not.toContain(messageId);
  });

  it('a customer who never wrote is outside the window too', async () => {
    const connection = await infobipConnection();
    fake(connection.host, accepted);
    const { messageId } = await queuedReply(t.a.id, connection.id, { lastCustomerMessageAgoMs: null });
    await consume('nexova-egress', egressEvent(t.a.id, messageId));
    expect((await messageRow(messageId)).status).toBe('HELD');
  });

  it('a template is sent outside the window', async () => {
    const connection = await infobipConnection();
    const infobip = fake(connection.host, (call) =>
      Response.json({
        messages: [
          {
            messageId: (call.body?.messages as Array<{ messageId: string }>)[0]!.messageId,
            status: { groupName: 'PENDING' },
          },
        ],
      }),
    );
    const message = { type: 'template', templateName: 'pedido_listo', placeholders: ['María', '#1042'] };
    const { messageId } = await queuedReply(t.a.id, connection.id, {
      message,
      lastCustomerMessageAgoMs: 3 * 24 * 60 * 60_000,
    });
    await consume('nexova-egress', egressEvent(t.a.id, messageId));
    expect(infobip.calls[0]).toMatchObject({
      url: `https://${connection.host}/whatsapp/1/message/template`,
      body: { messages: [{ messageId, content: { templateName: 'pedido_listo', language: 'es_AR' } }] },
    });
    expect((await messageRow(messageId)).status).toBe('SENT');
  });

  it('without any connection the message FAILS permanently', async () => {
    const { messageId } = await queuedReply(t.b.id, null);
    const { result, id } = await consume('nexova-egress', egressEvent(t.b.id, messageId));
    expect(result.explicitAcks).toEqual([id]);
    expect(await messageRow(messageId)).toMatchObject({
      status: 'FAILED',
      error: 'No WhatsApp connection for this workspace',
    });
  });

  it('a simulator conversation has nothing to send: marked SENT without calling Infobip', async () => {
    const connection = await infobipConnection();
    const infobip = fake(connection.host, accepted);
    const { messageId } = await queuedReply(t.a.id, null, { channel: 'simulator' });
    await consume('nexova-egress', egressEvent(t.a.id, messageId));
    expect(infobip.calls).toHaveLength(0);
    expect((await messageRow(messageId)).status).toBe('SENT');
  });
});

describe('dead letters, the failed list and retry', () => {
  it('retries exhausted → the DLQ consumer marks the message FAILED with the last error; an operator retries it and it is sent with the same id', async () => {
    const connection = await infobipConnection();
    fake(connection.host, infobipFailure(502, 'BAD_GATEWAY', 'Upstream unavailable'));
    const { messageId } = await queuedReply(t.a.id, connection.id);
    const event = egressEvent(t.a.id, messageId);
    // The fourth delivery fails too; the queue then moves the message to the DLQ (max_retries = 3).
    const last = await consume('nexova-egress', event, 4);
    expect(last.result.retryMessages).toHaveLength(1);
    restore?.();

    const dlq = await consume('nexova-egress-dlq', event, 1);
    expect(dlq.result.explicitAcks).toEqual([dlq.id]);
    expect(await messageRow(messageId)).toMatchObject({ status: 'FAILED', error: 'BAD_GATEWAY: Upstream unavailable' });
    const letters = await testDb().select().from(deadLetters).where(eq(deadLetters.agentMessageId, messageId));
    expect(letters).toEqual([expect.objectContaining({ queue: 'nexova-egress', eventId: event.id, redrivenAt: null })]);
    // The DLQ consumer is idempotent: a redelivery records nothing new.
    await consume('nexova-egress-dlq', event, 2);
    expect(await testDb().select().from(deadLetters).where(eq(deadLetters.agentMessageId, messageId))).toHaveLength(1);

    const listed = await api('/api/v1/messages/failed', { token: t.a.operator.token, workspaceId: t.a.id });
    expect(listed.body.items.find((m: { id: string }) => m.id === messageId)).toMatchObject({ status: 'FAILED' });

    const retry = await api(`/api/v1/messages/${messageId}/retry`, {
      token: t.a.operator.token,
      workspaceId: t.a.id,
      method: 'POST',
    });
    expect(retry.status).toBe(202);
    expect(retry.body).toMatchObject({ id: messageId, status: 'QUEUED', error: null });
    expect(
      (await testDb().select().from(deadLetters).where(eq(deadLetters.agentMessageId, messageId)))[0]!.redrivenAt,
    ).not.toBeNull();
    const [redrive] = await testDb()
      .select()
      .from(eventOutbox)
      .where(
        and(
          eq(eventOutbox.type, 'message:outbound'),
          eq(eventOutbox.destination, 'egress'),
          sql`${eventOutbox.payload}->>'messageId' = ${messageId}`,
        ),
      );
    expect(redrive).toBeDefined();

    const infobip = fake(connection.host, accepted);
    await consume('nexova-egress', {
      id: redrive!.id,
      type: redrive!.type,
      workspaceId: redrive!.workspaceId,
      payload: redrive!.payload,
      createdAt: redrive!.createdAt.toISOString(),
    });
    expect(infobip.calls.map((c) => c.body?.messageId)).toEqual([messageId]);
    expect((await messageRow(messageId)).status).toBe('SENT');
  });

  it('retry answers 409 for a message that is not FAILED or HELD, 404 across tenants, 403 without conversations:reply', async () => {
    const { messageId } = await queuedReply(t.a.id, null);
    const queued = await api(`/api/v1/messages/${messageId}/retry`, { ...owner(), method: 'POST' });
    expect(queued.status).toBe(409);
    const other = await api(`/api/v1/messages/${messageId}/retry`, {
      token: t.b.owner.token,
      workspaceId: t.b.id,
      method: 'POST',
    });
    expect(other.status).toBe(404);
    const viewer = await api(`/api/v1/messages/${messageId}/retry`, {
      token: t.a.viewer.token,
      workspaceId: t.a.id,
      method: 'POST',
    });
    expect(viewer.status).toBe(403);
    const otherList = await api('/api/v1/messages/failed?status=ALL', { token: t.b.owner.token, workspaceId: t.b.id });
    expect(otherList.body.items.every((m: { id: string }) => m.id !== messageId)).toBe(true);
  });
});
