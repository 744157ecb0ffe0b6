import { env } from 'cloudflare:workers';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema';
import { decryptSecret } from '../../../workers/core/crypto/secrets';
import { api, fetchWithEnv } from '../../harness/api';
import { testDb } from '../../harness/db';
import { seedTenants, type Tenants } from '../../harness/tenants';
import { connectionRow, createConnection } from '../../harness/whatsapp';

let t: Tenants;
const owner = () => ({ token: t.a.owner.token, workspaceId: t.a.id });
const API_KEY = 'c1a5e3f0-live-api-key-9f3a';

beforeAll(async () => {
  t = await seedTenants();
});

describe('POST /api/v1/connections', () => {
  it('creates a connection: webhook URL, generated secret shown once, API key stored encrypted', async () => {
    const res = await api('/api/v1/connections', {
      ...owner(),
      body: {
        name: 'Ventas',
        baseUrl: 'https://xk2p9.api.infobip.com/some/path',
        apiKey: API_KEY,
        sender: '+54 9 11 4000-0001',
        webhookAuth: 'HMAC',
      },
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^con_/),
      name: 'Ventas',
      provider: 'infobip',
      baseUrl: 'https://xk2p9.api.infobip.com',
      sandbox: false,
      sender: '5491140000001',
      webhookAuth: 'HMAC',
      hmacHeader: 'X-Hub-Signature-256',
      webhookUrl: `http://localhost:8787/api/v1/webhooks/infobip/${id}`,
      apiKeyLast4: '9f3a',
      secrets: {
        webhookSecret: expect.stringMatching(/^[\w-]{43}$/),
        basicUsername: expect.stringMatching(/^nexova-/),
      },
    });
    expect(res.body.secrets.basicPassword).toBe(res.body.secrets.webhookSecret);
    expect(res.body.webhookSecretLast4).toBe(res.body.secrets.webhookSecret.slice(-4));
    expect(JSON.stringify(res.body)).not.toContain(API_KEY);

    // At rest: no plaintext anywhere in the row; the ciphertext opens with ENCRYPTION_KEY.
    const row = await connectionRow(id);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(API_KEY);
    expect(stored).not.toContain(res.body.secrets.webhookSecret);
    expect(await decryptSecret(env.ENCRYPTION_KEY, row.apiKeyEncrypted!)).toBe(API_KEY);
    expect(await decryptSecret(env.ENCRYPTION_KEY, row.webhookSecretEncrypted)).toBe(res.body.secrets.webhookSecret);

    // The audit row records the creation without secrets.
    const [audit] = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'connection.create')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(JSON.stringify(audit?.after)).not.toContain(API_KEY);
    expect(audit?.after).toMatchObject({ apiKeyLast4: '9f3a' });
  });

  it('without base URL or API key the connection uses the development sandbox', async () => {
    const created = await createConnection(owner(), { sender: '+5491140000002', webhookAuth: 'BASIC' });
    expect(created).toMatchObject({ baseUrl: null, sandbox: true, apiKeyLast4: null, webhookAuth: 'BASIC' });
  });

  it('accepts a custom HMAC header name', async () => {
    const created = await createConnection(owner(), { sender: '+5491140000003', hmacHeader: 'X-Infobip-Signature' });
    expect(created.hmacHeader).toBe('X-Infobip-Signature');
  });

  it('refuses an invalid sender, an invalid base URL and a second connection for the same sender', async () => {
    expect(
      (await api('/api/v1/connections', { ...owner(), body: { sender: 'abc123', webhookAuth: 'HMAC' } })).status,
    ).toBe(400);
    const badUrl = await api('/api/v1/connections', {
      ...owner(),
      body: { sender: '+5491140000004', webhookAuth: 'HMAC', baseUrl: 'ftp://infobip' },
    });
    expect(badUrl.status).toBe(400);
    await createConnection(owner(), { sender: '+5491140000005' });
    const again = await api('/api/v1/connections', {
      ...owner(),
      body: { sender: '5491140000005', webhookAuth: 'BASIC' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('in production refuses webhookAuth NONE and the sandbox', async () => {
    const production = { ...env, ENVIRONMENT: 'production' } as typeof env;
    const post = (body: unknown) =>
      fetchWithEnv('/api/v1/connections', production, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${t.a.owner.token}`,
          'x-workspace-id': t.a.id,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    const none = await post({
      sender: '+5491140000006',
      webhookAuth: 'NONE',
      baseUrl: 'https://a.api.infobip.com',
      apiKey: API_KEY,
    });
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: { message: string } }).error.message).toContain('NONE');
    const sandbox = await post({ sender: '+5491140000006', webhookAuth: 'HMAC' });
    expect(sandbox.status).toBe(400);
    expect(((await sandbox.json()) as { error: { message: string } }).error.message).toContain('sandbox');
    const real = await post({
      sender: '+5491140000006',
      webhookAuth: 'HMAC',
      baseUrl: 'https://a.api.infobip.com',
      apiKey: API_KEY,
    });
    expect(real.status).toBe(201);
  });

  it('needs connections:create: an operator is refused', async () => {
    const res = await api('/api/v1/connections', {
      token: t.a.operator.token,
      workspaceId: t.a.id,
      body: { sender: '+5491140000007', webhookAuth: 'HMAC' },
    });
    expect(res.status).toBe(403);
  });
});

describe('GET, PATCH and DELETE /api/v1/connections', () => {
  it('lists and gets connections without any secret, and another tenant sees none of them', async () => {
    const created = await createConnection(owner(), {
      sender: '+5491140000010',
      baseUrl: 'https://xk2p9.api.infobip.com',
      apiKey: API_KEY,
    });
    const list = await api('/api/v1/connections', owner());
    expect(list.status).toBe(200);
    expect(list.body.data.map((c: { id: string }) => c.id)).toContain(created.id);
    const one = await api(`/api/v1/connections/${created.id}`, owner());
    expect(one.status).toBe(200);
    for (const body of [list.body, one.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(created.secrets.webhookSecret);
      expect(text).not.toContain('secrets');
    }
    expect(one.body).toMatchObject({
      apiKeyLast4: '9f3a',
      webhookSecretLast4: created.secrets.webhookSecret.slice(-4),
    });

    const other = { token: t.b.owner.token, workspaceId: t.b.id };
    expect((await api(`/api/v1/connections/${created.id}`, other)).status).toBe(404);
    expect((await api('/api/v1/connections', other)).body.data).toEqual([]);
    expect((await api(`/api/v1/connections/${created.id}`, { ...other, method: 'DELETE' })).status).toBe(404);
  });

  it('replaces the API key and rotates the webhook secret, returning the new secret once', async () => {
    const created = await createConnection(owner(), { sender: '+5491140000011' });
    const res = await api(`/api/v1/connections/${created.id}`, {
      ...owner(),
      method: 'PATCH',
      body: {
        apiKey: 'new-key-abcdefgh-7777',
        baseUrl: 'https://z.api.infobip.com',
        rotateWebhookSecret: true,
        name: 'Sucursal',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Sucursal', sandbox: false, apiKeyLast4: '7777' });
    const rotated = res.body.secrets.webhookSecret as string;
    expect(rotated).not.toBe(created.secrets.webhookSecret);
    expect(res.body.webhookSecretLast4).toBe(rotated.slice(-4));
    const row = await connectionRow(created.id);
    expect(await decryptSecret(env.ENCRYPTION_KEY, row.webhookSecretEncrypted)).toBe(rotated);
    expect(JSON.stringify(row)).not.toContain('new-key-abcdefgh-7777');

    const plain = await api(`/api/v1/connections/${created.id}`, {
      ...owner(),
      method: 'PATCH',
      body: { name: 'Otra' },
    });
    expect(plain.body.secrets).toBeUndefined();
  });

  it('deletes a connection: gone from the list, its webhook answers 401', async () => {
    const created = await createConnection(owner(), { sender: '+5491140000012', webhookAuth: 'NONE' });
    expect((await api(`/api/v1/connections/${created.id}`, { ...owner(), method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/v1/connections/${created.id}`, owner())).status).toBe(404);
    const webhook = await api(`/api/v1/webhooks/infobip/${created.id}`, { body: { results: [] } });
    expect(webhook.status).toBe(401);
  });

  it('a viewer can read but not change connections', async () => {
    const created = await createConnection(owner(), { sender: '+5491140000013' });
    const viewer = { token: t.a.viewer.token, workspaceId: t.a.id };
    expect((await api('/api/v1/connections', viewer)).status).toBe(200);
    expect(
      (await api(`/api/v1/connections/${created.id}`, { ...viewer, method: 'PATCH', body: { name: 'x' } })).status,
    ).toBe(403);
    expect((await api(`/api/v1/connections/${created.id}`, { ...viewer, method: 'DELETE' })).status).toBe(403);
  });
});
