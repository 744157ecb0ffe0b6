import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { newId } from '../../../db/ids';
import { users } from '../../../db/schema';
import { recordAudit } from '../audit/record';
import { fail, ok, type Result } from '../result';
import { hashPassword } from './password';
import { passwordPolicyViolation } from './password-policy';

/** What the API shows of a user: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  createdAt: Date;
}

export const publicUserColumns = {
  id: users.id,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  createdAt: users.createdAt,
};

/** E-mails are stored and compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface RegisterInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/**
 * Creates a user with an Argon2id password hash and its `auth.register` audit row in one
 * transaction. An e-mail already taken (case-insensitively) fails with EMAIL_TAKEN, also when
 * two registrations race (the unique index decides).
 */
export async function registerUser(
  deps: { db: Database; now?: Date },
  input: RegisterInput,
): Promise<Result<PublicUser, 'EMAIL_TAKEN' | 'WEAK_PASSWORD'>> {
  const violation = passwordPolicyViolation(input.password);
  if (violation) return fail('WEAK_PASSWORD', violation);
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const now = deps.now ?? new Date();
  return deps.db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        id: newId('usr'),
        email,
        passwordHash,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: users.email })
      .returning(publicUserColumns);
    if (!user) return fail('EMAIL_TAKEN', 'An account with this e-mail already exists');
    await recordAudit(tx, {
      actor: { type: 'user', id: user.id },
      action: 'auth.register',
      entityType: 'user',
      entityId: user.id,
      after: { email: user.email, firstName: user.firstName, lastName: user.lastName },
    });
    return ok(user);
  });
}

/** The user behind an access token; NOT_FOUND once the account is gone. */
export async function getUser(deps: { db: Database }, userId: string): Promise<Result<PublicUser, 'NOT_FOUND'>> {
  const [user] = await deps.db.select(publicUserColumns).from(users).where(eq(users.id, userId)).limit(1);
  return user ? ok(user) : fail('NOT_FOUND', 'User not found');
}
