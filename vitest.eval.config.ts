/**
 * `npm run eval` (scripts/eval.ts): plays the scenarios of test/scenarios/ k times inside the
 * Worker, like the tests, but against the configured model — the Anthropic variables of the
 * shell are passed to the Worker (without ANTHROPIC_API_KEY the offline agent answers). Keep the
 * bindings in step with vitest.config.ts.
 */
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

const MODEL_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_MODEL', 'ANTHROPIC_FALLBACK_MODEL'] as const;
const model = Object.fromEntries(
  MODEL_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
);

export default defineConfig({
  resolve: base.resolve,
  plugins: [
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
          ENCRYPTION_KEY: 'bmV4b3ZhLXRlc3QtZW5jcnlwdGlvbi1rZXktMzJieXQ=',
          // Empty unless set in the shell, so a key in .dev.vars never reaches an eval by accident.
          ANTHROPIC_API_KEY: '',
          ...model,
          EVAL_K: process.env.EVAL_K ?? '1',
        },
      },
    })),
  ],
  test: {
    ...base.test,
    include: ['test/scenarios/eval.eval.ts'],
    exclude: [],
    // A real model answers in seconds per step; a scenario has up to a handful of turns, k times.
    testTimeout: 30 * 60_000,
  },
});
