/**
 * Handoff (issue 5 §6): a conversation goes to a person — by the agent's tool, the customer's
 * request, three failures or an operator —, an operator assigns it, replies through egress and
 * releases it; the agent is silent meanwhile and resumes with the transcript.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxMessages } from '../../../db/schema';
import { seedCatalog } from '../../../scripts/seed/catalog';
import {
  ASSIGNED_HANDOFF_REASON,
  HANDBACK_EVENT_TEXT,
  HANDOFF_AFTER_FAILURES_REASON,
  TAKEOVER_EVENT_TEXT,
} from '../../../workers/agent/conversation/index';
import { WINDOW_MS } from '../../../workers/agent/channel';
import {
  ConversationSchema,
  HandoffListSchema,
  MessageSchema,
} from '../../../workers/http/routes/conversations/schema';
import { api } from '../../harness/api';
import {
  claudeError,
  claudeMessage,
  conversationStub,
  eventsOf,
  fakeClaude,
  handoffsOf,
  inbound,
  randomPhone,
  sessionRow,
  toolUse,
  turnsOf,
  useClaude,
} from '../../harness/conversation';
import { testDb } from '../../harness/db';
import { seedTenants, type SeededMember, type Tenants } from '../../harness/tenants';
import { createConnection, messagesOf, randomWaNumber, sessionOf } from '../../harness/whatsapp';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
  await seedCatalog(testDb(), t.a.id);
});

const as = (member: { token: string }, workspaceId = t.a.id) => ({ token: member.token, workspaceId });
const post = (path: string, member: { token: string }, body?: unknown, headers?: Record<string, string>) =>
  api(path, {
    ...as(member),
    method: 'POST',
    ...(body === undefined ? {} : { body }),
    ...(headers ? { headers } : {}),
  });
/** A JSON body with its `…At` timestamps back as dates, for the response schemas (which hold dates). */
const revive = (body: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(body).map(([k, v]) => [k, typeof v === 'string' && /At$/.test(k) ? new Date(v) : v]),
  );
const conversation = async (sessionId: string, member: SeededMember = t.a.viewer) =>
  ConversationSchema.parse(revive((await api(`/api/v1/conversations/${sessionId}`, as(member))).body));
const handoffs = async (sessionId: string) => {
  const res = await api(`/api/v1/conversations/${sessionId}/handoffs`, as(t.a.viewer));
  expect(res.status).toBe(200);
  return HandoffListSchema.parse({ items: (res.body.items as Array<Record<string, unknown>>).map(revive) }).items;
};

/** A conversation (offline agent, whatsapp channel) with one customer message handled. */
async function startConversation(text = 'hola', extra: Parameters<typeof inbound>[1] = {}) {
  const phone = randomPhone();
  const stub = conversationStub(t.a.id, phone);
  const first = await stub.receive(inbound(text, { profileName: 'Marta Quiroga', ...extra }));
  return { phone, stub, sessionId: first.sessionId, first };
}

