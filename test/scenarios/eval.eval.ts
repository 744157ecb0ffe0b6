/**
 * Run by `npm run eval` only (vitest.eval.config.ts): every scenario EVAL_K times against the
 * configured model, one `EVAL_RESULT <json>` line per run for scripts/eval.ts to tally.
 */
import { env } from 'cloudflare:workers';
import { describe, it } from 'vitest';
import { loadScenarios, runScenario } from './runner';

const k = Math.max(1, Number((env as unknown as { EVAL_K?: string }).EVAL_K ?? '1') || 1);
const scenarios = loadScenarios();

describe(`eval (k = ${k})`, () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    for (let i = 0; i < k; i++) {
      console.log(`EVAL_RESULT ${JSON.stringify(await runScenario(scenario))}`);
    }
  });
});
