import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { roles } from '../../../db/schema';
import { OWNER_ROLE_NAME, systemRolePermissions } from './catalogue';
import { missingPermissions } from './permissions';

export type RoleRow = typeof roles.$inferSelect;

/** Who performs a tenant write: the caller's user and their role in that workspace. */
export interface MemberActor {
  userId: string;
  roleId: string;
}

/**
 * The permissions a role grants. System roles (Owner, Admin) always follow the catalogue, so a
 * permission added to the catalogue reaches every workspace without a data migration.
 */
export function effectivePermissions(role: Pick<RoleRow, 'name' | 'isSystem' | 'permissions'>): readonly string[] {
  return (role.isSystem ? systemRolePermissions(role.name) : undefined) ?? role.permissions;
}

export function isOwnerRole(role: Pick<RoleRow, 'name' | 'isSystem'>): boolean {
  return role.isSystem && role.name === OWNER_ROLE_NAME;
}

/** The role `roleId` of workspace `workspaceId`, or `undefined`. */
export async function findRole(db: DbOrTx, workspaceId: string, roleId: string): Promise<RoleRow | undefined> {
  const [role] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.workspaceId, workspaceId), eq(roles.id, roleId)))
    .limit(1);
  return role;
}

/**
 * The permissions in `permissions` that `actorRole` may not hand out. Nobody grants more than
 * they hold (an Admin cannot mint a `*` role and give it to themselves); an Owner grants anything.
 */
export function ungrantablePermissions(actorRole: RoleRow, permissions: readonly string[]): string[] {
  if (isOwnerRole(actorRole)) return [];
  return missingPermissions(effectivePermissions(actorRole), permissions);
}
