import { describe, expect, it } from 'vitest';
import { formatReport, parseEvalArgs, passK, tally } from '../../../scripts/eval-report';
import { AnthropicProvider } from '../../../workers/agent/llm/anthropic';
import { addUsage, estimateCostMicroUsd } from '../../../workers/agent/llm/pricing';
import type { ScenarioRun } from '../../scenarios/runner';
import { FIXTURES, recordedAnthropic } from './llm/recorded-anthropic';

describe('npm run eval: the command line', () => {
  const withKey = { ANTHROPIC_API_KEY: 'sk-ant-test' };

  it.each([
    [[], { k: 1, provider: null }],
    [['--k', '3'], { k: 3, provider: null }],
    [['--provider', 'anthropic', '--k', '3'], { k: 3, provider: 'anthropic' }],
    [['--provider=offline', '--k=2'], { k: 2, provider: 'offline' }],
  ])('%j', (args, options) => {
    expect(parseEvalArgs(args, withKey)).toEqual(options);
  });

  it('refuses --provider anthropic without ANTHROPIC_API_KEY, naming the variable', () => {
    expect(() => parseEvalArgs(['--provider', 'anthropic', '--k', '3'], {})).toThrow(/ANTHROPIC_API_KEY/);
    expect(() => parseEvalArgs(['--provider', 'anthropic'], { ANTHROPIC_API_KEY: '' })).toThrow(/ANTHROPIC_API_KEY/);
    expect(parseEvalArgs(['--provider', 'offline'], {})).toEqual({ k: 1, provider: 'offline' });
  });

  it.each([
    [['--k', '0'], /--k must be an integer/],
    [['--k', 'tres'], /--k must be an integer/],
    [['--k', '21'], /--k must be an integer/],
    [['--provider', 'openai'], /--provider must be offline or anthropic/],
    [['--provider'], /--provider must be offline or anthropic/],
    [['--model', 'x'], /unknown option --model/],
    [['3'], /unexpected argument "3"/],
  ])('%j is refused', (args, message) => {
    expect(() => parseEvalArgs(args, withKey)).toThrow(message);
  });
});

describe('npm run eval: the report', () => {
  it('pass^k is C(c, k) / C(n, k)', () => {
    expect(passK(3, 3, 3)).toBe(1);
    expect(passK(3, 2, 3)).toBe(0);
    expect(passK(4, 3, 2)).toBe(0.5);
    expect(passK(2, 2, 3)).toBe(0);
  });

  it('tokens and cost of a Claude conversation come from the usage the API reported', async () => {
    // One conversation = the recorded tool_use step and the recorded final text (Sonnet 5.5).
    const api = recordedAnthropic(FIXTURES.toolUse, FIXTURES.finalText);
    const claude = new AnthropicProvider({ apiKey: 'sk-ant-test', model: 'claude-sonnet-5-5', fetch: api.fetch });
    const request = {
      tier: 'primary' as const,
      system: 'Sos el asistente de ventas.',
      messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'quiero remeras negras' }] }],
      tools: [],
      maxTokens: 512,
    };
    const steps = [await claude.complete(request), await claude.complete(request)];
    const usage = addUsage(...steps.map((s) => s.usage));
    expect(usage).toEqual({
      inputTokens: 412 + 655,
      outputTokens: 96 + 38,
      cacheReadTokens: 2896,
      cacheWriteTokens: 2896,
    });
    const cost = steps.reduce((sum, s) => sum + estimateCostMicroUsd(s.model, s.usage)!, 0);

    const run = (passed: boolean): ScenarioRun => ({
      scenario: 'happy',
      passed,
      failures: passed ? [] : ['state: expected DONE, got IDLE'],
      turns: 2,
      usage,
      costMicroUsd: cost,
      models: ['claude-sonnet-5-5'],
    });
    const report = tally([run(true), run(true), run(true), { ...run(true), scenario: 'other', costMicroUsd: null }], 3);
    expect(report.rows[0]).toMatchObject({ name: 'happy', runs: 3, passed: 3, pass1: 1, passk: 1, turns: 2 });
    expect(report.rows[0]!.tokens).toBe(412 + 655 + 96 + 38 + 2896 + 2896);
    expect(report.rows[0]!.cost).toBe(cost);
    // A model without a price makes the cost unknown, never zero.
    expect(report.rows[1]!.cost).toBeNull();
    expect(report.overall.cost).toBeNull();
    const text = formatReport(report, 3);
    expect(text).toMatch(/pass\^3/);
    expect(text).toMatch(/^happy\s+3\s+100%\s+100%\s+2\.0\s+6993\s+\$/m);
    expect(text).toMatch(/^other .* n\/a$/m);
  });

  it('one failed run out of three makes pass^3 zero', () => {
    const base = {
      scenario: 's',
      failures: [],
      turns: 1,
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      costMicroUsd: 0,
      models: ['offline-rules-1'],
    };
    const report = tally(
      [
        { ...base, passed: true },
        { ...base, passed: false },
        { ...base, passed: true },
      ],
      3,
    );
    expect(report.rows[0]).toMatchObject({ passed: 2, passk: 0 });
    expect(report.rows[0]!.pass1).toBeCloseTo(2 / 3);
  });
});
