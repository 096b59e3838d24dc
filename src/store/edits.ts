/**
 * Edits of the setup: sliders, method pickers, locks, layer removal, and `applySetup`, the one
 * undoable way to replace the whole setup (lessons, sensitivity allocations, links, resets). Each
 * adds one undo step; a slider drag adds one step for the whole drag.
 */
import {
  emptyConfig,
  normaliseConfig,
  patchLayer,
  setGlobalSparsity,
  setLayerSparsity,
} from '../core/index.ts';
import type { MethodId, PruningConfig } from '../core/types.ts';
import { useApp, type AppState } from './index.ts';
import { record, redo as redoStep, undo as undoStep, type Setup } from './pruning.ts';
import { loadModel } from './session.ts';
import { applyConfig } from './setup.ts';
import { restoreSnapshot } from './snapshots.ts';

const get = (): AppState => useApp.getState();
const set = useApp.setState;

/** The setup on screen. */
export function currentSetup(s: AppState = get()): Setup {
  return { modelId: s.modelId, datasetId: s.datasetId, config: s.config };
}

/** Makes `setup` current without touching the history (loads the model when it differs). */
async function goTo(setup: Setup): Promise<void> {
  const s = get();
  if (setup.modelId !== s.modelId || setup.datasetId !== s.datasetId || s.status !== 'ready')
    await loadModel(setup.modelId, setup.datasetId, { pending: setup.config, keepHistory: true });
  else await applyConfig(s.graph ? normaliseConfig(s.graph, setup.config) : setup.config);
  const h = get().weightHistory;
  if (setup.weights && setup.weights !== h.current && h.entries.some((e) => e.id === setup.weights))
    await restoreSnapshot(setup.weights, 'the weights from before the experiment was applied');
}

/**
 * Replaces the setup on screen (model, dataset, config) as ONE undo step. A model switch clears
 * masks, scores and results together with the model change; the config is repaired against the
 * new model's layers with a notice.
 * @param opts.weightsBefore a weight snapshot that Undo of this step brings back (an applied
 *   experiment's)
 */
export async function applySetup(
  next: Partial<Setup> & { config: PruningConfig },
  opts: { reload?: boolean; weightsBefore?: string } = {},
): Promise<void> {
  const before: Setup = {
    ...currentSetup(),
    ...(opts.weightsBefore ? { weights: opts.weightsBefore } : {}),
  };
  const setup: Setup = { ...before, ...next };
  set({ dragOrigin: null, history: record(get().history, before, setup) });
  if (opts.reload)
    await loadModel(setup.modelId, setup.datasetId, { pending: setup.config, keepHistory: true });
  else await goTo(setup);
}

type Phase = 'change' | 'commit';

/** Applies a change as part of a drag (one undo step per drag) or as a single step. */
function change(next: PruningConfig, phase: Phase): void {
  const s = get();
  const origin = s.dragOrigin ?? s.config;
  if (phase === 'change') set({ dragOrigin: origin });
  else
    set({
      dragOrigin: null,
      history: record(
        get().history,
        { ...currentSetup(), config: origin },
        { ...currentSetup(), config: next },
      ),
    });
  // A slider reports a keyboard step twice (change, then commit): compute and evaluate it once.
  if (JSON.stringify(next) !== JSON.stringify(s.config)) void applyConfig(next);
}

export function setGlobal(v: number, phase: Phase = 'commit'): void {
  change(setGlobalSparsity(get().config, v), phase);
}

export function setLayer(layer: string, v: number, phase: Phase = 'commit'): void {
  change(setLayerSparsity(get().config, layer, v), phase);
}

export function setMethod(method: MethodId): void {
  change({ ...get().config, method }, 'commit');
}

export function setLayerMethod(layer: string, method: MethodId | undefined): void {
  change(patchLayer(get().config, layer, { method }), 'commit');
}

export function toggleLock(layer: string): void {
  const l = get().config.layers[layer];
  if (l) change(patchLayer(get().config, layer, { locked: !l.locked }), 'commit');
}

export function toggleRemoved(layer: string): void {
  const l = get().config.layers[layer];
  if (l) change(patchLayer(get().config, layer, { removed: !l.removed }), 'commit');
}

/** Steps back one setup (loading the model of that step when it differs). */
export async function undo(): Promise<void> {
  const r = undoStep(get().history, currentSetup());
  if (!r) return;
  set({ history: r.history });
  await goTo(r.setup);
}

/** Steps forward again. */
export async function redo(): Promise<void> {
  const r = redoStep(get().history, currentSetup());
  if (!r) return;
  set({ history: r.history });
  await goTo(r.setup);
}

/** Back to the unpruned pretrained model (reloaded, so trained weights go too): one undo step. */
export async function resetAll(): Promise<void> {
  const { graph, config } = get();
  if (!graph) return;
  await applySetup({ config: emptyConfig(graph, config.method, config.seed) }, { reload: true });
}

export function selectLayer(name: string): void {
  set({ selectedLayer: name });
}

export function setTheme(theme: 'light' | 'dark'): void {
  set({ theme });
}
