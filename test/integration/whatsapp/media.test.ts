import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { deadLetters, webhookInbox } from '../../../db/schema';
import { conversationName } from '../../../workers/agent/channel';
import { ConversationStore } from '../../../workers/agent/conversation/object-storage';
import { parseWebhook } from '../../../workers/whatsapp/infobip/adapter';
import { processInboxRows, retryPendingWebhooks, storeWebhookItems } from '../../../workers/whatsapp/inbox';
import { MEDIA_MAX_ATTEMPTS, type MediaJob } from '../../../workers/whatsapp/media';
import { putSandboxMedia } from '../../../workers/whatsapp/infobip/sandbox';
import { QUEUES } from '../../../workers/queues/message';
import { conversationStub, inbound, randomPhone, toolExecutionsOf, turnsOf } from '../../harness/conversation';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';
import {
  batch,
  connectionRow,
  createConnection,
  fixtures,
  inboundResult,
  inboxRows,
  messagesOf,
  postWebhook,
  randomWaNumber,
  sessionOf,
  waitForConversations,
  waitForInbox,
  consumeQueueMessage,
  fakeInfobip,
  accepted,
} from '../../harness/whatsapp';

let t: Tenants;
const owner = () => ({ token: t.a.owner.token, workspaceId: t.a.id });
const connect = () => createConnection(owner(), { webhookAuth: 'HMAC' });

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

beforeAll(async () => {
  t = await seedTenants();
});

/** An inbound image whose file the sandbox serves (as the simulator uploads it). */
async function sandboxImage(connectionId: string, from: string, caption = 'te paso el comprobante') {
  const url = await putSandboxMedia(env, await connectionRow(connectionId), {
    type: 'IMAGE',
    base64: PNG,
    contentType: 'image/png',
  });
  return inboundResult(fixtures.inboundImage, { from, message: { type: 'IMAGE', url, caption } });
}

const textFrom = (from: string, text: string) =>
  inboundResult(fixtures.inboundText, { from, message: { type: 'TEXT', text } });

/** The media job the hand-off sends for the inbound result stored in `row`. */
function jobFor(row: typeof webhookInbox.$inferSelect, from: string): MediaJob {
  return {
    workspaceId: row.workspaceId,
    connectionId: row.connectionId,
    inboxId: row.id,
    messageId: row.messageId!,
    conversation: conversationName({ workspaceId: row.workspaceId, channel: 'whatsapp', contact: `+${from}` }),
  };
}

const consume = consumeQueueMessage;

/** Stores results without handing them on (as if the isolate died right after the 200). */
async function storeOnly(connectionId: string, ...results: Record<string, unknown>[]) {
  const parsed = parseWebhook(batch(...results), connectionId);
  if (!parsed.ok) throw new Error(parsed.error);
  const { stored } = await storeWebhookItems(testDb(), { id: connectionId, workspaceId: t.a.id }, parsed.items);
  return stored;
}

/** The hand-off with a media queue that keeps the jobs instead of delivering them. */
function heldMediaQueue() {
  const jobs: MediaJob[] = [];
  const handOffEnv = { ...env, MEDIA_QUEUE: { send: async (body: MediaJob) => void jobs.push(body) } };
  return { jobs, env: handOffEnv as unknown as typeof env };
}

/**
 * A customer sends an image, then `text`; both are stored and handed off with the media job held
 * (sent, never delivered), so the conversation waits for the image's file.
 */
async function imageThenTextWithJobHeld(text: string) {
  const connection = await connect();
  const from = randomWaNumber();
  const stored = await storeOnly(connection.id, await sandboxImage(connection.id, from), textFrom(from, text));
  const held = heldMediaQueue();
  const handedOff = await processInboxRows({ db: testDb(), env: held.env }, stored);
  const stub = env.CONVERSATION.getByName(held.jobs[0]!.conversation);
  return { connection, from, stored, jobs: held.jobs, handedOff, stub };
}

const mediaObjects = async (connectionId: string) =>
  (await env.FILES.list({ prefix: `ws/${t.a.id}/whatsapp/${connectionId}/` })).objects;

