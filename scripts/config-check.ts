/**
 * `npm run config:check -- --env staging|production [--example] [--secrets-from-env]`: refuses
 * (exit 1) a deployed environment whose wrangler config still has placeholders, lacks a binding,
 * misses a required secret (as far as they can be seen: `wrangler secret list` when
 * CLOUDFLARE_API_TOKEN is set, or this process's environment with --secrets-from-env) or has a
 * compatibility date newer than the installed runtime. The deploy runs it first.
 */
import { parseDeployArgs, runConfigCheck, UsageError } from './deploy/cli';

const USAGE =
  'usage: npm run config:check -- --env staging|production [--example] [--secrets-from-env] [--config file]';

try {
  const result = runConfigCheck(parseDeployArgs(process.argv.slice(2), USAGE));
  if (result.errors.length) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof UsageError ? error.message : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
