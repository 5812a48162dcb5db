import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'net', 'tls', 'http', 'https', 'crypto', 'stream'];

export default ts.config(
  { ignores: ['node_modules', 'out', 'dist', 'test-results', 'build/**/*.js'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    // electron-builder loads its hooks (build/after-pack.cjs) with require(): CommonJS by necessity.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // shared/ is imported by main, preload and renderer alike: it may use none of their worlds.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', ...nodeBuiltins], message: 'shared/ must run in main and renderer alike' },
          ],
        },
      ],
    },
  },
  {
    // The renderer is untrusted and sandboxed: it reaches the main process only through the preload API.
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', ...nodeBuiltins],
              message: 'the renderer talks to main only through src/api.ts',
            },
            {
              group: ['**/electron/**'],
              message: 'the renderer may import shared/, never main-process code',
            },
          ],
        },
      ],
    },
  },
  {
    // Only the thin glue touches the electron module; everything else must run under plain Node.
    files: ['electron/**/*.ts'],
    ignores: [
      'electron/main.ts',
      'electron/preload.ts',
      'electron/tray.ts',
      'electron/ipc/electron.ts',
      'electron/desktop/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'keep logic testable under Node: take Electron APIs as arguments',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
