import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { consumeEvents, forwardToWorkspaceHub } from '../../../workers/queues/events';
import { api } from '../../harness/api';
import { insertOrder } from '../../harness/orders';
import { seedWorkspace } from '../../harness/tenants';
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
    // The publisher loop takes the committed outbox row to the events queue (the cron would too).
    await env.OUTBOX_PUBLISHER.getByName('global').poke();

    const frame = await dashboard.waitForEvent((f) => f.event.data.orderId === order.id);
    expect(frame.event).toMatchObject({
      type: 'order:updated',
      data: { orderId: order.id, number: order.number, status: 'CANCELLED' },
    });
    expect(frame.event.id).toMatch(/^evt_/);
    expect(Object.keys(frame.event.data).sort()).toEqual(['number', 'orderId', 'status']);
    dashboard.close();
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
