import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { consumeEvents, forwardToWorkspaceHub } from '../../../workers/queues/events';
import { api } from '../../harness/api';
import { conversationStub, inbound, randomPhone } from '../../harness/conversation';
import { insertOrder } from '../../harness/orders';
import { addMember, seedWorkspace } from '../../harness/tenants';
import { connect, outboxEvent, ticketFor } from './client';

describe('outbox → events queue → WorkspaceHub → socket', () => {
  it('an operator cancelling an order is seen live by a connected dashboard', async () => {
    const shop = await seedWorkspace('Realtime end to end');
    const order = await insertOrder(shop.id, { status: 'PENDING' });
    const dashboard = await connect(`token=${await ticketFor(shop.owner, shop.id)}`);

    const cancelled = await api(`/api/v1/orders/${order.id}/cancel`, {
      method: 'POST',
      token: shop.owner.token,
      workspaceId: shop.id,
      body: { reason: 'el cliente se arrepintió' },
    });
    expect(cancelled.status).toBe(200);
    // No poke here: a successful API write wakes the outbox publisher (pokeOutboxAfterWrites).

    const frame = await dashboard.waitForEvent((f) => f.event.data.orderId === order.id);
    expect(frame.event).toMatchObject({
      type: 'order:updated',
      data: { orderId: order.id, number: order.number, status: 'CANCELLED' },
    });
    expect(frame.event.id).toMatch(/^evt_/);
    expect(Object.keys(frame.event.data).sort()).toEqual(['number', 'orderId', 'status']);
    dashboard.close();
  });

  it('a conversation handed to a human reaches operators as handoff:requested and session:updated', async () => {
    const shop = await seedWorkspace('Realtime handoff');
    const operator = await addMember(shop, 'Operator');
    const inbox = await connect(`token=${await ticketFor(operator, shop.id)}`);
    const { sessionId } = await conversationStub(shop.id, randomPhone()).receive(
      inbound('hola', { profileName: 'Lucía Gómez' }),
    );

    const res = await api(`/api/v1/conversations/${sessionId}/handoff`, {
      method: 'POST',
      token: shop.owner.token,
      workspaceId: shop.id,
      body: { reason: 'Pide hablar con una persona' },
    });
    expect(res.status).toBe(200);
    // No poke here: the Conversation object wakes the outbox publisher after its writes.

    const handoff = await inbox.waitForEvent((f) => f.event.type === 'handoff:requested');
    expect(handoff.event.data).toEqual({
      sessionId,
      reason: 'Pide hablar con una persona',
      customerName: 'Lucía Gómez',
    });
    const update = await inbox.waitForEvent(
      (f) => f.event.type === 'session:updated' && f.event.data.state === 'HANDOFF',
    );
    expect(update.event.data).toMatchObject({ sessionId, state: 'HANDOFF', owner: 'human', assignedUserId: null });
    const customerMessage = await inbox.waitForEvent((f) => f.event.type === 'message:new');
    expect(customerMessage.event.data).toMatchObject({ sessionId, direction: 'inbound', role: 'customer' });
    const seqs = inbox.events().map((f) => f.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    inbox.close();
  });

  it('the consumer forwards only workspace events with a realtime mapping, and a forwarded repeat is broadcast once', async () => {
    const shop = await seedWorkspace('Realtime consumer');
    const dashboard = await connect(`token=${await ticketFor(shop.owner, shop.id)}`);
    const handoff = outboxEvent(shop.id, 'handoff:requested', { sessionId: 'ses_1', reason: 'pide humano' });
    const bodies = [
      outboxEvent(shop.id, 'message:outbound', { messageId: 'msg_1', content: 'hola' }),
      { ...outboxEvent(shop.id, 'stock:low', { variantId: 'var_1', available: 0 }), workspaceId: null },
      handoff,
    ];
    const batch = createMessageBatch(
      'nexova-events',
      bodies.map((body, i) => ({ id: `rt-${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })),
    );
    await consumeEvents(batch, env);
    expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toHaveLength(3);

    // The consumer crashed after delivering and before its claim: the hub sees the event again.
    await forwardToWorkspaceHub(env, handoff);
    const marker = outboxEvent(shop.id, 'message:new', { sessionId: 'ses_1', messageId: 'msg_2' });
    await forwardToWorkspaceHub(env, marker);

    await dashboard.waitForEvent((f) => f.event.id === marker.id);
    expect(dashboard.events().map((f) => [f.seq, f.event.id])).toEqual([
      [1, handoff.id],
      [2, marker.id],
    ]);
    dashboard.close();
  });
});
