/** Small builders for lesson steps and scenes. */
import { emptyConfig, setGlobalSparsity, setLayerSparsity } from '../core/config.ts';
import type { MethodId, NetGraph, PruningConfig } from '../core/types.ts';
import type { DatasetId } from '../data/types.ts';
import type { ModelId } from '../data/models.ts';
import type { LessonStep, Question, Scene } from './types.ts';

/** A scene on the workbench unless `extra` says otherwise. */
export function scene(
  model: ModelId,
  dataset: DatasetId,
  method: MethodId,
  globalSparsity: number,
  layer: string,
  extra: Partial<Scene> = {},
): Scene {
  return { model, dataset, method, globalSparsity, layer, view: 'workbench', ...extra };
}

/** The CNN on MNIST. */
export function cnn(method: MethodId, s: number, layer: string, extra: Partial<Scene> = {}): Scene {
  return scene('cnn', 'mnist', method, s, layer, extra);
}

/** A step: a scene, what to look at, and its question. */
export function step(title: string, sceneOf: Scene, text: string, q: Question): LessonStep {
  return { ...q, title, scene: sceneOf, text };
}

/** Options for "which digit" questions. */
export const DIGITS = Array.from({ length: 10 }, (_, c) => ({ id: String(c), label: String(c) }));

/** Yes / no options. */
export const YES_NO = [
  { id: 'yes', label: 'yes' },
  { id: 'no', label: 'no' },
];

/**
 * The pruning setup a scene asks for: its method, the global sparsity on every layer, then the
 * scene's per-layer sparsities.
 */
export function sceneConfig(graph: NetGraph, s: Scene, seed = 1): PruningConfig {
  let config = setGlobalSparsity(
    { ...emptyConfig(graph), method: s.method, seed },
    s.globalSparsity,
  );
  for (const [layer, v] of Object.entries(s.layerSparsity ?? {}))
    config = setLayerSparsity(config, layer, v);
  return config;
}
