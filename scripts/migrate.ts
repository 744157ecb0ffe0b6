/** Applies the drizzle-kit migrations in `migrations/` to the database at `url`. */
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

export async function migrateDatabase(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Quiet the NOTICEs PostgreSQL prints for "already exists, skipping".
    await client.query('SET client_min_messages TO warning');
    await migrate(drizzle(client), { migrationsFolder: new URL('../migrations', import.meta.url).pathname });
  } finally {
    await client.end();
  }
}
