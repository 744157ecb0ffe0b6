import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, roles } from '../../../db/schema';
import { DEFAULT_ROLES, PERMISSIONS } from '../../../workers/core/rbac/catalogue';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { addMember, seedTenants, seedWorkspace, type SeededWorkspace, type Tenants } from '../../harness/tenants';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

const rolesOf = (workspaceId: string) => `/api/v1/workspaces/${workspaceId}/roles`;
const roleOf = (workspaceId: string, roleId: string) => `${rolesOf(workspaceId)}/${roleId}`;

async function createRole(w: SeededWorkspace, body: Record<string, unknown>) {
  const res = await api(rolesOf(w.id), { token: w.owner.token, body });
  if (res.status !== 201) throw new Error(`create role failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string };
}

describe('GET /api/v1/workspaces/:id/roles', () => {
  it('lists the four default roles in order, with effective permissions and member counts', async () => {
    const res = await api(rolesOf(t.a.id), { token: t.a.viewer.token });
    expect(res.status).toBe(200);
    expect(
      res.body.data.map((r: { name: string; isSystem: boolean; memberCount: number }) => [
        r.name,
        r.isSystem,
        r.memberCount,
      ]),
    ).toEqual([
      ['Owner', true, 1],
      ['Admin', true, 1],
      ['Operator', false, 1],
      ['Viewer', false, 1],
    ]);
    for (const role of res.body.data) {
      expect(role.permissions, role.name).toEqual(DEFAULT_ROLES.find((d) => d.name === role.name)!.permissions);
    }
  });
});

describe('POST /api/v1/workspaces/:id/roles', () => {
  it('creates a custom role from catalogue permissions and wildcards, and audits it', async () => {
    const w = await seedWorkspace('Custom roles shop');
    const res = await api(rolesOf(w.id), {
      token: w.owner.token,
      body: {
        name: ' Cashier ',
        description: 'Takes payments',
        permissions: ['orders:*', 'payments:create', 'payments:create'],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Cashier',
      description: 'Takes payments',
      permissions: ['orders:*', 'payments:create'],
      isSystem: false,
      memberCount: 0,
    });
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, res.body.id), eq(auditLog.action, 'role.create')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toEqual([expect.objectContaining({ workspaceId: w.id, actorId: w.owner.id })]);
  });

  it.each([
    [['orders:fly'], 'orders:fly'],
    [['order:*'], 'order:*'],
    [['widgets:read', 'orders:read'], 'widgets:read'],
    [['Orders:read'], 'Orders:read'],
    [['*:*'], '*:*'],
  ])('refuses unknown permission strings %j with 400 naming them', async (permissions, named) => {
    const res = await api(rolesOf(t.a.id), { token: t.a.owner.token, body: { name: `Bad ${named}`, permissions } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain(named);
  });

  it('refuses a name already used in the workspace, ignoring case, with 409', async () => {
    for (const name of ['operator', 'OWNER', 'Viewer']) {
      const res = await api(rolesOf(t.a.id), { token: t.a.owner.token, body: { name, permissions: [] } });
      expect(res.status, name).toBe(409);
      expect(res.body.error.message).toContain(name);
    }
  });

  it('allows the same name in another workspace', async () => {
    const res = await api(rolesOf(t.b.id), { token: t.b.owner.token, body: { name: 'Shared name', permissions: [] } });
    const again = await api(rolesOf(t.a.id), {
      token: t.a.owner.token,
      body: { name: 'shared NAME', permissions: [] },
    });
    expect([res.status, again.status]).toEqual([201, 201]);
  });

  it('refuses permissions the caller does not hold: an Admin cannot create a `*` role', async () => {
    const res = await api(rolesOf(t.a.id), { token: t.a.admin.token, body: { name: 'Root', permissions: ['*'] } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('You cannot grant permissions you do not hold: *');
    const ok = await api(rolesOf(t.a.id), {
      token: t.a.admin.token,
      body: { name: 'Stocker', permissions: ['stock:*'] },
    });
    expect(ok.status).toBe(201);
  });
});

describe('PATCH /api/v1/workspaces/:id/roles/:roleId', () => {
  it('renames a role and replaces its permissions; members get the new permissions at once', async () => {
    const w = await seedWorkspace('Editable shop');
    const role = await createRole(w, { name: 'Picker', permissions: ['workspaces:read', 'orders:read'] });
    const picker = await addMember(w, role);
    const before = await api('/api/v1/workspace', { token: picker.token, workspaceId: w.id });
    expect(before.body.permissions).toEqual(['workspaces:read', 'orders:read']);

    const res = await api(roleOf(w.id, role.id), {
      method: 'PATCH',
      token: w.owner.token,
      body: { name: 'Packer', permissions: ['workspaces:read', 'stock:read'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Packer', permissions: ['workspaces:read', 'stock:read'], memberCount: 1 });
    const after = await api('/api/v1/workspace', { token: picker.token, workspaceId: w.id });
    expect(after.body.permissions).toEqual(['workspaces:read', 'stock:read']);
    expect(after.body.role.name).toBe('Packer');

    const [audit] = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, role.id), eq(auditLog.action, 'role.update')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audit).toMatchObject({
      before: { name: 'Picker', permissions: ['workspaces:read', 'orders:read'] },
      after: { name: 'Packer', permissions: ['workspaces:read', 'stock:read'] },
    });
  });

  it('edits the default Operator role, which is not a system role', async () => {
    const w = await seedWorkspace('Operator edit shop');
    const res = await api(roleOf(w.id, w.roles.Operator), {
      method: 'PATCH',
      token: w.owner.token,
      body: { description: 'Counter staff' },
    });
    expect(res.status).toBe(200);
    expect(res.body.description).toBe('Counter staff');
  });

  it('refuses to edit the system roles Owner and Admin with 409', async () => {
    for (const roleId of [t.a.roles.Owner, t.a.roles.Admin]) {
      const res = await api(roleOf(t.a.id, roleId), {
        method: 'PATCH',
        token: t.a.owner.token,
        body: { permissions: ['orders:read'] },
      });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/system role and cannot be edited/);
    }
    const [owner] = await testDb().select().from(roles).where(eq(roles.id, t.a.roles.Owner));
    expect(owner!.permissions).toEqual(['*']);
  });

  it('refuses a rename onto another role name with 409 and an unknown permission with 400', async () => {
    const w = await seedWorkspace('Rename shop');
    const role = await createRole(w, { name: 'Temp', permissions: [] });
    const clash = await api(roleOf(w.id, role.id), { method: 'PATCH', token: w.owner.token, body: { name: 'VIEWER' } });
    expect(clash.status).toBe(409);
    const same = await api(roleOf(w.id, role.id), { method: 'PATCH', token: w.owner.token, body: { name: 'TEMP' } });
    expect(same.status).toBe(200);
    const bad = await api(roleOf(w.id, role.id), {
      method: 'PATCH',
      token: w.owner.token,
      body: { permissions: ['orders:fly'] },
    });
    expect(bad.status).toBe(400);
  });

  it('answers 404 for a role of another workspace', async () => {
    const res = await api(roleOf(t.a.id, t.b.roles.Viewer), {
      method: 'PATCH',
      token: t.a.owner.token,
      body: { name: 'Hijack' },
    });
    expect(res.status).toBe(404);
  });
});

describe('DELETE /api/v1/workspaces/:id/roles/:roleId', () => {
  it('deletes an unused custom role: 204, then gone from the list, audited', async () => {
    const w = await seedWorkspace('Delete role shop');
    const role = await createRole(w, { name: 'Seasonal', permissions: ['orders:read'] });
    const res = await api(roleOf(w.id, role.id), { method: 'DELETE', token: w.owner.token });
    expect(res.status).toBe(204);
    const list = await api(rolesOf(w.id), { token: w.owner.token });
    expect(list.body.data.map((r: { id: string }) => r.id)).not.toContain(role.id);
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, role.id), eq(auditLog.action, 'role.delete')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toHaveLength(1);
  });

  it('refuses to delete a role a member holds with 409', async () => {
    const res = await api(roleOf(t.a.id, t.a.roles.Viewer), { method: 'DELETE', token: t.a.owner.token });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/held by members/);
  });

  it('refuses to delete the system roles with 409', async () => {
    const w = await seedWorkspace('System delete shop');
    for (const roleId of [w.roles.Owner, w.roles.Admin]) {
      const res = await api(roleOf(w.id, roleId), { method: 'DELETE', token: w.owner.token });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/system role and cannot be deleted/);
    }
  });

  it('deletes the default Viewer role once nobody holds it', async () => {
    const w = await seedWorkspace('Unused viewer shop');
    expect((await api(roleOf(w.id, w.roles.Viewer), { method: 'DELETE', token: w.owner.token })).status).toBe(204);
  });
});

describe('GET /api/v1/permissions', () => {
  it('returns the whole catalogue grouped by resource, and the default roles', async () => {
    const res = await api('/api/v1/permissions', { token: t.outsider.token });
    expect(res.status).toBe(200);
    const listed = res.body.resources.flatMap((r: { permissions: Array<{ permission: string }> }) =>
      r.permissions.map((p) => p.permission),
    );
    expect(listed).toEqual(PERMISSIONS.map((p) => p.permission));
    expect(res.body.resources.find((r: { resource: string }) => r.resource === 'conversations')).toMatchObject({
      wildcard: 'conversations:*',
      permissions: expect.arrayContaining([
        expect.objectContaining({ permission: 'conversations:handoff', description: expect.any(String) }),
      ]),
    });
    expect(res.body.defaultRoles.map((r: { name: string }) => r.name)).toEqual([
      'Owner',
      'Admin',
      'Operator',
      'Viewer',
    ]);
  });

  it('requires authentication', async () => {
    expect((await api('/api/v1/permissions')).status).toBe(401);
  });
});
