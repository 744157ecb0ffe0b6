import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { newId } from '../../../db/ids';
import { passwordResets, users } from '../../../db/schema';
import { recordUserAudit } from '../audit/record';
import type { Logger } from '../observability/logger';
import { fail, ok, type Result } from '../result';
import type { Mail, Mailer } from './mailer';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token';
import { hashPassword } from './password';
import { passwordPolicyViolation } from './password-policy';
import { revokeRefreshTokens } from './sessions';
import { normalizeEmail } from './users';

/** The reset mail, in Spanish (es-AR), as plain text and HTML. */
export function passwordResetMail(to: string, link: string): Mail {
  const text = [
    'Alguien pidió cambiar la contraseña de tu cuenta de Nexova.',
    '',
    'Para elegir una contraseña nueva, abrí este enlace dentro de la próxima hora:',
    link,
    '',
    'Si no fuiste vos, ignorá este correo: tu contraseña sigue siendo la misma.',
  ].join('\n');
  const href = escapeHtml(link);
  const html = [
    '<p>Alguien pidió cambiar la contraseña de tu cuenta de Nexova.</p>',
    `<p>Para elegir una contraseña nueva, abrí este enlace dentro de la próxima hora:<br><a href="${href}">${href}</a></p>`,
    '<p>Si no fuiste vos, ignorá este correo: tu contraseña sigue siendo la misma.</p>',
  ].join('\n');
  return { to, subject: 'Cambiá tu contraseña de Nexova', text, html };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A reset link works for one hour, once. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export interface ForgotPasswordDeps {
  db: Database;
  mailer: Mailer;
  logger: Logger;
  /** Public URL of the app, the base of the reset link. */
  appUrl: string;
  now?: Date;
}

/**
 * Starts a password reset. When the e-mail belongs to a user, a single-use one-hour token is
 * stored (hashed) and mailed as a link; otherwise nothing happens. Either way it succeeds, so
 * the caller cannot learn which e-mails have accounts; a mail failure is logged, not surfaced.
 */
export async function requestPasswordReset(
  deps: ForgotPasswordDeps,
  input: { email: string },
): Promise<Result<void, never>> {
  const email = normalizeEmail(input.email);
  const [user] = await deps.db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (!user) return ok(undefined);
  const now = deps.now ?? new Date();
  const token = newOpaqueToken();
  const resetId = newId('pwr');
  await deps.db.transaction(async (tx) => {
    await tx.insert(passwordResets).values({
      id: resetId,
      userId: user.id,
      tokenHash: await hashOpaqueToken(token),
      expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS),
      createdAt: now,
    });
    await recordUserAudit(tx, user.id, {
      actor: { type: 'user', id: user.id },
      action: 'auth.password_reset_requested',
      entityType: 'user',
      entityId: user.id,
      after: { resetId },
    });
  });
  const link = `${deps.appUrl.replace(/\/+$/, '')}/reset-password?token=${encodeURIComponent(token)}`;
  try {
    await deps.mailer.send(passwordResetMail(email, link));
  } catch (error) {
    deps.logger.error('password reset mail failed', { error, userId: user.id });
  }
  return ok(undefined);
}

/**
 * Sets a new password with a reset token. In one transaction: the token is used up (a
 * conditional update, so it works once even under concurrency), every other outstanding reset
 * token of the user is cancelled, the password changes, all refresh tokens are revoked and an
 * `auth.password_reset` audit row is written. Unknown, used or expired tokens fail with
 * INVALID_TOKEN; a password the policy refuses fails with WEAK_PASSWORD.
 */
export async function resetPassword(
  deps: { db: Database; now?: Date },
  input: { token: string; password: string },
): Promise<Result<void, 'INVALID_TOKEN' | 'WEAK_PASSWORD'>> {
  const violation = passwordPolicyViolation(input.password);
  if (violation) return fail('WEAK_PASSWORD', violation);
  const now = deps.now ?? new Date();
  const tokenHash = await hashOpaqueToken(input.token);
  const usable = and(
    eq(passwordResets.tokenHash, tokenHash),
    isNull(passwordResets.usedAt),
    gt(passwordResets.expiresAt, now),
  );
  // A cheap read first so a junk token costs no Argon2 run; the conditional update below decides.
  const [candidate] = await deps.db.select({ id: passwordResets.id }).from(passwordResets).where(usable).limit(1);
  if (!candidate) return fail('INVALID_TOKEN', 'Invalid or expired reset token');
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const [reset] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(usable)
      .returning({ userId: passwordResets.userId });
    if (!reset) return fail('INVALID_TOKEN', 'Invalid or expired reset token');
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, reset.userId), isNull(passwordResets.usedAt)));
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, reset.userId));
    const revokedTokens = await revokeRefreshTokens(tx, { userId: reset.userId }, now);
    await recordUserAudit(tx, reset.userId, {
      actor: { type: 'user', id: reset.userId },
      action: 'auth.password_reset',
      entityType: 'user',
      entityId: reset.userId,
      after: { revokedRefreshTokens: revokedTokens },
    });
    return ok(undefined);
  });
}
