/**
 * Every permission-protected route of workspaces, members and roles, called by each default role
 * of workspace A: the route answers 2xx exactly for the roles whose permissions cover it, and
 * 403 naming the permission for the others. Each call gets fresh targets, so allowed writes
 * really succeed and never disturb the other rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, type Permission } from '../../../workers/core/rbac/catalogue';
import { createRole } from '../../../workers/core/rbac/roles';
import { api, type ApiRequest } from '../../harness/api';
import { testDb } from '../../harness/db';
import {
  addMember,
  createTestUser,
  seedTenants,
  seedWorkspace,
  type SeededMember,
  type Tenants,
} from '../../harness/tenants';

type RoleKey = 'owner' | 'admin' | 'operator' | 'viewer';
const ROLES: RoleKey[] = ['owner', 'admin', 'operator', 'viewer'];

interface Case {
  permission: Permission;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  route: string;
  allowed: RoleKey[];
  /** Builds the request for `caller`, creating whatever the call needs. */
  request: (caller: SeededMember) => Promise<{ path: string } & ApiRequest>;
}

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

const A = () => `/api/v1/workspaces/${t.a.id}`;
const owner = () => ({ userId: t.a.owner.id, roleId: t.a.owner.roleId });
const freshViewer = async () => (await addMember(t.a, 'Viewer')).membershipId;
const freshRole = async () => {
  const name = `Temp ${crypto.randomUUID().slice(0, 8)}`;
  const role = await createRole(
    { db: testDb() },
    { workspaceId: t.a.id, actor: owner(), name, permissions: ['orders:read'] },
  );
  if (!role.ok) throw new Error(role.error);
  return role.value.id;
};

const CASES: Case[] = [
  {
    permission: 'workspaces:read',
    method: 'GET',
    route: '/api/v1/workspace',
    allowed: ROLES,
    request: async () => ({ path: '/api/v1/workspace', workspaceId: t.a.id }),
  },
  {
    permission: 'workspaces:read',
    method: 'GET',
    route: '/api/v1/workspaces/:id',
    allowed: ROLES,
    request: async () => ({ path: A() }),
  },
  {
    permission: 'workspaces:update',
    method: 'PATCH',
    route: '/api/v1/workspaces/:id',
    allowed: ['owner', 'admin'],
    request: async () => ({ path: A(), body: { name: 'Tenant A' } }),
  },
  {
    permission: 'workspaces:delete',
    method: 'DELETE',
    route: '/api/v1/workspaces/:id',
    allowed: ['owner'],
    // A workspace of its own, where the caller holds the same role as in A.
    request: async (caller) => {
      const role = (['Admin', 'Operator', 'Viewer'] as const).find((r) => t.a.roles[r] === caller.roleId);
      const w = await seedWorkspace('Matrix delete', role ? undefined : caller);
      if (role) await addMember(w, role, caller);
      return { path: `/api/v1/workspaces/${w.id}` };
    },
  },
  {
    permission: 'members:read',
    method: 'GET',
    route: '/api/v1/workspaces/:id/members',
    allowed: ROLES,
    request: async () => ({ path: `${A()}/members` }),
  },
  {
    permission: 'members:invite',
    method: 'POST',
    route: '/api/v1/workspaces/:id/members',
    allowed: ['owner', 'admin'],
    request: async () => ({
      path: `${A()}/members`,
      body: { email: (await createTestUser('invitee')).email, roleId: t.a.roles.Viewer },
    }),
  },
  {
    permission: 'members:update',
    method: 'PATCH',
    route: '/api/v1/workspaces/:id/members/:memberId',
    allowed: ['owner', 'admin'],
    request: async () => ({ path: `${A()}/members/${await freshViewer()}`, body: { roleId: t.a.roles.Operator } }),
  },
  {
    permission: 'members:remove',
    method: 'DELETE',
    route: '/api/v1/workspaces/:id/members/:memberId',
    allowed: ['owner', 'admin'],
    request: async () => ({ path: `${A()}/members/${await freshViewer()}` }),
  },
  {
    permission: 'roles:read',
    method: 'GET',
    route: '/api/v1/workspaces/:id/roles',
    allowed: ['owner', 'admin', 'viewer'],
    request: async () => ({ path: `${A()}/roles` }),
  },
  {
    permission: 'roles:create',
    method: 'POST',
    route: '/api/v1/workspaces/:id/roles',
    allowed: ['owner', 'admin'],
    request: async () => ({
      path: `${A()}/roles`,
      body: { name: `Matrix ${crypto.randomUUID().slice(0, 8)}`, permissions: ['orders:read'] },
    }),
  },
  {
    permission: 'roles:update',
    method: 'PATCH',
    route: '/api/v1/workspaces/:id/roles/:roleId',
    allowed: ['owner', 'admin'],
    request: async () => ({ path: `${A()}/roles/${await freshRole()}`, body: { description: 'edited' } }),
  },
  {
    permission: 'roles:delete',
    method: 'DELETE',
    route: '/api/v1/workspaces/:id/roles/:roleId',
    allowed: ['owner', 'admin'],
    request: async () => ({ path: `${A()}/roles/${await freshRole()}` }),
  },
];

const MATRIX = CASES.flatMap((c) =>
  ROLES.map((role) => ({ ...c, role, expected: c.allowed.includes(role) ? 'allowed' : '403' })),
);

describe('permission matrix (role × route)', () => {
  it.each(MATRIX)(
    '$role: $method $route ($permission) → $expected',
    async ({ role, method, permission, request, allowed }) => {
      const caller = t.a[role];
      const { path, ...rest } = await request(caller);
      const res = await api(path, { method, token: caller.token, ...rest });
      if (allowed.includes(role)) {
        expect([200, 201, 204], JSON.stringify(res.body)).toContain(res.status);
      } else {
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: `Missing permission ${permission}` });
      }
    },
  );

  it('covers every workspaces, members and roles permission of the catalogue', () => {
    const catalogue = PERMISSIONS.filter((p) => ['workspaces', 'members', 'roles'].includes(p.resource));
    expect([...new Set(CASES.map((c) => c.permission))].sort()).toEqual(catalogue.map((p) => p.permission).sort());
  });
});

describe('resource wildcards through HTTP', () => {
  it('a custom role with `members:*` manages members (within its own permissions) but gets 403 on roles', async () => {
    const role = async (name: string, permissions: string[]) => {
      const created = await createRole({ db: testDb() }, { workspaceId: t.a.id, actor: owner(), name, permissions });
      if (!created.ok) throw new Error(created.error);
      return created.value;
    };
    const lead = await addMember(t.a, { id: (await role('Team lead', ['workspaces:read', 'members:*'])).id });
    const trainee = await role('Trainee', ['workspaces:read']);

    const invite = await api(`${A()}/members`, {
      token: lead.token,
      body: { email: (await createTestUser('led')).email, roleId: trainee.id },
    });
    expect(invite.status).toBe(201);
    const remove = await api(`${A()}/members/${invite.body.id}`, { method: 'DELETE', token: lead.token });
    expect(remove.status).toBe(204);

    const wider = await api(`${A()}/members`, {
      token: lead.token,
      body: { email: (await createTestUser('led')).email, roleId: t.a.roles.Viewer },
    });
    expect(wider.status).toBe(403);
    expect(wider.body.error.message).toMatch(
      /^You cannot grant a role with permissions you do not hold: roles:read, products:read/,
    );

    const roles = await api(`${A()}/roles`, { token: lead.token });
    expect(roles.status).toBe(403);
    expect(roles.body.error.message).toBe('Missing permission roles:read');
  });
});
