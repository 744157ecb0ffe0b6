// One file for the deploy scripts: each imports wrangler's config reader, which is slow to load.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseDeployArgs, UsageError } from '../../scripts/deploy/cli';
import {
  checkConfig,
  installedRuntimeDate,
  readEnvironmentConfig,
  readExampleValues,
  withExampleValues,
  type DeployEnvironment,
} from '../../scripts/deploy/config';
import { deploy } from '../../scripts/deploy/deploy';
import { rollback } from '../../scripts/deploy/rollback';

const ENVIRONMENTS: DeployEnvironment[] = ['staging', 'production'];
const runtimeDate = installedRuntimeDate();
const exampleSecrets = (env: DeployEnvironment) => new Set(Object.keys(readExampleValues(env).secrets));

describe('config check of the deployed environments', () => {
  it.each(ENVIRONMENTS)('%s as committed is refused for its placeholders', (env) => {
    const { errors } = checkConfig({
      env,
      config: readEnvironmentConfig(env),
      secrets: exampleSecrets(env),
      runtimeDate,
    });
    expect(errors).toEqual([
      expect.stringContaining('APP_URL is a placeholder'),
      expect.stringContaining('Hyperdrive id is the placeholder of zeros'),
    ]);
  });

  it.each(ENVIRONMENTS)('%s passes with the example values', (env) => {
    const config = withExampleValues(readEnvironmentConfig(env), readExampleValues(env));
    expect(checkConfig({ env, config, secrets: exampleSecrets(env), runtimeDate }).errors).toEqual([]);
  });

  it('each environment has its own Worker, queues, bucket and dataset', () => {
    const [staging, production] = ENVIRONMENTS.map((env) => readEnvironmentConfig(env));
    expect(staging!.name).not.toBe(production!.name);
    const resources = (c: typeof staging) => [
      ...c!.queues.consumers!.map((q) => q.queue),
      ...c!.r2_buckets.map((b) => b.bucket_name),
      ...c!.analytics_engine_datasets.map((d) => d.dataset),
    ];
    expect(resources(staging).filter((name) => resources(production).includes(name))).toEqual([]);
  });

  it('names the missing required secrets', () => {
    const env = 'production';
    const config = withExampleValues(readEnvironmentConfig(env), readExampleValues(env));
    const { errors } = checkConfig({ env, config, secrets: new Set(['JWT_PRIVATE_KEY']), runtimeDate });
    expect(errors).toEqual([
      expect.stringContaining('secrets missing for nexova-production: ENCRYPTION_KEY, ANTHROPIC_API_KEY'),
    ]);
  });

  it('refuses a compatibility date newer than the installed runtime', () => {
    const env = 'staging';
    const config = withExampleValues(readEnvironmentConfig(env), readExampleValues(env));
    const { errors } = checkConfig({
      env,
      config: { ...config, compatibility_date: '2999-01-01' },
      secrets: exampleSecrets(env),
      runtimeDate,
    });
    expect(errors).toEqual([
      expect.stringContaining('compatibility_date 2999-01-01 is newer than the installed runtime'),
    ]);
  });

  it('refuses an environment that shares a queue with the top level', () => {
    const env = 'staging';
    const config = withExampleValues(readEnvironmentConfig(env), readExampleValues(env));
    const shared = { ...config.queues, producers: [{ binding: 'EGRESS_QUEUE', queue: 'nexova-egress' }] };
    const { errors } = checkConfig({
      env,
      config: { ...config, queues: shared },
      secrets: exampleSecrets(env),
      runtimeDate,
    });
    expect(errors.join('\n')).toMatch(/queue "nexova-egress" is not named after its Worker/);
    expect(errors.join('\n')).toMatch(/does not declare the binding EVENTS_QUEUE/);
  });
});

/** What the scripts print, stdout and stderr apart. */
let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...parts) => void out.push(parts.join(' ')));
  vi.spyOn(console, 'warn').mockImplementation((...parts) => void err.push(parts.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...parts) => void err.push(parts.join(' ')));
  vi.stubEnv('CLOUDFLARE_API_TOKEN', '');
  vi.stubEnv('DATABASE_URL', '');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const args = (...argv: string[]) => parseDeployArgs(argv, 'usage');

describe('deploy and rollback plans', () => {
  it('deploy --dry-run prints the gradual rollout and passes the config check with the example values', async () => {
    await deploy(args('--env', 'staging', '--dry-run'));
    const printed = out.join('\n');
    const steps = [
      'config check',
      'expand-only migration check',
      '$ CLOUDFLARE_ENV=staging npx react-router build',
      'database migrations of $DATABASE_URL (advisory lock)',
      'npx wrangler versions upload -c build/server/wrangler.json',
      'npx wrangler versions deploy <new-version-id>@10% <previous-version-id>@90% --name nexova-staging',
      'check /health/ready of version <new-version-id>',
      'npx wrangler versions deploy <new-version-id>@100% --name nexova-staging',
      'check https://staging.nexova.com.ar/health/ready',
    ];
    let at = 0;
    for (const step of steps) {
      const found = printed.indexOf(step, at);
      expect(found, `"${step}" after position ${at}`).toBeGreaterThan(-1);
      at = found;
    }
    expect(printed).toMatch(/staging \(with the example values .*\): ok/);
    expect(printed).toMatch(/a real deploy would refuse the committed config/);
  });

  it('a real deploy refuses the committed placeholders before building anything', async () => {
    await expect(deploy(args('--env', 'production'))).rejects.toThrow('config check failed');
    expect(err.join('\n')).toMatch(/Hyperdrive id is the placeholder of zeros/);
    expect(out.join('\n')).not.toMatch(/react-router build/);
  });

  it('rollback --dry-run rolls the Worker back without touching the database', async () => {
    await rollback(args('--env', 'production', '--dry-run'));
    const printed = out.join('\n');
    expect(printed).toMatch(/migrations are never reversed/);
    expect(printed).toMatch(/npx wrangler rollback --name nexova-production/);
    expect(printed).not.toMatch(/db\.ts migrate/);
  });

  it('refuses an unknown environment or canary share', () => {
    expect(() => args('--env', 'prod')).toThrow(UsageError);
    expect(() => args('--env', 'staging', '--canary-percent', '100')).toThrow(/--canary-percent/);
  });
});
