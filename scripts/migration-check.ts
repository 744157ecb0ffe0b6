/**
 * `npm run lint:migrations` (part of `npm run lint`): refuses a migration in migrations/ that
 * drops, renames or tightens an existing table without a contract marker
 * (scripts/deploy/migration-check.ts says what and why).
 */
import { reportMigrations } from './deploy/migration-check';

if (reportMigrations()) process.exitCode = 1;
