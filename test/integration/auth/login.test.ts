import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshTokens } from '../../../db/schema';
import { setLogSink } from '../../../workers/core/observability/logger';
import { SessionSchema, UserResponseSchema } from '../../../workers/http/routes/auth/schema';
import { api } from '../../harness/api';
import { registerUser, uniqueIp } from '../../harness/auth';
import { testDb, uniqueEmail } from '../../harness/db';

const postLogin = (body: Record<string, unknown>, ip = uniqueIp()) =>
  api('/api/v1/auth/login', { body, headers: { 'cf-connecting-ip': ip, 'user-agent': 'vitest-agent' } });

let logLines: string[] = [];
beforeEach(() => {
  logLines = [];
  setLogSink((line) => logLines.push(line));
});
afterEach(() => setLogSink(undefined));

describe('POST /api/v1/auth/login', () => {
  it('answers 200 with an access token, a refresh token, expiresIn and the user', async () => {
    const user = await registerUser();
    const ip = uniqueIp();
    const res = await postLogin({ email: user.email, password: user.password }, ip);
    expect(res.status).toBe(200);
    const session = SessionSchema.parse({
      ...res.body,
      user: { ...res.body.user, createdAt: new Date(res.body.user.createdAt) },
    });
    expect(session.expiresIn).toBe(900);
    expect(session.accessToken.split('.')).toHaveLength(3);
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.user).toMatchObject({ id: user.id, email: user.email });

    const rows = await testDb().select().from(refreshTokens).where(eq(refreshTokens.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userAgent: 'vitest-agent', ip, revokedAt: null, replacedBy: null });
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.tokenHash).not.toBe(session.refreshToken);
    const ttlDays = (rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()) / 86_400_000;
    expect(ttlDays).toBeCloseTo(7, 5);
  });

  it('accepts the e-mail in any case and with surrounding spaces', async () => {
    const user = await registerUser();
    const res = await postLogin({ email: ` ${user.email.toUpperCase()} `, password: user.password });
    expect(res.status).toBe(200);
  });

  it('answers the same 401 body for an unknown e-mail and for a wrong password', async () => {
    const user = await registerUser();
    const wrongPassword = await postLogin({ email: user.email, password: 'not-the-password-1' });
    const unknownEmail = await postLogin({ email: uniqueEmail('nobody'), password: 'not-the-password-1' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const withoutRequestId = (body: { error: Record<string, unknown> }) => ({ ...body.error, requestId: undefined });
    expect(withoutRequestId(wrongPassword.body)).toEqual(withoutRequestId(unknownEmail.body));
    expect(wrongPassword.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Invalid email or password' });
  });

  it('verifies a hash even for an unknown e-mail, so both failures cost comparable time', async () => {
    const user = await registerUser();
    const time = async (body: Record<string, unknown>) => {
      const started = performance.now();
      await postLogin(body);
      return performance.now() - started;
    };
    const wrong = await time({ email: user.email, password: 'not-the-password-1' });
    const unknown = await time({ email: uniqueEmail('nobody'), password: 'not-the-password-1' });
    // Both run one Argon2id verification (~0.2 s); without the dummy hash an unknown e-mail takes ~1 ms.
    expect(unknown).toBeGreaterThan(wrong / 3);
  });

  it('answers 400 for a body with unknown fields or without a password', async () => {
    const extra = await postLogin({ email: uniqueEmail(), password: 'whatever-123', remember: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('VALIDATION_FAILED');
    const missing = await postLogin({ email: uniqueEmail() });
    expect(missing.status).toBe(400);
  });

  it('never writes the password or the tokens to the logs', async () => {
    const user = await registerUser();
    const res = await postLogin({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
    const logs = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    expect(logs).not.toContain(user.password);
    expect(logs).not.toContain(res.body.refreshToken);
    expect(logs).not.toContain(res.body.accessToken);
  });
});

describe('GET /api/v1/auth/me', () => {
  it('answers the logged-in user with id, email, names and createdAt', async () => {
    const user = await registerUser();
    const { body } = await postLogin({ email: user.email, password: user.password });
    const res = await api('/api/v1/auth/me', { token: body.accessToken });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.user).sort()).toEqual(['createdAt', 'email', 'firstName', 'id', 'lastName']);
    expect(res.body.user).toMatchObject({ id: user.id, email: user.email, firstName: 'Ana', lastName: 'García' });
    const parsed = UserResponseSchema.parse({
      user: { ...res.body.user, createdAt: new Date(res.body.user.createdAt) },
    });
    expect(parsed.user.createdAt.toISOString()).toBe(res.body.user.createdAt);
  });

  it('answers 401 when the header is missing', async () => {
    const res = await api('/api/v1/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });
});
