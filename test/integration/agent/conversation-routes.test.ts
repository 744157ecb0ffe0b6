import { beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '../../../scripts/seed/catalog';
import { HANDBACK_EVENT_TEXT } from '../../../workers/agent/conversation/index';
import { ConversationStateSchema } from '../../../workers/http/routes/conversations/schema';
import type { ListConversationsResponse } from '../../../workers/http/routes/conversations/list';
import type { ListMessagesResponse } from '../../../workers/http/routes/conversations/messages';
import { api } from '../../harness/api';
import {
  claudeMessage,
  conversationStub,
  fakeClaude,
  inbound,
  randomPhone,
  toolUse,
  useClaude,
} from '../../harness/conversation';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
let sessionId: string;
let otherSessionId: string;
const phone = randomPhone();
const otherPhone = randomPhone();

beforeAll(async () => {
  t = await seedTenants();
  await seedCatalog(testDb(), t.a.id);
  const stub = conversationStub(t.a.id, phone);
  await useClaude(
    stub,
    fakeClaude(
      claudeMessage([{ type: 'text', text: '¡Hola Lucía! ¿Qué andás buscando?' }]),
      claudeMessage([toolUse('list_products', { query: 'gorra' })]),
      claudeMessage([{ type: 'text', text: 'Tengo la gorra trucker en negro y azul marino.' }]),
    ).fetch,
  );
  const first = await stub.receive(inbound('hola', { profileName: 'Lucía Gómez' }));
  await stub.receive(inbound('¿tenés gorras?'));
  sessionId = first.sessionId;
  const other = conversationStub(t.a.id, otherPhone);
  await useClaude(other, fakeClaude(claudeMessage([{ type: 'text', text: '¡Buenas!' }])).fetch);
  otherSessionId = (await other.receive(inbound('buenas'))).sessionId;
});

const as = (token: string, workspaceId: string) => ({ token, workspaceId });
// Bodies as sent (timestamps are ISO strings in JSON).
type Page = ListConversationsResponse & ListMessagesResponse;
const pageOf = (raw: unknown) =>
  raw as { items: Array<Page['items'][number] & Record<string, unknown>>; nextCursor: string | null };
const body = (raw: unknown) => raw as Record<string, unknown>;

describe('GET /api/v1/conversations', () => {
  it('lists the workspace’s conversations newest first with customer, state and last message', async () => {
    const res = await api('/api/v1/conversations', as(t.a.viewer.token, t.a.id));
    expect(res.status).toBe(200);
    const page = pageOf(res.body);
    expect(page.items.map((c) => c.id)).toEqual([otherSessionId, sessionId]);
    const mine = page.items.find((c) => c.id === sessionId)!;
    expect(mine).toMatchObject({
      channel: 'whatsapp',
      contact: phone,
      state: 'IDLE',
      owner: 'agent',
      lastMessagePreview: 'Tengo la gorra trucker en negro y azul marino.',
    });
    expect(mine.customer).toMatchObject({ name: 'Lucía Gómez', phone });
  });

  it('searches by customer name or phone and filters by owner', async () => {
    const byName = await api('/api/v1/conversations?q=luc%C3%ADa', as(t.a.viewer.token, t.a.id));
    expect(pageOf(byName.body).items.map((c) => c.id)).toEqual([sessionId]);
    const byPhone = await api(
      `/api/v1/conversations?q=${encodeURIComponent(otherPhone.slice(-6))}`,
      as(t.a.viewer.token, t.a.id),
    );
    expect(pageOf(byPhone.body).items.map((c) => c.id)).toEqual([otherSessionId]);
    const human = await api('/api/v1/conversations?owner=human', as(t.a.viewer.token, t.a.id));
    expect(pageOf(human.body).items.map((c) => c.id)).not.toContain(sessionId);
  });

  it('pages with a cursor', async () => {
    const first = pageOf((await api('/api/v1/conversations?limit=1', as(t.a.owner.token, t.a.id))).body);
    expect(first.items).toHaveLength(1);
    const second = pageOf(
      (await api(`/api/v1/conversations?limit=1&cursor=${first.nextCursor}`, as(t.a.owner.token, t.a.id))).body,
    );
    expect(second.items.map((c) => c.id)).toEqual([sessionId]);
  });

  it('shows another workspace nothing, and its member a 404 for one conversation', async () => {
    const list = await api('/api/v1/conversations', as(t.b.owner.token, t.b.id));
    expect(pageOf(list.body).items).toEqual([]);
    expect((await api(`/api/v1/conversations/${sessionId}`, as(t.b.owner.token, t.b.id))).status).toBe(404);
    expect((await api(`/api/v1/conversations/${sessionId}/messages`, as(t.b.owner.token, t.b.id))).status).toBe(404);
    expect(
      (await api(`/api/v1/conversations/${sessionId}/assign`, { ...as(t.b.owner.token, t.b.id), method: 'POST' }))
        .status,
    ).toBe(404);
  });
});

describe('GET /api/v1/conversations/{id}/messages', () => {
  it('returns the customer-visible transcript newest first, tool steps only when asked', async () => {
    const res = await api(`/api/v1/conversations/${sessionId}/messages`, as(t.a.viewer.token, t.a.id));
    expect(res.status).toBe(200);
    const page = pageOf(res.body);
    expect(page.items.map((m) => [m.role, m.content])).toEqual([
      ['agent', 'Tengo la gorra trucker en negro y azul marino.'],
      ['customer', '¿tenés gorras?'],
      ['agent', '¡Hola Lucía! ¿Qué andás buscando?'],
      ['customer', 'hola'],
    ]);
    const full = pageOf(
      (await api(`/api/v1/conversations/${sessionId}/messages?internal=true`, as(t.a.viewer.token, t.a.id))).body,
    );
    expect(full.items.map((m) => m.type)).toEqual(['text', 'tool_result', 'tool_call', 'text', 'text', 'text']);
  });

  it('gets one conversation', async () => {
    const res = await api(`/api/v1/conversations/${sessionId}`, as(t.a.viewer.token, t.a.id));
    expect(body(res.body)).toMatchObject({ id: sessionId, contact: phone });
  });
});

describe('assigning and releasing a conversation', () => {
  it('lets an operator assign a conversation to themselves, silences the agent, and records the release', async () => {
    const take = await api(`/api/v1/conversations/${otherSessionId}/assign`, {
      ...as(t.a.operator.token, t.a.id),
      method: 'POST',
    });
    expect(take.status).toBe(200);
    expect(ConversationStateSchema.parse(take.body)).toMatchObject({
      state: 'HANDOFF',
      owner: 'human',
      assignedUserId: t.a.operator.id,
    });
    const silent = await conversationStub(t.a.id, otherPhone).receive(inbound('¿hay alguien?'));
    expect(silent.replies).toEqual([]);

    const back = await api(`/api/v1/conversations/${otherSessionId}/release`, {
      ...as(t.a.operator.token, t.a.id),
      method: 'POST',
    });
    expect(ConversationStateSchema.parse(back.body)).toMatchObject({ owner: 'agent', assignedUserId: null });
    const events = pageOf(
      (await api(`/api/v1/conversations/${otherSessionId}/messages`, as(t.a.operator.token, t.a.id))).body,
    ).items.filter((m) => m.type === 'event');
    expect(events[0]).toMatchObject({ content: HANDBACK_EVENT_TEXT, authorUserId: t.a.operator.id });
  });

  it('hands a conversation to the human queue with a reason', async () => {
    const res = await api(`/api/v1/conversations/${sessionId}/handoff`, {
      ...as(t.a.admin.token, t.a.id),
      body: { reason: 'Reclamo por un envío' },
    });
    expect(ConversationStateSchema.parse(res.body)).toMatchObject({
      state: 'HANDOFF',
      owner: 'human',
      handoffReason: 'Reclamo por un envío',
      assignedUserId: null,
    });
    await api(`/api/v1/conversations/${sessionId}/release`, { ...as(t.a.admin.token, t.a.id), method: 'POST' });
  });

  it('refuses a viewer, who may read but not assign or release conversations', async () => {
    const assign = await api(`/api/v1/conversations/${sessionId}/assign`, {
      ...as(t.a.viewer.token, t.a.id),
      method: 'POST',
    });
    expect(assign.status).toBe(403);
    expect(assign.body.error.message).toContain('conversations:assign');
    const release = await api(`/api/v1/conversations/${sessionId}/release`, {
      ...as(t.a.viewer.token, t.a.id),
      method: 'POST',
    });
    expect(release.status).toBe(403);
    expect(release.body.error.message).toContain('conversations:handoff');
  });
});
