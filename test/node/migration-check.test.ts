import { describe, expect, it } from 'vitest';
import { checkMigrations } from '../../scripts/deploy/migration-check';

const INIT = {
  name: '0000_init.sql',
  sql: 'CREATE TABLE "products" (\n  "id" text PRIMARY KEY NOT NULL,\n  "legacy_sku" text,\n  "name" text\n);\n',
};
const check = (sql: string) => checkMigrations([INIT, { name: '0001_next.sql', sql }]);

describe('expand-only migration check', () => {
  it('refuses an unmarked DROP COLUMN on an existing table', () => {
    const violations = check('ALTER TABLE "products" DROP COLUMN "legacy_sku";');
    expect(violations).toEqual([
      expect.objectContaining({ file: '0001_next.sql', object: 'products.legacy_sku', operation: 'DROP COLUMN' }),
    ]);
  });

  it('accepts a DROP COLUMN whose file names the release that stopped using the column', () => {
    const sql =
      '-- contract: release v1.4.0 stopped using products.legacy_sku\nALTER TABLE "products" DROP COLUMN "legacy_sku";';
    expect(check(sql)).toEqual([]);
  });

  it('a marker for another column does not cover this one', () => {
    const sql =
      '-- contract: release v1.4.0 stopped using products.name\nALTER TABLE "products" DROP COLUMN "legacy_sku";';
    expect(check(sql).map((v) => v.object)).toEqual(['products.legacy_sku']);
  });

  it('refuses renames, DROP TABLE, SET NOT NULL, type changes and NOT NULL columns without default', () => {
    const sql = [
      'ALTER TABLE "products" RENAME COLUMN "name" TO "title"',
      '--> statement-breakpoint',
      'ALTER TABLE "products" ALTER COLUMN "name" SET NOT NULL',
      '--> statement-breakpoint',
      'ALTER TABLE "products" ALTER COLUMN "name" SET DATA TYPE varchar(80)',
      '--> statement-breakpoint',
      'ALTER TABLE "products" ADD COLUMN "sku" text NOT NULL',
      '--> statement-breakpoint',
      'ALTER TABLE public.products RENAME TO items',
      '--> statement-breakpoint',
      'DROP TABLE "products" CASCADE',
    ].join(';\n');
    expect(check(sql).map((v) => `${v.operation} ${v.object}`)).toEqual([
      'RENAME COLUMN products.name',
      'SET NOT NULL products.name',
      'ALTER COLUMN TYPE products.name',
      'ADD COLUMN NOT NULL without DEFAULT products.sku',
      'RENAME TABLE products',
      'DROP TABLE products',
    ]);
  });

  it('accepts expanding changes: nullable or defaulted columns, new tables, loosened constraints', () => {
    const sql = [
      'ALTER TABLE "products" ADD COLUMN "sku" text',
      'ALTER TABLE "products" ADD COLUMN "stock" integer DEFAULT 0 NOT NULL',
      'ALTER TABLE "products" ALTER COLUMN "name" DROP NOT NULL',
      'ALTER TABLE "products" DROP CONSTRAINT "products_name_unique"',
      'CREATE TABLE "tags" ("id" text PRIMARY KEY, "label" text)',
      'ALTER TABLE "tags" ALTER COLUMN "label" SET NOT NULL',
      'ALTER TABLE "tags" DROP COLUMN "label"',
    ].join(';\n');
    expect(check(sql)).toEqual([]);
  });

  it("passes the repository's own migrations", async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const folder = new URL('../../migrations/', import.meta.url);
    const files = readdirSync(folder)
      .filter((name) => name.endsWith('.sql'))
      .map((name) => ({ name, sql: readFileSync(new URL(name, folder), 'utf8') }));
    expect(files.length).toBeGreaterThan(0);
    expect(checkMigrations(files)).toEqual([]);
  });
});
