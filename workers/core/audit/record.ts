import { newId } from '../../../db/ids';
import type { DbOrTx } from '../../../db/client';
import { auditLog } from '../../../db/schema';
import { currentContext } from '../observability/context';

export interface Actor {
  type: 'user' | 'agent' | 'system';
  id?: string | null;
}

export interface AuditEntry {
  workspaceId?: string | null;
  actor: Actor;
  /** `<entity>.<verb>`, e.g. `workspace.update`, `role.delete`, `auth.password_reset`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one audit row. Call it with the same transaction as the write it records, so the
 * change and its audit commit together. Request id, IP and user agent come from the context.
 */
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  const ctx = currentContext();
  await db.insert(auditLog).values({
    id: newId('aud'),
    workspaceId: entry.workspaceId ?? null,
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
  });
}
