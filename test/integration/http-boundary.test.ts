import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLogSink } from '../../workers/core/observability/logger';
import { api } from '../harness/api';
import { GOOD_PASSWORD, registerUser, uniqueIp } from '../harness/auth';
import { testDb, uniqueEmail } from '../harness/db';
import { mailOutbox } from '../../db/schema';
import { eq } from 'drizzle-orm';

const LOGIN = '/api/v1/auth/login';
const fromFreshIp = () => ({ 'cf-connecting-ip': uniqueIp() });

describe('bad input at the HTTP boundary answers 4xx in the one error format', () => {
  it('malformed JSON → 400 BAD_REQUEST', async () => {
    const res = await api(LOGIN, {
      method: 'POST',
      rawBody: '{"email": "a@b.c",',
      headers: { 'content-type': 'application/json', ...fromFreshIp() },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', message: 'Malformed JSON in request body' });
    expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('a body that is not JSON → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await api(LOGIN, {
      method: 'POST',
      rawBody: 'email=a@b.c&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...fromFreshIp() },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a JSON body over 1 MB → 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await api(LOGIN, {
      method: 'POST',
      rawBody: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024 + 10) }),
      headers: { 'content-type': 'application/json', ...fromFreshIp() },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('unknown fields on a strict body → 400 VALIDATION_FAILED naming the field', async () => {
    const res = await api(LOGIN, {
      body: { email: 'a@b.c', password: 'whatever-123', isAdmin: true },
      headers: fromFreshIp(),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain('isAdmin');
  });

  it('wrong types → 400 VALIDATION_FAILED naming the path', async () => {
    const res = await api(LOGIN, { body: { email: 42, password: ['x'] }, headers: fromFreshIp() });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(/email/);
  });

  it('an empty body on a route that needs one → 400, not 500', async () => {
    const res = await api(LOGIN, { method: 'POST', headers: { 'content-type': 'application/json', ...fromFreshIp() } });
    expect(res.status).toBe(400);
  });
});

describe('secrets never reach the logs', () => {
  let lines: string[] = [];
  beforeEach(() => {
    lines = [];
    setLogSink((line) => lines.push(line));
  });
  afterEach(() => setLogSink(undefined));

  it('register, login, refresh, forgot/reset password and an authenticated call log no password or token', async () => {
    const email = uniqueEmail('secrets');
    const user = await registerUser({ email });
    const ip = uniqueIp();
    const login = await api(LOGIN, { body: { email, password: GOOD_PASSWORD }, headers: { 'cf-connecting-ip': ip } });
    expect(login.status).toBe(200);
    const { accessToken, refreshToken } = login.body;
    const wrong = await api(LOGIN, {
      body: { email, password: 'not-the-password-1' },
      headers: { 'cf-connecting-ip': ip },
    });
    expect(wrong.status).toBe(401);
    const refreshed = await api('/api/v1/auth/refresh', { body: { refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await api('/api/v1/auth/me', { token: accessToken })).status).toBe(200);
    expect((await api('/api/v1/auth/forgot-password', { body: { email } })).status).toBe(202);
    const [mail] = await testDb().select().from(mailOutbox).where(eq(mailOutbox.to, email));
    const resetToken = /token=([\w-]+)/.exec(mail!.body)![1]!;
    const newPassword = 'otra-clave-muy-larga-2026';
    expect(
      (await api('/api/v1/auth/reset-password', { body: { token: resetToken, password: newPassword } })).status,
    ).toBe(204);

    const secrets = [
      user.password,
      'not-the-password-1',
      newPassword,
      accessToken,
      refreshToken,
      refreshed.body.accessToken,
      refreshed.body.refreshToken,
      resetToken,
    ];
    expect(lines.length).toBeGreaterThanOrEqual(7);
    const all = lines.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
    // The seven auth requests above, each logged once (the sink is the isolate's: a webhook some
    // other file's sandbox posts back may log its own line meanwhile).
    const authRequests = lines
      .map((l) => JSON.parse(l))
      .filter((l) => l.message === 'request' && l.route.startsWith('/api/v1/auth/'));
    expect(authRequests).toHaveLength(7);
  });
});
