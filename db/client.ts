import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Duplex } from 'node:stream';
import pg from 'pg';
import * as schema from './schema';
import { workersSocket } from './socket';

/** Without drizzle's relational query API (`db.query.*`): building it costs every handle a pass over the whole schema. */
export type Database = NodePgDatabase;
/** A database handle or an open transaction: domain functions accept either. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DbOrTx = Database | Tx;

export interface DbHandle {
  db: Database;
  /** Closes the connections; call through `ctx.waitUntil` at the end of a request. */
  close(): Promise<void>;
}

/**
 * Builds a database handle for one request or job. In a Worker the connection string comes
 * from `env.HYPERDRIVE.connectionString` (Hyperdrive pools the real connections), so the pool
 * here is small and lives no longer than the request. Connections open on first query.
 */
export function createDb(connectionString: string, options: { logQueries?: boolean; max?: number } = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 3,
    connectionTimeoutMillis: 5_000,
    // pg's types declare a no-argument factory; pg calls it with the connection's config.
    ...(workersSocket ? { stream: workersSocket as unknown as () => Duplex } : {}),
  });
  // An idle client's error (e.g. the server went away) must not crash the isolate.
  pool.on('error', () => {});
  const db = drizzle(pool, { logger: options.logQueries ?? false });
  return { db, close: () => pool.end() };
}

export { schema };
