import { eq } from 'drizzle-orm';
import { newId } from '../../../db/ids';
import type { DbOrTx } from '../../../db/client';
import { auditLog, memberships } from '../../../db/schema';
import { currentContext } from '../observability/context';
import type { AUDIT_CATALOGUE, AuditAction } from './catalogue';

export interface Actor {
  type: 'user' | 'agent' | 'system';
  id?: string | null;
}

export interface AuditEntry {
  workspaceId?: string | null;
  actor: Actor;
  /** An action of the audit catalogue (workers/core/audit/catalogue.ts). */
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Actions about a user's account rather than one workspace (sign-ins, password resets). */
export type UserAuditAction = {
  [A in AuditAction]: (typeof AUDIT_CATALOGUE)[A]['scope'] extends 'user' ? A : never;
}[AuditAction];

/**
 * Appends one audit row. Call it with the same transaction as the write it records, so the
 * change and its audit commit together. Request id, IP and user agent come from the context.
 */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(auditRow(entry, entry.workspaceId ?? null));
}

/**
 * Records an account event of `userId` once in every workspace the user is a member of, so each
 * workspace's trail shows its members' sign-ins and no other workspace's. A user with no
 * workspace (or no user at all: a failed sign-in for an unknown e-mail) gets one row outside
 * tenant data (`workspace_id` null), which no workspace query reads.
 */
export async function recordUserAudit(
  db: DbOrTx,
  userId: string | null,
  entry: Omit<AuditEntry, 'workspaceId' | 'action'> & { action: UserAuditAction },
): Promise<void> {
  const workspaceIds = userId
    ? (
        await db
          .select({ workspaceId: memberships.workspaceId })
          .from(memberships)
          .where(eq(memberships.userId, userId))
      ).map((m) => m.workspaceId)
    : [];
  const targets = workspaceIds.length ? workspaceIds : [null];
  await db.insert(auditLog).values(targets.map((workspaceId) => auditRow(entry, workspaceId)));
}

function auditRow(entry: Omit<AuditEntry, 'workspaceId'>, workspaceId: string | null) {
  const ctx = currentContext();
  return {
    id: newId('aud'),
    workspaceId,
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: ctx?.ip ?? null,
    userAgent: ctx?.userAgent ?? null,
    requestId: ctx?.requestId ?? null,
  };
}
