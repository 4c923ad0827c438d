// ESLint flat config: correctness rules only (style is Prettier's job), plus the layering.
// `npm test` runs `npm run lint`; see CONTRIBUTING.md for the layers and why they point downwards.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * A layer must not import the layers above it. Relative imports only (the tree has no path
 * aliases), so one regex per forbidden layer catches `../cli/x` as well as `../../cli/x`.
 */
function forbid(layer, forbidden, extra = []) {
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidden.map((other) => ({
              regex: `^(\\.\\./)+${other}(/|$)`,
              message: `src/${layer} must not import src/${other}: imports point downwards (inputs -> model -> rules -> reports -> cli; see CONTRIBUTING.md).`,
            })),
            ...extra,
          ],
        },
      ],
    },
  };
}

/** Reporters are given the rule metadata (FormatContext.rulesMeta); they may use rules/types and rules/docs, never the catalogue. */
const CATALOGUE = {
  regex: '^(\\.\\./)+rules(/index|/catalogue(/.*)?)?$',
  message: 'reporters receive the rule metadata they need (FormatContext.rulesMeta); they do not import the catalogue.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Azure payloads are untyped JSON; `any` at the edges is deliberate. The compiler's strict mode already guards the rest.
      '@typescript-eslint/no-explicit-any': 'off',
      // `noUnusedLocals` in tsconfig reports these for src; tests keep helpers on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Lazy loads (elkjs's worker, package.json) are deliberate `require`s.
      '@typescript-eslint/no-require-imports': 'off',
      // An interface that only extends names an entity of the model.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // `catch { /* why */ }` is how the tree says "ignored on purpose".
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Type-aware rules where they are cheap and catch real bugs: a promise nobody awaits is a lost error.
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, document: 'readonly' } },
  },
  forbid('model', ['rules', 'report', 'collectors', 'cli', 'config', 'iac', 'fakearm', 'fixtures', 'bench']),
  forbid('rules', ['report', 'collectors', 'cli', 'config', 'fakearm', 'bench']),
  {
    // One rule never imports another: what two rules share lives in src/rules/helpers.ts.
    files: ['src/rules/catalogue/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(report|collectors|cli|config|fakearm|bench)(/|$)',
              message: 'rules know no reporters, collectors, config or CLI (see CONTRIBUTING.md).',
            },
            { regex: '^\\./', message: 'one rule never imports another: move what they share to src/rules/helpers.ts.' },
          ],
        },
      ],
    },
  },
  forbid('report', ['collectors', 'cli', 'config', 'fakearm', 'bench'], [CATALOGUE]),
  forbid('config', ['cli', 'collectors', 'fakearm', 'bench']),
  // Before-deployment inputs produce a Plan from the model's shapes; they know no rules, reports or CLI.
  forbid('iac', ['rules', 'report', 'collectors', 'cli', 'config']),
);
