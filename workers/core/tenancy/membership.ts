import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { memberships, roles, workspaces } from '../../../db/schema';
import { effectivePermissions, isOwnerRole } from '../rbac/role-access';
import { fail, ok, type Result } from '../result';

/** A user's standing in one workspace: what every tenant request is authorised against. */
export interface Membership {
  workspaceId: string;
  userId: string;
  membershipId: string;
  roleId: string;
  roleName: string;
  isOwner: boolean;
  permissions: readonly string[];
}

/**
 * The caller's ACTIVE membership of a workspace that exists and is not soft-deleted. Every other
 * case (no such workspace, deleted, not a member, suspended) is the same `NOT_FOUND`, so a caller
 * can never learn whether a workspace they do not belong to exists.
 */
export async function resolveMembership(
  { db }: { db: DbOrTx },
  { workspaceId, userId }: { workspaceId: string; userId: string },
): Promise<Result<Membership, 'NOT_FOUND'>> {
  const [row] = await db
    .select({ membershipId: memberships.id, role: roles })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .innerJoin(roles, and(eq(roles.id, memberships.roleId), eq(roles.workspaceId, memberships.workspaceId)))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        eq(memberships.userId, userId),
        eq(memberships.status, 'ACTIVE'),
        isNull(workspaces.deletedAt),
      ),
    )
    .limit(1);
  if (!row) return fail('NOT_FOUND', 'Workspace not found');
  return ok({
    workspaceId,
    userId,
    membershipId: row.membershipId,
    roleId: row.role.id,
    roleName: row.role.name,
    isOwner: isOwnerRole(row.role),
    permissions: effectivePermissions(row.role),
  });
}
