import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, refreshTokens } from '../../../db/schema';
import { hashOpaqueToken } from '../../../workers/core/auth/opaque-token';
import { TokenPairSchema } from '../../../workers/http/routes/auth/schema';
import { env } from 'cloudflare:workers';
import { api, fetchWithEnv } from '../../harness/api';
import { loggedInUser, uniqueIp } from '../../harness/auth';
import { testDb } from '../../harness/db';

const refresh = (refreshToken: string) => api('/api/v1/auth/refresh', { body: { refreshToken } });
const logout = (refreshToken: string) => api('/api/v1/auth/logout', { body: { refreshToken } });

/** Every token of the family `token` belongs to. */
async function familyOf(token: string) {
  const row = await tokenRow(token);
  return testDb().select().from(refreshTokens).where(eq(refreshTokens.familyId, row!.familyId));
}

/** Moves the rotation of `token` back in time, as if it had been exchanged `ms` ago. */
async function rotatedAgo(token: string, ms: number) {
  await testDb()
    .update(refreshTokens)
    .set({ revokedAt: new Date(Date.now() - ms) })
    .where(eq(refreshTokens.tokenHash, await hashOpaqueToken(token)));
}

async function tokenRow(token: string) {
  const [row] = await testDb()
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, await hashOpaqueToken(token)));
  return row;
}

describe('POST /api/v1/auth/refresh', () => {
  it('answers a new pair whose access token works, and records the rotation', async () => {
    const user = await loggedInUser();
    const res = await refresh(user.refreshToken);
    expect(res.status).toBe(200);
    const pair = TokenPairSchema.parse(res.body);
    expect(pair.refreshToken).not.toBe(user.refreshToken);
    expect((await api('/api/v1/auth/me', { token: pair.accessToken })).body.user.id).toBe(user.id);

    const [old, next] = [await tokenRow(user.refreshToken), await tokenRow(pair.refreshToken)];
    expect(old!.revokedAt).not.toBeNull();
    expect(old!.replacedBy).toBe(next!.id);
    expect(next!.familyId).toBe(old!.familyId);
    expect(next!.revokedAt).toBeNull();
  });

  it('answers a replay of the just-rotated token with the same successor (a lost answer), which still works', async () => {
    const user = await loggedInUser();
    const first = await refresh(user.refreshToken);
    const replay = await refresh(user.refreshToken);
    expect(replay.status).toBe(200);
    expect(replay.body.refreshToken).toBe(first.body.refreshToken);
    expect(replay.body.accessToken).toEqual(expect.any(String));
    expect((await api('/api/v1/auth/me', { token: replay.body.accessToken })).body.user.id).toBe(user.id);
    // One successor, not two: the family has the login's token and the one rotation.
    const family = await familyOf(user.refreshToken);
    expect(family).toHaveLength(2);
    expect((await refresh(first.body.refreshToken)).status).toBe(200);
  });

  it('treats a replay after the grace as reuse: 401, and the family revoked, successor included', async () => {
    const user = await loggedInUser();
    const first = await refresh(user.refreshToken);
    await rotatedAgo(user.refreshToken, 31_000);
    const again = await refresh(user.refreshToken);
    expect(again.status).toBe(401);
    expect(again.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Invalid refresh token' });
    expect((await refresh(first.body.refreshToken)).status).toBe(401);
    expect((await familyOf(user.refreshToken)).every((row) => row.revokedAt !== null)).toBe(true);
  });

  it('takes the grace from REFRESH_REUSE_GRACE_SECONDS', async () => {
    const user = await loggedInUser();
    expect((await refresh(user.refreshToken)).status).toBe(200);
    await rotatedAgo(user.refreshToken, 5_000);
    const noGrace = await fetchWithEnv(
      '/api/v1/auth/refresh',
      { ...env, REFRESH_REUSE_GRACE_SECONDS: '2' },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': uniqueIp() },
        body: JSON.stringify({ refreshToken: user.refreshToken }),
      },
    );
    expect(noGrace.status).toBe(401);
  });

  it('revokes the whole family, newest token included, and records it once, when a rotated token is reused', async () => {
    const user = await loggedInUser();
    const first = await refresh(user.refreshToken);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);

    expect((await refresh(user.refreshToken)).status).toBe(401);
    expect((await refresh(second.body.refreshToken)).status).toBe(401);
    const family = await familyOf(user.refreshToken);
    expect(family).toHaveLength(3);
    expect(family.every((row) => row.revokedAt !== null)).toBe(true);

    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, family[0]!.familyId))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'auth.refresh_reuse_detected', actorId: user.id, workspaceId: null });
    expect(JSON.stringify(audits[0])).not.toContain(user.refreshToken);
  });

  it('answers concurrent refreshes with the same token all with one successor, which then works', async () => {
    const user = await loggedInUser();
    const results = await Promise.all([1, 2, 3].map(() => refresh(user.refreshToken)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(results.map((r) => r.body.refreshToken)).size).toBe(1);
    expect(await familyOf(user.refreshToken)).toHaveLength(2);
    expect((await refresh(results[0]!.body.refreshToken)).status).toBe(200);
  });

  it('answers 401 for an unknown token', async () => {
    const res = await refresh('this-token-was-never-issued-by-nexova-000000');
    expect(res.status).toBe(401);
  });

  it('answers 401 for an expired token without revoking its family', async () => {
    const user = await loggedInUser();
    const row = await tokenRow(user.refreshToken);
    await testDb()
      .update(refreshTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(refreshTokens.id, row!.id));
    expect((await refresh(user.refreshToken)).status).toBe(401);
    expect((await tokenRow(user.refreshToken))!.revokedAt).toBeNull();
  });

  it('answers 400 for a body with unknown fields', async () => {
    const res = await api('/api/v1/auth/refresh', { body: { refreshToken: 'x', userId: 'usr_1' } });
    expect(res.status).toBe(400);
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('answers 204 and revokes the token, so a refresh with it then fails', async () => {
    const user = await loggedInUser();
    const res = await logout(user.refreshToken);
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect((await tokenRow(user.refreshToken))!.revokedAt).not.toBeNull();
    expect((await refresh(user.refreshToken)).status).toBe(401);
  });

  it('is idempotent: an already revoked or unknown token also answers 204', async () => {
    const user = await loggedInUser();
    expect((await logout(user.refreshToken)).status).toBe(204);
    expect((await logout(user.refreshToken)).status).toBe(204);
    expect((await logout('unknown-token-unknown-token-unknown-token-00')).status).toBe(204);
  });

  it('ends only that session: another login of the same user keeps working', async () => {
    const user = await loggedInUser();
    const other = await api('/api/v1/auth/login', {
      body: { email: user.email, password: user.password },
      headers: { 'cf-connecting-ip': uniqueIp() },
    });
    await logout(user.refreshToken);
    expect((await refresh(other.body.refreshToken)).status).toBe(200);
  });
});
