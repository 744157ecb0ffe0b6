/**
 * The pure half of `npm run eval` (scripts/eval.ts): the command line (`--k`, `--provider`) and
 * the report (pass^1, pass^k, tokens and estimated cost per conversation, per scenario and
 * overall) from the runs the Worker printed. No Node APIs, so the tests run it inside workerd.
 */
import { formatUsd } from '../workers/agent/llm/pricing';
import type { ScenarioRun } from '../test/scenarios/runner';

export type EvalProvider = 'offline' | 'anthropic';

export interface EvalOptions {
  k: number;
  /** null: whatever the environment configures (Claude when ANTHROPIC_API_KEY is set). */
  provider: EvalProvider | null;
}

/** The value of `--name value` or `--name=value`, or undefined when the flag is absent. */
function flag(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i]!.includes('=') ? args[i]!.slice(args[i]!.indexOf('=') + 1) : (args[i + 1] ?? '');
}

/** Reads the command line; throws an Error with a message for the user on anything it does not take. */
export function parseEvalArgs(args: string[], env: { ANTHROPIC_API_KEY?: string | undefined }): EvalOptions {
  const known = new Set(['--k', '--provider']);
  for (const [i, a] of args.entries()) {
    if (!a.startsWith('--')) {
      if (i > 0 && known.has(args[i - 1]!)) continue;
      throw new Error(
        `unexpected argument ${JSON.stringify(a)}; usage: npm run eval -- [--k 3] [--provider offline|anthropic]`,
      );
    }
    if (!known.has(a.split('=')[0]!)) {
      throw new Error(`unknown option ${a}; usage: npm run eval -- [--k 3] [--provider offline|anthropic]`);
    }
  }
  const rawK = flag(args, 'k');
  const k = rawK === undefined ? 1 : Number(rawK);
  if (!Number.isInteger(k) || k < 1 || k > 20) throw new Error(`--k must be an integer from 1 to 20, got ${rawK}`);
  const rawProvider = flag(args, 'provider');
  if (rawProvider !== undefined && rawProvider !== 'offline' && rawProvider !== 'anthropic') {
    throw new Error(`--provider must be offline or anthropic, got ${JSON.stringify(rawProvider)}`);
  }
  const provider = (rawProvider as EvalProvider | undefined) ?? null;
  if (provider === 'anthropic' && !env.ANTHROPIC_API_KEY) {
    throw new Error('--provider anthropic needs ANTHROPIC_API_KEY in the environment (export it in the shell)');
  }
  return { k, provider };
}

/** C(n, r). */
function choose(n: number, r: number): number {
  if (r < 0 || r > n) return 0;
  let result = 1;
  for (let i = 1; i <= r; i++) result = (result * (n - r + i)) / i;
  return result;
}

/** pass^k from n runs with c passes: the unbiased estimate of all-k-pass. */
export const passK = (n: number, c: number, k: number) => (n >= k ? choose(c, k) / choose(n, k) : 0);

export interface ScenarioRow {
  name: string;
  runs: number;
  passed: number;
  pass1: number;
  passk: number;
  /** Mean tokens of one conversation (input + output + cache read + cache write). */
  tokens: number;
  /** Mean estimated cost of one conversation in micro-dollars; null when a model has no known price. */
  cost: number | null;
  /** Mean model calls (turns) of one conversation. */
  turns: number;
}

export interface EvalReport {
  rows: ScenarioRow[];
  overall: Omit<ScenarioRow, 'name' | 'passed'> & { passed: number };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);

export function tally(results: ScenarioRun[], k: number): EvalReport {
  const byScenario = new Map<string, ScenarioRun[]>();
  for (const r of results) byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), r]);
  const rows = [...byScenario].map(([name, runs]): ScenarioRow => {
    const passed = runs.filter((r) => r.passed).length;
    const costs = runs.map((r) => r.costMicroUsd);
    return {
      name,
      runs: runs.length,
      passed,
      pass1: passed / runs.length,
      passk: passK(runs.length, passed, k),
      tokens: mean(
        runs.map(
          (r) => r.usage.inputTokens + r.usage.outputTokens + r.usage.cacheReadTokens + r.usage.cacheWriteTokens,
        ),
      ),
      cost: costs.every((c) => c !== null) ? mean(costs as number[]) : null,
      turns: mean(runs.map((r) => r.turns)),
    };
  });
  const costs = rows.map((r) => r.cost);
  return {
    rows,
    overall: {
      runs: results.length,
      passed: results.filter((r) => r.passed).length,
      pass1: mean(rows.map((r) => r.pass1)),
      passk: mean(rows.map((r) => r.passk)),
      tokens: mean(rows.map((r) => r.tokens)),
      cost: costs.every((c) => c !== null) ? mean(costs as number[]) : null,
      turns: mean(rows.map((r) => r.turns)),
    },
  };
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`.padStart(6);
const usd = (c: number | null) => (c === null ? 'n/a' : formatUsd(c)).padStart(10);

/** The report as the terminal shows it: one line per scenario, then the overall line. */
export function formatReport(report: EvalReport, k: number): string {
  const width = Math.max(...report.rows.map((r) => r.name.length), 'scenario'.length, 'overall'.length);
  const line = (name: string, r: Omit<ScenarioRow, 'name'>) =>
    `${name.padEnd(width)}  ${String(r.runs).padStart(4)}  ${pct(r.pass1)}  ${pct(r.passk)}  ${r.turns.toFixed(1).padStart(5)}  ${Math.round(r.tokens).toString().padStart(11)}  ${usd(r.cost)}`;
  return [
    `${'scenario'.padEnd(width)}  runs  pass^1  pass^${k}  turns  tokens/conv   cost/conv`,
    ...report.rows.map((r) => line(r.name, r)),
    line('overall', report.overall),
  ].join('\n');
}
