import { readdirSync } from 'node:fs';

import js from '@eslint/js';
import checkFile from 'eslint-plugin-check-file';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const steps = 'apps/web/src/features/wizard/steps';
const sourceFiles = '**/*.{ts,tsx,js,mjs,cjs}';

/**
 * The house's import boundaries (STYLE.md), one `no-restricted-imports` per file group. A later group
 * that matches the same file replaces the options of an earlier one, so the groups do not overlap.
 */
const restrictImports = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const stepMessage =
  'A wizard step does not import another step: move what both need to features/wizard/components, api or lib.';

/**
 * Per step folder: a relative import that climbs out of the importing file's step folder (one `../`
 * more than the file's depth inside it) and goes down into a folder is another step; through a path
 * alias, any steps/ folder but its own is. Steps nest at most a few folders deep.
 */
const stepBoundaries = readdirSync(new URL(`./${steps}`, import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap(({ name }) =>
    [0, 1, 2, 3].map((depth) =>
      restrictImports(
        [`${steps}/${name}/${'*/'.repeat(depth)}*.{ts,tsx}`],
        [
          { regex: `^(\\.\\./){${depth + 1}}[^./][^/]*/`, message: stepMessage },
          { regex: `(^|/)features/wizard/steps/(?!${name}/)`, message: stepMessage },
        ],
      ),
    ),
  );

const appsMessage = 'Packages never import the apps: an app depends on packages, not the other way round.';
const routeMessage =
  'Route files do not import each other: move what both need to a service in apps/server/src/wizard/.';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/generated/**',
      '**/playwright-report/**',
      '**/test-results/**',
      'reports/**',
      'data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/test/**', '**/__tests__/**', '**/*.test.ts', '**/*.test.tsx', 'e2e/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    files: [sourceFiles],
    plugins: { 'check-file': checkFile },
    rules: {
      'check-file/filename-naming-convention': [
        'error',
        { [sourceFiles]: 'KEBAB_CASE' },
        { ignoreMiddleExtensions: true },
      ],
      'check-file/folder-naming-convention': ['error', { '*/**/!(__tests__)/': 'KEBAB_CASE' }],
    },
  },
  // Configuration comes from the environment in one place: the server's config.ts validates it and
  // passes it down. Scripts, tests, e2e and bench set up processes and may read their own variables.
  {
    files: ['apps/*/src/**', 'packages/*/src/**'],
    ignores: ['apps/server/src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration in apps/server/src/config.ts and pass it down.',
        },
      ],
    },
  },
  ...stepBoundaries,
  restrictImports(
    ['packages/**'],
    [{ group: ['@hw/server', '@hw/server/*', '@hw/web', '@hw/web/*', '**/apps/**'], message: appsMessage }],
  ),
  // harbor-client is the Harbor layer everything else builds on; it depends on nothing of ours.
  restrictImports(
    ['packages/harbor-client/**'],
    [
      {
        group: ['@hw/*', '**/apps/**'],
        message: 'harbor-client imports nothing of ours (no @hw/* package).',
      },
      { group: ['**/packages/**'], message: 'harbor-client imports nothing of ours (no other package).' },
    ],
  ),
  restrictImports(['apps/server/src/routes/**'], [{ regex: '^\\./', message: routeMessage }]),
  restrictImports(
    ['apps/server/test/**'],
    [
      {
        group: ['**/src/routes/**'],
        message: 'Tests reach routes over HTTP (inject); shared logic lives in a service or module.',
      },
    ],
  ),
);
