import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, memberships } from '../../../db/schema';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { addMember, createTestUser, seedTenants, seedWorkspace, type Tenants } from '../../harness/tenants';

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

const members = (workspaceId: string) => `/api/v1/workspaces/${workspaceId}/members`;
const member = (workspaceId: string, memberId: string) => `${members(workspaceId)}/${memberId}`;

describe('GET /api/v1/workspaces/:id/members', () => {
  it('lists every member with user and role, oldest first', async () => {
    const res = await api(members(t.a.id), { token: t.a.viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.data.map((m: { userId: string; role: { name: string } }) => [m.userId, m.role.name])).toEqual([
      [t.a.owner.id, 'Owner'],
      [t.a.admin.id, 'Admin'],
      [t.a.operator.id, 'Operator'],
      [t.a.viewer.id, 'Viewer'],
    ]);
    expect(res.body.data[0]).toMatchObject({
      id: t.a.owner.membershipId,
      email: t.a.owner.email,
      firstName: 'owner',
      lastName: 'Test',
      status: 'ACTIVE',
    });
    expect(res.body.data[0]).not.toHaveProperty('passwordHash');
  });
});

describe('POST /api/v1/workspaces/:id/members', () => {
  it('adds a registered user by e-mail (any case) with the given role: 201, listed, audited', async () => {
    const user = await createTestUser('newcomer');
    const res = await api(members(t.a.id), {
      token: t.a.admin.token,
      body: { email: `  ${user.email.toUpperCase()}  `, roleId: t.a.roles.Operator },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      userId: user.id,
      email: user.email,
      role: { id: t.a.roles.Operator, name: 'Operator' },
    });
    expect(res.body.id).toMatch(/^mem_/);

    const workspacesOfUser = await api('/api/v1/workspaces', { token: user.token });
    expect(workspacesOfUser.body.data).toEqual([
      expect.objectContaining({ id: t.a.id, role: expect.objectContaining({ name: 'Operator' }) }),
    ]);
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, res.body.id), eq(auditLog.action, 'member.add')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toEqual([expect.objectContaining({ workspaceId: t.a.id, actorId: t.a.admin.id })]);
  });

  it('answers 404 with a clear message for an e-mail nobody registered', async () => {
    const res = await api(members(t.a.id), {
      token: t.a.owner.token,
      body: { email: 'nobody-here@test.nexova.local', roleId: t.a.roles.Viewer },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/No Nexova account uses nobody-here@test\.nexova\.local.*sign up/);
  });

  it('answers 409 when the user is already a member, and keeps their role', async () => {
    const res = await api(members(t.a.id), {
      token: t.a.owner.token,
      body: { email: t.a.viewer.email, roleId: t.a.roles.Admin },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    const [row] = await testDb().select().from(memberships).where(eq(memberships.id, t.a.viewer.membershipId));
    expect(row!.roleId).toBe(t.a.roles.Viewer);
  });

  it("refuses another workspace's role with 400", async () => {
    const user = await createTestUser('crossrole');
    const res = await api(members(t.a.id), {
      token: t.a.owner.token,
      body: { email: user.email, roleId: t.b.roles.Viewer },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/role does not exist/);
  });

  it('refuses a malformed e-mail with 400', async () => {
    const res = await api(members(t.a.id), {
      token: t.a.owner.token,
      body: { email: 'not-an-email', roleId: t.a.roles.Viewer },
    });
    expect(res.status).toBe(400);
  });

  it('lets only an Owner grant the Owner role: an Admin gets 403', async () => {
    const user = await createTestUser('wannabe');
    const byAdmin = await api(members(t.a.id), {
      token: t.a.admin.token,
      body: { email: user.email, roleId: t.a.roles.Owner },
    });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.message).toBe('Only an Owner can grant the Owner role');

    const byOwner = await api(members(t.a.id), {
      token: t.a.owner.token,
      body: { email: user.email, roleId: t.a.roles.Owner },
    });
    expect(byOwner.status).toBe(201);
  });

  it('refuses to grant a role wider than the granter’s own: an Admin cannot hand out a custom `*` role', async () => {
    const w = await seedWorkspace('Escalation shop');
    const admin = await addMember(w, 'Admin');
    const superRole = await api(`/api/v1/workspaces/${w.id}/roles`, {
      token: w.owner.token,
      body: { name: 'Everything', permissions: ['*'] },
    });
    expect(superRole.status).toBe(201);
    const res = await api(members(w.id), {
      token: admin.token,
      body: { email: (await createTestUser('x')).email, roleId: superRole.body.id },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/permissions you do not hold: \*/);
  });
});

describe('PATCH /api/v1/workspaces/:id/members/:memberId', () => {
  it("changes a member's role and records before and after", async () => {
    const w = await seedWorkspace('Promotion shop');
    const viewer = await addMember(w, 'Viewer');
    const res = await api(member(w.id, viewer.membershipId), {
      method: 'PATCH',
      token: w.owner.token,
      body: { roleId: w.roles.Operator },
    });
    expect(res.status).toBe(200);
    expect(res.body.role).toEqual({ id: w.roles.Operator, name: 'Operator' });
    expect((await api('/api/v1/workspace', { token: viewer.token, workspaceId: w.id })).body.role.name).toBe(
      'Operator',
    );
    const [audit] = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, viewer.membershipId), eq(auditLog.action, 'member.update')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audit).toMatchObject({ before: { roleName: 'Viewer' }, after: { roleName: 'Operator' } });
  });

  it('refuses to demote the last Owner with 409', async () => {
    const w = await seedWorkspace('Lonely owner shop');
    const res = await api(member(w.id, w.owner.membershipId), {
      method: 'PATCH',
      token: w.owner.token,
      body: { roleId: w.roles.Admin },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/at least one Owner/);
    expect((await api(`/api/v1/workspaces/${w.id}`, { token: w.owner.token })).body.role.name).toBe('Owner');
  });

  it('lets an Owner step down once another Owner exists', async () => {
    const w = await seedWorkspace('Two owners shop');
    await addMember(w, 'Owner');
    const res = await api(member(w.id, w.owner.membershipId), {
      method: 'PATCH',
      token: w.owner.token,
      body: { roleId: w.roles.Admin },
    });
    expect(res.status).toBe(200);
    expect(res.body.role.name).toBe('Admin');
  });

  it('keeps Admins away from Owners: they cannot promote to Owner nor change an Owner', async () => {
    const w = await seedWorkspace('Admin limits shop');
    const admin = await addMember(w, 'Admin');
    const viewer = await addMember(w, 'Viewer');
    const promote = await api(member(w.id, viewer.membershipId), {
      method: 'PATCH',
      token: admin.token,
      body: { roleId: w.roles.Owner },
    });
    expect(promote.status).toBe(403);
    expect(promote.body.error.message).toBe('Only an Owner can grant the Owner role');
    const demote = await api(member(w.id, w.owner.membershipId), {
      method: 'PATCH',
      token: admin.token,
      body: { roleId: w.roles.Viewer },
    });
    expect(demote.status).toBe(403);
    expect(demote.body.error.message).toBe('Only an Owner can change the role of an Owner');
  });

  it('answers 404 for a member of another workspace', async () => {
    const res = await api(member(t.a.id, t.b.owner.membershipId), {
      method: 'PATCH',
      token: t.a.owner.token,
      body: { roleId: t.a.roles.Viewer },
    });
    expect(res.status).toBe(404);
  });
});

describe('DELETE /api/v1/workspaces/:id/members/:memberId', () => {
  it('removes a member: 204, their access ends, audited', async () => {
    const w = await seedWorkspace('Removal shop');
    const operator = await addMember(w, 'Operator');
    const res = await api(member(w.id, operator.membershipId), { method: 'DELETE', token: w.owner.token });
    expect(res.status).toBe(204);
    expect((await api(`/api/v1/workspaces/${w.id}`, { token: operator.token })).status).toBe(404);
    expect((await api(member(w.id, operator.membershipId), { method: 'DELETE', token: w.owner.token })).status).toBe(
      404,
    );
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, operator.membershipId), eq(auditLog.action, 'member.remove')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toHaveLength(1);
  });

  it('refuses to remove the last Owner with 409, even by themselves', async () => {
    const w = await seedWorkspace('Keep owner shop');
    const res = await api(member(w.id, w.owner.membershipId), { method: 'DELETE', token: w.owner.token });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/last Owner cannot be removed/);
    expect((await api(`/api/v1/workspaces/${w.id}`, { token: w.owner.token })).status).toBe(200);
  });

  it('lets an Owner remove another Owner, but not an Admin', async () => {
    const w = await seedWorkspace('Owner removal shop');
    const second = await addMember(w, 'Owner');
    const admin = await addMember(w, 'Admin');
    const byAdmin = await api(member(w.id, second.membershipId), { method: 'DELETE', token: admin.token });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.message).toBe('Only an Owner can remove an Owner');
    const byOwner = await api(member(w.id, second.membershipId), { method: 'DELETE', token: w.owner.token });
    expect(byOwner.status).toBe(204);
  });

  it('two Owners removing each other at once leave exactly one Owner', async () => {
    const w = await seedWorkspace('Race shop');
    const second = await addMember(w, 'Owner');
    const [first, other] = await Promise.all([
      api(member(w.id, second.membershipId), { method: 'DELETE', token: w.owner.token }),
      api(member(w.id, w.owner.membershipId), { method: 'DELETE', token: second.token }),
    ]);
    // The loser is refused either as the last Owner (409) or, if it started after the winner
    // committed, as someone who is no longer a member (404). Never both removed.
    const statuses = [first.status, other.status].sort();
    expect(statuses[0]).toBe(204);
    expect([404, 409]).toContain(statuses[1]);
    const owners = await testDb()
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, w.id), eq(memberships.roleId, w.roles.Owner)));
    expect(owners).toHaveLength(1);
  });
});
