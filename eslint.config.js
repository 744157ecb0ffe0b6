// ESLint flat config: typescript-eslint's recommended rules plus the import boundaries of
// ARCHITECTURE §4. Formatting is Prettier's job (`prettier --check .`), not ESLint's.
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/*
 * Import boundaries (ARCHITECTURE §4). Arrows point one way:
 *   entry points (workers/http, workers/queues, workers/index.ts, workers/scheduled.ts, durable-objects/)
 *     → domain modules (workers/whatsapp, workers/agent, workers/retail, workers/core) → db/
 *
 * - Domain modules may not import `hono`, `@hono/*`, an entry point (workers/http, workers/scheduled,
 *   workers/queues, workers/index.ts) or durable-objects/. They take their dependencies as
 *   arguments and return results; the route maps results to HTTP.
 * - db/ may not import anything under workers/ (the demo seed, which composes domain functions,
 *   lives in scripts/seed/).
 * - app/ (the dashboard) talks to the server over HTTP only. It may not import workers/,
 *   durable-objects/ or db/, except shared schema and type modules: a path with a `schema`,
 *   `schemas` or `types` segment or file (e.g. `workers/http/routes/products/schema.ts`,
 *   `workers/retail/schemas/order.ts`, `db/schema/tenancy.ts` — import types from db/schema with
 *   `import type` so drizzle never reaches the browser bundle).
 *
 * ESLint's `no-restricted-imports` compares the import specifier as written, so relative paths
 * are matched exactly: for every folder depth we compute the relative path from a file at that
 * depth to each forbidden folder (`../../http`, `../../../durable-objects`, …) and forbid it and
 * everything below it. There are no path aliases in tsconfig.json; if one is added, forbid it here.
 * Dynamic `import()` is not checked by this rule.
 */
const SOURCE_FILES = '*.{ts,tsx,js,mjs}';
const MAX_DEPTH = 8;

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One `no-restricted-imports` block per folder depth below `scope`. A file there may not import
 * the `forbidden` paths (repo-root-relative folders or modules, matched with everything below
 * them) nor the `packages` (regexes of bare specifiers), unless the specifier matches `allow`.
 * Files matching `except` are not checked.
 */
function boundary(scope, { forbidden, packages = [], allow, except = [], message }) {
  return Array.from({ length: MAX_DEPTH }, (_, depth) => {
    const fromDir = path.posix.join(scope, ...Array(depth).fill('_'));
    const targets = forbidden.map((target) => `${escapeRegex(path.posix.relative(fromDir, target))}(/.*)?`);
    const regex = `^${allow ? `(?!.*${allow})` : ''}(${[...targets, ...packages].join('|')})$`;
    return {
      name: `nexova/boundaries/${scope}/depth-${depth}`,
      files: [`${scope}/${'*/'.repeat(depth)}${SOURCE_FILES}`],
      ignores: except,
      rules: { 'no-restricted-imports': ['error', { patterns: [{ regex, message }] }] },
    };
  });
}

const DOMAIN_MODULES = ['workers/core', 'workers/retail', 'workers/agent', 'workers/whatsapp'];
const ENTRY_POINTS = ['workers/http', 'workers/queues', 'workers/index', 'workers/scheduled', 'durable-objects'];

export default defineConfig(
  {
    name: 'nexova/ignores',
    ignores: [
      'node_modules/',
      'migrations/',
      '.wrangler/',
      '.nexova/',
      '.react-router/',
      'dist/',
      'build/',
      'coverage/',
      'worker-configuration.d.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'nexova/rules',
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // An argument a signature requires but the body ignores is named `_x` (e.g. `queue(batch, _env)`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // `interface Env extends WorkerEnv {}` is how ambient types are augmented (declaration merging).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // STYLE §12: `import type` where only types are used.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    name: 'nexova/dashboard/react-hooks',
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    name: 'nexova/node-scripts',
    files: ['scripts/**', 'test/harness/**', 'bench/**', '*.config.{js,ts}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...DOMAIN_MODULES.flatMap((scope) =>
    boundary(scope, {
      forbidden: ENTRY_POINTS,
      packages: ['hono(/.*)?', '@hono/.*'],
      message:
        'Domain modules (workers/core|retail|agent|whatsapp) may not import Hono, an entry point (workers/http, queues, index, scheduled) or a Durable Object class (ARCHITECTURE §4): take dependencies as arguments and return a result.',
    }),
  ),
  ...boundary('db', {
    forbidden: ['workers'],
    message: 'db/ holds schema and connection only and may not import workers/ (ARCHITECTURE §4).',
  }),
  ...boundary('app', {
    forbidden: ['workers', 'durable-objects', 'db'],
    allow: '(^|/)(schema|schemas|types)(/|\\.ts$|$)',
    message:
      'app/ talks to the server over HTTP only; it may import shared zod schemas and types (a `schema`, `schemas` or `types` module) but no other server code (ARCHITECTURE §4).',
  }),
);
