import { env } from 'cloudflare:workers';
import { asc, desc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, mailOutbox, passwordResets, refreshTokens } from '../../../db/schema';
import { hashOpaqueToken } from '../../../workers/core/auth/opaque-token';
import { setLogSink } from '../../../workers/core/observability/logger';
import { api, fetchWithEnv } from '../../harness/api';
import { loggedInUser, registerUser, uniqueIp } from '../../harness/auth';
import { testDb, uniqueEmail } from '../../harness/db';

const NEW_PASSWORD = 'milonga-de-los-martes-42';

const forgot = (email: string) => api('/api/v1/auth/forgot-password', { body: { email } });
const reset = (token: string, password = NEW_PASSWORD) =>
  api('/api/v1/auth/reset-password', { body: { token, password } });
const tryLogin = (email: string, password: string) =>
  api('/api/v1/auth/login', { body: { email, password }, headers: { 'cf-connecting-ip': uniqueIp() } });

/** The reset token from the newest mail to `email` in the development outbox. */
async function tokenFromOutbox(email: string): Promise<string> {
  const [mail] = await testDb()
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.to, email))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(1);
  const match = mail?.body.match(/http:\/\/localhost:8787\/reset-password\?token=([A-Za-z0-9_-]+)/);
  if (!match) throw new Error(`no reset link mailed to ${email}`);
  return match[1]!;
}

let logLines: string[] = [];
beforeEach(() => {
  logLines = [];
  setLogSink((line) => logLines.push(line));
});
afterEach(() => setLogSink(undefined));

describe('POST /api/v1/auth/forgot-password', () => {
  it('answers 202 for an unknown e-mail and mails nothing', async () => {
    const email = uniqueEmail('ghost');
    const res = await forgot(email);
    expect(res.status).toBe(202);
    expect(await testDb().select().from(mailOutbox).where(eq(mailOutbox.to, email))).toHaveLength(0);
  });

  it('answers 202 for a known e-mail, stores the token hashed for one hour and mails the link', async () => {
    const user = await registerUser();
    const res = await forgot(user.email.toUpperCase());
    expect(res.status).toBe(202);
    const token = await tokenFromOutbox(user.email);
    const [row] = await testDb()
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.tokenHash, await hashOpaqueToken(token)));
    expect(row).toMatchObject({ userId: user.id, usedAt: null });
    expect((row!.expiresAt.getTime() - row!.createdAt.getTime()) / 60_000).toBeCloseTo(60, 5);
    expect(logLines.join('\n')).not.toContain(token);
    expect(logLines.some((l) => l.includes('mail written to the development outbox'))).toBe(true);
  });

  const forgotInProduction = (email: string, mail: Partial<Cloudflare.Env> = {}) =>
    fetchWithEnv('/api/v1/auth/forgot-password', { ...env, ENVIRONMENT: 'production', ...mail } as Cloudflare.Env, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
  const MAIL = {
    MAIL_API_KEY: 're_test_key',
    MAIL_FROM: 'Nexova <no-reply@nexova.test>',
    MAIL_API_URL: 'https://mail.example.test/emails',
  };

  /** A fake mail API at the HTTP boundary: records each request and answers `status`. */
  function fakeMailApi(status = 200) {
    const requests: { url: string; headers: Headers; body: Record<string, unknown> }[] = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (!request.url.startsWith(MAIL.MAIL_API_URL)) return realFetch(input, init);
      requests.push({ url: request.url, headers: request.headers, body: await request.json() });
      return Response.json({ id: 'mail_1' }, { status });
    });
    return requests;
  }

  it('in production without mail configured refuses with 503 and stores no token', async () => {
    const user = await registerUser();
    const res = await forgotInProduction(user.email);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'E-mail is not configured: set MAIL_API_KEY and MAIL_FROM',
    });
    expect(await testDb().select().from(passwordResets).where(eq(passwordResets.userId, user.id))).toHaveLength(0);
    expect(await testDb().select().from(mailOutbox).where(eq(mailOutbox.to, user.email))).toHaveLength(0);
  });

  it('in production sends the Spanish reset mail, text and HTML, through the mail API', async () => {
    const user = await registerUser();
    const requests = fakeMailApi();
    try {
      const res = await forgotInProduction(user.email, MAIL);
      expect(res.status).toBe(202);
    } finally {
      vi.restoreAllMocks();
    }
    expect(requests).toHaveLength(1);
    const [sent] = requests;
    expect(sent!.headers.get('authorization')).toBe('Bearer re_test_key');
    expect(sent!.body).toMatchObject({
      from: 'Nexova <no-reply@nexova.test>',
      to: [user.email],
      subject: 'Cambiá tu contraseña de Nexova',
    });
    const link = String(sent!.body.text).match(/http:\/\/localhost:8787\/reset-password\?token=([A-Za-z0-9_-]+)/);
    expect(link).not.toBeNull();
    expect(sent!.body.text).toContain('abrí este enlace');
    expect(sent!.body.html).toContain(`<a href="${link![0]}">`);
    // The token works: the mail carried a real reset.
    expect((await reset(link![1]!)).status).toBe(204);
    expect(await testDb().select().from(mailOutbox).where(eq(mailOutbox.to, user.email))).toHaveLength(0);
    expect(logLines.join('\n')).not.toContain(link![1]!);
  });

  it('in production a mail API failure is logged with its status and the answer stays 202', async () => {
    const user = await registerUser();
    const requests = fakeMailApi(500);
    try {
      expect((await forgotInProduction(user.email, MAIL)).status).toBe(202);
    } finally {
      vi.restoreAllMocks();
    }
    expect(requests).toHaveLength(1);
    const errors = logLines.map((l) => JSON.parse(l)).filter((l) => l.level === 'error');
    expect(errors.some((l) => l.message === 'password reset mail failed')).toBe(true);
  });
});

