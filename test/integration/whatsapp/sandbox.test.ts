import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxMessages } from '../../../db/schema';
import { seedCatalog } from '../../../scripts/seed/catalog';
import { api, fetchWithEnv } from '../../harness/api';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';
import {
  createConnection,
  inboxRows,
  messagesOf,
  randomWaNumber,
  sessionOf,
  waitForConversations,
} from '../../harness/whatsapp';

let t: Tenants;
const owner = () => ({ token: t.a.owner.token, workspaceId: t.a.id });
const connect = (body: Record<string, unknown> = {}) => createConnection(owner(), body);
const simulate = (body: Record<string, unknown>) => api('/api/v1/dev/simulator/inbound', { ...owner(), body });

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

beforeAll(async () => {
  t = await seedTenants();
  await seedCatalog(testDb(), t.a.id);
});

describe('customer simulator → webhook → conversation → egress → sandbox → reports', () => {
  it('a simulated customer message is answered, sent through the sandbox, and ends DELIVERED then READ', async () => {
    const connection = await connect({ webhookAuth: 'HMAC' });
    const from = randomWaNumber();
    const res = await simulate({
      connectionId: connection.id,
      from: `+${from}`,
      name: 'Carla',
      text: 'Hola! qué remeras tienen?',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ webhookStatus: 200, webhookResponse: { received: 1, duplicates: 0 } });
    expect(res.body.payload.results[0]).toMatchObject({
      from,
      to: connection.sender,
      integrationType: 'WHATSAPP',
      receivedAt: expect.stringMatching(/\+0000$/),
      message: { type: 'TEXT', text: 'Hola! qué remeras tienen?' },
      contact: { name: 'Carla', phoneNumber: from },
    });

    const reply = await vi.waitFor(
      async () => {
        const session = await sessionOf(t.a.id, `+${from}`);
        const outbound = session ? (await messagesOf(session.id)).find((m) => m.direction === 'outbound') : undefined;
        if (outbound?.status !== 'READ') throw new Error(`reply is ${outbound?.status ?? 'missing'}`);
        return outbound;
      },
      { timeout: 45_000, interval: 200 },
    );
    expect(reply.externalMessageId).toBe(reply.id);

    // The sandbox recorded the send exactly as Infobip would have received it.
    const [recorded] = await testDb()
      .select()
      .from(sandboxMessages)
      .where(and(eq(sandboxMessages.connectionId, connection.id), eq(sandboxMessages.messageId, reply.id)));
    expect(recorded).toMatchObject({ from: connection.sender, to: from, status: 'SEEN' });
    expect(recorded!.body).toMatchObject({ messageId: reply.id, from: connection.sender, to: from });

    const listed = await api('/api/v1/dev/sandbox/messages', owner());
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((m: { messageId: string }) => m.messageId)).toContain(reply.id);

    // Its reports came back through the authenticated webhook.
    const kinds = (await inboxRows(connection.id)).filter((r) => r.messageId === reply.id).map((r) => r.kind);
    expect(kinds.sort()).toEqual(['DELIVERY', 'SEEN']);
  });

  it('a shop on two numbers: one conversation per customer, each reply sent from the number last written to', async () => {
    const first = await connect();
    const second = await connect();
    const from = randomWaNumber();
    const sentFrom = async (text: string, connection: typeof first, replies: number) => {
      const res = await simulate({ connectionId: connection.id, from: `+${from}`, name: 'Dos Números', text });
      expect(res.body).toMatchObject({ webhookStatus: 200, webhookResponse: { received: 1 } });
      const reply = await vi.waitFor(
        async () => {
          const session = await sessionOf(t.a.id, `+${from}`);
          const outbound = session ? (await messagesOf(session.id)).filter((m) => m.direction === 'outbound') : [];
          if (outbound.length < replies || outbound.at(-1)!.status !== 'READ') throw new Error('reply not read yet');
          return { session: session!, message: outbound.at(-1)! };
        },
        { timeout: 45_000, interval: 200 },
      );
      const [recorded] = await testDb()
        .select()
        .from(sandboxMessages)
        .where(eq(sandboxMessages.messageId, reply.message.id));
      return { session: reply.session, recorded: recorded! };
    };

    const toFirst = await sentFrom('Hola! qué remeras tienen?', first, 1);
    expect(toFirst.recorded).toMatchObject({ connectionId: first.id, from: first.sender, to: from });
    expect(toFirst.session.connectionId).toBe(first.id);

    const toSecond = await sentFrom('y buzos?', second, 2);
    expect(toSecond.session.id).toBe(toFirst.session.id);
    expect(toSecond.session.connectionId).toBe(second.id);
    expect(toSecond.recorded).toMatchObject({ connectionId: second.id, from: second.sender, to: from });
  });

  it('a simulated receipt image is downloaded from the sandbox and stored in R2, linked to the message', async () => {
    const connection = await connect({ webhookAuth: 'BASIC' });
    const from = randomWaNumber();
    const res = await simulate({
      connectionId: connection.id,
      from,
      media: { type: 'IMAGE', base64: PNG, contentType: 'image/png', caption: 'comprobante' },
    });
    expect(res.body.webhookStatus).toBe(200);
    await waitForConversations(connection.id, 1);
    const session = await sessionOf(t.a.id, `+${from}`);
    const image = (await messagesOf(session!.id)).find((m) => m.direction === 'inbound');
    expect(image).toMatchObject({
      type: 'image',
      content: 'comprobante',
      media: { contentType: 'image/png', size: 70 },
    });
    const object = await env.FILES.get(image!.media!.r2Key!);
    const bytes = new Uint8Array(await object!.arrayBuffer());
    expect(Array.from(bytes.slice(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(image!.media!.r2Key).toMatch(new RegExp(`^ws/${t.a.id}/whatsapp/${connection.id}/`));
  });

  it('reply buttons, locations and redeliveries arrive as Infobip sends them', async () => {
    const connection = await connect({ webhookAuth: 'NONE' });
    const from = randomWaNumber();
    const button = await simulate({
      connectionId: connection.id,
      from,
      buttonReplyId: 'confirm_order',
      buttonTitle: 'Sí, confirmar',
    });
    expect(button.body.payload.results[0].message).toEqual({
      type: 'INTERACTIVE_BUTTON_REPLY',
      id: 'confirm_order',
      title: 'Sí, confirmar',
    });
    const location = await simulate({
      connectionId: connection.id,
      from,
      location: { latitude: -34.6, longitude: -58.38, name: 'Casa', address: 'Corrientes 1234' },
    });
    expect(location.body.payload.results[0].message).toMatchObject({ type: 'LOCATION', latitude: -34.6 });
    const again = await simulate({
      connectionId: connection.id,
      from,
      buttonReplyId: 'x',
      messageId: button.body.messageId,
    });
    expect(again.body.webhookResponse).toEqual({ received: 0, duplicates: 1 });

    await waitForConversations(connection.id, 2);
    const session = await sessionOf(t.a.id, `+${from}`);
    const inbound = (await messagesOf(session!.id)).filter((m) => m.direction === 'inbound');
    expect(inbound.map((m) => m.type)).toEqual(['button', 'location']);
    expect(inbound[0]!.toolCalls).toEqual({ buttonId: 'confirm_order' });
  });

  it('refuses another workspace’s connection (404) and callers without conversations:simulate (403)', async () => {
    const theirs = await createConnection({ token: t.b.owner.token, workspaceId: t.b.id });
    expect((await simulate({ connectionId: theirs.id, from: randomWaNumber(), text: 'hola' })).status).toBe(404);
    const operator = await api('/api/v1/dev/simulator/inbound', {
      token: t.a.operator.token,
      workspaceId: t.a.id,
      body: { connectionId: theirs.id, from: randomWaNumber(), text: 'hola' },
    });
    expect(operator.status).toBe(403);
    expect((await simulate({ connectionId: theirs.id, from: randomWaNumber() })).status).toBe(400);
  });
});

describe('the sandbox send API', () => {
  const send = (connectionId: string, endpoint: string, body: unknown) =>
    api(`/api/v1/dev/infobip/${connectionId}/whatsapp/1/${endpoint}`, { body });

  it('answers like Infobip, records once per messageId, and refuses bodies Infobip would refuse', async () => {
    const connection = await connect();
    const body = {
      from: connection.sender,
      to: '5491155550001',
      messageId: `msg_sbx_${Date.now()}`,
      content: { text: 'Hola' },
    };
    const first = await send(connection.id, 'message/text', body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      to: '5491155550001',
      messageCount: 1,
      messageId: body.messageId,
      status: { groupName: 'PENDING', name: 'PENDING_ACCEPTED' },
    });
    expect((await send(connection.id, 'message/text', body)).status).toBe(200);
    const rows = await testDb().select().from(sandboxMessages).where(eq(sandboxMessages.messageId, body.messageId));
    expect(rows).toHaveLength(1);

    const noText = await send(connection.id, 'message/text', { ...body, content: {} });
    expect(noText.status).toBe(400);
    expect(noText.body).toMatchObject({ requestError: { serviceException: { messageId: 'BAD_REQUEST' } } });
    const fourButtons = await send(connection.id, 'message/interactive/buttons', {
      ...body,
      content: {
        body: { text: 'x' },
        action: { buttons: ['a', 'b', 'c', 'd'].map((id) => ({ type: 'REPLY', id, title: id })) },
      },
    });
    expect(fourButtons.status).toBe(400);
    const wrongSender = await send(connection.id, 'message/text', {
      ...body,
      from: '5491100000000',
      messageId: 'msg_other',
    });
    expect(wrongSender.status).toBe(400);
    expect((await send('con_01JD3XAB7E5Q2W8N4K6R9T1Y3Z', 'message/text', body)).status).toBe(401);
  });

  it('templates are recorded per message of the batch', async () => {
    const connection = await connect();
    const messageId = `msg_tpl_${Date.now()}`;
    const res = await send(connection.id, 'message/template', {
      messages: [
        {
          from: connection.sender,
          to: '5491155550002',
          messageId,
          content: {
            templateName: 'pedido_listo',
            templateData: { body: { placeholders: ['Ana'] } },
            language: 'es_AR',
          },
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.messages[0]).toMatchObject({ messageId, status: { groupName: 'PENDING' } });
    const [row] = await testDb().select().from(sandboxMessages).where(eq(sandboxMessages.messageId, messageId));
    expect(row).toMatchObject({ kind: 'template', to: '5491155550002' });
  });
});

describe('development only', () => {
  it('in production the sandbox, its log and the simulator do not exist (404)', async () => {
    const connection = await connect();
    const production = { ...env, ENVIRONMENT: 'production' } as typeof env;
    const headers = {
      authorization: `Bearer ${t.a.owner.token}`,
      'x-workspace-id': t.a.id,
      'content-type': 'application/json',
    };
    const simulator = await fetchWithEnv('/api/v1/dev/simulator/inbound', production, {
      method: 'POST',
      headers,
      body: JSON.stringify({ connectionId: connection.id, from: randomWaNumber(), text: 'hola' }),
    });
    expect(simulator.status).toBe(404);
    expect((await fetchWithEnv('/api/v1/dev/sandbox/messages', production, { headers })).status).toBe(404);
    const sandbox = await fetchWithEnv(`/api/v1/dev/infobip/${connection.id}/whatsapp/1/message/text`, production, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: connection.sender, to: '1', messageId: 'm', content: { text: 'x' } }),
    });
    expect(sandbox.status).toBe(404);
  });
});
