import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const tfjs = ['@tensorflow/*'];
const ui = ['react', 'react-dom', 'react/*', 'react-dom/*', '@radix-ui/*'];
const d3 = ['d3-*', 'd3'];
const store = ['zustand', 'zustand/*', '**/store', '**/store/*'];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'public',
      'test-results',
      'playwright-report',
      'bench/results',
    ],
  },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx}'],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is pure TypeScript: it runs unchanged in Node, in the worker and on the main thread.
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...tfjs, ...ui, ...d3, ...store],
              message: 'src/core imports nothing but itself.',
            },
            { group: ['../*', '!../core'], message: 'src/core imports nothing but itself.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'HTMLElement',
        'HTMLCanvasElement',
      ],
    },
  },
  {
    // Subfolders of the core (src/core/recipes) import the core above them, and nothing else.
    files: ['src/core/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...tfjs, ...ui, ...d3, ...store],
              message: 'src/core imports nothing but itself.',
            },
            { group: ['../../*'], message: 'src/core imports nothing but itself.' },
          ],
        },
      ],
    },
  },
  {
    // Charts take props: no tfjs, no store.
    files: ['src/charts/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...tfjs, ...store],
              message: 'src/charts imports neither tfjs nor the store.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tensors exist only in src/model and the engine that hosts it.
    files: ['src/{data,store,panels,lessons}/**/*.{ts,tsx}', 'src/App.tsx', 'src/main.tsx'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: tfjs, message: 'Only src/model (and src/engine) may import tfjs.' }],
        },
      ],
    },
  },
);
