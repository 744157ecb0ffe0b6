/** Argument handling and the steps shared by `npm run config:check`, `deploy` and `rollback`. */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  checkConfig,
  installedRuntimeDate,
  isDeployEnvironment,
  readEnvironmentConfig,
  readExampleValues,
  RECOMMENDED_SECRETS,
  REQUIRED_SECRETS,
  withExampleValues,
  type CheckResult,
  type DeployEnvironment,
} from './config';

export interface DeployArgs {
  env: DeployEnvironment;
  dryRun: boolean;
  /** Check with the example values of test/fixtures/deploy/example-values.json (CI). */
  example: boolean;
  /** Read the secrets' presence from this process's environment (CI with secrets as env vars). */
  secretsFromEnv: boolean;
  config: string;
  /** Deploy: `wrangler deploy` instead of a gradual rollout (a release with a DO migration). */
  allAtOnce: boolean;
  /** Deploy: share of traffic the new version gets before its health check. */
  canaryPercent: number;
  /** Rollback: the version to go back to (default: the previous deployment's). */
  to: string | undefined;
}

/** Parses `--env staging|production [--dry-run] [--example] [--secrets-from-env] [--config file]` and the deploy/rollback options. */
export function parseDeployArgs(argv: string[], usage: string): DeployArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string', short: 'e' },
      'dry-run': { type: 'boolean', default: false },
      example: { type: 'boolean', default: false },
      'secrets-from-env': { type: 'boolean', default: false },
      config: { type: 'string', short: 'c', default: 'wrangler.toml' },
      'all-at-once': { type: 'boolean', default: false },
      'canary-percent': { type: 'string', default: '10' },
      to: { type: 'string' },
    },
  });
  const canaryPercent = Number(values['canary-percent']);
  if (!Number.isInteger(canaryPercent) || canaryPercent < 1 || canaryPercent > 99) {
    throw new UsageError(`${usage}\n--canary-percent must be a whole number from 1 to 99`);
  }
  if (!isDeployEnvironment(values.env)) {
    throw new UsageError(`${usage}\n--env must be staging or production (got ${values.env ?? 'nothing'})`);
  }
  return {
    env: values.env,
    dryRun: values['dry-run'],
    example: values.example,
    secretsFromEnv: values['secrets-from-env'],
    config: values.config,
    allAtOnce: values['all-at-once'],
    canaryPercent,
    to: values.to,
  };
}

export class UsageError extends Error {}

/** The secret names the environment has, from where they can be seen; undefined when nowhere. */
function visibleSecrets(args: DeployArgs, workerName: string): Set<string> | undefined {
  if (args.example) return new Set(Object.keys(readExampleValues(args.env).secrets));
  if (args.secretsFromEnv) {
    const names = [...REQUIRED_SECRETS[args.env], ...RECOMMENDED_SECRETS];
    return new Set(names.filter((name) => process.env[name]?.trim()));
  }
  if (!process.env.CLOUDFLARE_API_TOKEN) return undefined;
  const output = execFileSync(
    'npx',
    ['wrangler', 'secret', 'list', '--env', args.env, '--config', args.config, '--format', 'json'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const listed = JSON.parse(output) as { name: string }[];
  console.log(`[config] ${listed.length} secrets listed for ${workerName}`);
  return new Set(listed.map((secret) => secret.name));
}

/** Runs the config check and prints it; returns the result (errors mean: do not deploy). */
export function runConfigCheck(args: DeployArgs): CheckResult {
  let config = readEnvironmentConfig(args.env, args.config);
  if (args.example) config = withExampleValues(config, readExampleValues(args.env));
  const result = checkConfig({
    env: args.env,
    config,
    secrets: visibleSecrets(args, config.name ?? args.env),
    runtimeDate: installedRuntimeDate(),
  });
  const source = args.example ? ' (with the example values of test/fixtures/deploy/example-values.json)' : '';
  for (const warning of result.warnings) console.warn(`[config] warning: ${warning}`);
  for (const error of result.errors) console.error(`[config] error: ${error}`);
  console.log(
    result.errors.length
      ? `[config] ${args.env}${source}: ${result.errors.length} problem(s); fix them before deploying`
      : `[config] ${args.env}${source}: ok (${config.name}, compatibility_date ${config.compatibility_date})`,
  );
  return result;
}
