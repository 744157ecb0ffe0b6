import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, refreshTokens } from '../../../db/schema';
import { hashOpaqueToken } from '../../../workers/core/auth/opaque-token';
import { TokenPairSchema } from '../../../workers/http/routes/auth/schema';
import { api } from '../../harness/api';
import { loggedInUser, uniqueIp } from '../../harness/auth';
import { testDb } from '../../harness/db';

const refresh = (refreshToken: string) => api('/api/v1/auth/refresh', { body: { refreshToken } });
const logout = (refreshToken: string) => api('/api/v1/auth/logout', { body: { refreshToken } });

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

  it('uses a refresh token up: the rotated token no longer works', async () => {
    const user = await loggedInUser();
    expect((await refresh(user.refreshToken)).status).toBe(200);
    const again = await refresh(user.refreshToken);
    expect(again.status).toBe(401);
    expect(again.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Invalid refresh token' });
  });

  it('revokes the whole family, newest token included, when a rotated token is reused', async () => {
    const user = await loggedInUser();
    const first = await refresh(user.refreshToken);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);

    expect((await refresh(user.refreshToken)).status).toBe(401);
    expect((await refresh(second.body.refreshToken)).status).toBe(401);
    const family = await testDb()
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.familyId, (await tokenRow(user.refreshToken))!.familyId));
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

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const user = await loggedInUser();
    const results = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    // The loser counts as reuse, so the family (the winner's new token too) is revoked.
    const winner = results.find((r) => r.status === 200)!;
    expect((await refresh(winner.body.refreshToken)).status).toBe(401);
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
