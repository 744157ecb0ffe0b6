import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { auditLog, users } from '../../../db/schema';
import { decodeCursor, toPage, type Page } from '../pagination';
import type { AuditAction } from './catalogue';

/** What the trail can be narrowed by; every filter is optional and they combine with AND. */
export interface AuditFilters {
  actorId?: string;
  action?: AuditAction;
  entityType?: string;
  entityId?: string;
  /** Inclusive lower bound on `createdAt`. */
  from?: Date;
  /** Inclusive upper bound on `createdAt`. */
  to?: Date;
}

export interface AuditRecord {
  id: string;
  actorType: 'user' | 'agent' | 'system';
  actorId: string | null;
  /** The acting user's e-mail, when the actor is a user. */
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: Date;
}

const columns = {
  id: auditLog.id,
  actorType: auditLog.actorType,
  actorId: auditLog.actorId,
  actorEmail: users.email,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  before: auditLog.before,
  after: auditLog.after,
  ip: auditLog.ip,
  userAgent: auditLog.userAgent,
  requestId: auditLog.requestId,
  createdAt: auditLog.createdAt,
};

function where(workspaceId: string, filters: AuditFilters, beforeId: string | undefined): SQL | undefined {
  return and(
    eq(auditLog.workspaceId, workspaceId),
    filters.actorId ? eq(auditLog.actorId, filters.actorId) : undefined,
    filters.action ? eq(auditLog.action, filters.action) : undefined,
    filters.entityType ? eq(auditLog.entityType, filters.entityType) : undefined,
    filters.entityId ? eq(auditLog.entityId, filters.entityId) : undefined,
    filters.from ? gte(auditLog.createdAt, filters.from) : undefined,
    filters.to ? lte(auditLog.createdAt, filters.to) : undefined,
    beforeId ? lt(auditLog.id, beforeId) : undefined,
  );
}

async function selectPage(
  db: Database,
  workspaceId: string,
  filters: AuditFilters,
  beforeId: string | undefined,
  limit: number,
) {
  return db
    .select(columns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where(workspaceId, filters, beforeId))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

/** One page of a workspace's audit trail, newest first (ids are time-ordered). */
export async function listAudit(
  deps: { db: Database },
  input: AuditFilters & { workspaceId: string; limit: number; cursor?: string },
): Promise<Page<AuditRecord>> {
  const rows = await selectPage(deps.db, input.workspaceId, input, decodeCursor(input.cursor), input.limit + 1);
  return toPage(rows, input.limit);
}

/**
 * The same trail as `listAudit`, read in batches for an export: yields pages of up to `batch`
 * rows until `max` rows were yielded or the trail ends. Only one batch is in memory at a time.
 */
export async function* auditBatches(
  deps: { db: Database },
  input: AuditFilters & { workspaceId: string; max: number; batch?: number },
): AsyncGenerator<AuditRecord[]> {
  const batch = input.batch ?? 500;
  let beforeId: string | undefined;
  let left = input.max;
  while (left > 0) {
    const want = Math.min(batch, left);
    const rows = await selectPage(deps.db, input.workspaceId, input, beforeId, want);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < want) return;
    left -= rows.length;
    beforeId = rows.at(-1)!.id;
  }
}

/** Whether the trail holds a row older than `id` under the same filters (an export was cut short). */
export async function hasAuditBefore(
  deps: { db: Database },
  input: AuditFilters & { workspaceId: string; beforeId: string },
): Promise<boolean> {
  const [row] = await deps.db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(where(input.workspaceId, input, input.beforeId))
    .limit(1);
  return Boolean(row);
}
