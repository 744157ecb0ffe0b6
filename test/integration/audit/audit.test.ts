import { and, eq, isNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { exports } from 'cloudflare:workers';
import { auditLog, users, workspaces } from '../../../db/schema';
import { hashPassword } from '../../../workers/core/auth/password';
import { newId } from '../../../db/ids';
import { purgeAuditLog } from '../../../workers/core/audit/retention';
import type { ListAuditResponse } from '../../../workers/http/routes/audit/list';
import { api } from '../../harness/api';
import { GOOD_PASSWORD, uniqueIp } from '../../harness/auth';
import { testDb, uniqueEmail } from '../../harness/db';
import { seedTenants, seedWorkspace, type Tenants } from '../../harness/tenants';

const pageOf = (raw: unknown) => raw as ListAuditResponse;

let t: Tenants;
beforeAll(async () => {
  t = await seedTenants();
});

let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(GOOD_PASSWORD);
});

/** A user with a password (hashed once for the file) who owns a workspace, and the token to read its trail. */
async function ownerWithWorkspace() {
  const workspace = await seedWorkspace('Auditada');
  await testDb().update(users).set({ passwordHash }).where(eq(users.id, workspace.owner.id));
  return { ...workspace.owner, password: GOOD_PASSWORD, workspaceId: workspace.id };
}

/** The raw bytes of a response (`Response.text()` would drop the BOM). */
async function rawGet(path: string, token: string, workspaceId: string): Promise<{ res: Response; bytes: Uint8Array }> {
  const res = await exports.default.fetch(`http://nexova.test${path}`, {
    headers: { authorization: `Bearer ${token}`, 'x-workspace-id': workspaceId },
  });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const loginFrom = (email: string, password: string, ip: string, userAgent: string) =>
  api('/api/v1/auth/login', {
    body: { email, password },
    headers: { 'cf-connecting-ip': ip, 'user-agent': userAgent },
  });

describe('GET /api/v1/audit', () => {
  it('shows a failed and a successful login with IP, user agent and the failure reason, newest first', async () => {
    const owner = await ownerWithWorkspace();
    const ip = uniqueIp();
    expect((await loginFrom(owner.email, 'not-the-password-1', ip, 'Firefox/130 auditoria')).status).toBe(401);
    expect((await loginFrom(owner.email, owner.password, ip, 'Firefox/130 auditoria')).status).toBe(200);

    const res = await api('/api/v1/audit?entityType=user', { token: owner.token, workspaceId: owner.workspaceId });
    expect(res.status).toBe(200);
    const page = pageOf(res.body);
    const [success, failure] = page.items.filter((e) => e.ip === ip);
    expect(success).toMatchObject({
      action: 'auth.login',
      actorId: owner.id,
      actorEmail: owner.email,
      entityId: owner.id,
      ip,
      userAgent: 'Firefox/130 auditoria',
    });
    expect(success!.requestId).toEqual(expect.any(String));
    expect(failure).toMatchObject({ action: 'auth.login_failed', ip, userAgent: 'Firefox/130 auditoria' });
    expect(failure!.after).toEqual({ reason: 'wrong_password' });
    expect(JSON.stringify(page)).not.toContain('not-the-password-1');
  });

  it('keeps failed logins for unknown e-mails outside every workspace', async () => {
    const email = uniqueEmail('ghost');
    expect((await loginFrom(email, 'whatever-password-1', uniqueIp(), 'curl/8')).status).toBe(401);
    const rows = await testDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.login_failed'), sql`${auditLog.after}->>'email' = ${email}`));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ workspaceId: null, actorId: null, after: { reason: 'unknown_email', email } });
    const res = await api('/api/v1/audit?action=auth.login_failed&limit=100', {
      token: t.a.owner.token,
      workspaceId: t.a.id,
    });
    expect(JSON.stringify(res.body)).not.toContain(email);
  });

  it('records logout, a password-reset request and its completion for the members’ workspaces', async () => {
    const owner = await ownerWithWorkspace();
    const session = await loginFrom(owner.email, owner.password, uniqueIp(), 'vitest');
    const out = await api('/api/v1/auth/logout', { body: { refreshToken: session.body.refreshToken } });
    expect(out.status).toBeLessThan(300);
    expect((await api('/api/v1/auth/forgot-password', { body: { email: owner.email } })).status).toBeLessThan(300);
    const res = await api('/api/v1/audit?limit=100', { token: owner.token, workspaceId: owner.workspaceId });
    const actions = pageOf(res.body).items.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.logout', 'auth.password_reset_requested', 'workspace.create']),
    );
  });

  it('filters by action, entity and date range and pages with a cursor', async () => {
    const owner = await ownerWithWorkspace();
    for (let i = 0; i < 3; i++) await loginFrom(owner.email, owner.password, uniqueIp(), `agent-${i}`);
    const q = (query: string) => api(`/api/v1/audit?${query}`, { token: owner.token, workspaceId: owner.workspaceId });

    const first = pageOf((await q('action=auth.login&limit=2')).body);
    expect(first.items).toHaveLength(2);
    expect(first.items.every((e) => e.action === 'auth.login')).toBe(true);
    expect(first.nextCursor).not.toBeNull();
    const second = pageOf((await q(`action=auth.login&limit=2&cursor=${first.nextCursor}`)).body);
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort().reverse());
    expect(all).toHaveLength(3);

    const byEntity = pageOf((await q(`entityType=workspace&entityId=${owner.workspaceId}`)).body);
    expect(byEntity.items.map((e) => e.action)).toEqual(['workspace.create']);
    const future = pageOf((await q(`from=${new Date(Date.now() + 60_000).toISOString()}`)).body);
    expect(future.items).toEqual([]);
    const past = pageOf((await q(`to=${new Date(Date.now() - 3_600_000).toISOString()}`)).body);
    expect(past.items).toEqual([]);
    expect((await q('action=no.such_action')).status).toBe(400);
  });

  it('answers 403 to a Viewer and shows another workspace nothing', async () => {
    const viewer = await api('/api/v1/audit', { token: t.a.viewer.token, workspaceId: t.a.id });
    expect(viewer.status).toBe(403);
    expect((await api('/api/v1/audit/export', { token: t.a.viewer.token, workspaceId: t.a.id })).status).toBe(403);
    const a = pageOf((await api('/api/v1/audit?limit=100', { token: t.a.owner.token, workspaceId: t.a.id })).body);
    expect(a.items.length).toBeGreaterThan(0);
    const b = pageOf((await api('/api/v1/audit?limit=100', { token: t.b.owner.token, workspaceId: t.b.id })).body);
    const aIds = new Set(a.items.map((e) => e.id));
    expect(b.items.some((e) => aIds.has(e.id))).toBe(false);
    expect(b.items.every((e) => e.entityId !== t.a.id)).toBe(true);
    // B's owner asking for A's trail is not a member of A.
    expect((await api('/api/v1/audit', { token: t.b.owner.token, workspaceId: t.a.id })).status).toBe(404);
  });
});

