/**
 * Expand-only migrations (docs/deploy.md "Expand, deploy, contract"). While a deploy rolls out,
 * the previous Worker version keeps serving against the new schema, and a rollback runs it again
 * without reversing anything; so a migration may add, never take away or tighten, on a table an
 * earlier migration created. Refused on such a table unless the file says which release stopped
 * using the object: DROP TABLE, DROP COLUMN, RENAME (table or column), ALTER COLUMN … SET NOT NULL,
 * ALTER COLUMN … TYPE, ADD COLUMN … NOT NULL without a DEFAULT.
 *
 * The marker, one per object, anywhere in the file:
 *   -- contract: release v1.4.0 stopped using products.legacy_sku
 * (a table is named alone: `-- contract: release v1.4.0 stopped using legacy_imports`).
 */

import { readdirSync, readFileSync } from 'node:fs';

export interface MigrationFile {
  name: string;
  sql: string;
}

export interface Violation {
  file: string;
  /** `table` or `table.column`. */
  object: string;
  operation: string;
  statement: string;
}

const IDENT = String.raw`(?:"((?:[^"]|"")+)"|([A-Za-z_][\w$]*))`;
/** `"schema"."table"` or `table`: the last part names it. */
const QUALIFIED = String.raw`(?:${IDENT}\s*\.\s*)?${IDENT}`;

const unquote = (quoted: string | undefined, bare: string | undefined) =>
  quoted !== undefined ? quoted.replaceAll('""', '"') : (bare ?? '').toLowerCase();

/** Last two capture groups of a QUALIFIED match: the table's name. */
function tableOf(match: RegExpExecArray, index: number): string {
  return unquote(match[index + 2], match[index + 3]) || unquote(match[index], match[index + 1]);
}

const MARKER = /^\s*--\s*contract:\s*release\s+(\S+)\s+stopped using\s+([\w."]+)\s*$/gim;

/** SQL without comments, split into statements (drizzle-kit's breakpoints or semicolons). */
function statements(sql: string): string[] {
  const code = sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  return code
    .split(/;/)
    .map((statement) => statement.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Tables a file creates (so later changes to them in the same file are not "existing"). */
function createdTables(statement: string): string[] {
  const match = new RegExp(String.raw`^CREATE (?:UNLOGGED )?TABLE (?:IF NOT EXISTS )?${QUALIFIED}`, 'i').exec(
    statement,
  );
  return match ? [tableOf(match, 1)] : [];
}

/** Destructive operations of one statement: [object, operation][]. */
function destructive(statement: string): [string, string][] {
  const found: [string, string][] = [];
  const drop = new RegExp(String.raw`^DROP TABLE (?:IF EXISTS )?(.+)$`, 'i').exec(statement);
  if (drop) {
    for (const part of drop[1]!.replace(/\s+(CASCADE|RESTRICT)$/i, '').split(',')) {
      const name = new RegExp(QUALIFIED).exec(part.trim());
      if (name) found.push([tableOf(name, 1), 'DROP TABLE']);
    }
    return found;
  }
  const alter = new RegExp(String.raw`^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?${QUALIFIED}\s*(.*)$`, 'i').exec(statement);
  if (!alter) return found;
  const table = tableOf(alter, 1);
  const actions = alter[5]!;
  if (/^RENAME TO /i.test(actions)) found.push([table, 'RENAME TABLE']);
  const column = (regex: string, operation: string) => {
    for (const match of actions.matchAll(new RegExp(regex, 'gi'))) {
      found.push([`${table}.${unquote(match[1], match[2])}`, operation]);
    }
  };
  column(String.raw`DROP (?:COLUMN )?(?:IF EXISTS )?${IDENT}`, 'DROP COLUMN');
  column(String.raw`RENAME (?:COLUMN )?(?!TO )${IDENT} TO `, 'RENAME COLUMN');
  column(String.raw`ALTER (?:COLUMN )?${IDENT} SET NOT NULL`, 'SET NOT NULL');
  column(String.raw`ALTER (?:COLUMN )?${IDENT} (?:SET DATA )?TYPE `, 'ALTER COLUMN TYPE');
  for (const match of actions.matchAll(
    new RegExp(String.raw`ADD (?:COLUMN )?(?:IF NOT EXISTS )?${IDENT}([^,]*)`, 'gi'),
  )) {
    const definition = match[3]!;
    if (/\bNOT NULL\b/i.test(definition) && !/\bDEFAULT\b/i.test(definition) && !/\bGENERATED\b/i.test(definition)) {
      found.push([`${table}.${unquote(match[1], match[2])}`, 'ADD COLUMN NOT NULL without DEFAULT']);
    }
  }
  // DROP CONSTRAINT / DROP DEFAULT / DROP NOT NULL loosen the schema: the old code is unaffected.
  return found.filter(([object, operation]) => {
    if (operation !== 'DROP COLUMN') return true;
    return !/^(CONSTRAINT|DEFAULT|NOT|IDENTITY|EXPRESSION)$/i.test(object.split('.')[1] ?? '');
  });
}

/**
 * Checks `files` in order (each table "exists" once an earlier file created it) and returns every
 * destructive change to an existing table that its file does not mark.
 */
export function checkMigrations(files: MigrationFile[]): Violation[] {
  const existing = new Set<string>();
  const violations: Violation[] = [];
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    const marked = new Set([...file.sql.matchAll(MARKER)].map((match) => match[2]!.replaceAll('"', '').toLowerCase()));
    const createdHere = new Set<string>();
    for (const statement of statements(file.sql)) {
      for (const table of createdTables(statement)) createdHere.add(table);
      for (const [object, operation] of destructive(statement)) {
        const table = object.split('.')[0]!;
        if (createdHere.has(table) || !existing.has(table)) continue;
        if (marked.has(object.toLowerCase())) continue;
        violations.push({ file: file.name, object, operation, statement: statement.slice(0, 200) });
      }
    }
    for (const table of createdHere) existing.add(table);
  }
  return violations;
}

/** The SQL files of `migrations/`. */
export function readMigrationFolder(folder = new URL('../../migrations/', import.meta.url)): MigrationFile[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => ({ name, sql: readFileSync(new URL(name, folder), 'utf8') }));
}

/** Checks `migrations/` and prints the outcome; returns the number of violations. */
export function reportMigrations(): number {
  const files = readMigrationFolder();
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
  } else {
    console.log(`[migrations] ${files.length} files expand-only (or marked contract)`);
  }
  return violations.length;
}
