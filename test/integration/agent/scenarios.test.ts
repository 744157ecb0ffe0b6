import { describe, expect, it } from 'vitest';
import { loadScenarios, runScenario } from '../../scenarios/runner';

const scenarios = loadScenarios();

describe('eval scenarios, played through the simulate endpoint with the offline agent', () => {
  it('covers at least twelve conversations', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(12);
  });

  it.each(scenarios.map((s) => [s.name, s.description, s] as const))(
    '%s — %s',
    async (_name, _description, scenario) => {
      const run = await runScenario(scenario);
      expect(run.failures).toEqual([]);
    },
  );
});
