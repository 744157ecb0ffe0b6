/**
 * Tenant isolation: nobody reaches a workspace they are not an active member of. Every route of
 * workspace B answers 404 to members of A (whatever their role, so 404 comes before 403) and to
 * an outsider, exactly as for a workspace that does not exist, and nothing in B changes.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberships, roles, workspaces } from '../../../db/schema';
import { api, type ApiRequest } from '../../harness/api';
import { testDb } from '../../harness/db';
import { createTestUser, seedTenants, type SeededUser, type Tenants } from '../../harness/tenants';

let t: Tenants;
let snapshotOfB: unknown;

async function snapshot(workspaceId: string) {
  const db = testDb();
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  const members = await db.select().from(memberships).where(eq(memberships.workspaceId, workspaceId));
  const roleRows = await db.select().from(roles).where(eq(roles.workspaceId, workspaceId));
  return { workspace, members, roles: roleRows.sort((x, y) => x.id.localeCompare(y.id)) };
}

beforeAll(async () => {
  t = await seedTenants();
  snapshotOfB = await snapshot(t.b.id);
});

/** Every route of one workspace, aimed at its own owner membership and Viewer role. */
function routesOf(w: { id: string; owner: { membershipId: string }; roles: { Viewer: string } }, invitee: SeededUser) {
  const base = `/api/v1/workspaces/${w.id}`;
  const routes: Array<{ name: string; path: string } & ApiRequest> = [
    { name: 'GET workspace', path: base },
    { name: 'PATCH workspace', path: base, method: 'PATCH', body: { name: 'Taken over' } },
    { name: 'DELETE workspace', path: base, method: 'DELETE' },
    { name: 'GET members', path: `${base}/members` },
    { name: 'POST members', path: `${base}/members`, body: { email: invitee.email, roleId: w.roles.Viewer } },
    {
      name: 'PATCH member',
      path: `${base}/members/${w.owner.membershipId}`,
      method: 'PATCH',
      body: { roleId: w.roles.Viewer },
    },
    { name: 'DELETE member', path: `${base}/members/${w.owner.membershipId}`, method: 'DELETE' },
    { name: 'GET roles', path: `${base}/roles` },
    { name: 'POST roles', path: `${base}/roles`, body: { name: 'Intruder', permissions: ['*'] } },
    { name: 'PATCH role', path: `${base}/roles/${w.roles.Viewer}`, method: 'PATCH', body: { permissions: ['*'] } },
    { name: 'DELETE role', path: `${base}/roles/${w.roles.Viewer}`, method: 'DELETE' },
    { name: 'GET /workspace with its x-workspace-id', path: '/api/v1/workspace', workspaceId: w.id },
  ];
  return routes;
}

describe('tenant isolation', () => {
  it.each(['owner', 'admin', 'operator', 'viewer', 'outsider'] as const)(
    'every route of workspace B answers %s of A with the same 404 as a missing workspace, and B is unchanged',
    async (who) => {
      const caller = who === 'outsider' ? t.outsider : t.a[who];
      const invitee = await createTestUser('invitee');
      const missing = { id: 'ws_00000000000000000000000000', owner: t.b.owner, roles: t.b.roles };
      const intoB = routesOf(t.b, invitee);
      const intoNowhere = routesOf(missing, invitee);
      for (const [i, { name, path, ...request }] of intoB.entries()) {
        const res = await api(path, { ...request, token: caller.token });
        expect(res.status, name).toBe(404);
        expect(res.body.error, name).toMatchObject({ code: 'NOT_FOUND', message: 'Workspace not found' });
        const { name: _, path: nowherePath, ...nowhere } = intoNowhere[i]!;
        const control = await api(nowherePath, { ...nowhere, token: caller.token });
        expect({ status: control.status, message: control.body.error.message }, name).toEqual({
          status: res.status,
          message: res.body.error.message,
        });
      }
      expect(await snapshot(t.b.id)).toEqual(snapshotOfB);
    },
  );

  it('the outsider gets 404 on every route of workspace A too', async () => {
    for (const { name, path, ...request } of routesOf(t.a, await createTestUser('invitee'))) {
      const res = await api(path, { ...request, token: t.outsider.token });
      expect(res.status, name).toBe(404);
    }
  });

  it("B's ids used under A's path are not found: its member, its role", async () => {
    const base = `/api/v1/workspaces/${t.a.id}`;
    const attempts: Array<{ path: string } & ApiRequest> = [
      { path: `${base}/members/${t.b.owner.membershipId}`, method: 'PATCH', body: { roleId: t.a.roles.Viewer } },
      { path: `${base}/members/${t.b.owner.membershipId}`, method: 'DELETE' },
      { path: `${base}/roles/${t.b.roles.Viewer}`, method: 'PATCH', body: { name: 'Renamed' } },
      { path: `${base}/roles/${t.b.roles.Viewer}`, method: 'DELETE' },
    ];
    for (const { path, ...request } of attempts) {
      const res = await api(path, { ...request, token: t.a.owner.token });
      expect(res.status, `${request.method} ${path}`).toBe(404);
    }
    expect(await snapshot(t.b.id)).toEqual(snapshotOfB);
  });

  it('B never shows up in the lists of A’s members', async () => {
    for (const member of [t.a.owner, t.a.admin, t.a.operator, t.a.viewer]) {
      const list = await api('/api/v1/workspaces', { token: member.token });
      expect(list.body.data.map((w: { id: string }) => w.id)).not.toContain(t.b.id);
    }
    const people = await api(`/api/v1/workspaces/${t.a.id}/members`, { token: t.a.owner.token });
    expect(people.body.data.map((m: { userId: string }) => m.userId)).not.toContain(t.b.owner.id);
    const roleList = await api(`/api/v1/workspaces/${t.a.id}/roles`, { token: t.a.owner.token });
    expect(roleList.body.data.map((r: { id: string }) => r.id).sort()).toEqual(Object.values(t.a.roles).sort());
  });

  it('a tenant route answers 400 without x-workspace-id and 404 for a workspace id that is not the caller’s', async () => {
    const missing = await api('/api/v1/workspace', { token: t.a.owner.token });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('Missing x-workspace-id header');
    for (const workspaceId of [t.b.id, 'ws_00000000000000000000000000', 'not-an-id', "' or 1=1 --"]) {
      const res = await api('/api/v1/workspace', { token: t.a.owner.token, workspaceId });
      expect(res.status, workspaceId).toBe(404);
    }
  });

  it('the path workspace wins over a different x-workspace-id header', async () => {
    const res = await api(`/api/v1/workspaces/${t.b.id}`, { token: t.a.owner.token, workspaceId: t.a.id });
    expect(res.status).toBe(404);
    const own = await api(`/api/v1/workspaces/${t.a.id}`, { token: t.a.owner.token, workspaceId: t.b.id });
    expect(own.status).toBe(200);
  });
});
