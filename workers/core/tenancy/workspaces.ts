import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/client';
import { newId } from '../../../db/ids';
import { memberships, roles, workspaces, type WorkspaceSettings } from '../../../db/schema';
import { recordAudit, type Actor } from '../audit/record';
import { DEFAULT_ROLES } from '../rbac/catalogue';
import { effectivePermissions, findRole, isOwnerRole, type MemberActor, type RoleRow } from '../rbac/role-access';
import { fail, ok, type Result } from '../result';
import { mergeSettings } from './settings';

export interface Workspace {
  id: string;
  name: string;
  settings: WorkspaceSettings;
  createdAt: Date;
  updatedAt: Date;
}

/** A workspace as one member sees it: with their role there and the permissions it grants. */
export interface MemberWorkspace extends Workspace {
  role: { id: string; name: string };
  permissions: string[];
}

type WorkspaceRow = typeof workspaces.$inferSelect;

const toWorkspace = (row: WorkspaceRow): Workspace => ({
  id: row.id,
  name: row.name,
  settings: row.settings,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const asMemberView = (row: WorkspaceRow, role: RoleRow): MemberWorkspace => ({
  ...toWorkspace(row),
  role: { id: role.id, name: role.name },
  permissions: [...effectivePermissions(role)],
});

export interface CreateWorkspaceInput {
  /** The creator; becomes the Owner. */
  userId: string;
  name: string;
  /** Any subset of the settings; the rest take their defaults (ARS, Buenos Aires, es-AR). */
  settings?: unknown;
  /** Who the audit rows name; the creator unless given (the seed passes a system actor). */
  actor?: Actor;
}

/**
 * Creates a workspace with its four default roles (Owner and Admin as system roles, Operator,
 * Viewer), makes `userId` its Owner, and records the audit rows — all in one transaction, so a
 * workspace never exists without an Owner. Takes a `Database` or runs inside the caller’s transaction.
 */
export async function createWorkspace(
  { db }: { db: DbOrTx },
  input: CreateWorkspaceInput,
): Promise<Result<MemberWorkspace, 'INVALID_SETTINGS'>> {
  const settings = mergeSettings(undefined, input.settings);
  if (!settings.ok) return fail('INVALID_SETTINGS', settings.message);
  const actor: Actor = input.actor ?? { type: 'user', id: input.userId };
  const name = input.name.trim();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(workspaces)
      .values({ id: newId('ws'), name, settings: settings.value, createdBy: input.userId })
      .returning();
    const workspace = toWorkspace(row!);
    const audit = { workspaceId: workspace.id, actor };
    await recordAudit(tx, {
      ...audit,
      action: 'workspace.create',
      entityType: 'workspace',
      entityId: workspace.id,
      after: workspace,
    });

    // Ids a millisecond apart keep the default roles in catalogue order when sorted by id.
    const now = Date.now();
    const roleRows = DEFAULT_ROLES.map((r, i) => ({
      id: newId('rol', now + i),
      workspaceId: workspace.id,
      name: r.name,
      description: r.description,
      permissions: [...r.permissions],
      isSystem: r.system,
    }));
    const inserted = await tx.insert(roles).values(roleRows).returning();
    for (const role of roleRows) {
      await recordAudit(tx, { ...audit, action: 'role.create', entityType: 'role', entityId: role.id, after: role });
    }

    const owner = roleRows[0]!;
    const membershipId = newId('mem');
    await tx
      .insert(memberships)
      .values({ id: membershipId, workspaceId: workspace.id, userId: input.userId, roleId: owner.id });
    await recordAudit(tx, {
      ...audit,
      action: 'member.add',
      entityType: 'membership',
      entityId: membershipId,
      after: { userId: input.userId, roleId: owner.id, roleName: owner.name },
    });
    return ok(
      asMemberView(
        row!,
        inserted.find((r) => r.id === owner.id)!,
      ),
    );
  });
}

const activeMembership = (userId: string) =>
  and(eq(memberships.userId, userId), eq(memberships.status, 'ACTIVE'), isNull(workspaces.deletedAt));

/** The non-deleted workspaces where `userId` has an ACTIVE membership, oldest first, with their role. */
export async function listWorkspaces(
  { db }: { db: DbOrTx },
  { userId }: { userId: string },
): Promise<MemberWorkspace[]> {
  const rows = await db
    .select({ workspace: workspaces, role: roles })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(activeMembership(userId))
    .orderBy(asc(workspaces.createdAt), asc(workspaces.id));
  return rows.map((r) => asMemberView(r.workspace, r.role));
}