describe('POST /api/v1/auth/reset-password', () => {
  it('sets the new password: the old one no longer logs in, the new one does', async () => {
    const user = await registerUser();
    await forgot(user.email);
    expect((await reset(await tokenFromOutbox(user.email))).status).toBe(204);
    expect((await tryLogin(user.email, user.password)).status).toBe(401);
    expect((await tryLogin(user.email, NEW_PASSWORD)).status).toBe(200);
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, user.id))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits.map((a) => a.action)).toContain('auth.password_reset');
    expect(JSON.stringify(audits)).not.toContain(NEW_PASSWORD);
  });

  it('revokes every refresh token of the user', async () => {
    const user = await loggedInUser();
    await forgot(user.email);
    expect((await reset(await tokenFromOutbox(user.email))).status).toBe(204);
    const live = await testDb().select().from(refreshTokens).where(eq(refreshTokens.userId, user.id));
    expect(live.every((row) => row.revokedAt !== null)).toBe(true);
    expect((await api('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);
  });

  it('answers 400 for a token that was already used', async () => {
    const user = await registerUser();
    await forgot(user.email);
    const token = await tokenFromOutbox(user.email);
    expect((await reset(token)).status).toBe(204);
    const again = await reset(token, 'otra-clave-distinta-77');
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'BAD_REQUEST', message: 'Invalid or expired reset token' });
    expect((await tryLogin(user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('answers 400 for an expired token', async () => {
    const user = await registerUser();
    await forgot(user.email);
    const token = await tokenFromOutbox(user.email);
    await testDb()
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(passwordResets.tokenHash, await hashOpaqueToken(token)));
    expect((await reset(token)).status).toBe(400);
    expect((await tryLogin(user.email, user.password)).status).toBe(200);
  });

  it('answers 400 for an unknown token', async () => {
    const res = await reset('never-issued-never-issued-never-issued-0000');
    expect(res.status).toBe(400);
  });

  it('refuses a weak new password with 400 VALIDATION_FAILED and leaves the token usable', async () => {
    const user = await registerUser();
    await forgot(user.email);
    const token = await tokenFromOutbox(user.email);
    const weak = await reset(token, 'riverplate');
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('VALIDATION_FAILED');
    expect((await reset(token)).status).toBe(204);
  });

  it('cancels the other outstanding reset links of the user', async () => {
    const user = await registerUser();
    await forgot(user.email);
    const older = await tokenFromOutbox(user.email);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await forgot(user.email);
    const newer = await tokenFromOutbox(user.email);
    expect(newer).not.toBe(older);
    expect((await reset(newer)).status).toBe(204);
    expect((await reset(older, 'una-clave-mas-larga-99')).status).toBe(400);
  });
});