describe('handoff round trip through WhatsApp: agent → operator → agent', () => {
  it('assigns, keeps the agent silent, sends the operator’s reply through egress to Infobip, and releases', async () => {
    const connection = await createConnection(as(t.a.owner));
    const from = randomWaNumber();
    const contact = `+${from}`;
    const say = async (text: string) => {
      const res = await api('/api/v1/dev/simulator/inbound', {
        ...as(t.a.owner),
        body: { connectionId: connection.id, from, name: 'Carla Ruiz', text },
      });
      expect(res.body.webhookStatus).toBe(200);
    };
    const rows = async () => messagesOf((await sessionOf(t.a.id, contact))!.id);
    const waitFor = <T>(check: () => Promise<T | undefined>, what: string) =>
      vi.waitFor(
        async () => {
          const found = await check();
          if (found === undefined) throw new Error(`waiting for ${what}`);
          return found;
        },
        { timeout: 45_000, interval: 200 },
      );

    // 1. The agent answers the customer.
    await say('hola! qué remeras tienen?');
    await waitFor(
      async () =>
        (await sessionOf(t.a.id, contact)) &&
        (await rows()).find((m) => m.role === 'agent' && m.direction === 'outbound'),
      'the agent’s reply',
    );
    const sessionId = (await sessionOf(t.a.id, contact))!.id;
    const stub = conversationStub(t.a.id, contact);
    await stub.snapshot(); // waits for the turn to end

    // 2. An operator assigns it to themselves.
    const assigned = await post(`/api/v1/conversations/${sessionId}/assign`, t.a.operator);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ state: 'HANDOFF', owner: 'human', assignedUserId: t.a.operator.id });

    // 3. While a human owns it, a customer message is stored and counted unread; the agent says nothing.
    const turnsBefore = (await turnsOf(sessionId)).length;
    const agentRepliesBefore = (await rows()).filter((m) => m.role === 'agent' && m.direction === 'outbound').length;
    const unreadBefore = (await sessionRow(t.a.id, contact))!.unreadCount;
    await say('¿hay alguien ahí?');
    await waitFor(async () => (await rows()).find((m) => m.content === '¿hay alguien ahí?'), 'the inbound message');
    await stub.snapshot(); // serialised after the message's handling
    expect(await turnsOf(sessionId)).toHaveLength(turnsBefore);
    expect((await rows()).filter((m) => m.role === 'agent' && m.direction === 'outbound')).toHaveLength(
      agentRepliesBefore,
    );
    expect((await sessionRow(t.a.id, contact))!.unreadCount).toBe(unreadBefore + 1);

    // 4. The operator replies; the reply is recorded and reaches Infobip (the sandbox) once.
    const key = crypto.randomUUID();
    const reply = await post(
      `/api/v1/conversations/${sessionId}/messages`,
      t.a.operator,
      { text: 'Hola Carla, soy Ana. ¿En qué te ayudo?' },
      { 'Idempotency-Key': key },
    );
    expect(reply.status).toBe(202);
    const sent = MessageSchema.parse(revive(reply.body));
    expect(sent).toMatchObject({
      direction: 'outbound',
      role: 'operator',
      type: 'text',
      content: 'Hola Carla, soy Ana. ¿En qué te ayudo?',
      authorUserId: t.a.operator.id,
    });
    const again = await post(
      `/api/v1/conversations/${sessionId}/messages`,
      t.a.operator,
      { text: 'Hola Carla, soy Ana. ¿En qué te ayudo?' },
      { 'Idempotency-Key': key },
    );
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.body.id).toBe(sent.id);
    const recorded = await waitFor(async () => {
      const [row] = await testDb()
        .select()
        .from(sandboxMessages)
        .where(and(eq(sandboxMessages.connectionId, connection.id), eq(sandboxMessages.messageId, sent.id)));
      return row;
    }, 'the sandbox to receive the operator’s reply');
    expect(recorded).toMatchObject({ from: connection.sender, to: from });
    expect(JSON.stringify(recorded.body)).toContain('Hola Carla, soy Ana.');
    expect((await rows()).filter((m) => m.role === 'operator')).toHaveLength(1);
    await waitFor(
      async () => ((await rows()).find((m) => m.id === sent.id)?.status === 'QUEUED' ? undefined : true),
      'the reply to leave QUEUED',
    );
    expect(['SENT', 'DELIVERED', 'READ']).toContain((await rows()).find((m) => m.id === sent.id)!.status);

    // 5. Released: the transcript records it, and the agent answers the next message again.
    const released = await post(`/api/v1/conversations/${sessionId}/release`, t.a.operator);
    expect(released.body).toMatchObject({ owner: 'agent', assignedUserId: null });
    await say('gracias! y buzos tenés?');
    await waitFor(async () => {
      const all = await rows();
      const handBack = all.findIndex((m) => m.type === 'event' && m.content === HANDBACK_EVENT_TEXT);
      return handBack >= 0
        ? all.slice(handBack).find((m) => m.role === 'agent' && m.direction === 'outbound')
        : undefined;
    }, 'the agent to answer after the release');
    const events = (await rows()).filter((m) => m.type === 'event').map((m) => [m.content, m.authorUserId]);
    expect(events).toEqual([
      [TAKEOVER_EVENT_TEXT, t.a.operator.id],
      [HANDBACK_EVENT_TEXT, t.a.operator.id],
    ]);

    // 6. One closed handoff in the history.
    expect(await handoffs(sessionId)).toEqual([
      {
        id: expect.stringMatching(/^hof_/),
        reason: ASSIGNED_HANDOFF_REASON,
        requestedBy: t.a.operator.id,
        startedAt: expect.any(Date),
        assignedUserId: t.a.operator.id,
        assignedAt: expect.any(Date),
        endedAt: expect.any(Date),
        endedBy: t.a.operator.id,
      },
    ]);
    // Taken directly by an operator: nobody else needs to be called.
    expect(await eventsOf(t.a.id, sessionId, 'handoff:requested')).toEqual([]);
    const newMessages = await eventsOf(t.a.id, sessionId, 'message:new');
    expect(newMessages).toContainEqual({ sessionId, messageId: sent.id, role: 'operator', direction: 'outbound' });
  });
});

