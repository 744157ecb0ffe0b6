/** `npm run drill:restore`: the restore drill (scripts/backup/drill.ts), with its timings. */
import { runRestoreDrill } from './backup/drill';

runRestoreDrill((line) => console.log(`[drill] ${line}`))
  .then((report) => {
    if (report.mismatches.length) {
      for (const mismatch of report.mismatches) console.error(`[drill] mismatch ${mismatch}`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `[drill] restore verified: ${report.tables} tables, ${report.rows} rows equal; total ${report.timings.total} ms`,
    );
  })
  .catch((error: unknown) => {
    console.error('[drill] failed:', error);
    process.exitCode = 1;
  });
