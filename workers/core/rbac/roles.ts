import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { isForeignKeyViolation, isUniqueViolation } from '../../../db/errors';
import { newId } from '../../../db/ids';
import { memberships, roles } from '../../../db/schema';
import { recordAudit } from '../audit/record';
import { fail, ok, type Result } from '../result';
import { unknownPermissions } from './catalogue';
import { effectivePermissions, findRole, ungrantablePermissions, type MemberActor, type RoleRow } from './role-access';

export interface Role {
  id: string;
  workspaceId: string;
  name: string;
  description: string | null;
  /** What the role grants (for system roles, the catalogue's current set). */
  permissions: string[];
  isSystem: boolean;
  memberCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const ROLE_NAME_KEY = 'roles_workspace_name_key';

const toRole = (row: RoleRow, memberCount: number): Role => ({
  id: row.id,
  workspaceId: row.workspaceId,
  name: row.name,
  description: row.description,
  permissions: [...effectivePermissions(row)],
  isSystem: row.isSystem,
  memberCount,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

// Qualified by hand: in a single-table query drizzle prints bare column names, which inside
// the subquery would resolve to `memberships.id`.
const memberCount = sql<number>`(select count(*)::int from ${memberships} where ${memberships}.${sql.identifier(
  memberships.roleId.name,
)} = ${roles}.${sql.identifier(roles.id.name)})`;

/** The roles of one workspace, oldest first (the four defaults, then custom roles), with how many members hold each. */
export async function listRoles({ db }: { db: DbOrTx }, { workspaceId }: { workspaceId: string }): Promise<Role[]> {
  const rows = await db
    .select({ role: roles, memberCount })
    .from(roles)
    .where(eq(roles.workspaceId, workspaceId))
    .orderBy(asc(roles.createdAt), asc(roles.id));
  return rows.map((r) => toRole(r.role, r.memberCount));
}

export type RoleWriteError = 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID_PERMISSIONS' | 'DUPLICATE_NAME' | 'SYSTEM_ROLE';

function checkPermissions(actorRole: RoleRow | undefined, permissions: readonly string[]) {
  const unknown = unknownPermissions(permissions);
  if (unknown.length) return fail('INVALID_PERMISSIONS', `Unknown permissions: ${unknown.join(', ')}`);
  if (!actorRole) return fail('FORBIDDEN', 'You are no longer a member of this workspace');
  const ungrantable = ungrantablePermissions(actorRole, permissions);
  if (ungrantable.length)
    return fail('FORBIDDEN', `You cannot grant permissions you do not hold: ${ungrantable.join(', ')}`);
  return undefined;
}

async function nameTaken(db: DbOrTx, workspaceId: string, name: string, exceptRoleId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: roles.id })
    .from(roles)
    .where(
      and(
        eq(roles.workspaceId, workspaceId),
        sql`lower(${roles.name}) = lower(${name})`,
        exceptRoleId ? ne(roles.id, exceptRoleId) : undefined,
      ),
    )
    .limit(1);
  return row !== undefined;
}

const duplicate = (name: string) => fail('DUPLICATE_NAME', `A role named "${name}" already exists`);

export interface CreateRoleInput {
  workspaceId: string;
  actor: MemberActor;
  name: string;
  description?: string | null;
  permissions: readonly string[];
}

/**
 * Creates a custom role. Permissions must be grantable catalogue entries and held by the actor;
 * names are unique per workspace ignoring case. The role and its audit row commit together.
 */
export async function createRole(
  { db }: { db: DbOrTx },
  input: CreateRoleInput,
): Promise<Result<Role, Exclude<RoleWriteError, 'NOT_FOUND' | 'SYSTEM_ROLE'>>> {
  const { workspaceId, actor } = input;
  const name = input.name.trim();
  const permissions = [...new Set(input.permissions)];
  try {
    return await db.transaction(async (tx) => {
      const refused = checkPermissions(await findRole(tx, workspaceId, actor.roleId), permissions);
      if (refused) return refused;
      if (await nameTaken(tx, workspaceId, name)) return duplicate(name);
      const [row] = await tx
        .insert(roles)
        .values({ id: newId('rol'), workspaceId, name, description: input.description ?? null, permissions })
        .returning();
      const role = toRole(row!, 0);
      await recordAudit(tx, {
        workspaceId,
        actor: { type: 'user', id: actor.userId },
        action: 'role.create',
        entityType: 'role',
        entityId: role.id,
        after: { name, description: role.description, permissions },
      });
      return ok(role);
    });
  } catch (error) {
    if (isUniqueViolation(error, ROLE_NAME_KEY)) return duplicate(name);
    throw error;
  }
}

export interface UpdateRoleInput {
  workspaceId: string;
  actor: MemberActor;
  roleId: string;
  name?: string;
  description?: string | null;
  permissions?: readonly string[];
}

/**
 * Edits a custom or default role (never a system role). The same permission and name rules as
 * `createRole` apply; the change and its audit row (before and after) commit together.
 */
export async function updateRole(
  { db }: { db: DbOrTx },
  input: UpdateRoleInput,
): Promise<Result<Role, RoleWriteError>> {
  const { workspaceId, actor, roleId } = input;
  const name = input.name?.trim();
  const permissions = input.permissions ? [...new Set(input.permissions)] : undefined;
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(roles)
        .where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, roleId)))
        .for('update');
      if (!current) return fail('NOT_FOUND', 'Role not found');
      if (current.isSystem)
        return fail('SYSTEM_ROLE', `The ${current.name} role is a system role and cannot be edited`);
      if (permissions) {
        const refused = checkPermissions(await findRole(tx, workspaceId, actor.roleId), permissions);
        if (refused) return refused;
      }
      if (name !== undefined && (await nameTaken(tx, workspaceId, name, roleId))) return duplicate(name);
      const [row] = await tx
        .update(roles)
        .set({
          ...(name === undefined ? {} : { name }),
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(permissions === undefined ? {} : { permissions }),
          updatedAt: new Date(),
        })
        .where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, roleId)))
        .returning({ role: roles, memberCount });
      await recordAudit(tx, {
        workspaceId,
        actor: { type: 'user', id: actor.userId },
        action: 'role.update',
        entityType: 'role',
        entityId: roleId,
        before: { name: current.name, description: current.description, permissions: current.permissions },
        after: { name: row!.role.name, description: row!.role.description, permissions: row!.role.permissions },
      });
      return ok(toRole(row!.role, row!.memberCount));
    });
  } catch (error) {
    if (isUniqueViolation(error, ROLE_NAME_KEY)) return duplicate(name ?? '');
    throw error;
  }
}

