import { defineConfig } from 'vitest/config';

/**
 * Browser tests of the dashboard (`npm run test:e2e`): Node, not workerd. The global setup builds
 * the app, starts PostgreSQL and the built Worker, and the tests drive the system Chromium with
 * playwright-core. One file at a time: they share that one server and seeded workspace.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['./test/e2e/global-setup.ts'],
    // Fails a test on any Content-Security-Policy violation in its pages.
    setupFiles: ['./test/e2e/setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
