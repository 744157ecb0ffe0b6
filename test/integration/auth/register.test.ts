import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, users } from '../../../db/schema';
import { verifyPassword } from '../../../workers/core/auth/password';
import { UserResponseSchema } from '../../../workers/http/routes/auth/schema';
import { api } from '../../harness/api';
import { TEST_ARGON2_PARAMS } from '../../harness/argon2-test-params';
import { GOOD_PASSWORD } from '../../harness/auth';
import { testDb, uniqueEmail } from '../../harness/db';

const register = (body: Record<string, unknown>) => api('/api/v1/auth/register', { body });
const person = { firstName: 'Ana', lastName: 'García' };

describe('POST /api/v1/auth/register', () => {
  it('creates the user, answers 201 with the public user and stores an Argon2id hash and an audit row', async () => {
    const email = uniqueEmail();
    const res = await register({ email, password: GOOD_PASSWORD, ...person });
    expect(res.status).toBe(201);
    const { user } = UserResponseSchema.parse({
      user: { ...res.body.user, createdAt: new Date(res.body.user.createdAt) },
    });
    expect(user).toMatchObject({ email, firstName: 'Ana', lastName: 'García' });
    expect(user.id).toMatch(/^usr_/);
    expect(res.body.user).not.toHaveProperty('passwordHash');

    const [row] = await testDb().select().from(users).where(eq(users.id, user.id));
    // Argon2id at the run's test cost (the production parameters: test/unit/auth/password.test.ts).
    expect(row!.passwordHash).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$${TEST_ARGON2_PARAMS}\\$`));
    expect(await verifyPassword(row!.passwordHash, GOOD_PASSWORD)).toBe(true);
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, user.id))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      action: 'auth.register',
      actorType: 'user',
      actorId: user.id,
      workspaceId: null,
    });
    expect(JSON.stringify(audits[0])).not.toContain(GOOD_PASSWORD);
    expect(JSON.stringify(audits[0])).not.toContain('argon2');
  });

  it('stores the e-mail trimmed and lower-cased', async () => {
    const email = uniqueEmail();
    const res = await register({ email: `  ${email.toUpperCase()} `, password: GOOD_PASSWORD, ...person });
    expect(res.status).toBe(201);
    expect(res.body.user.email).toBe(email);
  });

  it('answers 409 CONFLICT for an e-mail already registered, whatever its case', async () => {
    const email = uniqueEmail();
    expect((await register({ email, password: GOOD_PASSWORD, ...person })).status).toBe(201);
    const again = await register({ email: email.toUpperCase(), password: GOOD_PASSWORD, ...person });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('refuses a password shorter than 8 characters with 400 VALIDATION_FAILED', async () => {
    const res = await register({ email: uniqueEmail(), password: 'Xy7!abc', ...person });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Password must be at least 8 characters long',
    });
  });

  it('refuses a password longer than 128 characters with 400 VALIDATION_FAILED', async () => {
    const res = await register({ email: uniqueEmail(), password: 'a'.repeat(129), ...person });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Password must be at most 128 characters long',
    });
  });

  it('refuses a common password, compared case-insensitively, with 400 VALIDATION_FAILED', async () => {
    for (const password of ['Contraseña', 'BocaJuniors', 'PASSWORD123']) {
      const res = await register({ email: uniqueEmail(), password, ...person });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('too common'),
      });
    }
  });

  it('creates no user when the password is refused', async () => {
    const email = uniqueEmail();
    await register({ email, password: 'argentina', ...person });
    expect(await testDb().select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it('answers 400 for an invalid e-mail, a missing name and unknown fields', async () => {
    const invalidEmail = await register({ email: 'not-an-email', password: GOOD_PASSWORD, ...person });
    expect(invalidEmail.status).toBe(400);
    expect(invalidEmail.body.error.message).toContain('email');
    const missingName = await register({ email: uniqueEmail(), password: GOOD_PASSWORD, firstName: 'Ana' });
    expect(missingName.status).toBe(400);
    const extra = await register({ email: uniqueEmail(), password: GOOD_PASSWORD, ...person, role: 'admin' });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('VALIDATION_FAILED');
  });
});