/**
 * Deletes a role that is neither a system role nor held by any member (including suspended
 * ones). A member added concurrently makes the delete fail with `ROLE_IN_USE`, never orphan them.
 */
export async function deleteRole(
  { db }: { db: DbOrTx },
  { workspaceId, actor, roleId }: { workspaceId: string; actor: MemberActor; roleId: string },
): Promise<Result<void, 'NOT_FOUND' | 'SYSTEM_ROLE' | 'ROLE_IN_USE'>> {
  const inUse = () => fail('ROLE_IN_USE', 'The role is held by members; give them another role first');
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx
        .select({ role: roles, memberCount })
        .from(roles)
        .where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, roleId)))
        .for('update');
      if (!current) return fail('NOT_FOUND', 'Role not found');
      if (current.role.isSystem)
        return fail('SYSTEM_ROLE', `The ${current.role.name} role is a system role and cannot be deleted`);
      if (current.memberCount > 0) return inUse();
      await tx.delete(roles).where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, roleId)));
      await recordAudit(tx, {
        workspaceId,
        actor: { type: 'user', id: actor.userId },
        action: 'role.delete',
        entityType: 'role',
        entityId: roleId,
        before: {
          name: current.role.name,
          description: current.role.description,
          permissions: current.role.permissions,
        },
      });
      return ok(undefined);
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) return inUse();
    throw error;
  }
}
