/**
 * `vite dev` — what `npm run dev` serves — answers like the Worker does. It starts the dev server
 * the way scripts/dev.ts does (no database: these requests reach none) on a free port; the first
 * start on a fresh clone also fills Vite's dependency cache, hence the long wait allowed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fire } from '../../../scripts/dev-cron';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const READY_TIMEOUT_MS = 180_000;

let vite: ChildProcess | undefined;
let baseUrl = '';
let output = '';

beforeAll(async () => {
  const port = await freePort();
  vite = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vite/bin/vite.js'),
      'dev',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // Nothing here queries PostgreSQL; a closed port makes any attempt fail loudly.
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: 'postgres://nexova:nexova@127.0.0.1:9/none',
        WRANGLER_SEND_METRICS: 'false',
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      },
    },
  );
  vite.stdout?.on('data', (chunk) => (output += chunk));
  vite.stderr?.on('data', (chunk) => (output += chunk));
  baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (vite.exitCode !== null) throw new Error(`vite dev exited:\n${output.slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`vite dev was not ready in time:\n${output.slice(-4000)}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, READY_TIMEOUT_MS + 10_000);

afterAll(() => {
  if (vite?.pid) {
    try {
      process.kill(-vite.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
});

/** An answer of the Worker: its JSON, and an error body with the Worker's request id. */
async function workerAnswer(res: Response) {
  const text = await res.text();
  expect(res.headers.get('content-type'), text).toMatch(/^application\/json/);
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/work\/|file:\/\//);
  return JSON.parse(text) as { error?: { code: string; requestId: string }; status?: string };
}

describe('vite dev', () => {
  it('answers every request after one refused before its body was read (401, 413, 415) with the Worker’s JSON', async () => {
    const refusals: Array<{ init: RequestInit; status: number; code: string }> = [
      {
        init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Remera"}' },
        status: 401,
        code: 'UNAUTHORIZED',
      },
      {
        init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: `"${'x'.repeat(1_100_000)}"` },
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      },
      {
        init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=Remera' },
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
    ];
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      const refusal = refusals[i % refusals.length]!;
      const refused = await fetch(`${baseUrl}/api/v1/products`, refusal.init);
      const refusedBody = await workerAnswer(refused);
      seen.push(`${refused.status} ${refusedBody.error?.code}`);
      expect(refused.status).toBe(refusal.status);
      expect(refusedBody.error?.code).toBe(refusal.code);
      expect(refusedBody.error?.requestId).toMatch(/^req_/);

      const health = await fetch(`${baseUrl}/health`);
      const healthBody = await workerAnswer(health);
      seen.push(`${health.status}`);
      expect(health.status, seen.join(', ')).toBe(200);
      expect(healthBody.status).toBe('ok');
    }
  });

  it("runs the Worker's scheduled handler through the endpoint the dev cron driver calls", async () => {
    const lines: string[] = [];
    const ran = await fire(
      { url: baseUrl, log: (line) => lines.push(line) },
      { cron: '* * * * *', scheduledTime: new Date() },
    );
    // The jobs need PostgreSQL, which this server lacks: the Worker logs each job's failure and
    // the handler still completes, as in production.
    expect(lines).toEqual([expect.stringMatching(/^cron "\* \* \* \* \*" at \d\d:\d\d UTC: scheduled handler ran$/)]);
    expect(ran).toBe(true);
  });
});

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
