/**
 * `npm run lint:workflows` (part of `npm run lint`): every GitHub Actions workflow in
 * .github/workflows checked against the workflow schema by action-validator (npm, WebAssembly).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const folder = '.github/workflows';
const files = readdirSync(folder)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => `${folder}/${name}`);
let failed = 0;
for (const file of files) {
  const result = spawnSync('npx', ['action-validator', file], { encoding: 'utf8' });
  if (result.status !== 0) {
    failed++;
    console.error(`${file}:\n${result.stdout}${result.stderr}`);
  }
}
console.log(`[workflows] ${files.length - failed} of ${files.length} workflow files valid`);
if (failed || !files.length) process.exitCode = 1;