describe('every path to a human writes one handoff:requested and opens one handoff', () => {
  it('the customer asks for a person: requested by the customer, named in the event', async () => {
    const { sessionId, first } = await startConversation('hola, quiero hablar con una persona');
    expect(first).toMatchObject({ state: 'HANDOFF', owner: 'human' });

    expect(await eventsOf(t.a.id, sessionId, 'handoff:requested')).toEqual([
      expect.objectContaining({ sessionId, reason: expect.any(String), customerName: 'Marta Quiroga' }),
    ]);
    const [open] = await handoffsOf(sessionId);
    expect(open).toMatchObject({ requestedBy: 'customer', assignedUserId: null, endedAt: null });
    const updates = await eventsOf(t.a.id, sessionId, 'session:updated');
    expect(updates.at(-1)).toMatchObject({
      sessionId,
      state: 'HANDOFF',
      owner: 'human',
      assignedUserId: null,
      unreadCount: expect.any(Number),
    });
  });

  it('the agent decides (its tool), and three failed turns in a row: requested by the agent', async () => {
    const phone = randomPhone();
    const stub = conversationStub(t.a.id, phone);
    await useClaude(
      stub,
      fakeClaude(
        claudeMessage([toolUse('request_human_handoff', { reason: 'Reclamo por un cobro duplicado' })]),
        claudeMessage([{ type: 'text', text: 'Te paso con alguien del equipo.' }]),
      ).fetch,
    );
    const byTool = await stub.receive(inbound('me cobraron dos veces!!'));
    expect(byTool.state).toBe('HANDOFF');
    expect(await eventsOf(t.a.id, byTool.sessionId, 'handoff:requested')).toEqual([
      expect.objectContaining({ sessionId: byTool.sessionId, reason: 'Reclamo por un cobro duplicado' }),
    ]);
    expect(await handoffsOf(byTool.sessionId)).toEqual([
      expect.objectContaining({ requestedBy: 'agent', reason: 'Reclamo por un cobro duplicado' }),
    ]);

    const other = conversationStub(t.a.id, randomPhone());
    const error = () => claudeError(400, 'invalid_request_error', 'bad request');
    await useClaude(other, fakeClaude(error(), error(), error()).fetch);
    await other.receive(inbound('uno'));
    await other.receive(inbound('dos'));
    const third = await other.receive(inbound('tres'));
    expect(third.state).toBe('HANDOFF');
    expect(await eventsOf(t.a.id, third.sessionId, 'handoff:requested')).toHaveLength(1);
    expect(await handoffsOf(third.sessionId)).toEqual([
      expect.objectContaining({ requestedBy: 'agent', reason: HANDOFF_AFTER_FAILURES_REASON, endedAt: null }),
    ]);
  });

  it('an operator sends it to the human queue: requested by them; repeating it adds nothing', async () => {
    const { sessionId } = await startConversation();
    for (let i = 0; i < 2; i++) {
      const res = await post(`/api/v1/conversations/${sessionId}/handoff`, t.a.admin, { reason: 'Cliente mayorista' });
      expect(res.body).toMatchObject({ state: 'HANDOFF', owner: 'human', assignedUserId: null });
    }
    expect(await eventsOf(t.a.id, sessionId, 'handoff:requested')).toEqual([
      expect.objectContaining({ sessionId, reason: 'Cliente mayorista', customerName: 'Marta Quiroga' }),
    ]);
    expect(await handoffsOf(sessionId)).toEqual([
      expect.objectContaining({ requestedBy: t.a.admin.id, reason: 'Cliente mayorista', endedAt: null }),
    ]);
  });
});

