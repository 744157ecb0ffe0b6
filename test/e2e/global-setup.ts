/**
 * E2E global setup (Node): a migrated PostgreSQL of its own (free port, own data folder),
 * the demo seed, one `react-router build`, then the built Worker served by `wrangler dev -c
 * build/server/wrangler.json` on a free port with Hyperdrive pointed at that database, ENVIRONMENT
 * "test" and a throwaway signing key. Everything is stopped afterwards. Without Chromium the run
 * is skipped with a loud message, except in CI, where that is an error.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { seed } from '../../scripts/db';
import { freePort, startTestPostgres } from '../../scripts/test-postgres';
import { TEST_ARGON2_PARAMS } from '../harness/argon2-test-params';
import { CHROMIUM_PATH } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the served dashboard + API, or '' when the run is skipped (no Chromium). */
    baseUrl: string;
    skipReason: string;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY_TIMEOUT_MS = 120_000;

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM_PATH)) {
    const reason = `${CHROMIUM_PATH} not found: install Debian's chromium (apt-get install -y chromium fonts-dejavu-core)`;
    if (process.env.CI) throw new Error(`E2E: ${reason}. CI must run the browser tests.`);
    console.warn(`\n${'!'.repeat(78)}\n!! E2E BROWSER TESTS SKIPPED: ${reason}\n${'!'.repeat(78)}\n`);
    project.provide('baseUrl', '');
    project.provide('skipReason', reason);
    return;
  }

  const postgres = await startTestPostgres({ name: 'e2e-postgres', database: 'nexova_e2e' });
  let server: ChildProcess | undefined;
  const secrets = mkdtempSync(path.join(tmpdir(), 'nexova-e2e-'));
  const teardown = async () => {
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    rmSync(secrets, { recursive: true, force: true });
    await postgres.stop();
  };
  try {
    await seed(postgres.url);

    const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@react-router/dev/bin.cjs'), 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (build.status !== 0) throw new Error(`react-router build failed (exit ${build.status})`);

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const envFile = path.join(secrets, 'e2e.env');
    writeFileSync(
      envFile,
      [
        'ENVIRONMENT=test',
        `JWT_PRIVATE_KEY=${JSON.stringify(privateKey.export({ format: 'jwk' }))}`,
        `JWT_KEY_ID=e2e-${randomBytes(4).toString('hex')}`,
        // WhatsApp connection secrets are encrypted at rest (workers/core/crypto/secrets.ts).
        `ENCRYPTION_KEY=${randomBytes(32).toString('base64')}`,
        `ARGON2_TEST_PARAMS=${TEST_ARGON2_PARAMS}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const port = await freePort();
    server = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
        'dev',
        '-c',
        'build/server/wrangler.json',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--env-file',
        envFile,
        '--persist-to',
        path.join(secrets, 'state'),
        '--show-interactive-dev-session=false',
      ],
      {
        cwd: ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: postgres.url,
          WRANGLER_SEND_METRICS: 'false',
          CLOUDFLARE_CF_FETCH_ENABLED: 'false',
          // wrangler's local observability collector: a development tool the tests do not read,
          // about a third of workerd's CPU (docs/benchmarks.md).
          X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? 'false',
        },
      },
    );
    let output = '';
    server.stdout?.on('data', (chunk) => (output += chunk));
    server.stderr?.on('data', (chunk) => (output += chunk));
    const baseUrl = `http://127.0.0.1:${port}`;
    if (!(await waitForHealth(baseUrl, server))) {
      throw new Error(`the built Worker did not become ready at ${baseUrl}:\n${output.slice(-4000)}`);
    }
    project.provide('baseUrl', baseUrl);
    project.provide('skipReason', '');
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function waitForHealth(baseUrl: string, server: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) return false;
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
