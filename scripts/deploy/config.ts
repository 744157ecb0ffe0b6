/**
 * What a deployed environment needs before `wrangler versions upload` may run: its resolved
 * wrangler config (wrangler's own reader, so environment inheritance is wrangler's), the secrets
 * it can see and the oldest workerd installed here. `checkConfig` is pure; the CLI is
 * `scripts/config-check.ts` (`npm run config:check -- --env staging|production`).
 */
import { readFileSync, globSync } from 'node:fs';
import path from 'node:path';
import { unstable_readConfig, type Unstable_Config } from 'wrangler';

export const DEPLOY_ENVIRONMENTS = ['staging', 'production'] as const;
export type DeployEnvironment = (typeof DEPLOY_ENVIRONMENTS)[number];

/** Worker secrets a deployed environment must have (`.env.example` documents each). */
export const REQUIRED_SECRETS: Record<DeployEnvironment, readonly string[]> = {
  staging: ['JWT_PRIVATE_KEY', 'ENCRYPTION_KEY'],
  // A shop in production talks to Claude, not to the offline rule-based agent.
  production: ['JWT_PRIVATE_KEY', 'ENCRYPTION_KEY', 'ANTHROPIC_API_KEY'],
};
/** Secrets whose absence is allowed but worth a warning. */
export const RECOMMENDED_SECRETS = ['SENTRY_DSN', 'JWT_KEY_ID'] as const;

/** The bindings every environment must declare itself (wrangler does not inherit them). */
const REQUIRED_BINDINGS = {
  durableObjects: ['CONVERSATION', 'WORKSPACE_HUB', 'RATE_LIMITER', 'OUTBOX_PUBLISHER'],
  queueProducers: ['EGRESS_QUEUE', 'EVENTS_QUEUE', 'MEDIA_QUEUE'],
  r2: ['FILES'],
  analytics: ['METRICS'],
  hyperdrive: ['HYPERDRIVE'],
};

export function isDeployEnvironment(value: unknown): value is DeployEnvironment {
  return DEPLOY_ENVIRONMENTS.includes(value as DeployEnvironment);
}

/** The environment's config exactly as wrangler will deploy it. */
export function readEnvironmentConfig(env: DeployEnvironment, configPath = 'wrangler.toml'): Unstable_Config {
  return unstable_readConfig({ config: configPath, env }, { hideWarnings: true });
}

/** Example values standing in for the account-specific placeholders (CI's pass path). */
export interface ExampleValues {
  hyperdriveId: string;
  vars: Record<string, string>;
  secrets: Record<string, string>;
}

export function readExampleValues(env: DeployEnvironment): ExampleValues {
  const file = new URL('../../test/fixtures/deploy/example-values.json', import.meta.url);
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<DeployEnvironment, ExampleValues>;
  return all[env];
}

/** The config with its Hyperdrive id and vars replaced by `values` (a copy). */
export function withExampleValues(config: Unstable_Config, values: ExampleValues): Unstable_Config {
  return {
    ...config,
    vars: { ...config.vars, ...values.vars },
    hyperdrive: config.hyperdrive.map((h) => ({ ...h, id: values.hyperdriveId })),
  };
}

/**
 * The oldest compatibility date the installed runtimes support: every workerd package under
 * node_modules runs this Worker somewhere (dev server, tests, wrangler's deploy validation).
 * workerd's version is `1.YYYYMMDD.n`.
 */
export function installedRuntimeDate(root = process.cwd()): string {
  // npm places a package at most two levels down (a scoped dependent's own node_modules).
  const patterns = ['', '*/', '@*/*/'].map(
    (dependent) => `node_modules/${dependent && `${dependent}node_modules/`}workerd/package.json`,
  );
  const dates = globSync(patterns, { cwd: root }).flatMap((file) => {
    const { version } = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as { version: string };
    const match = /^1\.(\d{4})(\d{2})(\d{2})\./.exec(version);
    return match ? [`${match[1]}-${match[2]}-${match[3]}`] : [];
  });
  if (!dates.length) throw new Error('no workerd package under node_modules: run npm ci');
  return dates.sort()[0]!;
}

export interface CheckInput {
  env: DeployEnvironment;
  config: Unstable_Config;
  /** Names of the secrets the environment has; undefined when they cannot be seen. */
  secrets: ReadonlySet<string> | undefined;
  runtimeDate: string;
}

export interface CheckResult {
  errors: string[];
  warnings: string[];
}

const PLACEHOLDER_HOSTS = /(^|\.)(localhost|example|invalid|test)$|^127\.|^0\.0\.0\.0$|^\[::1\]$/;

