import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// wrangler's local observability collector streams every invocation's events into a collector
// worker inside the same workerd, for the local explorer. The tests read none of it, and it cost
// about a third of workerd's CPU (docs/benchmarks.md). Off unless asked for.
process.env.X_LOCAL_OBSERVABILITY ??= 'false';

/** The Worker under test: entry, wrangler config, database and bindings (vitest.eval.config.ts adds the model's). */
export const testWorker = (extraBindings: Record<string, string> = {}) =>
  cloudflareTest(({ inject }) => ({
    main: './workers/index.ts',
    wrangler: { configPath: './wrangler.toml' },
    miniflare: {
      hyperdrives: { HYPERDRIVE: inject('databaseUrl') },
      bindings: {
        ENVIRONMENT: 'test',
        APP_URL: 'http://localhost:8787',
        JWT_PRIVATE_KEY: inject('jwtPrivateKey'),
        JWT_KEY_ID: 'test-key',
        // 32 bytes, base64: encrypts connection secrets at rest (workers/core/crypto/secrets.ts).
        ENCRYPTION_KEY: 'bmV4b3ZhLXRlc3QtZW5jcnlwdGlvbi1rZXktMzJieXQ=',
        ...extraBindings,
      },
    },
  }));

export default defineConfig({
  resolve: {
    // The dashboard's server build exists only after Vite builds it; the API tests use a minimal
    // stand-in that still goes through React Router's request handler (see the stub).
    alias: { 'virtual:react-router/server-build': './test/harness/dashboard-build-stub.ts' },
  },
  plugins: [testWorker()],
  test: {
    globalSetup: ['./test/harness/global-setup.ts'],
    setupFiles: ['./test/harness/setup.ts'],
    // The Worker's JSON access log would print a line per request; keep warnings and errors only.
    onConsoleLog: (line) => !(line.startsWith('{"time"') && /"level":"(debug|info)"/.test(line)),
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/node/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'istanbul',
      include: ['workers/**', 'durable-objects/**', 'db/**'],
      // A wide table so folder names are not cut to `...` when stdout is not a terminal (CI).
      reporter: ['text-summary', ['text', { maxCols: 200 }]],
    },
  },
});
