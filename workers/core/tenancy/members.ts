import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/client';
import { isForeignKeyViolation, isUniqueViolation } from '../../../db/errors';
import { newId } from '../../../db/ids';
import { memberships, roles, users, type MembershipStatus } from '../../../db/schema';
import { recordAudit } from '../audit/record';
import { OWNER_ROLE_NAME } from '../rbac/catalogue';
import {
  effectivePermissions,
  findRole,
  isOwnerRole,
  ungrantablePermissions,
  type MemberActor,
  type RoleRow,
} from '../rbac/role-access';
import { fail, ok, type Result } from '../result';
import { lockWorkspace } from './workspaces';

export interface Member {
  id: string;
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  role: { id: string; name: string };
  status: MembershipStatus;
  createdAt: Date;
  updatedAt: Date;
}

const memberColumns = {
  id: memberships.id,
  userId: memberships.userId,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  roleId: roles.id,
  roleName: roles.name,
  status: memberships.status,
  createdAt: memberships.createdAt,
  updatedAt: memberships.updatedAt,
};

type MemberRow = { [K in keyof typeof memberColumns]: (typeof memberColumns)[K]['_']['data'] };

const toMember = ({ roleId, roleName, ...rest }: MemberRow): Member => ({
  ...rest,
  role: { id: roleId, name: roleName },
});

function selectMembers(db: DbOrTx, workspaceId: string) {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(eq(memberships.workspaceId, workspaceId))
    .$dynamic();
}

/** The members of one workspace (any status), oldest first, with their user and role. */
export async function listMembers({ db }: { db: DbOrTx }, { workspaceId }: { workspaceId: string }): Promise<Member[]> {
  const rows = await selectMembers(db, workspaceId).orderBy(asc(memberships.createdAt), asc(memberships.id));
  return rows.map(toMember);
}

async function getMember(db: DbOrTx, workspaceId: string, memberId: string): Promise<Member | undefined> {
  const [row] = await selectMembers(db, workspaceId).where(
    and(eq(memberships.workspaceId, workspaceId), eq(memberships.id, memberId)),
  );
  return row ? toMember(row) : undefined;
}

/** Why `actorRole` may not give `role` to someone, or `undefined` if it may. */
function refuseGrant(actorRole: RoleRow | undefined, role: RoleRow) {
  if (!actorRole) return fail('FORBIDDEN', 'You are no longer a member of this workspace');
  if (isOwnerRole(role) && !isOwnerRole(actorRole)) return fail('FORBIDDEN', 'Only an Owner can grant the Owner role');
  const ungrantable = ungrantablePermissions(actorRole, effectivePermissions(role));
  if (ungrantable.length) {
    return fail('FORBIDDEN', `You cannot grant a role with permissions you do not hold: ${ungrantable.join(', ')}`);
  }
  return undefined;
}

/** How many ACTIVE Owners the workspace has besides `exceptMemberId`. */
async function otherActiveOwners(tx: Tx, workspaceId: string, exceptMemberId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .innerJoin(roles, eq(roles.id, memberships.roleId))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        ne(memberships.id, exceptMemberId),
        eq(memberships.status, 'ACTIVE'),
        eq(roles.isSystem, true),
        eq(roles.name, OWNER_ROLE_NAME),
      ),
    );
  return row?.n ?? 0;
}

const roleNotFound = () => fail('ROLE_NOT_FOUND', 'The role does not exist in this workspace');
const notFound = () => fail('NOT_FOUND', 'Member not found');

/**
 * Adds an existing user (by e-mail, case-insensitive) as a member with `roleId`. Only an Owner
 * grants the Owner role, and nobody grants a role wider than their own. Membership and audit
 * row commit together.
 */
