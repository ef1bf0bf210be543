// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main/desktop may import electron.' }] },
      ],
    },
  },
  {
    // The core is the same for both shells: it knows neither of them, nor the launcher, nor Electron.
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/desktop may import electron.' }],
          patterns: [
            {
              group: ['**/desktop/*', '**/headless/*', '**/launcher/*', '**/renderer/*'],
              message: 'main/core serves both shells: a shell passes what it needs in, never the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/desktop/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/headless/*', '**/launcher/*'], message: 'The desktop shell never runs the headless one.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/headless/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The headless shell runs without Electron.' }],
          patterns: [
            { group: ['**/desktop/*', '**/launcher/*'], message: 'The headless shell knows nothing of the desktop.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'test/dom/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'express', 'better-sqlite3', '../main/*', '../../main/*'],
              message: 'The renderer reaches main only through window.wifireDesk.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'express', 'better-sqlite3', '../main/*', '../renderer/*'],
              message: 'shared/ is pure TypeScript for both sides.',
            },
          ],
        },
      ],
    },
  },
);