describe('assigning a conversation', () => {
  it('records who took a queued handoff; another operator gets 409 until it is released; the same one again is a no-op', async () => {
    const { sessionId } = await startConversation('hola, quiero hablar con una persona');
    const mine = await post(`/api/v1/conversations/${sessionId}/assign`, t.a.operator);
    expect(mine.status).toBe(200);
    const [open] = await handoffsOf(sessionId);
    expect(open).toMatchObject({ requestedBy: 'customer', assignedUserId: t.a.operator.id, endedAt: null });
    expect(open!.assignedAt).toBeInstanceOf(Date);

    const taken = await post(`/api/v1/conversations/${sessionId}/assign`, t.a.admin);
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'CONFLICT', details: { assignedUserId: t.a.operator.id } });
    expect(taken.body.error.message).toMatch(/another operator/i);

    const again = await post(`/api/v1/conversations/${sessionId}/assign`, t.a.operator);
    expect(again.status).toBe(200);
    expect(await handoffsOf(sessionId)).toHaveLength(1);
    const takeovers = (await api(`/api/v1/conversations/${sessionId}/messages`, as(t.a.viewer))).body.items.filter(
      (m: { content: string }) => m.content === TAKEOVER_EVENT_TEXT,
    );
    expect(takeovers).toHaveLength(1);

    await post(`/api/v1/conversations/${sessionId}/release`, t.a.operator);
    const afterRelease = await post(`/api/v1/conversations/${sessionId}/assign`, t.a.admin);
    expect(afterRelease.body).toMatchObject({ assignedUserId: t.a.admin.id });
    const history = await handoffs(sessionId);
    expect(history.map((h) => [h.requestedBy, h.assignedUserId, h.endedBy])).toEqual([
      [t.a.admin.id, t.a.admin.id, null],
      ['customer', t.a.operator.id, t.a.operator.id],
    ]);
    const updates = await eventsOf(t.a.id, sessionId, 'session:updated');
    expect(updates.at(-1)).toMatchObject({ state: 'HANDOFF', owner: 'human', assignedUserId: t.a.admin.id });
  });
});

