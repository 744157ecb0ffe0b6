/**
 * Vitest global setup (runs in Node, once per `vitest run`): starts a real PostgreSQL on its own
 * port, already migrated (a copy of the template cluster, scripts/test-postgres.ts), makes a JWT
 * signing key, and hands both to the Workers pool through `provide`. Tests then run inside
 * workerd against that database via Hyperdrive.
 */
import type { TestProject } from 'vitest/node';
import { generateKeyPairSync } from 'node:crypto';
import { startTestPostgres } from '../../scripts/test-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    jwtPrivateKey: string;
  }
}

export default async function setup(project: TestProject) {
  // A free port and a folder of its own, so several test runs can share a machine.
  const postgres = await startTestPostgres({
    name: 'test-postgres',
    database: 'nexova_test',
    port: process.env.TEST_PG_PORT ? Number(process.env.TEST_PG_PORT) : undefined,
  });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  project.provide('databaseUrl', postgres.url);
  project.provide('jwtPrivateKey', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  return async () => {
    await postgres.stop();
  };
}
