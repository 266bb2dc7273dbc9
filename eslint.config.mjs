// ESLint (flat config): ESLint's and typescript-eslint's recommended rules, the type-checked ones included
// (recommendedTypeChecked, through tsconfig.json). `npm run lint` runs it, then dependency-cruiser
// (.dependency-cruiser.cjs), which checks the layering of the code (what may import what) and import cycles, type-only
// imports included.
// Every file is clean: there are no suppressions, so any problem fails the run.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node's globals, which code that also runs in the browser panel (shared/, webview/) must not use. */
const nodeOnlyGlobals = ['process', 'Buffer', 'require', 'module', 'exports', '__dirname', '__filename', 'global', 'setImmediate', 'clearImmediate'].map(
  (name) => ({ name, message: 'shared/ and webview/ also run in the browser panel: no Node global.' }),
);

export default defineConfig(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test-results/',
      'runs/',
      '.cache/',
      // Broken on purpose: they demonstrate diagnostics (syntax errors, wrong types) and hostile user code.
      'examples/broken/',
      'test/hostile/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A leading underscore marks what is unused on purpose (a callback's parameter kept for its position, an
      // element skipped in a destructuring); `const { a, ...rest } = x` drops `a` from `rest`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Off: here an async function without await is how a function meets a Promise-returning signature (sandbox
      // job handlers, command handlers, VS Code's serializer, loaders meant to become asynchronous) while its
      // synchronous throws still become rejections for the caller's .catch. no-floating-promises, no-misused-promises
      // and await-thenable (on) catch the promise mistakes that matter.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Canonical state keys take this realm's prototype methods once (Set.prototype.values, Date.prototype.getTime,
    // ...) and call them with Function.prototype.call, so that user code cannot swap them later: unbound on purpose.
    files: ['src/dag/stateKey.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Tests examine values typed `any` on purpose: what JSON.parse reads back from summary.json, samples.jsonl, the
    // CLI's --json output or a page's embedded data, and vitest's asymmetric matchers (expect.stringMatching,
    // expect.objectContaining, ...), which vitest types as `any`. The expect() around them is the check; casts to
    // a hand-written type would check nothing more. Everywhere else the no-unsafe-* rules stay on.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Also run in the browser panel.
    files: ['shared/**', 'webview/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-globals': ['error', ...nodeOnlyGlobals] },
  },
  {
    // The build and test scripts in plain JavaScript are outside tsconfig.json: no type information for them.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // CommonJS configuration files.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // Functions passed to page.evaluate run in the browser (code-server's page, the panel's webview).
    files: ['test/vscode/*.mjs', 'test/ui/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
