/** `npm run rollback -- --env staging|production [--to <version-id>] [--dry-run]`: see scripts/deploy/rollback.ts. */
import { parseDeployArgs, UsageError } from './deploy/cli';
import { rollback } from './deploy/rollback';

const USAGE = 'usage: npm run rollback -- --env staging|production [--to <version-id>] [--dry-run]';

rollback(parseDeployArgs(process.argv.slice(2), USAGE)).catch((error: unknown) => {
  console.error(
    error instanceof UsageError
      ? error.message
      : `[rollback] failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
