import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentSessions, agentTurns, products } from '../../db/schema';
import { api, type ApiResponse } from '../harness/api';
import { testDb } from '../harness/db';
import { seedWorkspace, type SeededWorkspace } from '../harness/tenants';
import {
  batch,
  createConnection,
  fixtures,
  inboundResult,
  inboxRows,
  messagesOf,
  postWebhook,
  randomWaNumber,
  sessionOf,
  waitForConversations,
} from '../harness/whatsapp';

let shop: SeededWorkspace;
const asOwner = (path: string, init: Parameters<typeof api>[1] = {}) =>
  api(path, { token: shop.owner.token, workspaceId: shop.id, ...init });

beforeAll(async () => {
  shop = await seedWorkspace('Text policy shop');
});

const NUL = '\u0000';
const HALF_EMOJI = '\ud83d';

function expectRefused(res: ApiResponse, where: string, field: string) {
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', requestId: res.headers.get('x-request-id') });
  expect(res.body.error.message).toBe(`Invalid ${where}: ${field}: ${res.body.error.details[0].message}`);
  expect(res.body.error.details[0]).toMatchObject({ path: field, code: 'invalid_text' });
}

describe('API input with NUL or an unpaired surrogate answers 400 naming the field', () => {
  it('POST /products with a NUL in name', async () => {
    const res = await asOwner('/api/v1/products', {
      body: { name: `Remera${NUL}`, basePrice: 1000, variants: [{ sku: 'NUL-1', attributes: {} }] },
    });
    expectRefused(res, 'body', 'name');
    expect(res.body.error.details[0].message).toBe('contains a NUL character');
    expect(await testDb().select().from(products).where(eq(products.workspaceId, shop.id))).toHaveLength(0);
  });

  it('POST /products with half an emoji deep in a variant', async () => {
    const res = await asOwner('/api/v1/products', {
      body: {
        name: 'Remera',
        basePrice: 1000,
        variants: [{ sku: 'SUR-1', attributes: { color: `Rojo ${HALF_EMOJI}` } }],
      },
    });
    expectRefused(res, 'body', 'variants.0.attributes.color');
    expect(res.body.error.details[0].message).toBe('contains an unpaired UTF-16 surrogate');
  });

  it('POST /customers with a NUL in notes', async () => {
    const res = await asOwner('/api/v1/customers', { body: { name: 'Ana', notes: `prefiere${NUL} la tarde` } });
    expectRefused(res, 'body', 'notes');
  });

  it.each(['products', 'stock', 'orders', 'customers'])('GET /%s with a NUL in q', async (resource) => {
    const res = await asOwner(`/api/v1/${resource}?q=%00`);
    expectRefused(res, 'query', 'q');
  });

  it('a NUL in a path parameter', async () => {
    for (const path of ['/api/v1/products/prd_%00', '/api/v1/workspaces/%00/members']) {
      const res = await asOwner(path);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/^Invalid path/),
      });
    }
  });

  it('a NUL inside a malformed body is a malformed body (400)', async () => {
    const res = await asOwner('/api/v1/customers', {
      method: 'POST',
      rawBody: `{"name": "Ana${NUL}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', message: 'Malformed JSON in request body' });
  });

  it('ordinary text is taken as written: RTL marks, other control characters, emoji', async () => {
    const name = `\u200fעברית ‮ tab\there \u0001 🙂`;
    const res = await asOwner('/api/v1/customers', { body: { name } });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe(name.trim());
  });
});

describe('CSV import: a cell with a NUL fails its row, the others are imported', () => {
  it('reports the row and the column', async () => {
    const csv = [
      'sku,name,price,stock',
      'CSV-OK-1,Remera,1000,1',
      `CSV-NUL-2,Rem${NUL}era,1000,1`,
      'CSV-OK-3,Buzo,2000,2',
    ].join('\n');
    const res = await asOwner('/api/v1/products/import', {
      method: 'POST',
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ rows: 3, created: 2, failed: 1 });
    const failed = res.body.rows.find((r: { line: number }) => r.line === 3);
    expect(failed).toMatchObject({ status: 'error', errors: ['name contains a NUL character'] });
  });
});

describe('the webhook stores poison text cleaned and loses nothing', () => {
  it('a batch of three whose middle message has a NUL and half an emoji: 200, three rows, three turns', async () => {
    const connection = await createConnection({ token: shop.owner.token, workspaceId: shop.id });
    const senders = [randomWaNumber(), randomWaNumber(), randomWaNumber()];
    const texts = ['Hola, ¿tienen remeras?', `Quiero una remera${NUL} talle M ${HALF_EMOJI}`, 'Buen día'];
    const results = senders.map((from, i) =>
      inboundResult(fixtures.inboundText, { from, message: { type: 'TEXT', text: texts[i] } }),
    );
    const res = await postWebhook(connection, batch(...results));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 3, duplicates: 0 });

    const rows = await waitForConversations(connection.id, 3);
    const inbound = rows.filter((r) => r.kind === 'INBOUND');
    expect(inbound).toHaveLength(3);
    expect(inbound.every((r) => r.processedAt && r.error === null)).toBe(true);
    // The poison one: cleaned in `payload`, the original escaped in `raw_body`; the others untouched.
    const poison = inbound.find((r) => r.messageId === results[1]!.messageId)!;
    expect((poison.payload as { message: { text: string } }).message.text).toBe(
      'Quiero una remera\uFFFD talle M \uFFFD',
    );
    expect(JSON.parse(poison.rawBody!)).toEqual(results[1]);
    expect(inbound.filter((r) => r.rawBody !== null)).toEqual([poison]);

    const sessions = await Promise.all(senders.map((from) => sessionOf(shop.id, `+${from}`)));
    const received = await Promise.all(
      sessions.map(async (s) =>
        (await messagesOf(s!.id)).filter((m) => m.direction === 'inbound').map((m) => m.content),
      ),
    );
    expect(received).toEqual([[texts[0]], ['Quiero una remera\uFFFD talle M \uFFFD'], [texts[2]]]);
    const turns = await testDb()
      .select()
      .from(agentTurns)
      .where(
        inArray(
          agentTurns.sessionId,
          sessions.map((s) => s!.id),
        ),
      );
    expect(turns).toHaveLength(3);
    expect(
      await testDb()
        .select()
        .from(agentSessions)
        .where(
          and(
            eq(agentSessions.workspaceId, shop.id),
            inArray(
              agentSessions.id,
              sessions.map((s) => s!.id),
            ),
          ),
        ),
    ).toHaveLength(3);
  });

  it('a NUL inside a malformed webhook body answers 400 and is kept, escaped, for inspection', async () => {
    const connection = await createConnection({ token: shop.owner.token, workspaceId: shop.id });
    const raw = `{"results": ["a${NUL}`;
    const res = await postWebhook(connection, null, { rawBody: raw });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    const [row] = await inboxRows(connection.id);
    expect(row).toMatchObject({ kind: 'INVALID', rawBody: '{"results": ["a\\u0000', error: 'malformed JSON' });
  });
});
