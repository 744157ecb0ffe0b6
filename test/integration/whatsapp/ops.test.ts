import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids';
import { agentMessages, deadLetters, eventOutbox, webhookInbox } from '../../../db/schema';
import { enqueueEvent } from '../../../workers/core/outbox/enqueue';
import { api } from '../../harness/api';
import { withOutboxPublisherHeld } from '../../harness/outbox';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';
import { createConnection, postWebhook, queuedReply } from '../../harness/whatsapp';
import { conversationStub, randomPhone, receiveUntilSetAside, unrecordable } from '../../harness/conversation';
import { MAX_ATTEMPTS } from '../../../durable-objects/conversation';

let t: Tenants;

beforeAll(async () => {
  t = await seedTenants();
});

describe('GET /api/v1/ops/queues', () => {
  it('shows the workspace’s outbox backlog, undelivered messages, dead letters and webhook problems', () =>
    // Held: the rows this test leaves pending must not be published by the loop meanwhile.
    withOutboxPublisherHeld(async () => {
      const db = testDb();
      const owner = { token: t.a.owner.token, workspaceId: t.a.id };
      const connection = await createConnection(owner);
      const eventId = await enqueueEvent(db, { workspaceId: t.a.id, type: 'order:updated', payload: {} });
      await db
        .update(eventOutbox)
        .set({ createdAt: new Date(Date.now() - 120_000) })
        .where(eq(eventOutbox.id, eventId));
      await queuedReply(t.a.id, connection.id);
      const held = await queuedReply(t.a.id, connection.id);
      await db.update(agentMessages).set({ status: 'HELD' }).where(eq(agentMessages.id, held.messageId));
      const failed = await queuedReply(t.a.id, connection.id);
      await db.update(agentMessages).set({ status: 'FAILED' }).where(eq(agentMessages.id, failed.messageId));
      await db.insert(deadLetters).values({
        id: newId('dlq'),
        queue: 'nexova-egress',
        workspaceId: t.a.id,
        eventId: newId('evt'),
        agentMessageId: failed.messageId,
        body: {},
        error: 'BAD_REQUEST',
      });
      expect((await postWebhook(connection, null, { rawBody: 'not json' })).status).toBe(400);
      await db.insert(deadLetters).values({
        id: newId('dlq'),
        queue: 'nexova-media',
        workspaceId: t.a.id,
        eventId: newId('whi'),
        body: {},
        error: 'retries exhausted',
      });
      // The media queue's notes on inbound rows: one file being retried, one given up.
      for (const error of ['media not stored yet (attempt 2 of 5): timeout', 'media not stored: retries exhausted']) {
        await db.insert(webhookInbox).values({
          id: newId('whi'),
          workspaceId: t.a.id,
          connectionId: connection.id,
          kind: 'INBOUND',
          messageId: `wamid.${crypto.randomUUID()}`,
          messageType: 'IMAGE',
          payload: {},
          processedAt: new Date(),
          error,
        });
      }

      const res = await api('/api/v1/ops/queues', owner);
      expect(res.status).toBe(200);
      expect(res.body.outbox.pending).toBeGreaterThanOrEqual(1);
      expect(res.body.outbox.oldestAgeSeconds).toBeGreaterThanOrEqual(120);
      expect(res.body.egress).toMatchObject({ queued: 1, held: 1, failed: 1 });
      expect(res.body.deadLetters).toEqual({ egress: 1, events: 0, media: 1 });
      expect(res.body.media).toEqual({ retrying: 1, notStoredLast24h: 1 });
      expect(res.body.webhookInbox).toMatchObject({ unprocessed: 0, invalidLast24h: 1 });

      const other = await api('/api/v1/ops/queues', { token: t.b.owner.token, workspaceId: t.b.id });
      expect(other.body).toMatchObject({
        egress: { queued: 0, held: 0, failed: 0 },
        deadLetters: { egress: 0, events: 0, media: 0 },
        media: { retrying: 0, notStoredLast24h: 0 },
        webhookInbox: { unprocessed: 0, invalidLast24h: 0 },
      });
    }));

  it('counts a customer message its conversation set aside, noted on its webhook_inbox row', async () => {
    const owner = { token: t.a.owner.token, workspaceId: t.a.id };
    const connection = await createConnection(owner);
    const before = (await api('/api/v1/ops/queues', owner)).body.webhookInbox.notHandledLast24h;
    // The row as the webhook stored it, handed to the conversation (processed) …
    const messageId = `wamid.${crypto.randomUUID()}`;
    const rowId = newId('whi');
    await testDb().insert(webhookInbox).values({
      id: rowId,
      workspaceId: t.a.id,
      connectionId: connection.id,
      kind: 'INBOUND',
      messageId,
      messageType: 'TEXT',
      payload: {},
      processedAt: new Date(),
    });
    // … where it fails every attempt.
    const stub = conversationStub(t.a.id, randomPhone());
    const broken = unrecordable('hola', { id: messageId, connectionId: connection.id });
    expect(await receiveUntilSetAside(stub, broken)).toMatchObject({ failed: true });

    const [row] = await testDb().select().from(webhookInbox).where(eq(webhookInbox.id, rowId));
    expect(row!.error).toMatch(new RegExp(`^not handled: set aside after ${MAX_ATTEMPTS} failed attempts: .+`));
    const res = await api('/api/v1/ops/queues', owner);
    expect(res.body.webhookInbox.notHandledLast24h).toBe(before + 1);
    expect(res.body.webhookInbox.unprocessed).toBe(0);
    const other = await api('/api/v1/ops/queues', { token: t.b.owner.token, workspaceId: t.b.id });
    expect(other.body.webhookInbox.notHandledLast24h).toBe(0);
  });

  it('needs ops:read: operators and viewers are refused', async () => {
    expect((await api('/api/v1/ops/queues', { token: t.a.operator.token, workspaceId: t.a.id })).status).toBe(403);
    expect((await api('/api/v1/ops/queues', { token: t.a.viewer.token, workspaceId: t.a.id })).status).toBe(403);
    expect((await api('/api/v1/ops/queues', { token: t.a.admin.token, workspaceId: t.a.id })).status).toBe(200);
  });
});
