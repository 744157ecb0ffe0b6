import { env } from 'cloudflare:workers';
import { createDb, type Database } from '../../db/client';

let handle: ReturnType<typeof createDb> | undefined;

/** A database handle for test set-up and assertions (the same Postgres the Worker uses). */
export function testDb(): Database {
  handle ??= createDb(env.HYPERDRIVE.connectionString, { max: 2 });
  return handle.db;
}

/** A fresh, unique e-mail so tests never collide on the shared database. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}@test.nexova.local`;
}
