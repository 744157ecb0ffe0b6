import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../db/ids';
import { eventOutbox, processedEvents } from '../../../db/schema';
import { enqueueEvent } from '../../../workers/core/outbox/enqueue';
import {
  publishPendingEvents,
  purgePublishedEvents,
  type Destination,
  type OutboxMessage,
} from '../../../workers/core/outbox/publish';
import worker from '../../../workers/index';
import { consumeEvents } from '../../../workers/queues/events';
import { testDb } from '../../harness/db';
import { seedWorkspace, type SeededWorkspace } from '../../harness/tenants';

let shop: SeededWorkspace;

beforeAll(async () => {
  shop = await seedWorkspace('Tienda Outbox');
});

/** An event committed in the same transaction as the change it announces (here: a workspace rename). */
async function commitEvent(workspaceId: string, destination: Destination = 'events') {
  return testDb().transaction(async (tx) =>
    enqueueEvent(tx, {
      workspaceId,
      type: destination === 'egress' ? 'message:outbound' : 'order:updated',
      destination,
      payload: { orderId: newId('ord') },
    }),
  );
}

async function outboxRow(id: string) {
  const [row] = await testDb().select().from(eventOutbox).where(eq(eventOutbox.id, id));
  return row!;
}

/** A sender that records what it would have put on each queue. */
function recordingSender() {
  const sent: Array<{ destination: Destination; message: OutboxMessage }> = [];
  return {
    sent,
    send: async (destination: Destination, messages: OutboxMessage[]) => {
      for (const message of messages) sent.push({ destination, message });
    },
  };
}

