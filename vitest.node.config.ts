import { defineConfig } from 'vitest/config';

/**
 * Tests of the Node-side operations scripts (`test/node/`): config check, migration check, the
 * restore drill, and the development tooling (`test/node/dev/`: `vite dev` answering like the
 * Worker, the dev cron driver, the dev server's error answer). They run in Node, not workerd —
 * they read files, start PostgreSQL, run pg_dump, start `vite dev` — and are part of `npm test`
 * (`npm run test:node`).
 */
export default defineConfig({
  test: {
    include: ['test/node/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
