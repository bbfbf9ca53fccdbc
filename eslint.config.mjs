// ESLint with typescript-eslint's recommended rules over the server side (apps/api, apps/worker,
// libs, tests, benchmarks). Import boundaries are checked by scripts/check-boundaries.js; types
// by `npm run lint:types`; the pages by their own build.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'apps/web/**', 'coverage/**', 'data/**', 'test-results/**', 'playwright-report/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // rows of raw SQL answers and parsed JSON are typed where they are read; `any` at those edges is deliberate
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
);