/** Runs the events consumer on these queue message bodies (one batch), with `deliver` observed. */
async function consumeCopies(bodies: OutboxMessage[], deliver: (event: OutboxMessage) => void) {
  const batch = createMessageBatch(
    'nexova-events',
    bodies.map((body, i) => ({ id: `copy-${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await consumeEvents(batch, env, async (_env, event) => deliver(event));
  return getQueueResult(batch, ctx);
}

describe('transactional outbox publisher', () => {
  it('a crash between the send and the mark publishes again, and downstream handles the event exactly once', async () => {
    const workspace = await seedWorkspace('Outbox crash');
    const eventId = await commitEvent(workspace.id);
    const copies: OutboxMessage[] = [];

    // First pass: the queue accepted the message, then the publisher died before marking the row.
    await expect(
      publishPendingEvents(
        {
          db: testDb(),
          send: async (_destination, messages) => {
            copies.push(...messages);
            throw new Error('isolate evicted after the send');
          },
        },
        { workspaceId: workspace.id },
      ),
    ).rejects.toThrow('isolate evicted');
    expect(await outboxRow(eventId)).toMatchObject({
      publishedAt: null,
      attempts: 1,
      lastError: expect.stringContaining('isolate evicted'),
    });

    // Next pass: sent again and marked.
    const recorder = recordingSender();
    expect(await publishPendingEvents({ db: testDb(), send: recorder.send }, { workspaceId: workspace.id })).toEqual({
      published: 1,
      more: false,
    });
    copies.push(...recorder.sent.map((s) => s.message));
    expect(copies.map((c) => c.id)).toEqual([eventId, eventId]);
    expect((await outboxRow(eventId)).publishedAt).not.toBeNull();
    expect(await publishPendingEvents({ db: testDb(), send: recorder.send }, { workspaceId: workspace.id })).toEqual({
      published: 0,
      more: false,
    });

    // Downstream: both copies arrive; the event is delivered once, both are acknowledged.
    const delivered: string[] = [];
    const result = await consumeCopies(copies, (event) => delivered.push(event.id));
    expect(delivered).toEqual([eventId]);
    expect(result.explicitAcks).toHaveLength(2);
    const claims = await testDb()
      .select()
      .from(processedEvents)
      .where(and(eq(processedEvents.consumer, 'events'), eq(processedEvents.eventId, eventId)));
    expect(claims).toHaveLength(1);

    // A later redelivery is dropped as well.
    const again = await consumeCopies([copies[0]!], (event) => delivered.push(event.id));
    expect(again.explicitAcks).toHaveLength(1);
    expect(delivered).toEqual([eventId]);
  });

  it('sends each row to its destination queue, oldest first, in batches', async () => {
    const workspace = await seedWorkspace('Outbox destinations');
    const first = await commitEvent(workspace.id, 'events');
    const second = await commitEvent(workspace.id, 'egress');
    const third = await commitEvent(workspace.id, 'events');
    const recorder = recordingSender();
    expect(
      await publishPendingEvents({ db: testDb(), send: recorder.send }, { workspaceId: workspace.id, limit: 2 }),
    ).toEqual({
      published: 2,
      more: true,
    });
    expect(
      await publishPendingEvents({ db: testDb(), send: recorder.send }, { workspaceId: workspace.id, limit: 2 }),
    ).toEqual({
      published: 1,
      more: false,
    });
    expect(recorder.sent.map((s) => [s.destination, s.message.id])).toEqual([
      ['egress', second],
      ['events', first],
      ['events', third],
    ]);
    expect(recorder.sent[0]!.message).toMatchObject({ type: 'message:outbound', workspaceId: workspace.id });
  });

  it('two publishers at once never send the same row: the second skips rows the first has locked', async () => {
    const workspace = await seedWorkspace('Outbox concurrency');
    const ids = await Promise.all([commitEvent(workspace.id), commitEvent(workspace.id), commitEvent(workspace.id)]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let claimed!: () => void;
    const holding = new Promise<void>((resolve) => (claimed = resolve));
    const slow = recordingSender();
    const first = publishPendingEvents(
      {
        db: testDb(),
        send: async (destination, messages) => {
          claimed();
          await gate;
          await slow.send(destination, messages);
        },
      },
      { workspaceId: workspace.id },
    );
    await holding;
    const fast = recordingSender();
    expect(await publishPendingEvents({ db: testDb(), send: fast.send }, { workspaceId: workspace.id })).toEqual({
      published: 0,
      more: false,
    });
    release();
    expect(await first).toEqual({ published: 3, more: false });
    expect(slow.sent.map((s) => s.message.id).sort()).toEqual([...ids].sort());
    expect(fast.sent).toEqual([]);
  });

  it('the OutboxPublisher object, once poked, publishes to the real queue and the events consumer records the event', async () => {
    const eventId = await commitEvent(shop.id);
    await env.OUTBOX_PUBLISHER.getByName('global').poke();
    await vi.waitFor(
      async () => {
        expect((await outboxRow(eventId)).publishedAt).not.toBeNull();
        const [claim] = await testDb()
          .select()
          .from(processedEvents)
          .where(and(eq(processedEvents.consumer, 'events'), eq(processedEvents.eventId, eventId)));
        expect(claim).toBeDefined();
      },
      { timeout: 20_000, interval: 200 },
    );
  });

  it('the cron is the safety net: the scheduled handler gets pending rows published', async () => {
    const eventId = await commitEvent(shop.id);
    const { createScheduledController, waitOnExecutionContext } = await import('cloudflare:test');
    const ctx = createExecutionContext();
    await worker.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    await vi.waitFor(async () => expect((await outboxRow(eventId)).publishedAt).not.toBeNull(), {
      timeout: 20_000,
      interval: 200,
    });
  });

  it('purges published rows and consumer records after 30 days; pending rows are kept whatever their age', async () => {
    const workspace = await seedWorkspace('Outbox purge');
    const old = await commitEvent(workspace.id);
    const recent = await commitEvent(workspace.id);
    const stuck = await commitEvent(workspace.id);
    const day = 24 * 60 * 60 * 1000;
    const db = testDb();
    await db
      .update(eventOutbox)
      .set({ publishedAt: new Date(Date.now() - 31 * day) })
      .where(eq(eventOutbox.id, old));
    await db
      .update(eventOutbox)
      .set({ publishedAt: new Date(Date.now() - 29 * day) })
      .where(eq(eventOutbox.id, recent));
    await db
      .update(eventOutbox)
      .set({ createdAt: new Date(Date.now() - 60 * day) })
      .where(eq(eventOutbox.id, stuck));
    await db.insert(processedEvents).values([
      { consumer: 'events', eventId: old, processedAt: new Date(Date.now() - 31 * day) },
      { consumer: 'events', eventId: recent, processedAt: new Date(Date.now() - 29 * day) },
    ]);

    await purgePublishedEvents(db);

    const left = await db
      .select({ id: eventOutbox.id })
      .from(eventOutbox)
      .where(inArray(eventOutbox.id, [old, recent, stuck]));
    expect(left.map((r) => r.id).sort()).toEqual([recent, stuck].sort());
    const claims = await db
      .select()
      .from(processedEvents)
      .where(inArray(processedEvents.eventId, [old, recent]));
    expect(claims.map((c) => c.eventId)).toEqual([recent]);
  });
});
