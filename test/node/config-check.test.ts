import { describe, expect, it } from 'vitest';
import {
  checkConfig,
  installedRuntimeDate,
  readEnvironmentConfig,
  readExampleValues,
  withExampleValues,
  type DeployEnvironment,
} from '../../scripts/deploy/config';

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
