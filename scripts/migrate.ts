/**
 * Applies the drizzle-kit migrations in `migrations/` to the database at `url`, under a
 * PostgreSQL advisory lock: two deploys (or a deploy and a developer) migrating at once take
 * turns, and the second finds nothing left to do.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

/** Advisory lock key of the migrations (any constant shared by every migrator: "nexova-m"). */
export const MIGRATION_LOCK_KEY = 0x6e65786f76612d6dn & 0x7fffffffffffffffn;

export async function migrateDatabase(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Quiet the NOTICEs PostgreSQL prints for "already exists, skipping".
    await client.query('SET client_min_messages TO warning');
    // Session-level: held across drizzle's transaction, released by the unlock or the disconnect.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await migrate(drizzle(client), { migrationsFolder: new URL('../migrations', import.meta.url).pathname });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    await client.end();
  }
}
