/**
 * Vitest global setup (runs in Node, once per `vitest run`): starts a real PostgreSQL on its own
 * port and database, migrates it fresh, makes a JWT signing key, and hands both to the Workers
 * pool through `provide`. Tests then run inside workerd against that database via Hyperdrive.
 */
import type { TestProject } from 'vitest/node';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { startPostgres } from '../../scripts/postgres';
import { migrateDatabase } from '../../scripts/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    jwtPrivateKey: string;
  }
}

export default async function setup(project: TestProject) {
  // A free port and a folder of its own, so several test runs can share a machine.
  const port = process.env.TEST_PG_PORT ? Number(process.env.TEST_PG_PORT) : await freePort();
  const postgres = await startPostgres({
    dataDir: `.nexova/test-postgres-${port}`,
    port,
    database: 'nexova_test',
    fresh: true,
    ephemeral: true,
  });
  await migrateDatabase(postgres.url);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  project.provide('databaseUrl', postgres.url);
  project.provide('jwtPrivateKey', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  return async () => {
    await postgres.stop();
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