export async function inviteMember(
  { db }: { db: DbOrTx },
  { workspaceId, actor, email, roleId }: { workspaceId: string; actor: MemberActor; email: string; roleId: string },
): Promise<Result<Member, 'NOT_FOUND' | 'USER_NOT_FOUND' | 'ALREADY_MEMBER' | 'ROLE_NOT_FOUND' | 'FORBIDDEN'>> {
  const normalised = email.trim().toLowerCase();
  const already = () => fail('ALREADY_MEMBER', `${normalised} is already a member of this workspace`);
  try {
    return await db.transaction(async (tx) => {
      const locked = await lockWorkspace(tx, workspaceId, actor);
      if (!locked) return fail('NOT_FOUND', 'Workspace not found');
      const role = await findRole(tx, workspaceId, roleId);
      if (!role) return roleNotFound();
      const refused = refuseGrant(locked.actorRole, role);
      if (refused) return refused;
      const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, normalised)).limit(1);
      if (!user) {
        return fail(
          'USER_NOT_FOUND',
          `No Nexova account uses ${normalised}; ask them to sign up first, then invite them`,
        );
      }
      const id = newId('mem');
      const inserted = await tx
        .insert(memberships)
        .values({ id, workspaceId, userId: user.id, roleId: role.id })
        .onConflictDoNothing()
        .returning({ id: memberships.id });
      if (inserted.length === 0) return already();
      await recordAudit(tx, {
        workspaceId,
        actor: { type: 'user', id: actor.userId },
        action: 'member.add',
        entityType: 'membership',
        entityId: id,
        after: { userId: user.id, email: normalised, roleId: role.id, roleName: role.name },
      });
      return ok((await getMember(tx, workspaceId, id))!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return already();
    if (isForeignKeyViolation(error)) return roleNotFound();
    throw error;
  }
}

/**
 * Gives a member another role. Only an Owner changes an Owner or grants the Owner role; the last
 * ACTIVE Owner cannot be demoted (`LAST_OWNER`). The change and its audit row commit together.
 */
export async function updateMember(
  { db }: { db: DbOrTx },
  {
    workspaceId,
    actor,
    memberId,
    roleId,
  }: { workspaceId: string; actor: MemberActor; memberId: string; roleId: string },
): Promise<Result<Member, 'NOT_FOUND' | 'ROLE_NOT_FOUND' | 'FORBIDDEN' | 'LAST_OWNER'>> {
  try {
    return await db.transaction(async (tx) => {
      const locked = await lockWorkspace(tx, workspaceId, actor);
      if (!locked) return fail('NOT_FOUND', 'Workspace not found');
      const member = await getMember(tx, workspaceId, memberId);
      if (!member) return notFound();
      const [currentRole, role] = [
        await findRole(tx, workspaceId, member.role.id),
        await findRole(tx, workspaceId, roleId),
      ];
      if (!role) return roleNotFound();
      const wasOwner = currentRole !== undefined && isOwnerRole(currentRole);
      if (wasOwner && !(locked.actorRole && isOwnerRole(locked.actorRole))) {
        return fail('FORBIDDEN', 'Only an Owner can change the role of an Owner');
      }
      const refused = refuseGrant(locked.actorRole, role);
      if (refused) return refused;
      if (role.id === member.role.id) return ok(member);
      if (wasOwner && !isOwnerRole(role) && (await otherActiveOwners(tx, workspaceId, memberId)) === 0) {
        return fail('LAST_OWNER', 'The workspace needs at least one Owner; make someone else Owner first');
      }
      await tx
        .update(memberships)
        .set({ roleId: role.id, updatedAt: new Date() })
        .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.id, memberId)));
      await recordAudit(tx, {
        workspaceId,
        actor: { type: 'user', id: actor.userId },
        action: 'member.update',
        entityType: 'membership',
        entityId: memberId,
        before: { userId: member.userId, roleId: member.role.id, roleName: member.role.name },
        after: { userId: member.userId, roleId: role.id, roleName: role.name },
      });
      return ok((await getMember(tx, workspaceId, memberId))!);
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) return roleNotFound();
    throw error;
  }
}

/**
 * Removes a member. Only an Owner removes an Owner, and never the last ACTIVE one
 * (`LAST_OWNER`). The removal and its audit row commit together.
 */
export async function removeMember(
  { db }: { db: DbOrTx },
  { workspaceId, actor, memberId }: { workspaceId: string; actor: MemberActor; memberId: string },
): Promise<Result<void, 'NOT_FOUND' | 'FORBIDDEN' | 'LAST_OWNER'>> {
  return db.transaction(async (tx) => {
    const locked = await lockWorkspace(tx, workspaceId, actor);
    if (!locked) return fail('NOT_FOUND', 'Workspace not found');
    const member = await getMember(tx, workspaceId, memberId);
    if (!member) return notFound();
    const role = await findRole(tx, workspaceId, member.role.id);
    if (role && isOwnerRole(role)) {
      if (!locked.actorRole || !isOwnerRole(locked.actorRole))
        return fail('FORBIDDEN', 'Only an Owner can remove an Owner');
      if ((await otherActiveOwners(tx, workspaceId, memberId)) === 0) {
        return fail('LAST_OWNER', 'The last Owner cannot be removed; make someone else Owner first');
      }
    }
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.id, memberId)));
    await recordAudit(tx, {
      workspaceId,
      actor: { type: 'user', id: actor.userId },
      action: 'member.remove',
      entityType: 'membership',
      entityId: memberId,
      before: { userId: member.userId, email: member.email, roleId: member.role.id, roleName: member.role.name },
    });
    return ok(undefined);
  });
}