/** Everything that would make a deploy of `env` fail or run wrong, in words an operator can act on. */
export function checkConfig({ env, config, secrets, runtimeDate }: CheckInput): CheckResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const vars = config.vars as Record<string, unknown>;

  if (!config.name || config.name === 'nexova') {
    errors.push(`env.${env} must set its own Worker name (got "${config.name}")`);
  }
  if (vars.ENVIRONMENT !== 'production') {
    errors.push(`env.${env}.vars.ENVIRONMENT must be "production" (got ${JSON.stringify(vars.ENVIRONMENT)})`);
  }
  const appUrl = typeof vars.APP_URL === 'string' ? vars.APP_URL : '';
  let appHost: URL | undefined;
  try {
    appHost = new URL(appUrl);
  } catch {
    errors.push(`env.${env}.vars.APP_URL is not a URL (got ${JSON.stringify(vars.APP_URL)})`);
  }
  if (appHost && (appHost.protocol !== 'https:' || PLACEHOLDER_HOSTS.test(appHost.hostname))) {
    errors.push(`env.${env}.vars.APP_URL is a placeholder or not https (${appUrl}): set the public URL`);
  }

  const hyperdrive = config.hyperdrive.find((h) => h.binding === 'HYPERDRIVE');
  if (hyperdrive && !/^[0-9a-f]{32}$/.test(hyperdrive.id)) {
    errors.push(`env.${env} Hyperdrive id is not a Hyperdrive config id (got "${hyperdrive.id}")`);
  } else if (hyperdrive && /^0+$/.test(hyperdrive.id)) {
    errors.push(
      `env.${env} Hyperdrive id is the placeholder of zeros: create the config (npx wrangler hyperdrive create ${config.name}-db ...) and put its id in wrangler.toml`,
    );
  }

  const declared = {
    durableObjects: config.durable_objects.bindings.map((b) => b.name),
    queueProducers: (config.queues.producers ?? []).map((q) => q.binding),
    r2: config.r2_buckets.map((b) => b.binding),
    analytics: config.analytics_engine_datasets.map((d) => d.binding),
    hyperdrive: config.hyperdrive.map((h) => h.binding),
  };
  for (const [kind, names] of Object.entries(REQUIRED_BINDINGS) as [keyof typeof REQUIRED_BINDINGS, string[]][]) {
    for (const name of names) {
      if (!declared[kind].includes(name)) errors.push(`env.${env} does not declare the binding ${name} (${kind})`);
    }
  }
  const classes = new Set(
    (config.migrations ?? []).flatMap((m) => [...(m.new_sqlite_classes ?? []), ...(m.new_classes ?? [])]),
  );
  for (const binding of config.durable_objects.bindings) {
    if (!binding.script_name && !classes.has(binding.class_name)) {
      errors.push(`env.${env} has no Durable Object migration creating ${binding.class_name}`);
    }
  }
  const queueNames = [
    ...(config.queues.producers ?? []).map((q) => q.queue),
    ...(config.queues.consumers ?? []).flatMap((q) =>
      q.dead_letter_queue ? [q.queue, q.dead_letter_queue] : [q.queue],
    ),
  ];
  for (const queue of new Set(queueNames.filter((name): name is string => Boolean(name)))) {
    if (!queue.startsWith(`${config.name}-`)) {
      errors.push(
        `env.${env} queue "${queue}" is not named after its Worker (${config.name}-…): environments would share it`,
      );
    }
  }
  for (const consumer of config.queues.consumers ?? []) {
    if (!consumer.queue.endsWith('-dlq') && !consumer.dead_letter_queue) {
      errors.push(`env.${env} queue "${consumer.queue}" has no dead-letter queue`);
    }
  }
  for (const bucket of config.r2_buckets) {
    if (!bucket.bucket_name?.startsWith(`${config.name}-`)) {
      errors.push(`env.${env} R2 bucket "${bucket.bucket_name}" is not named after its Worker (${config.name}-…)`);
    }
  }
  if (!config.triggers.crons?.length) errors.push(`env.${env} has no cron trigger (the safety nets need one)`);

  if (!config.compatibility_date) {
    errors.push('compatibility_date is not set');
  } else if (config.compatibility_date > runtimeDate) {
    errors.push(
      `compatibility_date ${config.compatibility_date} is newer than the installed runtime (workerd supports up to ${runtimeDate}): update wrangler/workerd or use an older date`,
    );
  }

  if (secrets === undefined) {
    warnings.push(
      `secrets of ${config.name} not checked: log in (npx wrangler login / CLOUDFLARE_API_TOKEN) or pass --secrets-from-env`,
    );
  } else {
    const missing = REQUIRED_SECRETS[env].filter((name) => !secrets.has(name));
    if (missing.length) {
      errors.push(
        `secrets missing for ${config.name}: ${missing.join(', ')} (npx wrangler secret put NAME --env ${env})`,
      );
    }
    const absent = RECOMMENDED_SECRETS.filter((name) => !secrets.has(name));
    if (absent.length) warnings.push(`optional secrets not set for ${config.name}: ${absent.join(', ')}`);
  }
  return { errors, warnings };
}
