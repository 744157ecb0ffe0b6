import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, memberships, roles, workspaces } from '../../../db/schema';
import { api } from '../../harness/api';
import { testDb } from '../../harness/db';
import { createTestUser, seedTenants, seedWorkspace, type SeededUser, type Tenants } from '../../harness/tenants';

const DEFAULT_SETTINGS = { currency: 'ARS', timezone: 'America/Argentina/Buenos_Aires', language: 'es-AR' };

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

describe('POST /api/v1/workspaces', () => {
  let creator: SeededUser;
  beforeAll(async () => {
    creator = await createTestUser('creator');
  });

  it('creates the workspace with default settings, four roles, the creator as Owner and audit rows, in one go', async () => {
    const res = await api('/api/v1/workspaces', { token: creator.token, body: { name: '  Kiosco Norte ' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Kiosco Norte',
      settings: DEFAULT_SETTINGS,
      role: { name: 'Owner' },
      permissions: ['*'],
    });
    const id: string = res.body.id;
    expect(id).toMatch(/^ws_/);
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);

    const db = testDb();
    const roleRows = await db.select().from(roles).where(eq(roles.workspaceId, id));
    expect(roleRows.map((r) => [r.name, r.isSystem]).sort()).toEqual([
      ['Admin', true],
      ['Operator', false],
      ['Owner', true],
      ['Viewer', false],
    ]);
    const owner = roleRows.find((r) => r.name === 'Owner')!;
    const members = await db.select().from(memberships).where(eq(memberships.workspaceId, id));
    expect(members).toEqual([expect.objectContaining({ userId: creator.id, roleId: owner.id, status: 'ACTIVE' })]);
    expect(res.body.role.id).toBe(owner.id);

    const audits = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.workspaceId, id))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits.map((a) => a.action).sort()).toEqual([
      'member.add',
      'role.create',
      'role.create',
      'role.create',
      'role.create',
      'workspace.create',
    ]);
    expect(audits.every((a) => a.actorType === 'user' && a.actorId === creator.id)).toBe(true);
    expect(audits.every((a) => a.requestId === res.headers.get('x-request-id'))).toBe(true);
  });

  it('keeps the settings sent and defaults the rest', async () => {
    const res = await api('/api/v1/workspaces', {
      token: creator.token,
      body: { name: 'Montevideo', settings: { currency: 'UYU', timezone: 'America/Montevideo' } },
    });
    expect(res.status).toBe(201);
    expect(res.body.settings).toEqual({ currency: 'UYU', timezone: 'America/Montevideo', language: 'es-AR' });
  });

  it.each([
    ['an unknown time zone', { name: 'x', settings: { timezone: 'America/Atlantis' } }, /timezone/],
    ['an unknown currency', { name: 'x', settings: { currency: 'XXY' } }, /currency/],
    ['a lower-case currency', { name: 'x', settings: { currency: 'ars' } }, /currency/],
    ['an unknown settings key', { name: 'x', settings: { colour: 'red' } }, /settings/],
    ['an empty name', { name: '   ' }, /name/],
    ['an unknown body key', { name: 'x', plan: 'gold' }, /plan|Unrecognized/],
  ])('refuses %s with 400 and writes nothing', async (_, body, message) => {
    const before = await testDb().select().from(workspaces).where(eq(workspaces.createdBy, creator.id));
    const res = await api('/api/v1/workspaces', { token: creator.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toMatch(message);
    const after = await testDb().select().from(workspaces).where(eq(workspaces.createdBy, creator.id));
    expect(after).toHaveLength(before.length);
  });

  it('requires authentication', async () => {
    const res = await api('/api/v1/workspaces', { body: { name: 'Anon' } });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/v1/workspaces', () => {
  it("lists only the caller's workspaces, with the caller's role in each", async () => {
    const res = await api('/api/v1/workspaces', { token: t.a.viewer.token });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({ id: t.a.id, name: 'Tenant A', role: { id: t.a.roles.Viewer, name: 'Viewer' } }),
    ]);

    const owner = await api('/api/v1/workspaces', { token: t.b.owner.token });
    expect(owner.body.data.map((w: { id: string }) => w.id)).toEqual([t.b.id]);
  });

  it('shows a user in two workspaces both, with a role each', async () => {
    const second = await seedWorkspace('Second shop', t.a.operator);
    const res = await api('/api/v1/workspaces', { token: t.a.operator.token });
    expect(res.body.data.map((w: { id: string; role: { name: string } }) => [w.id, w.role.name])).toEqual([
      [t.a.id, 'Operator'],
      [second.id, 'Owner'],
    ]);
  });

  it('is empty for a user with no membership', async () => {
    const res = await api('/api/v1/workspaces', { token: t.outsider.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [] });
  });

  it('leaves out workspaces where the membership is suspended', async () => {
    const w = await seedWorkspace('Suspended shop');
    const member = await createTestUser('suspended');
    await testDb()
      .insert(memberships)
      .values({
        id: `mem_${crypto.randomUUID()}`,
        workspaceId: w.id,
        userId: member.id,
        roleId: w.roles.Viewer,
        status: 'SUSPENDED',
      });
    expect((await api('/api/v1/workspaces', { token: member.token })).body.data).toEqual([]);
    expect((await api(`/api/v1/workspaces/${w.id}`, { token: member.token })).status).toBe(404);
  });
});

