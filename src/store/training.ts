/**
 * Training in the workbench (fine-tune with masks held, or from scratch), with progress, and the
 * latency measurement. Trained weights get a new weights version, so anything computed on the old
 * weights is dropped.
 */
import { APP_PROGRESS, type TrainProgress } from '../engine/api.ts';
import { isAborted } from '../engine/client.ts';
import { engineClient } from './engine.ts';
import { pushNotice, useApp, type AppState } from './index.ts';
import { evaluateBaseline } from './session.ts';
import { applyConfig, errorText, setWorkbenchWeights, workbenchSignal } from './setup.ts';

const get = (): AppState => useApp.getState();
const set = useApp.setState;

/** Keeps the latest progress at most ~10 times a second, and every report in the history. */
function progressSink(): (p: TrainProgress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    useApp.setState((st) => ({ trainHistory: [...st.trainHistory, p] }));
    if (now - last > 100 || p.done === p.total) {
      last = now;
      set({ progress: p });
    }
  };
}

/**
 * Trains (fine-tunes the pruned model with masks held, or from scratch) with progress.
 * @param maxBatches stop after this many batches (1 = one step)
 */
export async function startTraining(maxBatches?: number): Promise<void> {
  const s = get();
  if (s.trainStatus !== 'idle' || !s.graph) return;
  set({ trainStatus: 'running', trainHistory: [], progress: null });
  const client = engineClient();
  const version = client.nextVersion();
  // A single step always continues from the current weights.
  const scratch = s.trainMode === 'scratch' && maxBatches === undefined;
  try {
    const { value: r } = await client.call(
      'train',
      [
        {
          epochs: s.epochs,
          batchSize: s.batchSize,
          learningRate: s.learningRate,
          optimizer: 'adam',
          seed: s.config.seed,
          fromScratch: scratch,
          masks: s.masks,
          ...APP_PROGRESS,
          ...(maxBatches !== undefined ? { maxBatches } : {}),
        },
        progressSink(),
      ],
      {
        priority: 'interactive',
        needs: s.weightsVersion,
        sets: version,
        signal: workbenchSignal(),
      },
    );
    if (scratch && r.initial) await client.value('setInitialWeights', 'interactive', r.initial);
    setWorkbenchWeights(r.weights, version);
    set({ trainStatus: 'idle' });
    if (r.cancelled) pushNotice('info', 'Training cancelled; the weights so far are kept.');
    await applyConfig(get().config);
    void evaluateBaseline();
  } catch (e) {
    set({ trainStatus: 'idle' });
    if (!isAborted(e)) pushNotice('error', `Training stopped: ${errorText(e)}`);
  }
}

export function pauseTraining(): void {
  if (get().trainStatus !== 'running') return;
  void engineClient().value('pause', 'immediate');
  set({ trainStatus: 'paused' });
}

export function resumeTraining(): void {
  if (get().trainStatus !== 'paused') return;
  void engineClient().value('resume', 'immediate');
  set({ trainStatus: 'running' });
}

export function cancelTraining(): void {
  void engineClient().value('cancel', 'immediate');
}

export function setTrainOptions(
  o: Partial<Pick<AppState, 'epochs' | 'learningRate' | 'batchSize' | 'trainMode'>>,
): void {
  set(o);
}

/**
 * Measures dense, masked and compacted latency of the setup on screen, then the sparse kernel
 * against dense at every sparsity (both at the lowest priority).
 */
export async function measureLatency(): Promise<void> {
  const s = get();
  if (s.status !== 'ready' || s.masksVersion !== s.maskVersion) return;
  const version = s.maskVersion;
  set({ latencyState: 'running' });
  try {
    const r = await engineClient().call('latency', [s.masks, 64], {
      priority: 'latency',
      needs: s.weightsVersion,
      masks: version,
      signal: workbenchSignal(),
    });
    set({ latency: { result: r.value, version } });
    const sp = await engineClient().call('sparseLatency', [s.masks, 64], {
      priority: 'latency',
      needs: s.weightsVersion,
      masks: version,
      signal: workbenchSignal(),
    });
    set({ sparseLatency: { result: sp.value, version }, latencyState: 'idle' });
  } catch (e) {
    set({ latencyState: isAborted(e) ? 'idle' : { error: errorText(e) } });
  }
}
