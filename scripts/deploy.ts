/** `npm run deploy -- --env staging|production [--dry-run] [--all-at-once]`: see scripts/deploy/deploy.ts. */
import { parseDeployArgs, UsageError } from './deploy/cli';
import { deploy } from './deploy/deploy';

const USAGE =
  'usage: npm run deploy -- --env staging|production [--dry-run] [--all-at-once] [--canary-percent 10] [--secrets-from-env]';

deploy(parseDeployArgs(process.argv.slice(2), USAGE)).catch((error: unknown) => {
  console.error(
    error instanceof UsageError
      ? error.message
      : `[deploy] failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