describe('operator replies', () => {
  it('stay in the agent’s context: after the release the model reads the operator’s words, then the hand-back', async () => {
    const phone = randomPhone();
    const stub = conversationStub(t.a.id, phone, 'simulator');
    const claude = fakeClaude(
      claudeMessage([{ type: 'text', text: '¡Hola! ¿En qué te ayudo?' }]),
      claudeMessage([{ type: 'text', text: 'Perfecto, te reservo el talle L como te dijo Ana.' }]),
    );
    await useClaude(stub, claude.fetch);
    const { sessionId } = await stub.receive(inbound('hola'));
    await post(`/api/v1/conversations/${sessionId}/assign`, t.a.operator);
    const reply = await post(`/api/v1/conversations/${sessionId}/messages`, t.a.operator, {
      text: 'Hola, soy Ana: el talle L vuelve a entrar el lunes.',
    });
    expect(reply.status).toBe(202);
    await post(`/api/v1/conversations/${sessionId}/release`, t.a.operator);

    const after = await stub.receive(inbound('buenísimo, reservame uno'));
    expect(after.replies).toHaveLength(1);
    const context = JSON.stringify(claude.requests[1]!.body.messages);
    const operatorAt = context.indexOf(
      '[Mensaje de una persona del equipo] Hola, soy Ana: el talle L vuelve a entrar el lunes.',
    );
    expect(operatorAt).toBeGreaterThan(-1);
    expect(context.indexOf(HANDBACK_EVENT_TEXT)).toBeGreaterThan(operatorAt);
  });

  it('refuses a reply from anyone the conversation is not assigned to', async () => {
    const { sessionId } = await startConversation();
    const unassigned = await post(`/api/v1/conversations/${sessionId}/messages`, t.a.operator, { text: 'hola' });
    expect(unassigned.status).toBe(409);
    expect(unassigned.body.error).toMatchObject({
      code: 'CONFLICT',
      message: 'Assign the conversation to yourself before replying',
    });
    await post(`/api/v1/conversations/${sessionId}/assign`, t.a.operator);
    const someoneElse = await post(`/api/v1/conversations/${sessionId}/messages`, t.a.admin, { text: 'hola' });
    expect(someoneElse.status).toBe(409);
    expect((await messagesOf(sessionId)).filter((m) => m.role === 'operator')).toEqual([]);
  });

  it('outside the 24 h window refuses text with WINDOW_CLOSED and sends a template', async () => {
    const { sessionId } = await startConversation('hola', {
      receivedAt: new Date(Date.now() - WINDOW_MS - 60 * 60_000).toISOString(),
    });
    const before = await conversation(sessionId);
    expect(before.windowExpiresAt!.getTime()).toBe(before.lastCustomerMessageAt!.getTime() + WINDOW_MS);
    expect(before.windowExpiresAt!.getTime()).toBeLessThan(Date.now());
    await post(`/api/v1/conversations/${sessionId}/assign`, t.a.operator);

    const text = await post(`/api/v1/conversations/${sessionId}/messages`, t.a.operator, {
      type: 'text',
      text: '¿Seguís interesada?',
    });
    expect(text.status).toBe(409);
    expect(text.body.error.code).toBe('WINDOW_CLOSED');
    expect(text.body.error.message).toMatch(/template/);

    const template = await post(`/api/v1/conversations/${sessionId}/messages`, t.a.operator, {
      type: 'template',
      templateName: 'seguimiento_pedido',
      language: 'es_AR',
      placeholders: ['Marta'],
    });
    expect(template.status).toBe(202);
    expect(template.body).toMatchObject({
      role: 'operator',
      type: 'template',
      status: 'QUEUED',
      toolCalls: { type: 'template', templateName: 'seguimiento_pedido', language: 'es_AR', placeholders: ['Marta'] },
    });
    const operatorRows = (await messagesOf(sessionId)).filter((m) => m.role === 'operator');
    expect(operatorRows.map((m) => m.id)).toEqual([template.body.id]);
    const egress = await eventsOf(t.a.id, sessionId, 'message:outbound');
    expect(egress.filter((e) => e.messageId === template.body.id)).toHaveLength(1);
  });

  it('validates the body: empty text, an unknown type, and a template without its language are 400', async () => {
    const { sessionId } = await startConversation();
    await post(`/api/v1/conversations/${sessionId}/assign`, t.a.operator);
    for (const body of [
      { text: '' },
      { type: 'image', url: 'https://example.com/a.png' },
      { type: 'template', templateName: 'x', placeholders: [] },
      { text: 'x'.repeat(4097) },
    ]) {
      const res = await post(`/api/v1/conversations/${sessionId}/messages`, t.a.operator, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('unread, mark as read, and the inbox filters', () => {
  it('counts customer messages unread, clears them once, and filters unread=true and assigned=me', async () => {
    const { sessionId, stub } = await startConversation('hola, quiero hablar con una persona');
    await stub.receive(inbound('¿alguien?'));
    expect((await conversation(sessionId)).unreadCount).toBe(2);

    const ids = async (query: string, member: SeededMember = t.a.operator) =>
      ((await api(`/api/v1/conversations?limit=100&${query}`, as(member))).body.items as Array<{ id: string }>).map(
        (c) => c.id,
      );
    expect(await ids('unread=true')).toContain(sessionId);
    expect(await ids('assigned=me')).not.toContain(sessionId);

    await post(`/api/v1/conversations/${sessionId}/assign`, t.a.operator);
    expect(await ids('assigned=me')).toContain(sessionId);
    expect(await ids('assigned=me', t.a.admin)).not.toContain(sessionId);
    expect(await ids(`assignedUserId=${t.a.operator.id}`, t.a.admin)).toContain(sessionId);
    expect(
      (await api(`/api/v1/conversations?assigned=me&assignedUserId=${t.a.admin.id}`, as(t.a.operator))).status,
    ).toBe(400);

    const read = await post(`/api/v1/conversations/${sessionId}/read`, t.a.viewer);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: sessionId, unreadCount: 0 });
    expect(await ids('unread=true')).not.toContain(sessionId);
    await post(`/api/v1/conversations/${sessionId}/read`, t.a.viewer);
    const reads = (await eventsOf(t.a.id, sessionId, 'session:updated')).filter((e) => e.event === 'READ');
    expect(reads).toEqual([
      expect.objectContaining({
        sessionId,
        state: 'HANDOFF',
        owner: 'human',
        assignedUserId: t.a.operator.id,
        unreadCount: 0,
      }),
    ]);
  });
});

describe('permissions and tenants', () => {
  it('a viewer may read and mark read but not reply, assign or release (403)', async () => {
    const { sessionId } = await startConversation();
    const reply = await post(`/api/v1/conversations/${sessionId}/messages`, t.a.viewer, { text: 'hola' });
    expect(reply.status).toBe(403);
    expect(reply.body.error.message).toContain('conversations:reply');
    expect((await post(`/api/v1/conversations/${sessionId}/assign`, t.a.viewer)).status).toBe(403);
    expect((await post(`/api/v1/conversations/${sessionId}/release`, t.a.viewer)).status).toBe(403);
    expect((await post(`/api/v1/conversations/${sessionId}/read`, t.a.viewer)).status).toBe(200);
    expect((await api(`/api/v1/conversations/${sessionId}/handoffs`, as(t.a.viewer))).status).toBe(200);
  });

  it('another workspace gets 404 for every handoff route and changes nothing', async () => {
    const { sessionId } = await startConversation();
    const other = { token: t.b.owner.token };
    const inB = (path: string, body?: unknown) =>
      api(`/api/v1/conversations/${sessionId}${path}`, {
        ...as(other, t.b.id),
        method: 'POST',
        ...(body ? { body } : {}),
      });
    for (const res of [
      await inB('/assign'),
      await inB('/release'),
      await inB('/handoff', { reason: 'x' }),
      await inB('/read'),
      await inB('/messages', { text: 'hola' }),
      await api(`/api/v1/conversations/${sessionId}/handoffs`, as(other, t.b.id)),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect(await sessionRow(t.a.id, (await conversation(sessionId)).contact)).toMatchObject({
      owner: 'agent',
      assignedUserId: null,
    });
    expect(await handoffsOf(sessionId)).toEqual([]);
  });
});
