/**
 * `npm run eval` (scripts/eval.ts): plays the scenarios of test/scenarios/ k times inside the
 * Worker, like the tests, but against the configured model — the Anthropic variables of the
 * shell are passed to the Worker (without ANTHROPIC_API_KEY the offline agent answers).
 */
import { defineConfig } from 'vitest/config';
import base, { testWorker, workerdProject } from './vitest.config';

const MODEL_VARIABLES = ['ANTHROPIC_API_KEY', 'ANTHROPIC_MODEL', 'ANTHROPIC_FALLBACK_MODEL'] as const;
const model = Object.fromEntries(
  MODEL_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
);

export default defineConfig({
  resolve: workerdProject.resolve,
  plugins: [
    testWorker({
      // Empty unless set in the shell, so a key in .dev.vars never reaches an eval by accident.
      ANTHROPIC_API_KEY: '',
      ...model,
      EVAL_K: process.env.EVAL_K ?? '1',
    }),
  ],
  test: {
    ...workerdProject.test,
    onConsoleLog: base.test?.onConsoleLog,
    include: ['test/scenarios/eval.eval.ts'],
    exclude: [],
    // A real model answers in seconds per step; a scenario has up to a handful of turns, k times.
    testTimeout: 30 * 60_000,
  },
});
