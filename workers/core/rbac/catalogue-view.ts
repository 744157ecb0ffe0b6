import { DEFAULT_ROLES, PERMISSION_CATALOGUE, PERMISSIONS, RESOURCES } from './catalogue';

/** The catalogue as `GET /api/v1/permissions` serves it: grouped by resource, plus the default roles. */
export function catalogueView() {
  return {
    resources: RESOURCES.map((resource) => ({
      resource,
      description: PERMISSION_CATALOGUE[resource].description,
      wildcard: `${resource}:*`,
      permissions: PERMISSIONS.filter((p) => p.resource === resource).map(({ permission, action, description }) => ({
        permission,
        action,
        description,
      })),
    })),
    defaultRoles: DEFAULT_ROLES.map((r) => ({
      name: r.name,
      description: r.description,
      system: r.system,
      permissions: [...r.permissions],
    })),
  };
}

const cell = (text: string) => text.replaceAll('|', '\\|');

/** A Markdown table padded the way Prettier pads it, so formatting the file changes nothing. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** docs/permissions.md, rendered from the catalogue (`npm run docs:permissions`; a test keeps the file in step). */
export function renderPermissionsMarkdown(): string {
  const view = catalogueView();
  const lines = [
    '# Permissions',
    '',
    '<!-- Generated from workers/core/rbac/catalogue.ts by `npm run docs:permissions`. Do not edit by hand. -->',
    '',
    'A role grants a list of permissions. Each is `resource:action`; a role may also grant',
    '`resource:*` (every action of one resource, including ones added later) or `*` (everything).',
    'Matching is by whole segment: `order:*` does not grant `orders:read`. Role editing accepts only',
    'the permissions below, `<resource>:*` for a resource below, and `*`; anything else is a 400.',
    '',
    'Routes check one permission each with `requirePermission(...)`; a missing permission answers',
    '403 `FORBIDDEN` naming it. Nobody can grant a permission they do not hold, and some rules hold',
    'whatever the permissions: only an Owner deletes the workspace, grants the Owner role, or changes',
    'or removes an Owner, and the last Owner can be neither removed nor demoted.',
    '',
    '## Catalogue',
    '',
  ];
  for (const resource of view.resources) {
    lines.push(`### \`${resource.resource}\` — ${resource.description}`, '');
    const rows = resource.permissions.map((p) => [`\`${p.permission}\``, cell(p.description)]);
    lines.push(...table(['Permission', 'Grants'], rows), '');
  }
  lines.push(
    '## Default roles',
    '',
    'Every new workspace starts with these roles. System roles cannot be edited or deleted, and',
    'their permissions always follow this catalogue; Operator and Viewer are ordinary roles the',
    'workspace may change.',
    '',
  );
  for (const role of view.defaultRoles) {
    lines.push(`### ${role.name}${role.system ? ' (system role)' : ''}`, '', role.description + '.', '');
    lines.push(...role.permissions.map((p) => `- \`${p}\``), '');
  }
  return lines.join('\n');
}
