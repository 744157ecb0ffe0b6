import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventOutbox } from '../../../db/schema';
import { seedCatalog } from '../../../scripts/seed/catalog';
import type { Conversation } from '../../../durable-objects/conversation';
import {
  HANDBACK_EVENT_TEXT,
  HANDOFF_AFTER_FAILURES_REASON,
  HANDOFF_AFTER_FAILURES_REPLY,
} from '../../../workers/agent/conversation/index';
import { HOLDING_REPLY, LLM_FALLBACK_REPLY, STEP_LIMIT_REPLY } from '../../../workers/agent/turn';
import { setLogSink } from '../../../workers/core/observability/logger';
import { stockOf } from '../../harness/catalog';
import {
  claudeError,
  claudeMessage,
  conversationStub,
  fakeClaude,
  inbound,
  randomPhone,
  sessionRow,
  toolUse,
  transcriptOf,
  turnsOf,
  useClaude,
  variantIdOf,
} from '../../harness/conversation';
import { testDb } from '../../harness/db';
import { seedWorkspace, type SeededWorkspace } from '../../harness/tenants';

let shop: SeededWorkspace;

beforeAll(async () => {
  shop = await seedWorkspace('Tienda Conversaciones');
  await seedCatalog(testDb(), shop.id);
});

const lastUserText = (body: Record<string, unknown>) => {
  const messages = body.messages as Array<{ role: string; content: Array<{ type: string; text?: string }> }>;
  const last = messages.at(-1)!;
  return last.content
    .filter((b) => b.type === 'text')
    .map((b) => b.text)
    .join('\n');
};

