/**
 * `npm run docs:permissions`: writes docs/permissions.md from the permission catalogue
 * (workers/core/rbac/catalogue.ts). A unit test fails when the file is out of step.
 */
import { writeFileSync } from 'node:fs';
import { renderPermissionsMarkdown } from '../workers/core/rbac/catalogue-view';

const target = new URL('../docs/permissions.md', import.meta.url);
writeFileSync(target, renderPermissionsMarkdown());
console.log('wrote docs/permissions.md');
