/**
 * `npm run eval [-- --k 3] [-- --provider offline|anthropic]`: plays every scenario of
 * test/scenarios/ k times against a model and prints, per scenario and overall, pass^1 (the share
 * of runs that passed) and pass^k (the chance that k runs in a row all pass, estimated from the
 * n runs as C(c, k) / C(n, k)), the model calls (turns), tokens and estimated cost of one
 * conversation. `--provider anthropic` runs Claude and refuses to start without
 * ANTHROPIC_API_KEY; `--provider offline` runs the offline agent even when a key is set; without
 * it, Claude when the key is set, else the offline agent. The runs happen inside the Worker with
 * a real PostgreSQL, exactly like the tests (vitest.eval.config.ts, test/scenarios/eval.eval.ts).
 * Parsing and the report: scripts/eval-report.ts.
 */
import { spawn } from 'node:child_process';
import type { ScenarioRun } from '../test/scenarios/runner';
import { formatReport, parseEvalArgs, tally, type EvalOptions } from './eval-report';

function run({ k, provider }: EvalOptions): Promise<ScenarioRun[]> {
  const env: NodeJS.ProcessEnv = { ...process.env, EVAL_K: String(k) };
  if (provider === 'offline') delete env.ANTHROPIC_API_KEY;
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['vitest', 'run', '--config', 'vitest.eval.config.ts'], {
      env,
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

async function main() {
  let options: EvalOptions;
  try {
    options = parseEvalArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`eval: ${(error as Error).message}`);
    process.exit(2);
  }
  const claude = options.provider === 'anthropic' || (options.provider === null && process.env.ANTHROPIC_API_KEY);
  const provider = claude ? `Claude (${process.env.ANTHROPIC_MODEL || 'default model'})` : 'offline agent';
  console.log(`eval: every scenario ${options.k}× against the ${provider}\n`);
  const results = await run(options);
  console.log(`\n${formatReport(tally(results, options.k), options.k)}`);
  if (results.some((r) => !r.passed)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
