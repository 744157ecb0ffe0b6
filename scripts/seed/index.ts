/**
 * The development seed: the demo Owner and the "Demo Store" workspace (ARS, es-AR,
 * America/Argentina/Buenos_Aires) with its default roles and the Owner's membership, a clothing
 * catalogue with stock (catalog.ts), customers (customers.ts) and orders in every
 * state (orders.ts). Run by
 * `npm run dev` and `npm run db:seed`.
 *
 * It composes the same domain functions the API uses (user registration, workspace creation), so
 * the demo data looks exactly like data created through the API. That is why the seed lives
 * in scripts/ and not in db/, which depends on nothing above it.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { registerUser } from '../../workers/core/auth/users';
import { createWorkspace } from '../../workers/core/tenancy/workspaces';
import type { Database } from '../../db/client';
import { seedCatalog } from './catalog';
import { seedCustomers } from './customers';
import { seedOrders } from './orders';
import { users, workspaces, type WorkspaceSettings } from '../../db/schema';

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
  productsCreated: number;
  customersCreated: number;
  ordersCreated: number;
}

/**
 * Idempotent: creates what is missing and changes nothing that exists, so running it twice
 * leaves the database as the first run did. The user is created by `registerUser` (Argon2id
 * hash, audit row) and the workspace by `createWorkspace` (default roles, Owner membership, audit
 * rows): the same functions as `POST /api/v1/auth/register` and `POST /api/v1/workspaces`.
 */
export async function seedDatabase(db: Database): Promise<SeedResult> {
  let created = false;
  let userId = await findUserId(db);
  if (!userId) {
    const registered = await registerUser(
      { db },
      { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, firstName: 'Demo', lastName: 'Owner' },
    );
    if (registered.ok) {
      userId = registered.value.id;
      created = true;
    } else if (registered.error === 'EMAIL_TAKEN') {
      userId = await findUserId(db); // a concurrent seed registered it first
    } else {
      throw new Error(`seed: the demo user was refused: ${registered.error} ${registered.message ?? ''}`);
    }
  }
  if (!userId) throw new Error('seed: the demo user could not be found or created');
  const ownerId = userId;

  // Concurrent seeds serialise here, so the demo workspace is created once.
  const workspace = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('nexova:seed'))`);
    const [existing] = await tx
      .select({ id: workspaces.id, name: workspaces.name })
      .from(workspaces)
      .where(
        and(eq(workspaces.createdBy, ownerId), eq(workspaces.name, DEMO_WORKSPACE.name), isNull(workspaces.deletedAt)),
      );
    if (existing) return existing;
    const result = await createWorkspace(
      { db: tx },
      { userId: ownerId, name: DEMO_WORKSPACE.name, settings: DEMO_WORKSPACE.settings, actor: { type: 'system' } },
    );
    if (!result.ok) throw new Error(`seed: the demo workspace was refused: ${result.error} ${result.message ?? ''}`);
    created = true;
    return { id: result.value.id, name: result.value.name };
  });

  const catalog = await seedCatalog(db, workspace.id);
  const customers = await seedCustomers(db, workspace.id);
  const demoOrders = await seedOrders(db, workspace.id, customers.customerIds);
  created ||= catalog.productsCreated + catalog.variantsAdded + customers.created + demoOrders.created > 0;

  return {
    userId: ownerId,
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    created,
    productsCreated: catalog.productsCreated,
    customersCreated: customers.created,
    ordersCreated: demoOrders.created,
  };
}

async function findUserId(db: Database): Promise<string | undefined> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_LOGIN.email));
  return user?.id;
}
