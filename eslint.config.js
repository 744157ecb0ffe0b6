// ESLint flat config: typescript-eslint's recommended rules. The import boundaries of ARCHITECTURE §4
// are dependency-cruiser's (.dependency-cruiser.cjs); formatting is Prettier's (`prettier --check .`).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

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
  {
    name: 'nexova/commonjs-config',
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
