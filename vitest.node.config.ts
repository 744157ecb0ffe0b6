import { defineConfig } from 'vitest/config';

/**
 * Tests of the Node-side operations scripts (`test/node/`): config check, migration check, the
 * restore drill. They run in Node, not workerd — they read files, start PostgreSQL and run
 * pg_dump — and are part of `npm test` (`npm run test:node`).
 */
export default defineConfig({
  test: {
    include: ['test/node/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
