/**
 * `npm run tools:schema`: writes docs/tools.json — each agent tool's name, description, allowed
 * FSM states, approval flag and the JSON Schema of its input, from the zod schemas the executor
 * validates with — formatted by Prettier like every file of the repo. A unit test fails when the
 * file is out of step.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { toolsDocument } from '../workers/agent/tools/registry';

const target = fileURLToPath(new URL('../docs/tools.json', import.meta.url));
const options = (await resolveConfig(target)) ?? {};
writeFileSync(target, await format(JSON.stringify(toolsDocument()), { ...options, parser: 'json' }));
console.log('wrote docs/tools.json');
