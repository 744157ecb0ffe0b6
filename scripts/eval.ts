/**
 * `npm run eval [-- --k 4]`: plays every scenario of test/scenarios/ k times against the
 * configured model (Claude when ANTHROPIC_API_KEY is set, else the offline agent) and prints,
 * per scenario and overall, pass^1 (the share of runs that passed) and pass^k (the chance that k
 * runs in a row all pass, estimated from the n runs as C(c, k) / C(n, k)), with the tokens and
 * the estimated cost of one conversation. The runs happen inside the Worker with a real
 * PostgreSQL, exactly like the tests (vitest.eval.config.ts, test/scenarios/eval.eval.ts).
 */
import { spawn } from 'node:child_process';
import { formatUsd } from '../workers/agent/llm/pricing';
import type { ScenarioRun } from '../test/scenarios/runner';

function parseK(args: string[]): number {
  const i = args.findIndex((a) => a === '--k' || a.startsWith('--k='));
  if (i < 0) return 1;
  const raw = args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1];
  const k = Number(raw);
  if (!Number.isInteger(k) || k < 1 || k > 20) throw new Error(`--k must be an integer from 1 to 20, got ${raw}`);
  return k;
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

function run(k: number): Promise<ScenarioRun[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['vitest', 'run', '--config', 'vitest.eval.config.ts'], {
      env: { ...process.env, EVAL_K: String(k) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const results: ScenarioRun[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const at = line.indexOf('EVAL_RESULT ');
        if (at < 0) continue;
        const result = JSON.parse(line.slice(at + 'EVAL_RESULT '.length)) as ScenarioRun;
        results.push(result);
        const mark = result.passed ? 'pass' : `FAIL  ${result.failures.join(' · ')}`;
        console.log(`  ${result.scenario}: ${mark}`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) =>
      results.length > 0 ? resolve(results) : reject(new Error(`vitest exited ${code} with no results`)),
    );
  });
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`.padStart(5);

async function main() {
  const k = parseK(process.argv.slice(2));
  const provider = process.env.ANTHROPIC_API_KEY
    ? `Claude (${process.env.ANTHROPIC_MODEL || 'default model'})`
    : 'offline agent';
  console.log(`eval: every scenario ${k}× against the ${provider}\n`);
  const results = await run(k);

  const byScenario = new Map<string, ScenarioRun[]>();
  for (const r of results) byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), r]);
  const rows = [...byScenario].map(([name, runs]) => {
    const passed = runs.filter((r) => r.passed).length;
    const tokens = runs.reduce(
      (s, r) => s + r.usage.inputTokens + r.usage.outputTokens + r.usage.cacheReadTokens + r.usage.cacheWriteTokens,
      0,
    );
    const costs = runs.map((r) => r.costMicroUsd);
    const cost = costs.every((c) => c !== null) ? (costs as number[]).reduce((s, c) => s + c, 0) / runs.length : null;
    return {
      name,
      n: runs.length,
      passed,
      pass1: passed / runs.length,
      passk: passK(runs.length, passed, k),
      tokens: tokens / runs.length,
      cost,
    };
  });

  const width = Math.max(...rows.map((r) => r.name.length), 'scenario'.length);
  console.log(`\n${'scenario'.padEnd(width)}  runs  pass^1  pass^${k}  tokens/conv  cost/conv`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(width)}  ${String(r.n).padStart(4)}  ${pct(r.pass1)}   ${pct(r.passk)}   ${Math.round(r.tokens).toString().padStart(11)}  ${r.cost === null ? '     n/a' : formatUsd(r.cost).padStart(9)}`,
    );
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const costs = rows.map((r) => r.cost);
  console.log(
    `${'overall'.padEnd(width)}  ${String(results.length).padStart(4)}  ${pct(mean(rows.map((r) => r.pass1)))}   ${pct(mean(rows.map((r) => r.passk)))}   ${Math.round(
      mean(rows.map((r) => r.tokens)),
    )
      .toString()
      .padStart(11)}  ${costs.every((c) => c !== null) ? formatUsd(mean(costs as number[])).padStart(9) : '     n/a'}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
