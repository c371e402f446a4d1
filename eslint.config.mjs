// ESLint flat config: type-aware typescript-eslint rules over every TypeScript folder, plain
// recommended rules over the browser scripts the server serves. `npm run lint` runs it with
// --max-warnings 0, so every rule here is an error in effect: a rule we do not mean to enforce is
// off, not a warning nobody reads.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'teams/build/**', 'tests/e2e/reports/**'] },

  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // tsconfig.test.json is the one program that holds every folder, tests included.
        project: './tsconfig.test.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its rejection: the process logs an unhandled rejection, or
      // (Node 20) dies of it. A handler that returns a promise where void is expected is the same.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Returning a promise from inside try/catch without await skips the catch.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      // A new ticket state or activity type must reach every switch that decides on it.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true },
      ],
      // isolatedModules compiles file by file: a type-only import must say so to be erased.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/consistent-type-exports': ['error', { fixMixedExportsWithInlineTypeSpecifier: true }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // With noUncheckedIndexedAccess, a guard on a value the types call present is dead code, and
      // a `?.`/`??` on one misleads the reader about what can be missing. (no-non-null-assertion
      // stays off: `xs[i]!` in a loop bounded by xs.length is how code under
      // noUncheckedIndexedAccess says "in range", about 240 times in knowledge/ and bench/.)
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      '@typescript-eslint/prefer-nullish-coalescing': 'error',
      '@typescript-eslint/prefer-optional-chain': 'error',
      '@typescript-eslint/no-unnecessary-type-arguments': 'error',
      '@typescript-eslint/no-deprecated': 'error',
      // An async function that awaits nothing still turns a throw into a rejected promise, which
      // is what a caller of a Promise-returning interface expects; dropping `async` would change that.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a parameter kept for its position (an interface's signature).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      curly: ['error', 'multi-line'],
      'object-shorthand': 'error',
    },
  },

  {
    // CLIs and benchmarks talk to a terminal: printing is their output, not stray debugging.
    files: ['scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },

  {
    files: ['tests/**/*.ts'],
    rules: {
      // No console rule is relaxed here: a passing test prints nothing (docs/style).
      // jest's expect(obj.method).toHaveBeenCalled() passes a method without calling it; that is
      // the matcher's API, not a lost `this`.
      '@typescript-eslint/unbound-method': 'off',
      // Teardown guards what setup may not have made (`await running?.stop()` after a beforeAll
      // that threw), and tests read wire data the SDK's types call present (Activity.text).
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Response bodies are read as `any` (res.json(), JSON.parse) on purpose: the test's
      // expectations are the check of their shape, and a cast to the server's own type would only
      // assume what the test is there to verify.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  {
    // Browser scripts served as they are (no build step): ES2020, which every browser Web Chat
    // supports has (optional chaining, optional catch binding).
    files: ['**/*.js'],
    ignores: ['jest.config.js'],
    extends: [eslint.configs.recommended],
    languageOptions: { ecmaVersion: 2020, sourceType: 'script', globals: globals.browser },
  },
  {
    files: ['jest.config.js'],
    extends: [eslint.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
);
