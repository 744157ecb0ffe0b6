/**
 * `npm run rollback -- --env staging|production [--to <version-id>] [--dry-run]`: puts the
 * previous Worker version (or `--to`) back at 100 % with `wrangler rollback`, then checks
 * `/health/ready`. The database is left as it is: migrations are expand-only, so the previous
 * version runs on the newer schema, and a rollback never reverses one (docs/runbooks/rollback.md).
 */
import type { DeployArgs } from './cli';
import { readEnvironmentConfig, readExampleValues } from './config';
import { checkReady, createPlan, currentVersions } from './steps';

/** Rolls `args.env` back (or prints how, in a dry run). */
export async function rollback(args: DeployArgs): Promise<void> {
  const plan = createPlan(args.dryRun, 'rollback');
  const config = readEnvironmentConfig(args.env, args.config);
  const worker = config.name!;
  const committedUrl = String((config.vars as Record<string, unknown>).APP_URL);
  const appUrl = args.example ? readExampleValues(args.env).vars.APP_URL! : committedUrl;
  plan.say(`${worker} (${appUrl})${args.dryRun ? ' — dry run, nothing is changed' : ''}`);
  plan.say('the database is not touched: migrations are never reversed');

  const serving = await plan.step(`current deployment of ${worker}`, async () => currentVersions(worker));
  if (serving) console.log(`   serving: ${serving.map((v) => `${v.versionId}@${v.percentage}%`).join(' ')}`);
  const target = args.to ?? 'the previous version';
  plan.run(`roll back ${worker} to ${target}`, [
    'npx',
    'wrangler',
    'rollback',
    ...(args.to ? [args.to] : []),
    '--name',
    worker,
    '--message',
    `rollback to ${target}`,
    '-y',
  ]);
  await plan.step(`check ${appUrl}/health/ready`, () => checkReady({ url: appUrl }));
  plan.say(
    args.dryRun
      ? 'dry run complete'
      : `${worker} rolled back; record it in the incident notes (docs/incident-response.md)`,
  );
}
