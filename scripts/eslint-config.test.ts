import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

/** The layer order, lowest first, as the product rules state it. */
const LAYERS = [
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

const cwd = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd });

/** The import-restriction messages ESLint reports for `code` placed at `filePath`. */
async function fenceMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const unused = x;\n`, { filePath });
  return result.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

/** A specifier reaching folder `to` from a file in src/<from>/. */
const spec = (to: string) => (to === 'App' ? '../App.tsx' : `../${to}/index.ts`);
const fileIn = (layer: string) => (layer === 'App' ? 'src/App.tsx' : `src/${layer}/probe.ts`);

describe('layer fences in eslint.config.js', () => {
  const src = LAYERS.filter((l) => l !== 'App');
  for (const from of src) {
    for (const to of LAYERS) {
      const up = LAYERS.indexOf(to) > LAYERS.indexOf(from);
      it(`${from} -> ${to}`, async () => {
        const messages = await fenceMessages(fileIn(from), `import { x } from '${spec(to)}';`);
        const propsOnly =
          from === 'charts' && ['model', 'engine', 'experiments', 'store'].includes(to);
        const allowed = !up && !propsOnly && !(from === 'experiments' && to === 'model');
        expect(messages.length === 0).toBe(allowed);
        if (!allowed) expect(messages[0]).toMatch(/layers import only downward/);
      });
    }
  }

  it('catches upward imports from nested folders and without an extension', async () => {
    const messages = await fenceMessages(
      'src/charts/sub/probe.tsx',
      "import { x } from '../../store';",
    );
    expect(messages).toHaveLength(1);
    expect(
      await fenceMessages('src/engine/probe.ts', "import { x } from '../store/actions';"),
    ).toHaveLength(1);
  });

  it('lessons may import core and data only', async () => {
    for (const ok of ['core', 'data'])
      expect(
        await fenceMessages('src/lessons/probe.ts', `import { x } from '../${ok}/index.ts';`),
      ).toEqual([]);
    for (const bad of ['model', 'experiments', 'store', 'charts', 'panels'])
      expect(
        await fenceMessages('src/lessons/probe.ts', `import { x } from '../${bad}/index.ts';`),
      ).toHaveLength(1);
    // The engine is banned for values and types alike (the result types live in src/model).
    for (const layer of ['lessons', 'model']) {
      expect(
        await fenceMessages(`src/${layer}/probe.ts`, "import { x } from '../engine/client.ts';"),
      ).toHaveLength(1);
      expect(
        await fenceMessages(`src/${layer}/probe.ts`, "import type { x } from '../engine/api.ts';"),
      ).toHaveLength(1);
    }
    // The store level and above may read the lessons; nothing below may.
    expect(
      await fenceMessages('src/store/probe.ts', "import { x } from '../lessons/lessons.ts';"),
    ).toEqual([]);
    for (const low of ['core', 'data', 'model', 'engine', 'experiments'])
      expect(
        await fenceMessages(`src/${low}/probe.ts`, "import { x } from '../lessons/lessons.ts';"),
      ).toHaveLength(1);
  });

  it('keeps tfjs, zustand and React where they belong', async () => {
    const tf = "import * as tf from '@tensorflow/tfjs';";
    const zu = "import { create } from 'zustand';";
    const react = "import { useState } from 'react';";
    expect(await fenceMessages('src/model/probe.ts', tf)).toEqual([]);
    expect(await fenceMessages('src/engine/probe.ts', tf)).toEqual([]);
    for (const layer of ['core', 'data', 'experiments', 'store', 'charts', 'panels', 'lessons'])
      expect(await fenceMessages(`src/${layer}/probe.ts`, tf)).toHaveLength(1);
    expect(await fenceMessages('src/store/probe.ts', zu)).toEqual([]);
    for (const layer of ['core', 'experiments', 'charts'])
      expect(await fenceMessages(`src/${layer}/probe.ts`, zu)).toHaveLength(1);
    expect(await fenceMessages('src/charts/probe.tsx', react)).toEqual([]);
    for (const layer of ['core', 'engine', 'experiments', 'store'])
      expect(await fenceMessages(`src/${layer}/probe.ts`, react)).toHaveLength(1);
  });

  it('experiments may use engine types and the client but not the store', async () => {
    expect(
      await fenceMessages('src/experiments/probe.ts', "import { x } from '../engine/client.ts';"),
    ).toEqual([]);
    expect(
      await fenceMessages('src/experiments/probe.ts', "import { x } from '../store/index.ts';"),
    ).toHaveLength(1);
  });
});
