import { env } from 'cloudflare:workers';
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { attachments, auditLog } from '../../../db/schema';
import { MAX_ATTACHMENT_BYTES, attachReceipt } from '../../../workers/retail/attachments/attachments';
import { sniffContentType } from '../../../workers/retail/attachments/sniff';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { insertOrder } from '../../harness/orders';
import { seedTenants, type Tenants } from '../../harness/tenants';

let t: Tenants;
let paymentId: string;
let orderId: string;
beforeAll(async () => {
  t = await seedTenants();
  orderId = (await insertOrder(t.a.id, { status: 'CONFIRMED', total: 100_000 })).id;
  const res = await api(`/api/v1/orders/${orderId}/payments`, {
    token: t.a.operator.token,
    workspaceId: t.a.id,
    body: { method: 'TRANSFER', amount: 100_000, status: 'PENDING' },
  });
  expect(res.status).toBe(201);
  paymentId = res.body.id;
});

/** A valid 1×1 PNG; `salt` adds a text chunk so each test gets distinct bytes. */
function png(salt = ''): Uint8Array<ArrayBuffer> {
  const base = Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
    (c) => c.charCodeAt(0),
  );
  return salt ? concat(base, new TextEncoder().encode(salt)) : base;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A one-page PDF with nothing on it. */
function pdf(salt = ''): Uint8Array<ArrayBuffer> {
  const body = [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    'trailer << /Root 1 0 R >>',
    `%${salt}`,
    '%%EOF',
  ].join('\n');
  return new TextEncoder().encode(body);
}

function form(bytes: Uint8Array<ArrayBuffer>, filename: string, declaredType: string): FormData {
  const data = new FormData();
  data.append('file', new File([bytes], filename, { type: declaredType }));
  return data;
}

const upload = (path: string, data: FormData, who: 'operator' | 'viewer' | 'b' = 'operator') =>
  api(path, {
    method: 'POST',
    rawBody: data,
    token: who === 'b' ? t.b.owner.token : t.a[who].token,
    workspaceId: who === 'b' ? t.b.id : t.a.id,
  });

const download = (id: string, who: 'a' | 'b' = 'a') =>
  exportsFetch(
    `/api/v1/attachments/${id}`,
    who === 'a' ? { token: t.a.viewer.token, ws: t.a.id } : { token: t.b.owner.token, ws: t.b.id },
  );

/** The raw response (the harness would decode the body as text). */
async function exportsFetch(path: string, who: { token: string; ws: string }) {
  const { exports } = await import('cloudflare:workers');
  return exports.default.fetch(`http://nexova.test${path}`, {
    headers: { authorization: `Bearer ${who.token}`, 'x-workspace-id': who.ws },
  });
}

describe('POST /api/v1/payments/:id/attachments', () => {
  it('stores a PNG receipt in R2 under the workspace, records its hash and audits it', async () => {
    const bytes = png('stored');
    const res = await upload(`/api/v1/payments/${paymentId}/attachments`, form(bytes, 'comprobante.png', 'image/png'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      paymentId,
      orderId,
      filename: 'comprobante.png',
      contentType: 'image/png',
      size: bytes.length,
      createdByType: 'user',
    });
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body).not.toHaveProperty('r2Key');
    const object = await env.FILES.get(`ws/${t.a.id}/attachments/${res.body.id}`);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(bytes);
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, res.body.id))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits.map((a) => a.action)).toEqual(['attachment.create']);
  });

  it('accepts a PDF', async () => {
    const res = await upload(
      `/api/v1/payments/${paymentId}/attachments`,
      form(pdf('a'), 'transferencia.pdf', 'application/pdf'),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ contentType: 'application/pdf', filename: 'transferencia.pdf' });
  });

  it('goes by the bytes, not the declared type: a PNG named .pdf is stored as image/png', async () => {
    const res = await upload(
      `/api/v1/payments/${paymentId}/attachments`,
      form(png('disguised'), 'recibo.pdf', 'application/pdf'),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ contentType: 'image/png', filename: 'recibo.png' });
  });

  it('refuses HTML declared as image/png, and an executable, with 415 and stores nothing', async () => {
    const html = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
    const exe = concat(new TextEncoder().encode('MZ'), new Uint8Array(64));
    for (const [bytes, name] of [
      [html, 'foto.png'],
      [exe, 'recibo.jpg'],
    ] as const) {
      const res = await upload(`/api/v1/payments/${paymentId}/attachments`, form(bytes, name, 'image/png'));
      expect(res.status, name).toBe(415);
      expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const rows = await testDb().select().from(attachments).where(eq(attachments.paymentId, paymentId));
    expect(rows.every((r) => r.contentType !== 'text/html')).toBe(true);
    expect(rows.some((r) => r.filename === 'foto.png' || r.filename === 'recibo.jpg')).toBe(false);
  });

  it('refuses a file over 10 MB with 413, whether the whole body or the file itself is too big', async () => {
    const justOver = concat(png(), new Uint8Array(MAX_ATTACHMENT_BYTES + 1 - png().length));
    const res = await upload(`/api/v1/payments/${paymentId}/attachments`, form(justOver, 'grande.png', 'image/png'));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const wayOver = concat(png(), new Uint8Array(11 * 1024 * 1024));
    expect(
      (await upload(`/api/v1/payments/${paymentId}/attachments`, form(wayOver, 'enorme.png', 'image/png'))).status,
    ).toBe(413);
    const rows = await testDb().select().from(attachments).where(eq(attachments.paymentId, paymentId));
    expect(rows.some((r) => r.size > MAX_ATTACHMENT_BYTES)).toBe(false);
  });

  it('returns the existing attachment with 200 when the same file is uploaded again, storing no second object', async () => {
    const bytes = png('twice');
    const first = await upload(`/api/v1/payments/${paymentId}/attachments`, form(bytes, 'a.png', 'image/png'));
    const second = await upload(
      `/api/v1/payments/${paymentId}/attachments`,
      form(bytes, 'otro-nombre.png', 'image/png'),
    );
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const same = await testDb().select().from(attachments).where(eq(attachments.sha256, first.body.sha256));
    expect(same).toHaveLength(1);
    const listed = await env.FILES.list({ prefix: `ws/${t.a.id}/attachments/` });
    const objects = await Promise.all(listed.objects.map((o) => env.FILES.head(o.key)));
    expect(objects.filter((o) => o?.customMetadata?.sha256 === first.body.sha256)).toHaveLength(1);
  });

  it('answers 415 to a JSON body and 400 to a form without a file field', async () => {
    const json = await api(`/api/v1/payments/${paymentId}/attachments`, {
      token: t.a.operator.token,
      workspaceId: t.a.id,
      body: { file: 'x' },
    });
    expect(json.status).toBe(415);
    const data = new FormData();
    data.append('archivo', 'texto');
    const missing = await upload(`/api/v1/payments/${paymentId}/attachments`, data);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('file');
  });

  it('answers 404 for another workspace’s payment and 403 to a Viewer', async () => {
    expect(
      (await upload(`/api/v1/payments/${paymentId}/attachments`, form(png('b'), 'x.png', 'image/png'), 'b')).status,
    ).toBe(404);
    expect(
      (await upload(`/api/v1/payments/${paymentId}/attachments`, form(png('v'), 'x.png', 'image/png'), 'viewer'))
        .status,
    ).toBe(403);
  });
});

