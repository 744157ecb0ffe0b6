/**
 * Two tenants for isolation tests. `seedTenants()` builds, through the same domain functions
 * the API uses:
 *
 * - workspace **A** with an owner, an admin, an operator and a viewer (one user per default role);
 * - workspace **B** with its own owner;
 * - an **outsider**: a user with no membership at all.
 *
 * Each user carries a freshly minted access token, so tests call the API as them:
 *
 * ```ts
 * const t = await seedTenants();
 * const res = await api('/api/v1/products', { token: t.a.operator.token, workspaceId: t.a.id });
 * const leak = await api(`/api/v1/products/${idInA}`, { token: t.b.owner.token, workspaceId: t.b.id });
 * expect(leak.status).toBe(404);
 * ```
 *
 * Every call creates new users (unique e-mails) and new workspaces, so test files never share
 * state. Users get an unusable password hash: they authenticate with tokens, never by password
 * (use test/harness/auth.ts for login flows).
 */
import { env } from 'cloudflare:workers';
import { newId } from '../../db/ids';
import { users } from '../../db/schema';
import { loadSigningKeys, signAccessToken } from '../../workers/core/auth/tokens';
import type { DefaultRoleName } from '../../workers/core/rbac/catalogue';
import { listRoles } from '../../workers/core/rbac/roles';
import { inviteMember } from '../../workers/core/tenancy/members';
import { resolveMembership } from '../../workers/core/tenancy/membership';
import { createWorkspace } from '../../workers/core/tenancy/workspaces';
import { testDb, uniqueEmail } from './db';

/** A well-formed Argon2id PHC string that matches no password. */
export const UNUSABLE_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$bm90LWEtcmVhbC1zYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export interface SeededUser {
  id: string;
  email: string;
  /** A valid 15-minute access token for this user. */
  token: string;
}

export interface SeededMember extends SeededUser {
  membershipId: string;
  roleId: string;
}

export interface SeededWorkspace {
  id: string;
  name: string;
  /** Role ids of the four default roles, by name. */
  roles: Record<DefaultRoleName, string>;
  owner: SeededMember;
}

export interface Tenants {
  a: SeededWorkspace & { admin: SeededMember; operator: SeededMember; viewer: SeededMember };
  b: SeededWorkspace;
  outsider: SeededUser;
}

/** A signed access token for `userId`, as `requireAuth` expects. */
export async function tokenFor(userId: string): Promise<string> {
  return (await signAccessToken(await loadSigningKeys(env), userId)).token;
}

/** Inserts a user straight into `users` (no Argon2 run) and mints their token. */
export async function createTestUser(label = 'user'): Promise<SeededUser> {
  const id = newId('usr');
  const email = uniqueEmail(label);
  await testDb()
    .insert(users)
    .values({ id, email, passwordHash: UNUSABLE_PASSWORD_HASH, firstName: label, lastName: 'Test' });
  return { id, email, token: await tokenFor(id) };
}

/** A workspace created by `createWorkspace` for a new owner (or the one given). */
export async function seedWorkspace(name: string, owner?: SeededUser): Promise<SeededWorkspace> {
  const user = owner ?? (await createTestUser('owner'));
  const created = await createWorkspace({ db: testDb() }, { userId: user.id, name });
  if (!created.ok) throw new Error(`createWorkspace failed: ${created.error}`);
  const workspaceId = created.value.id;
  const roles = Object.fromEntries(
    (await listRoles({ db: testDb() }, { workspaceId })).map((r) => [r.name, r.id]),
  ) as Record<DefaultRoleName, string>;
  const membership = await resolveMembership({ db: testDb() }, { workspaceId, userId: user.id });
  if (!membership.ok) throw new Error('the creator is not a member of the new workspace');
  const { membershipId, roleId } = membership.value;
  return { id: workspaceId, name, roles, owner: { ...user, membershipId, roleId } };
}

/** Adds `user` (a new one by default) to `workspace` with a role, invited by its owner through `inviteMember`. */
export async function addMember(
  workspace: SeededWorkspace,
  role: DefaultRoleName | { id: string },
  user?: SeededUser,
): Promise<SeededMember> {
  const member = user ?? (await createTestUser(typeof role === 'string' ? role.toLowerCase() : 'member'));
  const roleId = typeof role === 'string' ? workspace.roles[role] : role.id;
  const invited = await inviteMember(
    { db: testDb() },
    {
      workspaceId: workspace.id,
      actor: { userId: workspace.owner.id, roleId: workspace.owner.roleId },
      email: member.email,
      roleId,
    },
  );
  if (!invited.ok) throw new Error(`inviteMember failed: ${invited.error} ${invited.message ?? ''}`);
  return { ...member, membershipId: invited.value.id, roleId };
}

/** Workspace A (owner, admin, operator, viewer), workspace B (owner) and an outsider; see the file comment. */
export async function seedTenants(): Promise<Tenants> {
  const [a, b, outsider] = await Promise.all([
    seedWorkspace('Tenant A'),
    seedWorkspace('Tenant B'),
    createTestUser('outsider'),
  ]);
  // One after another, so members list in a fixed order: owner, admin, operator, viewer.
  const admin = await addMember(a, 'Admin');
  const operator = await addMember(a, 'Operator');
  const viewer = await addMember(a, 'Viewer');
  return { a: { ...a, admin, operator, viewer }, b, outsider };
}