/** A non-deleted workspace where `userId` has an ACTIVE membership; `NOT_FOUND` otherwise, whatever the reason. */
export async function getWorkspace(
  { db }: { db: DbOrTx },
  { workspaceId, userId }: { workspaceId: string; userId: string },
): Promise<Result<MemberWorkspace, 'NOT_FOUND'>> {
  const [row] = await db
    .select({ workspace: workspaces, role: roles })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(and(eq(memberships.workspaceId, workspaceId), activeMembership(userId)))
    .limit(1);
  return row ? ok(asMemberView(row.workspace, row.role)) : fail('NOT_FOUND', 'Workspace not found');
}

/**
 * Opens a write to a live workspace: locks its row (so concurrent writes to one workspace —
 * settings, members — run one after another, and the last Owner cannot be lost to a race) and
 * loads the actor's current role there. `undefined` when the workspace is gone.
 */
export async function lockWorkspace(tx: Tx, workspaceId: string, actor: MemberActor) {
  const [workspace] = await tx
    .select()
    .from(workspaces)
    .where(and(eq(workspaces.id, workspaceId), isNull(workspaces.deletedAt)))
    .for('update');
  if (!workspace) return undefined;
  return { workspace, actorRole: await findRole(tx, workspaceId, actor.roleId) };
}

export interface UpdateWorkspaceInput {
  workspaceId: string;
  actor: MemberActor;
  name?: string;
  /** Merged over the current settings key by key; the result must be valid as a whole. */
  settings?: unknown;
}

/** Renames a workspace and/or merges settings into it; the change and its audit row commit together. */
export async function updateWorkspace(
  { db }: { db: DbOrTx },
  input: UpdateWorkspaceInput,
): Promise<Result<MemberWorkspace, 'NOT_FOUND' | 'INVALID_SETTINGS'>> {
  const { workspaceId, actor } = input;
  return db.transaction(async (tx) => {
    const locked = await lockWorkspace(tx, workspaceId, actor);
    if (!locked?.actorRole) return fail('NOT_FOUND', 'Workspace not found');
    const { workspace: current, actorRole } = locked;
    const settings = mergeSettings(current.settings, input.settings);
    if (!settings.ok) return fail('INVALID_SETTINGS', settings.message);
    const [row] = await tx
      .update(workspaces)
      .set({ name: input.name?.trim() ?? current.name, settings: settings.value, updatedAt: new Date() })
      .where(eq(workspaces.id, workspaceId))
      .returning();
    await recordAudit(tx, {
      workspaceId,
      actor: { type: 'user', id: actor.userId },
      action: 'workspace.update',
      entityType: 'workspace',
      entityId: workspaceId,
      before: { name: current.name, settings: current.settings },
      after: { name: row!.name, settings: row!.settings },
    });
    return ok(asMemberView(row!, actorRole));
  });
}

/**
 * Soft-deletes a workspace. Only a member holding the Owner role may, whatever permissions a
 * custom role lists. Afterwards it is gone from every read (404) but its rows are kept.
 */
export async function deleteWorkspace(
  { db }: { db: DbOrTx },
  { workspaceId, actor }: { workspaceId: string; actor: MemberActor },
): Promise<Result<void, 'NOT_FOUND' | 'FORBIDDEN'>> {
  return db.transaction(async (tx) => {
    const locked = await lockWorkspace(tx, workspaceId, actor);
    if (!locked) return fail('NOT_FOUND', 'Workspace not found');
    const { workspace: current, actorRole } = locked;
    if (!actorRole || !isOwnerRole(actorRole)) return fail('FORBIDDEN', 'Only an Owner can delete the workspace');
    const deletedAt = new Date();
    await tx.update(workspaces).set({ deletedAt, updatedAt: deletedAt }).where(eq(workspaces.id, workspaceId));
    await recordAudit(tx, {
      workspaceId,
      actor: { type: 'user', id: actor.userId },
      action: 'workspace.delete',
      entityType: 'workspace',
      entityId: workspaceId,
      before: toWorkspace(current),
      after: { deletedAt },
    });
    return ok(undefined);
  });
}