describe('Conversation object', () => {
  it('handles ten concurrent messages one at a time, in arrival order, with one reply each', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    const claude = fakeClaude(
      ...Array.from({ length: 10 }, (_, i) => claudeMessage([{ type: 'text', text: `Respuesta ${i + 1}` }])),
    );
    await useClaude(stub, claude.fetch);
    const messages = Array.from({ length: 10 }, (_, i) => inbound(`Mensaje ${i + 1}`));

    const results = await Promise.all(messages.map((m) => stub.receive(m)));

    results.forEach((result, i) => {
      expect(result.messageId).toBe(messages[i]!.id);
      expect(result.replies.map((r) => r.message)).toEqual([{ type: 'text', text: `Respuesta ${i + 1}` }]);
    });
    // Each model call saw exactly the messages before it: message i was handled after reply i-1.
    expect(claude.requests.map((r) => lastUserText(r.body))).toEqual(messages.map((m) => m.text));
    const session = await sessionRow(shop.id, phone);
    const visible = (await transcriptOf(session!.id)).filter((r) => r.direction !== 'internal');
    expect(visible.map((r) => r.content)).toEqual(messages.flatMap((m, i) => [m.text, `Respuesta ${i + 1}`]));
    expect(await turnsOf(session!.id)).toHaveLength(10);
  });

  it('ignores a redelivered message id: one turn, one transcript row, no second reply', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    const claude = fakeClaude(claudeMessage([{ type: 'text', text: '¡Hola! ¿En qué te ayudo?' }]));
    await useClaude(stub, claude.fetch);
    const message = inbound('hola');

    const [first, concurrent] = await Promise.all([stub.receive(message), stub.receive(message)]);
    const later = await stub.receive(message);

    expect(first.duplicate).toBe(false);
    expect(first.replies).toHaveLength(1);
    expect(concurrent).toMatchObject({ duplicate: true, replies: [] });
    expect(later).toMatchObject({ duplicate: true, replies: [], sessionId: first.sessionId });
    expect(claude.requests).toHaveLength(1);
    const rows = await transcriptOf(first.sessionId);
    expect(rows.filter((r) => r.externalMessageId === message.id)).toHaveLength(1);
    expect(rows.filter((r) => r.direction === 'outbound')).toHaveLength(1);
    expect(await turnsOf(first.sessionId)).toHaveLength(1);
  });

  it('applies the tools’ state-machine events and announces every transition with session:updated', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    const claude = fakeClaude(
      claudeMessage([toolUse('add_item_to_draft', { sku: 'REM-BAS-NEG-M', quantity: 2 })]),
      claudeMessage([{ type: 'text', text: 'Listo, te agregué 2 remeras negras talle M.' }]),
    );
    await useClaude(stub, claude.fetch);
    const variantId = await variantIdOf(shop.id, 'REM-BAS-NEG-M');
    const before = await stockOf(variantId);

    const result = await stub.receive(inbound('quiero 2 remeras negras talle M'));

    expect(result.state).toBe('COLLECTING_ORDER');
    expect(result.replies.map((r) => r.message)).toEqual([
      { type: 'text', text: 'Listo, te agregué 2 remeras negras talle M.' },
    ]);
    expect((await stockOf(variantId)).reserved).toBe(before.reserved + 2);
    const session = await sessionRow(shop.id, phone);
    expect(session).toMatchObject({ state: 'COLLECTING_ORDER', owner: 'agent' });
    expect(session!.draftOrderId).toMatch(/^ord_/);
    const updates = await testDb()
      .select()
      .from(eventOutbox)
      .where(and(eq(eventOutbox.workspaceId, shop.id), eq(eventOutbox.type, 'session:updated')))
      .orderBy(asc(eventOutbox.id));
    const mine = updates.filter((e) => (e.payload as { sessionId: string }).sessionId === session!.id);
    expect(mine.map((e) => (e.payload as { event: string }).event)).toEqual(['DRAFT_STARTED', 'ITEMS_CHANGED']);
    // The second model call got the tool result back, paired with its tool_use.
    const second = claude.requests[1]!.body.messages as Array<{ role: string; content: Array<{ type: string }> }>;
    expect(second.at(-2)!.content.map((b) => b.type)).toContain('tool_use');
    expect(second.at(-1)!.content.map((b) => b.type)).toEqual(['tool_result']);
  });

  it('answers a model failure with a polite Spanish reply and records the turn as failed', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    await useClaude(stub, fakeClaude(claudeError(400, 'invalid_request_error', 'messages: malformed')).fetch);

    const result = await stub.receive(inbound('hola'));

    expect(result.replies.map((r) => r.message)).toEqual([{ type: 'text', text: LLM_FALLBACK_REPLY }]);
    expect(result.turn).toMatchObject({ status: 'FAILED', reason: 'llm_error' });
    const [turn] = await turnsOf(result.sessionId);
    expect(turn).toMatchObject({ status: 'FAILED' });
    expect(turn!.error).toContain('invalid_request');
    expect(JSON.stringify(result.replies)).not.toContain('malformed');
  });

  it('hands the conversation to a human after three failed turns in a row, then stays silent', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    const error = () => claudeError(400, 'invalid_request_error', 'bad request');
    await useClaude(stub, fakeClaude(error(), error(), error()).fetch);

    await stub.receive(inbound('uno'));
    const second = await stub.receive(inbound('dos'));
    expect(second.owner).toBe('agent');
    const third = await stub.receive(inbound('tres'));
    const fourth = await stub.receive(inbound('¿hola?'));

    expect(third).toMatchObject({ state: 'HANDOFF', owner: 'human' });
    expect(third.replies.map((r) => r.message)).toEqual([
      { type: 'text', text: LLM_FALLBACK_REPLY },
      { type: 'text', text: HANDOFF_AFTER_FAILURES_REPLY },
    ]);
    expect(fourth).toMatchObject({ state: 'HANDOFF', owner: 'human', replies: [], turn: null });
    expect(await sessionRow(shop.id, phone)).toMatchObject({
      state: 'HANDOFF',
      owner: 'human',
      handoffReason: HANDOFF_AFTER_FAILURES_REASON,
      consecutiveFailures: 3,
    });
    const handoffs = await testDb()
      .select()
      .from(eventOutbox)
      .where(and(eq(eventOutbox.workspaceId, shop.id), eq(eventOutbox.type, 'handoff:requested')));
    expect(handoffs.filter((e) => (e.payload as { sessionId: string }).sessionId === third.sessionId)).toHaveLength(1);
  });

  it('sends a holding reply and records the turn as failed when a turn runs past its time', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    const hanging = fakeClaude(() => new Promise(() => {}));
    await useClaude(stub, hanging.fetch);
    await runInDurableObject(stub, (instance: Conversation) => {
      instance.turnTimeoutOverride = 200;
    });

    const result = await stub.receive(inbound('¿tenés buzos?'));

    expect(result.replies.map((r) => r.message)).toEqual([{ type: 'text', text: HOLDING_REPLY }]);
    expect(result.turn).toMatchObject({ status: 'FAILED', reason: 'timeout' });
    expect((await turnsOf(result.sessionId))[0]).toMatchObject({ status: 'FAILED' });
  });

  it('stays silent while a human owns the conversation, storing each message and announcing it', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    const claude = fakeClaude(claudeMessage([{ type: 'text', text: '¡Hola!' }]));
    await useClaude(stub, claude.fetch);
    await stub.receive(inbound('hola'));

    const taken = await stub.assign(shop.owner.id);
    const message = inbound('¿sigue ahí alguien?');
    const result = await stub.receive(message);

    expect(taken).toMatchObject({
      ok: true,
      value: { state: 'HANDOFF', owner: 'human', assignedUserId: shop.owner.id },
    });
    expect(result).toMatchObject({ owner: 'human', replies: [], turn: null });
    expect(claude.requests).toHaveLength(1);
    const rows = await transcriptOf(result.sessionId);
    const stored = rows.find((r) => r.externalMessageId === message.id)!;
    expect(stored).toMatchObject({ direction: 'inbound', role: 'customer', content: '¿sigue ahí alguien?' });
    const announced = await testDb()
      .select()
      .from(eventOutbox)
      .where(and(eq(eventOutbox.workspaceId, shop.id), eq(eventOutbox.type, 'message:new')));
    expect(announced.some((e) => (e.payload as { messageId: string }).messageId === stored.id)).toBe(true);
    expect(await turnsOf(result.sessionId)).toHaveLength(1);
  });

  it('records the hand-back in the transcript, so the agent answers again knowing the human stretch ended', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    const claude = fakeClaude(claudeMessage([{ type: 'text', text: '¡Hola de nuevo! ¿Seguimos?' }]));
    await useClaude(stub, claude.fetch);
    await stub.assign(shop.owner.id);
    await stub.receive(inbound('necesito ayuda con un cambio'));

    const returned = await stub.release(shop.owner.id);
    const after = await stub.receive(inbound('gracias, ¿me mostrás buzos?'));

    expect(returned).toMatchObject({ state: 'IDLE', owner: 'agent', assignedUserId: null });
    const rows = await transcriptOf(after.sessionId);
    const events = rows.filter((r) => r.type === 'event');
    expect(events.at(-1)).toMatchObject({ role: 'system', content: HANDBACK_EVENT_TEXT, authorUserId: shop.owner.id });
    expect(after.replies).toHaveLength(1);
    // The model reads the hand-back as a notice before the customer's new message.
    expect(JSON.stringify(claude.requests[0]!.body.messages)).toContain(HANDBACK_EVENT_TEXT);
  });

  it('rebuilds its session from Postgres after losing its storage', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    await useClaude(stub, fakeClaude(claudeMessage([{ type: 'text', text: '¡Hola!' }])).fetch);
    const first = await stub.receive(inbound('hola'));
    await stub.assign(shop.owner.id);

    await runInDurableObject(stub, async (_instance, state) => {
      await state.storage.deleteAll();
    });
    await evictDurableObject(stub);
    const view = await stub.snapshot();

    expect(view).toMatchObject({
      sessionId: first.sessionId,
      state: 'HANDOFF',
      owner: 'human',
      assignedUserId: shop.owner.id,
    });
    const silent = await stub.receive(inbound('¿hola?'));
    expect(silent).toMatchObject({ sessionId: first.sessionId, replies: [], turn: null });
  });

  it('logs a transition the state machine refuses instead of failing the turn', async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    try {
      const phone = randomPhone();
      const stub = conversationStub(shop.id, phone);
      await useClaude(
        stub,
        fakeClaude(
          claudeMessage([toolUse('add_item_to_draft', { sku: 'MED-ALG-SUR-35-40', quantity: 1 })]),
          claudeMessage([toolUse('update_draft_item', { sku: 'MED-ALG-SUR-35-40', quantity: 0 })]),
          // Details for an empty draft: the tool records them, the FSM refuses DETAILS_CHANGED.
          claudeMessage([toolUse('set_delivery_details', { method: 'PICKUP', recipientName: 'Ana Díaz' })]),
          claudeMessage([{ type: 'text', text: 'Anotado. ¿Qué te gustaría llevar?' }]),
        ).fetch,
      );

      const result = await stub.receive(inbound('quiero medias, no, mejor nada, retiro yo'));

      expect(result).toMatchObject({ state: 'COLLECTING_ORDER', turn: { status: 'COMPLETED' } });
      expect(result.replies.map((r) => r.message)).toEqual([
        { type: 'text', text: 'Anotado. ¿Qué te gustaría llevar?' },
      ]);
      const refused = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.message === 'conversation: transition refused');
      expect(refused).toMatchObject({
        state: 'COLLECTING_ORDER',
        event: 'DETAILS_CHANGED',
        reason: 'the draft has no items',
      });
    } finally {
      setLogSink(undefined);
    }
  });

  it('ends a turn whose model never stops calling tools after eight steps, with a reply and a failure', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    const looping = Array.from({ length: 8 }, () => claudeMessage([toolUse('list_products', { query: 'remera' })]));
    const claude = fakeClaude(...looping);
    await useClaude(stub, claude.fetch);

    const result = await stub.receive(inbound('¿qué remeras tenés?'));

    expect(claude.requests).toHaveLength(8);
    expect(result.replies.map((r) => r.message)).toEqual([{ type: 'text', text: STEP_LIMIT_REPLY }]);
    expect(result.turn).toMatchObject({ status: 'FAILED', reason: 'step_limit' });
    expect((await turnsOf(result.sessionId))[0]).toMatchObject({ status: 'FAILED', steps: 8 });
    expect((await sessionRow(shop.id, phone))!.consecutiveFailures).toBe(1);
  });

  it('folds turns that no longer fit the context into a running summary on the cheap model, kept with the session', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    const summary = 'El cliente contó una historia larga sobre regalos; todavía no pidió nada.';
    const claude = fakeClaude(
      claudeMessage([{ type: 'text', text: 'Te leo.' }]),
      claudeMessage([{ type: 'text', text: 'Entiendo.' }]),
      claudeMessage([{ type: 'text', text: summary }], 'claude-haiku-4-5'),
      claudeMessage([{ type: 'text', text: '¿Te muestro algo para regalar?' }]),
    );
    await useClaude(stub, claude.fetch);
    const long = (topic: string) => `${topic} `.repeat(10_000 / (topic.length + 1));

    await stub.receive(inbound(long('regalo para mi hermana')));
    await stub.receive(inbound(long('le gustan los colores claros')));
    const third = await stub.receive(inbound(long('y también busco algo para mí')));

    expect(third.replies.map((r) => r.message)).toEqual([{ type: 'text', text: '¿Te muestro algo para regalar?' }]);
    const [summaryCall, turnCall] = claude.requests.slice(2);
    expect(summaryCall!.body.tools ?? []).toEqual([]);
    expect(JSON.stringify(turnCall!.body.system)).toContain(summary);
    expect(await sessionRow(shop.id, phone)).toMatchObject({ summary });
    // The summary call's tokens are the turn's too: 100 input tokens per fake response, two calls.
    const turns = await turnsOf(third.sessionId);
    expect(turns.at(-1)!.inputTokens).toBe(200);
  });

  it('stores and answers a message with a NUL character, which PostgreSQL would refuse', async () => {
    const phone = randomPhone();
    const stub = conversationStub(shop.id, phone);
    await useClaude(stub, fakeClaude(claudeMessage([{ type: 'text', text: '¡Hola! ¿En qué te ayudo?' }])).fetch);

    const result = await stub.receive(inbound('hola\u0000 ¿tenés gorras?'));

    expect(result.replies).toHaveLength(1);
    const [stored] = (await transcriptOf(result.sessionId)).filter((r) => r.direction === 'inbound');
    expect(stored!.content).toBe('hola ¿tenés gorras?');
  });
});
