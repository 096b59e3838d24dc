import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const tfjs = ['@tensorflow/*'];
const ui = ['react', 'react-dom', 'react/*', 'react-dom/*', '@radix-ui/*'];
const d3 = ['d3-*', 'd3'];
const zustand = ['zustand', 'zustand/*'];

/**
 * The layers of src/, lowest first: a file may import only from its own layer and the layers below.
 * src/lessons sits beside the store (it may import core and data only); App.tsx, main.tsx and
 * boot.ts are the top.
 */
export const LAYERS = [
  'core',
  'data',
  'model',
  'engine',
  'experiments',
  'store',
  'charts',
  'panels',
  'App',
];

/** A regular expression matching import specifiers that reach folder `name` (or the app shell). */
function reach(name) {
  if (name === 'App') return '^\\.[./]*/(App|main|boot)(\\.tsx?)?$';
  return `^\\.[./]*/(.*/)?${name}(/|$)`;
}

/** `@typescript-eslint/no-restricted-imports` patterns banning every layer `layer` may not use. */
function fence(layer, banned, packages) {
  const patterns = banned.map((target) => ({
    regex: reach(target),
    message: `src/${layer} may not import ${target === 'App' ? 'the app shell' : `src/${target}`}: layers import only downward (core < data < model < engine < experiments < store < charts < panels < App).`,
  }));
  if (packages.length)
    patterns.push({
      group: packages,
      message: `src/${layer} may not import ${packages.join(', ')}.`,
    });
  return { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] };
}

const above = (layer) => LAYERS.slice(LAYERS.indexOf(layer) + 1);

/** Banned folders and packages per layer (what may not be imported from src/<layer>). */
const FENCES = {
  core: { banned: [...above('core'), 'lessons'], packages: [...tfjs, ...ui, ...d3, ...zustand] },
  data: { banned: [...above('data'), 'lessons'], packages: [...tfjs, ...ui, ...d3, ...zustand] },
  model: { banned: [...above('model'), 'lessons'], packages: [...ui, ...d3, ...zustand] },
  engine: { banned: [...above('engine'), 'lessons'], packages: [...ui, ...d3, ...zustand] },
  experiments: {
    banned: ['model', ...above('experiments'), 'lessons'],
    packages: [...tfjs, ...ui, ...d3, ...zustand],
  },
  store: { banned: above('store'), packages: [...tfjs, ...ui, ...d3] },
  lessons: {
    banned: ['model', 'engine', 'experiments', 'store', 'charts', 'panels', 'App'],
    packages: [...tfjs, ...ui, ...d3, ...zustand],
  },
  // Charts take props only: neither the store nor anything that holds tensors or runs jobs.
  charts: {
    banned: ['model', 'engine', 'experiments', 'store', 'lessons', ...above('charts')],
    packages: [...tfjs, ...zustand],
  },
  panels: { banned: above('panels'), packages: tfjs },
};

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dev-dist',
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
  ...Object.entries(FENCES).map(([layer, { banned, packages }]) => ({
    files: [`src/${layer}/**/*.{ts,tsx}`],
    rules: fence(layer, banned, packages),
  })),
  {
    // The lessons' tests (and their fixture helper) check every scene against the zoo's real graphs
    // and measured masks, so they may read src/model; the lessons themselves may not.
    files: ['src/lessons/**/*.test.ts', 'src/lessons/fixtures.ts'],
    rules: fence(
      'lessons',
      ['engine', 'experiments', 'store', 'charts', 'panels', 'App'],
      [...ui, ...d3, ...zustand],
    ),
  },
  {
    // The core is pure TypeScript: it runs unchanged in Node, in the worker and on the main thread.
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
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
);
