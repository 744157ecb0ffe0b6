/**
 * `npm run deploy -- --env staging|production [--dry-run] [--all-at-once]`: the one way a
 * release reaches an environment (docs/deploy.md "Deploy"):
 *
 *  1. config check (scripts/deploy/config.ts) and the expand-only migration check;
 *  2. build the Worker and dashboard for the environment (`CLOUDFLARE_ENV`);
 *  3. database migrations, straight to `DATABASE_URL`, under an advisory lock;
 *  4. `wrangler versions upload` of the build: a new version that takes no traffic yet;
 *  5. `wrangler versions deploy` new@10 % (the previous version keeps 90 %), then `/health/ready`
 *     of the new version (the `Cloudflare-Workers-Version-Overrides` header reaches it);
 *  6. new@100 % and `/health/ready` again. A failed check puts the previous version back at
 *     100 % and fails the deploy. Migrations are never reversed (they are expand-only).
 *
 * `--all-at-once` replaces 4–6 with `wrangler deploy` (needed when a release adds a Durable Object
 * migration, which a gradual deployment cannot carry). `--dry-run` prints every step and runs only
 * the local checks: with placeholders still in wrangler.toml it checks the example values and
 * lists what a real deploy would refuse.
 */
import { execFileSync } from 'node:child_process';
import { runConfigCheck, type DeployArgs } from './cli';
import { readEnvironmentConfig, readExampleValues } from './config';
import { reportMigrations } from './migration-check';
import { checkReady, createPlan, currentVersions, StepFailed, wranglerOutput } from './steps';

const BUILT_CONFIG = 'build/server/wrangler.json';

/** Runs (or, in a dry run, prints) the deploy of `args.env`; throws `StepFailed` on the first failed step. */
export async function deploy(args: DeployArgs): Promise<void> {
  const canary = args.canaryPercent;
  const plan = createPlan(args.dryRun, 'deploy');
  const release = gitRevision();
  plan.say(`${args.env}: release ${release}${args.dryRun ? ' — dry run, nothing is changed' : ''}`);

  // 1. Checks that need nothing but this checkout.
  let check = plan.check('config check', () => runConfigCheck(args));
  let example = args.example;
  if (args.dryRun && check.errors.length && !args.example) {
    example = true;
    plan.say(
      `a real deploy would refuse the committed config (${check.errors.length} problem(s) above); the plan goes on with the example values`,
    );
    check = runConfigCheck({ ...args, example: true });
  }
  if (check.errors.length) throw new StepFailed('config check failed');
  const config = readEnvironmentConfig(args.env, args.config);
  const worker = config.name!;
  const appUrl = example
    ? readExampleValues(args.env).vars.APP_URL!
    : String((config.vars as Record<string, unknown>).APP_URL);
  plan.say(`worker ${worker}, ${appUrl}`);
  if (plan.check('expand-only migration check', reportMigrations))
    throw new StepFailed('a migration is not expand-only');

  // 2. Build for this environment: build/server/wrangler.json is its flattened config.
  plan.run('build the Worker and dashboard', ['npx', 'react-router', 'build'], { CLOUDFLARE_ENV: args.env });

  // 3. Migrations before code: the running version works on the expanded schema.
  if (!args.dryRun && !process.env.DATABASE_URL)
    throw new StepFailed('DATABASE_URL (the environment database, direct) is not set');
  // DATABASE_URL reaches the child through the environment, never printed.
  plan.run('database migrations of $DATABASE_URL (advisory lock)', ['npx', 'tsx', 'scripts/db.ts', 'migrate']);

  if (args.allAtOnce) {
    plan.run('deploy all at once (wrangler deploy)', [
      'npx',
      'wrangler',
      'deploy',
      '-c',
      BUILT_CONFIG,
      '--message',
      `release ${release}`,
    ]);
    await plan.step(`check ${appUrl}/health/ready`, () => checkReady({ url: appUrl }));
    plan.say('done');
    return;
  }

  // 4. Upload: a version that serves nothing yet.
  const previous = await plan.step(`current deployment of ${worker}`, async () => currentVersions(worker));
  const previousId = previous?.sort((a, b) => b.percentage - a.percentage)[0]?.versionId;
  if (previous)
    console.log(`   serving: ${previous.map((v) => `${v.versionId}@${v.percentage}%`).join(' ') || 'nothing yet'}`);
  const uploads = wranglerOutput<{ version_id: string; preview_url?: string }>(
    plan,
    'upload the new version (wrangler versions upload)',
    ['versions', 'upload', '-c', BUILT_CONFIG, '--tag', release, '--message', `release ${release}`],
    'version-upload',
  );
  const versionId = uploads[0]?.version_id ?? '<new-version-id>';
  if (!args.dryRun && !uploads[0]) throw new StepFailed('wrangler versions upload reported no version id');

  // 5. Canary: a share of traffic, then the new version's readiness through the override header.
  const rollbackTo = previousId ?? '<previous-version-id>';
  const split =
    previousId || args.dryRun ? [`${versionId}@${canary}%`, `${rollbackTo}@${100 - canary}%`] : [`${versionId}@100%`];
  plan.run(`send ${split.length > 1 ? canary : 100} % of traffic to ${versionId}`, [
    'npx',
    'wrangler',
    'versions',
    'deploy',
    ...split,
    '--name',
    worker,
    '--message',
    `canary ${release}`,
    '-y',
  ]);
  try {
    await plan.step(`check /health/ready of version ${versionId}`, () =>
      checkReady({ url: appUrl, worker, versionId }),
    );
    // 6. Everyone.
    if (split.length > 1) {
      plan.run(`send 100 % of traffic to ${versionId}`, [
        'npx',
        'wrangler',
        'versions',
        'deploy',
        `${versionId}@100%`,
        '--name',
        worker,
        '--message',
        `release ${release}`,
        '-y',
      ]);
      await plan.step(`check ${appUrl}/health/ready`, () => checkReady({ url: appUrl }));
    }
  } catch (error) {
    if (previousId) {
      console.error(`[deploy] ${String(error)}: putting ${previousId} back at 100 %`);
      plan.run('revert traffic to the previous version', [
        'npx',
        'wrangler',
        'versions',
        'deploy',
        `${previousId}@100%`,
        '--name',
        worker,
        '--message',
        `revert ${release}`,
        '-y',
      ]);
    }
    throw error;
  }
  plan.say(
    args.dryRun
      ? `dry run complete: to roll back later, npm run rollback -- --env ${args.env} (migrations are not reversed)`
      : `${versionId} serves 100 % of ${worker}; previous ${previousId ?? 'none'} (npm run rollback -- --env ${args.env})`,
  );
}

function gitRevision(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
