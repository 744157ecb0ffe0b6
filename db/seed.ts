/**
 * The development seed: the demo Owner and the "Demo Store" workspace (ARS, es-AR,
 * America/Argentina/Buenos_Aires) with its default roles and the Owner's membership. Run by
 * `npm run dev` and `npm run db:seed`. Products and customers are added by the catalogue issues.
 *
 * It composes the same domain functions the API uses (password hashing, workspace creation), so
 * the demo data looks exactly like data created through the API. That is why this file, unlike
 * the rest of db/, imports from workers/ (see eslint.config.js).
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { hashPassword } from '../workers/core/auth/password';
import { DEFAULT_ROLES, OWNER_ROLE_NAME } from '../workers/core/rbac/catalogue';
import type { DbOrTx } from './client';
import { newId } from './ids';
import { memberships, roles, users, workspaces, type WorkspaceSettings } from './schema';

export const DEMO_LOGIN = { email: 'demo@nexova.local', password: 'nexova-demo-2026' } as const;

export const DEMO_WORKSPACE = {
  name: 'Demo Store',
  settings: {
    currency: 'ARS',
    timezone: 'America/Argentina/Buenos_Aires',
    language: 'es-AR',
  } satisfies WorkspaceSettings,
} as const;

export interface SeedResult {
  userId: string;
  workspaceId: string;
  workspaceName: string;
  /** False when everything was already there (nothing was written). */
  created: boolean;
}

/**
 * Idempotent: creates what is missing and changes nothing that exists, so running it twice
 * leaves the database as the first run did. Concurrent runs serialise on an advisory lock.
 */
export async function seedDatabase(db: DbOrTx): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('nexova:seed'))`);

    let created = false;
    let [user] = await tx.select().from(users).where(eq(users.email, DEMO_LOGIN.email));
    if (!user) {
      [user] = await tx
        .insert(users)
        .values({
          id: newId('usr'),
          email: DEMO_LOGIN.email,
          passwordHash: await hashPassword(DEMO_LOGIN.password),
          firstName: 'Demo',
          lastName: 'Owner',
        })
        .returning();
      created = true;
    }

    let [workspace] = await tx
      .select({ id: workspaces.id, name: workspaces.name })
      .from(workspaces)
      .where(
        and(eq(workspaces.createdBy, user!.id), eq(workspaces.name, DEMO_WORKSPACE.name), isNull(workspaces.deletedAt)),
      );
    if (!workspace) {
      workspace = await createWorkspaceWithDefaultRoles(tx, {
        name: DEMO_WORKSPACE.name,
        settings: { ...DEMO_WORKSPACE.settings },
        ownerUserId: user!.id,
      });
      created = true;
    }

    return { userId: user!.id, workspaceId: workspace.id, workspaceName: workspace.name, created };
  });
}

/**
 * LOCAL STAND-IN for the tenancy module's workspace creation (workers/core/tenancy), which did
 * not exist yet when the seed was written: a workspace, the four default roles of the RBAC
 * catalogue, and an ACTIVE Owner membership. Replace it with the tenancy function as soon as it
 * lands, so the seed and `POST /api/v1/workspaces` share one code path.
 */
async function createWorkspaceWithDefaultRoles(
  tx: DbOrTx,
  input: { name: string; settings: WorkspaceSettings; ownerUserId: string },
): Promise<{ id: string; name: string }> {
  const [workspace] = await tx
    .insert(workspaces)
    .values({ id: newId('ws'), name: input.name, settings: input.settings, createdBy: input.ownerUserId })
    .returning({ id: workspaces.id, name: workspaces.name });
  const created = await tx
    .insert(roles)
    .values(
      DEFAULT_ROLES.map((role) => ({
        id: newId('rol'),
        workspaceId: workspace!.id,
        name: role.name,
        description: role.description,
        permissions: [...role.permissions],
        isSystem: role.system,
      })),
    )
    .returning({ id: roles.id, name: roles.name });
  const owner = created.find((role) => role.name === OWNER_ROLE_NAME)!;
  await tx.insert(memberships).values({
    id: newId('mem'),
    workspaceId: workspace!.id,
    userId: input.ownerUserId,
    roleId: owner.id,
    status: 'ACTIVE',
  });
  return workspace!;
}
