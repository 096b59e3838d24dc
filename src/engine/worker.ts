/**
 * The engine's Web Worker: tfjs on WebGL through OffscreenCanvas (cpu when WebGL is missing),
 * exposed to the page with comlink.
 */
import { expose } from 'comlink';
import { fetchSource } from '../data/index.ts';
import { createEngine } from './engine.ts';

const base = import.meta.env.BASE_URL;
const engine = createEngine({
  data: fetchSource(`${base}data/`),
  models: fetchSource(base),
});

expose(engine);