describe('POST /api/v1/orders/:orderId/attachments', () => {
  it('attaches a file to the order itself, and 404s for another workspace’s order', async () => {
    const res = await upload(
      `/api/v1/orders/${orderId}/attachments`,
      form(pdf('order'), 'remito.pdf', 'application/pdf'),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ orderId, paymentId: null, contentType: 'application/pdf' });
    expect(
      (await upload(`/api/v1/orders/${orderId}/attachments`, form(pdf('order-b'), 'r.pdf', 'application/pdf'), 'b'))
        .status,
    ).toBe(404);
  });
});

describe('GET /api/v1/attachments/:id', () => {
  it('streams back the same bytes with the detected type and a Content-Disposition', async () => {
    const bytes = pdf('download');
    const uploaded = await upload(
      `/api/v1/payments/${paymentId}/attachments`,
      form(bytes, 'Transferencia Nº 5.pdf', 'image/jpeg'),
    );
    const res = await download(uploaded.body.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="Transferencia N_ 5.pdf"; filename*=UTF-8''${encodeURIComponent('Transferencia Nº 5.pdf')}`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it('answers 404 to another workspace and for an unknown id', async () => {
    const uploaded = await upload(
      `/api/v1/payments/${paymentId}/attachments`,
      form(png('secret'), 's.png', 'image/png'),
    );
    const foreign = await download(uploaded.body.id, 'b');
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await download('att_01JC3M4Q9ZD2W8S5B6X7Y8Z9A0')).status).toBe(404);
  });
});

describe('attachReceipt', () => {
  it('attaches a receipt for the agent with the same rules as the upload route', async () => {
    const deps = { db: testDb(), files: env.FILES };
    const actor = { type: 'agent' as const, id: null };
    const ok = await attachReceipt(deps, {
      workspaceId: t.a.id,
      paymentId,
      bytes: png('agent'),
      filename: 'wa-image',
      actor,
    });
    expect(ok.ok && ok.value).toMatchObject({
      created: true,
      attachment: { contentType: 'image/png', filename: 'wa-image.png', createdByType: 'agent' },
    });
    const html = new TextEncoder().encode('<html></html>');
    expect(
      await attachReceipt(deps, { workspaceId: t.a.id, paymentId, bytes: html, filename: 'x', actor }),
    ).toMatchObject({ ok: false, error: 'UNSUPPORTED_TYPE' });
    expect(
      await attachReceipt(deps, { workspaceId: t.b.id, paymentId, bytes: png('x'), filename: 'x', actor }),
    ).toMatchObject({ ok: false, error: 'NOT_FOUND' });
  });
});

describe('sniffContentType', () => {
  const bytes = (...parts: Array<string | number[]>) =>
    Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

  it.each([
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
    ['image/png', png()],
    ['image/webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')],
    ['image/heic', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic')],
    ['image/heif', bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0], 'mif1')],
    ['application/pdf', pdf()],
  ])('recognises %s by its magic bytes', (type, data) => {
    expect(sniffContentType(data)).toBe(type);
  });

  it.each([
    ['HTML', bytes('<html><body>hola</body></html>')],
    ['a Windows executable', bytes('MZ', [0x90, 0, 3, 0])],
    ['a ZIP archive', bytes('PK', [3, 4, 20, 0])],
    ['an MP4 video', bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 2, 0])],
    ['nothing', new Uint8Array()],
  ])('recognises nothing in %s', (_name, data) => {
    expect(sniffContentType(data)).toBeUndefined();
  });
});