describe('inbound media through the media queue', () => {
  it('an image receipt is copied to R2 by the media queue and linked before the agent answers it', async () => {
    const connection = await connect();
    const from = randomWaNumber();
    const image = await sandboxImage(connection.id, from);
    expect((await postWebhook(connection, batch(image))).status).toBe(200);

    const [row] = await waitForConversations(connection.id, 1);
    expect(row).toMatchObject({ messageType: 'IMAGE', error: null });
    const session = await sessionOf(t.a.id, `+${from}`);
    const [received] = (await messagesOf(session!.id)).filter((m) => m.direction === 'inbound');
    expect(received).toMatchObject({
      type: 'image',
      content: 'te paso el comprobante',
      media: { url: (image.message as { url: string }).url, contentType: 'image/png', size: 70 },
    });
    const r2Key = received!.media!.r2Key!;
    expect(r2Key).toMatch(new RegExp(`^ws/${t.a.id}/whatsapp/${connection.id}/[0-9a-f]{32}$`));
    const object = await env.FILES.get(r2Key);
    expect(Array.from(new Uint8Array(await object!.arrayBuffer()).slice(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);

    // The turn found the file: attach_receipt got past "no receipt" (this customer has no order).
    const [turn] = await turnsOf(session!.id);
    expect(turn!.startedAt.getTime()).toBeGreaterThanOrEqual(object!.uploaded.getTime());
    const attach = (await toolExecutionsOf(session!.id)).filter((e) => e.tool === 'attach_receipt');
    expect(attach).toHaveLength(1);
    expect(attach[0]!.error).toMatchObject({ code: 'NO_ORDER' });
    expect((await api('/metrics')).body).toMatch(/media_jobs_total\{outcome="stored"\} \d+/);
  });

  it('a text sent right after an image waits for the image’s file, then both are answered in order', async () => {
    const { connection, from, stored, jobs, handedOff, stub } = await imageThenTextWithJobHeld('llegó?');
    expect(handedOff).toEqual({ processed: 2, failed: 0 });
    expect(jobs).toEqual([jobFor(stored[0]!, from)]);

    // Both are in the conversation, neither answered: the text waits behind the image's file.
    const view = await stub.snapshot();
    expect(await turnsOf(view.sessionId)).toEqual([]);
    const waiting = await runInDurableObject(stub, (_instance, state) => {
      const store = new ConversationStore(state.storage.sql);
      return { next: store.nextInbound()?.id, since: store.mediaWaitSince(stored[0]!.messageId!) };
    });
    expect(waiting).toEqual({ next: stored[0]!.messageId, since: expect.any(Number) });

    const { id, result } = await consume(QUEUES.media, jobs[0]);
    expect(result.explicitAcks).toEqual([id]);
    await waitForConversations(connection.id, 2);
    const inbound = (await messagesOf(view.sessionId)).filter((m) => m.direction === 'inbound');
    expect(inbound.map((m) => [m.type, m.content])).toEqual([
      ['image', 'te paso el comprobante'],
      ['text', 'llegó?'],
    ]);
    expect(inbound[0]!.media?.r2Key).toBeDefined();
    const turns = await turnsOf(view.sessionId);
    expect(turns.map((turn) => turn.triggerMessageId)).toEqual(stored.map((r) => r.messageId));
    expect(turns[1]!.startedAt.getTime()).toBeGreaterThanOrEqual(turns[0]!.finishedAt!.getTime());
  });

  it('a file that cannot be downloaded is retried by the queue, then its message and the later ones go on without it', async () => {
    const connection = await connect();
    const from = randomWaNumber();
    // The fixture's media URL is on Infobip; a sandbox connection cannot download it.
    const image = inboundResult(fixtures.inboundImage, { from });
    await postWebhook(connection, batch(image, textFrom(from, 'ya te lo mandé')));

    // The hand-off is done (both rows processed) but the media queue's first attempt failed.
    const rows = await waitForInbox(connection.id, 2);
    const noted = await vi.waitFor(
      async () => {
        const [row] = await inboxRows(connection.id);
        if (!row!.error) throw new Error('no attempt yet');
        return row!;
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(noted.error).toMatch(/^media not stored yet \(attempt \d of 5\): the sandbox has no such media/);
    expect(rows[1]!.error).toBeNull();
    const stub = env.CONVERSATION.getByName(jobFor(rows[0]!, from).conversation);
    const view = await stub.snapshot();
    expect(await turnsOf(view.sessionId)).toEqual([]);

    // A failed attempt asks the queue for a retry with backoff.
    const retried = await consume(QUEUES.media, jobFor(rows[0]!, from), 1);
    expect(retried.result.explicitAcks).toEqual([]);
    expect(retried.result.retryMessages).toEqual([{ msgId: retried.id }]);
    expect(retried.delays).toEqual([10]);

    // The last attempt gives the file up: acknowledged, and the conversation goes on without it.
    const last = await consume(QUEUES.media, jobFor(rows[0]!, from), MEDIA_MAX_ATTEMPTS);
    expect(last.result.explicitAcks).toEqual([last.id]);
    expect(last.result.retryMessages).toEqual([]);
    const done = await waitForConversations(connection.id, 2);
    expect(done[0]!.error).toMatch(/^media not stored: the sandbox has no such media/);
    const inbound = (await messagesOf(view.sessionId)).filter((m) => m.direction === 'inbound');
    expect(inbound.map((m) => m.type)).toEqual(['image', 'text']);
    expect(inbound[0]!.media).toMatchObject({ url: (image.message as { url: string }).url });
    expect(inbound[0]!.media?.r2Key).toBeUndefined();
    expect(await turnsOf(view.sessionId)).toHaveLength(2);
    const attach = (await toolExecutionsOf(view.sessionId)).filter((e) => e.tool === 'attach_receipt');
    expect(attach[0]!.error).toMatchObject({ code: 'NO_RECEIPT' });
    expect(await mediaObjects(connection.id)).toEqual([]);
    const metrics = (await api('/metrics')).body as string;
    expect(metrics).toMatch(/media_jobs_total\{outcome="failed"\} \d+/);
    expect(metrics).toMatch(/media_jobs_total\{outcome="given_up"\} \d+/);
  });

  it('a media message delivered twice — by Infobip, then by a retried hand-off — stores one file and runs one turn', async () => {
    const connection = await connect();
    const from = randomWaNumber();
    const body = batch(await sandboxImage(connection.id, from));
    expect((await postWebhook(connection, body)).body).toEqual({ received: 1, duplicates: 0 });
    expect((await postWebhook(connection, body)).body).toEqual({ received: 0, duplicates: 1 });
    const [row] = await waitForConversations(connection.id, 1);

    // The hand-off runs again (its answer was lost): the object has the message, the job goes again.
    await testDb().update(webhookInbox).set({ processedAt: null }).where(eq(webhookInbox.id, row!.id));
    const held = heldMediaQueue();
    expect(await processInboxRows({ db: testDb(), env: held.env }, await inboxRows(connection.id))).toEqual({
      processed: 1,
      failed: 0,
    });
    expect(held.jobs).toEqual([jobFor(row!, from)]);
    const again = await consume(QUEUES.media, held.jobs[0]);
    expect(again.result.explicitAcks).toEqual([again.id]);

    expect(await mediaObjects(connection.id)).toHaveLength(1);
    const session = await sessionOf(t.a.id, `+${from}`);
    expect((await messagesOf(session!.id)).filter((m) => m.direction === 'inbound')).toHaveLength(1);
    expect(await turnsOf(session!.id)).toHaveLength(1);
  });

  it('a media job the queue refused leaves its row for the retry, which sends it; the text behind waits', async () => {
    const connection = await connect();
    const from = randomWaNumber();
    const stored = await storeOnly(connection.id, await sandboxImage(connection.id, from), textFrom(from, 'y?'));
    const refusing = {
      ...env,
      MEDIA_QUEUE: { send: () => Promise.reject(new Error('Queue is unavailable')) },
    } as unknown as typeof env;
    expect(await processInboxRows({ db: testDb(), env: refusing }, stored)).toEqual({ processed: 0, failed: 2 });
    expect((await inboxRows(connection.id)).map((r) => [r.processedAt !== null, r.error])).toEqual([
      [false, 'Queue is unavailable'],
      [false, 'waiting for an earlier message'],
    ]);

    await retryPendingWebhooks({ db: testDb(), env }, { now: new Date(Date.now() + 2 * 60_000) });
    await waitForConversations(connection.id, 2);
    const session = await sessionOf(t.a.id, `+${from}`);
    const inbound = (await messagesOf(session!.id)).filter((m) => m.direction === 'inbound');
    expect(inbound.map((m) => m.type)).toEqual(['image', 'text']);
    expect(inbound[0]!.media?.r2Key).toBeDefined();
  });

  it('on a real connection the file is downloaded from Infobip with the connection’s API key; a link elsewhere never gets the key', async () => {
    const host = `media-${crypto.randomUUID().slice(0, 8)}.api.infobip.com`;
    const apiKey = 'media-test-api-key-0001';
    const connection = await createConnection(owner(), { baseUrl: `https://${host}`, apiKey });
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const infobip = fakeInfobip(host, (call) =>
      call.method === 'GET'
        ? new Response(jpeg, {
            headers: { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="comprobante.jpg"' },
          })
        : accepted(call),
    );
    try {
      const from = randomWaNumber();
      const url = `https://${host}/whatsapp/1/senders/${connection.sender}/media/5b8d4c2e`;
      const foreign = 'https://files.example.com/whatsapp/1/senders/x/media/1';
      const stored = await storeOnly(
        connection.id,
        inboundResult(fixtures.inboundImage, { from, message: { type: 'IMAGE', url, caption: 'pago' } }),
        inboundResult(fixtures.inboundImage, { from: randomWaNumber(), message: { type: 'IMAGE', url: foreign } }),
      );
      const held = heldMediaQueue();
      await processInboxRows({ db: testDb(), env: held.env }, stored);
      const [job, foreignJob] = [...held.jobs].sort((a, b) => (a.inboxId < b.inboxId ? -1 : 1));

      const copied = await consume(QUEUES.media, job);
      expect(copied.result.explicitAcks).toEqual([copied.id]);
      expect(infobip.calls.filter((c) => c.method === 'GET')).toEqual([
        { method: 'GET', url, authorization: `App ${apiKey}`, body: null },
      ]);
      // Refused before any request: the key goes to Infobip hosts only.
      const refused = await consume(QUEUES.media, foreignJob);
      expect(refused.result.retryMessages).toEqual([{ msgId: refused.id }]);
      expect((await inboxRows(connection.id))[1]!.error).toContain('media URL host is not Infobip: files.example.com');

      await vi.waitFor(
        async () => {
          const session = await sessionOf(t.a.id, `+${from}`);
          const [received] = session ? (await messagesOf(session.id)).filter((m) => m.direction === 'inbound') : [];
          if (!received) throw new Error('not handled yet');
          expect(received.media).toMatchObject({ contentType: 'image/jpeg', size: 8, filename: 'comprobante.jpg' });
          expect(received.media?.r2Key).toMatch(new RegExp(`^ws/${t.a.id}/whatsapp/${connection.id}/`));
        },
        { timeout: 20_000, interval: 100 },
      );
    } finally {
      infobip.restore();
    }
  });

  it('an unreadable media job is acknowledged, not retried', async () => {
    const partial = { workspaceId: t.a.id, connectionId: 'con_x', inboxId: 'whi_x', messageId: 'wamid.x' };
    for (const body of [{ hello: 'world' }, 'not json', partial, { ...partial, conversation: '' }]) {
      const { id, result } = await consume(QUEUES.media, body);
      expect(result.explicitAcks).toEqual([id]);
      expect(result.retryMessages).toEqual([]);
    }
  });
});

describe('a message waiting for its file is never stuck', () => {
  const imageMessage = () =>
    inbound(null, {
      type: 'image',
      media: { url: 'https://example.api.infobip.com/whatsapp/1/senders/1/media/lost', caption: 'comprobante' },
    });

  it('after 15 minutes without an answer from the media queue it goes on without the file, its row says so, and a late file is not kept', async () => {
    const { connection, stored, jobs, handedOff, stub } = await imageThenTextWithJobHeld('hola?');
    expect(handedOff).toEqual({ processed: 2, failed: 0 });
    const view = await stub.snapshot();
    expect(await turnsOf(view.sessionId)).toEqual([]);

    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec(
        'UPDATE inbox SET media_wait_since = ? WHERE message_id = ?',
        Date.now() - 16 * 60_000,
        stored[0]!.messageId,
      );
    });
    await stub.resumePending();
    const inboundRows = (await messagesOf(view.sessionId)).filter((m) => m.direction === 'inbound');
    expect(inboundRows.map((m) => m.type)).toEqual(['image', 'text']);
    expect(inboundRows[0]!.media?.r2Key).toBeUndefined();
    const noteOf = async (messageId: string) =>
      (await inboxRows(connection.id)).find((row) => row.messageId === messageId)!.error;
    expect(await noteOf(stored[0]!.messageId!)).toBe('media not stored: no file after 15 minutes');
    expect(await noteOf(stored[1]!.messageId!)).toBeNull();

    // The media queue answering late changes nothing, the row's note included, and the file it
    // copied, linked to nothing, is not kept.
    const { id, result } = await consume(QUEUES.media, jobs[0]);
    expect(result.explicitAcks).toEqual([id]);
    expect(await mediaObjects(connection.id)).toEqual([]);
    expect(await stub.attachMedia(stored[0]!.messageId!, { media: { r2Key: 'ws/late' } })).toEqual({ attached: false });
    expect(await noteOf(stored[0]!.messageId!)).toBe('media not stored: no file after 15 minutes');
    expect(
      (await messagesOf(view.sessionId)).filter((m) => m.direction === 'inbound')[0]!.media?.r2Key,
    ).toBeUndefined();
  });

  it('attachMedia is idempotent: the first answer counts, a repeat changes nothing', async () => {
    const stub = conversationStub(t.a.id, randomPhone());
    const image = imageMessage();
    await stub.accept(image, { waitForMedia: true });
    expect(await stub.attachMedia(image.id, { failed: 'could not download' })).toEqual({ attached: true });
    expect(await stub.attachMedia(image.id, { media: { r2Key: 'ws/other' } })).toEqual({ attached: false });
    expect(await stub.attachMedia('wamid.never-seen', { failed: 'x' })).toEqual({ attached: false });
  });

  it('a media job that lands in the DLQ releases its conversation and is recorded', async () => {
    const contact = randomPhone();
    const stub = conversationStub(t.a.id, contact);
    const image = imageMessage();
    await stub.accept(image, { waitForMedia: true });
    const job: MediaJob = {
      workspaceId: t.a.id,
      connectionId: 'con_gone',
      inboxId: `whi_${crypto.randomUUID()}`,
      messageId: image.id,
      conversation: conversationName({ workspaceId: t.a.id, channel: 'whatsapp', contact }),
    };
    const { id, result } = await consume(QUEUES.mediaDlq, job, 4);
    expect(result.explicitAcks).toEqual([id]);
    await vi.waitFor(
      async () => {
        const view = await stub.snapshot();
        if ((await turnsOf(view.sessionId)).length === 0) throw new Error('not answered yet');
      },
      { timeout: 20_000, interval: 100 },
    );
    const letters = await testDb()
      .select()
      .from(deadLetters)
      .where(and(eq(deadLetters.queue, QUEUES.media), eq(deadLetters.eventId, job.inboxId)));
    expect(letters).toMatchObject([{ workspaceId: t.a.id, error: 'retries exhausted', attempts: 4 }]);
  });
});
