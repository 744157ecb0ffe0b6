import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { refreshTokens, users } from '../../../db/schema';
import { recordUserAudit } from '../audit/record';
import { fail, ok, type Result } from '../result';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token';
import type { LoginFailureReason } from '../audit/catalogue';
import { unknownUserHash, verifyPassword } from './password';
import { signAccessToken, type SigningKeys } from './tokens';
import { normalizeEmail, publicUserColumns, type PublicUser } from './users';

/** Refresh tokens live 7 days; each rotation issues a fresh 7-day token in the same family. */
export const REFRESH_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface SessionDeps {
  db: Database;
  keys: SigningKeys;
  now?: Date;
}

/** Where a request came from, kept on the refresh token row. */
export interface ClientInfo {
  userAgent?: string | null;
  ip?: string | null;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Access token lifetime in seconds. */
  expiresIn: number;
}

/**
 * Checks e-mail and password and opens a session (a new refresh-token family). Unknown e-mail
 * and wrong password fail the same way, after the same amount of hashing.
 */
export async function login(
  deps: SessionDeps,
  input: { email: string; password: string } & ClientInfo,
): Promise<Result<TokenPair & { user: PublicUser }, 'INVALID_CREDENTIALS'>> {
  const [found] = await deps.db
    .select({ ...publicUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, normalizeEmail(input.email)))
    .limit(1);
  // An unknown e-mail costs the same Argon2 run as a wrong password, so timing does not reveal
  // which accounts exist.
  const valid = await verifyPassword(found?.passwordHash ?? (await unknownUserHash()), input.password);
  if (!found || !valid) {
    const reason: LoginFailureReason = found ? 'wrong_password' : 'unknown_email';
    await recordUserAudit(deps.db, found?.id ?? null, {
      actor: { type: 'user', id: found?.id ?? null },
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: found?.id ?? null,
      // The e-mail tried is kept only for unknown accounts, in the row outside tenant data.
      after: found ? { reason } : { reason, email: normalizeEmail(input.email) },
    });
    return fail('INVALID_CREDENTIALS', 'Invalid email or password');
  }
  const { passwordHash: _hash, ...user } = found;
  const now = deps.now ?? new Date();
  const familyId = newId('rtf');
  const refreshToken = await insertRefreshToken(deps.db, {
    userId: user.id,
    familyId,
    now,
    client: input,
  });
  await recordUserAudit(deps.db, user.id, {
    actor: { type: 'user', id: user.id },
    action: 'auth.login',
    entityType: 'user',
    entityId: user.id,
    after: { refreshTokenFamily: familyId },
  });
  const access = await signAccessToken(deps.keys, user.id, now);
  return ok({ accessToken: access.token, refreshToken: refreshToken.token, expiresIn: access.expiresIn, user });
}

/**
 * Exchanges a refresh token for a new pair; the presented token is used up (rotation).
 * Presenting a token that was already rotated revokes its whole family (RFC 9700 §4.14.2)
 * and fails: the legitimate client and an attacker hold the same family, and we cannot tell
 * which is which. Unknown, expired and revoked tokens fail with INVALID_TOKEN.
 */
export async function refreshSession(
  deps: SessionDeps,
  input: { refreshToken: string } & ClientInfo,
): Promise<Result<TokenPair, 'INVALID_TOKEN'>> {
  const now = deps.now ?? new Date();
  const tokenHash = await hashOpaqueToken(input.refreshToken);
  const nextId = newId('rtk');
  const outcome = await deps.db.transaction(async (tx) => {
    // The conditional UPDATE is the only check: of two concurrent requests with the same token,
    // the second blocks on the row lock, re-reads it after the first commits, matches nothing,
    // and then finds the token rotated. We treat that loser as reuse (401 and the family revoked,
    // including the winner's new token) rather than as a benign race: a client never needs to
    // send one refresh token twice, and an attacker racing the real client looks exactly the same.
    const [rotated] = await tx
      .update(refreshTokens)
      .set({ revokedAt: now, replacedBy: nextId })
      .where(
        and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, now)),
      )
      .returning({ userId: refreshTokens.userId, familyId: refreshTokens.familyId });
    if (rotated) {
      const next = await insertRefreshToken(tx, { id: nextId, ...rotated, now, client: input });
      return { kind: 'rotated' as const, userId: rotated.userId, refreshToken: next.token };
    }
    const [presented] = await tx
      .select({ userId: refreshTokens.userId, familyId: refreshTokens.familyId, replacedBy: refreshTokens.replacedBy })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, tokenHash))
      .limit(1);
    if (presented?.replacedBy) {
      const revoked = await revokeRefreshTokens(tx, { familyId: presented.familyId }, now);
      await recordUserAudit(tx, presented.userId, {
        actor: { type: 'user', id: presented.userId },
        action: 'auth.refresh_reuse_detected',
        entityType: 'refresh_token_family',
        entityId: presented.familyId,
        after: { revokedTokens: revoked },
      });
    }
    return { kind: 'rejected' as const };
  });
  if (outcome.kind === 'rejected') return fail('INVALID_TOKEN', 'Invalid refresh token');
  const access = await signAccessToken(deps.keys, outcome.userId, now);
  return ok({ accessToken: access.token, refreshToken: outcome.refreshToken, expiresIn: access.expiresIn });
}

/**
 * Ends the session the refresh token belongs to: every live token of its family is revoked.
 * Idempotent: an unknown or already revoked token changes nothing and still succeeds.
 */
export async function logout(
  deps: { db: Database; now?: Date },
  input: { refreshToken: string },
): Promise<Result<void, never>> {
  const tokenHash = await hashOpaqueToken(input.refreshToken);
  const family = deps.db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash));
  await deps.db.transaction(async (tx) => {
    const revoked = await tx
      .update(refreshTokens)
      .set({ revokedAt: deps.now ?? new Date() })
      .where(and(inArray(refreshTokens.familyId, family), isNull(refreshTokens.revokedAt)))
      .returning({ userId: refreshTokens.userId, familyId: refreshTokens.familyId });
    // Only a logout that ended a live session is recorded; repeats change nothing.
    const [session] = revoked;
    if (!session) return;
    await recordUserAudit(tx, session.userId, {
      actor: { type: 'user', id: session.userId },
      action: 'auth.logout',
      entityType: 'refresh_token_family',
      entityId: session.familyId,
      after: { revokedTokens: revoked.length },
    });
  });
  return ok(undefined);
}

/**
 * Revokes every live refresh token of a family (reuse detected) or of a user (password reset).
 * Returns how many were live.
 */
export async function revokeRefreshTokens(
  db: DbOrTx,
  scope: { familyId: string } | { userId: string },
  now: Date,
): Promise<number> {
  const owner =
    'familyId' in scope ? eq(refreshTokens.familyId, scope.familyId) : eq(refreshTokens.userId, scope.userId);
  const rows = await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(owner, isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length;
}

async function insertRefreshToken(
  db: DbOrTx,
  row: { id?: string; userId: string; familyId: string; now: Date; client: ClientInfo },
): Promise<{ id: string; token: string }> {
  const id = row.id ?? newId('rtk');
  const token = newOpaqueToken();
  await db.insert(refreshTokens).values({
    id,
    userId: row.userId,
    familyId: row.familyId,
    tokenHash: await hashOpaqueToken(token),
    expiresAt: new Date(row.now.getTime() + REFRESH_TOKEN_TTL_MS),
    userAgent: row.client.userAgent?.slice(0, 512) ?? null,
    ip: row.client.ip ?? null,
    createdAt: row.now,
  });
  return { id, token };
}
