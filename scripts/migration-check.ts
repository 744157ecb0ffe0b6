/**
 * `npm run lint:migrations` (part of `npm run lint`): refuses a migration in migrations/ that
 * drops, renames or tightens an existing table without a contract marker
 * (scripts/deploy/migration-check.ts says what and why).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { checkMigrations } from './deploy/migration-check';

const folder = new URL('../migrations/', import.meta.url);
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.sql'))
  .map((name) => ({ name, sql: readFileSync(new URL(name, folder), 'utf8') }));
const violations = checkMigrations(files);
for (const v of violations) {
  console.error(`migrations/${v.file}: ${v.operation} on ${v.object} is not expand-only:\n  ${v.statement}`);
}
if (violations.length) {
  console.error(
    `\n${violations.length} destructive change(s) to existing tables. The running and the previous Worker version still use them.\n` +
      'Ship the code that stops using the object first; then, in a later release, add to the migration:\n' +
      '  -- contract: release <the release that stopped using it> stopped using <table or table.column>\n' +
      '(docs/deploy.md, "Expand, deploy, contract").',
  );
  process.exitCode = 1;
} else {
  console.log(`[migrations] ${files.length} files expand-only (or marked contract)`);
}