describe('GET /api/v1/audit/export', () => {
  it('streams the trail as CSV with a BOM, both logins in it, formula cells neutralised', async () => {
    const owner = await ownerWithWorkspace();
    const ip = uniqueIp();
    await loginFrom(owner.email, 'not-the-password-1', ip, '=HYPERLINK("http://evil")');
    await loginFrom(owner.email, owner.password, ip, 'Chrome/131');
    const { res, bytes } = await rawGet(
      '/api/v1/audit/export?entityType=user&separator=semicolon',
      owner.token,
      owner.workspaceId,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="auditoria-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"fecha";"actor_tipo";"actor_id";"actor_email";"accion";"descripcion";"entidad_tipo";"entidad_id";"ip";"user_agent";"request_id";"antes";"despues"',
    );
    const success = lines.find((l) => l.includes('"auth.login"') && l.includes(ip));
    const failure = lines.find((l) => l.includes('"auth.login_failed"') && l.includes(ip));
    expect(success).toContain('"Chrome/131"');
    expect(success).toContain(`"${owner.email}"`);
    expect(failure).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(failure).toContain('"{""reason"":""wrong_password""}"');
    expect(lines.indexOf(success!)).toBeLessThan(lines.indexOf(failure!));
  });
});

describe('audit retention', () => {
  it('purges rows older than each workspace’s retention, in batches, and keeps the rest', async () => {
    const db = testDb();
    const [short] = await db.select().from(workspaces).where(eq(workspaces.id, t.b.id));
    await db
      .update(workspaces)
      .set({ settings: { ...short!.settings, auditRetentionDays: 30 } })
      .where(eq(workspaces.id, t.b.id));
    const day = 86_400_000;
    const now = new Date();
    const row = (workspaceId: string | null, ageDays: number, entityId: string) => ({
      id: newId('aud'),
      workspaceId,
      actorType: 'system' as const,
      action: 'workspace.update',
      entityType: 'retention_probe',
      entityId,
      createdAt: new Date(now.getTime() - ageDays * day),
    });
    const marker = crypto.randomUUID();
    await db
      .insert(auditLog)
      .values([
        row(t.a.id, 400, `${marker}-a-old`),
        row(t.a.id, 364, `${marker}-a-kept`),
        row(t.b.id, 31, `${marker}-b-old`),
        row(t.b.id, 40, `${marker}-b-old2`),
        row(t.b.id, 29, `${marker}-b-kept`),
        row(null, 366, `${marker}-none-old`),
      ]);
    const purged = await purgeAuditLog(db, now, { batchSize: 2, maxBatches: 50 });
    expect(purged).toBeGreaterThanOrEqual(4);
    const left = await db
      .select({ entityId: auditLog.entityId })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'retention_probe'), sql`${auditLog.entityId} like ${`${marker}%`}`));
    expect(left.map((r) => r.entityId).sort()).toEqual([`${marker}-a-kept`, `${marker}-b-kept`]);
    const orphans = await db
      .select()
      .from(auditLog)
      .where(and(isNull(auditLog.workspaceId), eq(auditLog.entityId, `${marker}-none-old`)));
    expect(orphans).toEqual([]);
  });
});