describe('GET /api/v1/workspaces/:id', () => {
  it('answers a member with the workspace, their role and their permissions', async () => {
    const res = await api(`/api/v1/workspaces/${t.a.id}`, { token: t.a.operator.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: t.a.id,
      name: 'Tenant A',
      settings: DEFAULT_SETTINGS,
      role: { name: 'Operator' },
    });
    expect(res.body.permissions).toContain('orders:*');
  });

  it('answers 404 for an id that does not exist', async () => {
    const res = await api('/api/v1/workspaces/ws_00000000000000000000000000', { token: t.a.owner.token });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Workspace not found' });
  });
});

describe('PATCH /api/v1/workspaces/:id', () => {
  it('renames and merges settings: keys not sent keep their value', async () => {
    const w = await seedWorkspace('Merge shop');
    const first = await api(`/api/v1/workspaces/${w.id}`, {
      method: 'PATCH',
      token: w.owner.token,
      body: { settings: { timezone: 'America/Argentina/Cordoba' } },
    });
    expect(first.status).toBe(200);
    expect(first.body.settings).toEqual({ ...DEFAULT_SETTINGS, timezone: 'America/Argentina/Cordoba' });

    const second = await api(`/api/v1/workspaces/${w.id}`, {
      method: 'PATCH',
      token: w.owner.token,
      body: { name: 'Merged shop', settings: { currency: 'USD' } },
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      name: 'Merged shop',
      settings: { currency: 'USD', timezone: 'America/Argentina/Cordoba', language: 'es-AR' },
      role: { name: 'Owner' },
    });

    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, w.id), eq(auditLog.action, 'workspace.update')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toHaveLength(2);
    expect(audits.find((a) => (a.after as { name: string }).name === 'Merged shop')).toMatchObject({
      before: { name: 'Merge shop', settings: { currency: 'ARS' } },
      after: { name: 'Merged shop', settings: { currency: 'USD' } },
    });
  });

  it('refuses an invalid time zone or currency with 400 and changes nothing', async () => {
    const w = await seedWorkspace('Strict shop');
    for (const settings of [{ timezone: 'Nowhere/Land' }, { currency: 'DOLLARS' }]) {
      const res = await api(`/api/v1/workspaces/${w.id}`, {
        method: 'PATCH',
        token: w.owner.token,
        body: { settings },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const [row] = await testDb().select().from(workspaces).where(eq(workspaces.id, w.id));
    expect(row!.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses an empty patch with 400', async () => {
    const res = await api(`/api/v1/workspaces/${t.a.id}`, { method: 'PATCH', token: t.a.owner.token, body: {} });
    expect(res.status).toBe(400);
  });

  it('needs workspaces:update: a Viewer gets 403 naming it', async () => {
    const res = await api(`/api/v1/workspaces/${t.a.id}`, {
      method: 'PATCH',
      token: t.a.viewer.token,
      body: { name: 'Mine' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: 'Missing permission workspaces:update' });
  });
});

describe('DELETE /api/v1/workspaces/:id', () => {
  it('soft-deletes: the workspace then answers 404 and leaves every list, but its row stays', async () => {
    const w = await seedWorkspace('Doomed shop');
    const res = await api(`/api/v1/workspaces/${w.id}`, { method: 'DELETE', token: w.owner.token });
    expect(res.status).toBe(204);

    expect((await api(`/api/v1/workspaces/${w.id}`, { token: w.owner.token })).status).toBe(404);
    expect((await api('/api/v1/workspace', { token: w.owner.token, workspaceId: w.id })).status).toBe(404);
    expect((await api(`/api/v1/workspaces/${w.id}/members`, { token: w.owner.token })).status).toBe(404);
    expect((await api('/api/v1/workspaces', { token: w.owner.token })).body.data).toEqual([]);
    expect((await api(`/api/v1/workspaces/${w.id}`, { method: 'DELETE', token: w.owner.token })).status).toBe(404);

    const [row] = await testDb().select().from(workspaces).where(eq(workspaces.id, w.id));
    expect(row!.deletedAt).toBeInstanceOf(Date);
    const audits = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, w.id), eq(auditLog.action, 'workspace.delete')))
      .orderBy(asc(auditLog.createdAt), asc(auditLog.id));
    expect(audits).toEqual([expect.objectContaining({ actorId: w.owner.id, entityId: w.id })]);
  });

  it('is for Owners only: Admin, Operator and Viewer get 403 and the workspace stays', async () => {
    for (const member of [t.a.admin, t.a.operator, t.a.viewer]) {
      const res = await api(`/api/v1/workspaces/${t.a.id}`, { method: 'DELETE', token: member.token });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('Missing permission workspaces:delete');
    }
    expect((await api(`/api/v1/workspaces/${t.a.id}`, { token: t.a.owner.token })).status).toBe(200);
  });

  it('a custom role listing workspaces:delete still cannot delete: only the Owner role can', async () => {
    const w = await seedWorkspace('Custom delete shop');
    const created = await api(`/api/v1/workspaces/${w.id}/roles`, {
      token: w.owner.token,
      body: { name: 'Deleter', permissions: ['workspaces:read', 'workspaces:delete'] },
    });
    expect(created.status).toBe(201);
    const deleter = await createTestUser('deleter');
    const invited = await api(`/api/v1/workspaces/${w.id}/members`, {
      token: w.owner.token,
      body: { email: deleter.email, roleId: created.body.id },
    });
    expect(invited.status).toBe(201);
    const res = await api(`/api/v1/workspaces/${w.id}`, { method: 'DELETE', token: deleter.token });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Only an Owner can delete the workspace');
  });
});

describe('GET /api/v1/workspace (the x-workspace-id workspace)', () => {
  it("answers with the header's workspace, the caller's role and effective permissions", async () => {
    const res = await api('/api/v1/workspace', { token: t.a.admin.token, workspaceId: t.a.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: t.a.id, role: { id: t.a.roles.Admin, name: 'Admin' } });
    expect(res.body.permissions).toContain('orders:*');
    expect(res.body.permissions).not.toContain('*');
  });

  it('answers 400 without the header', async () => {
    const res = await api('/api/v1/workspace', { token: t.a.owner.token });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', message: 'Missing x-workspace-id header' });
  });

  it('checks authentication before the header: no token is 401', async () => {
    expect((await api('/api/v1/workspace', { workspaceId: t.a.id })).status).toBe(401);
  });
});
