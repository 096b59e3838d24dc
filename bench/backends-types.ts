/** What bench/backends-page.ts exposes as `window.backendsBench` (plain data, ms and examples/s). */
import type { BackendPlan, SparseLatencyResult } from '../src/engine/api.ts';
import type { BackendName } from '../src/model/backends.ts';

export interface BackendsBenchApi {
  /** The engine's backend plan (probes on first call). */
  plan(): Promise<BackendPlan>;
  /** Full test-set evaluation of the cnn at a global magnitude sparsity, on one backend. */
  evaluateOn(
    backend: BackendName,
    sparsity: number,
  ): Promise<{ accuracy: number; loss: number; backend: string; n: number }>;
  /** Median ms of a preview (500) evaluation after a change of conv2's masks, through the engine. */
  previewAfterConv2(backend: BackendName, runs: number): Promise<{ ms: number; backend: string }>;
  /** Median ms of a full (2,000) evaluation after a change of conv1 (no cache helps). */
  fullEval(backend: BackendName, runs: number): Promise<{ ms: number; backend: string }>;
  /** Median ms of plain model.predict on the 2,000 test images (batches of 500). */
  plainPredict(backend: BackendName, runs: number): Promise<number>;
  /** Examples/s of engine training (trainModel, batch 64) on one backend. */
  trainOn(
    backend: BackendName,
    batches: number,
  ): Promise<{ examplesPerSec: number; backend: string }>;
  /** Examples/s of plain model.fit (batch 64) on one backend. */
  plainFit(backend: BackendName, batches: number): Promise<number>;
  /** The engine's dense vs sparse latency at a global magnitude sparsity. */
  sparse(sparsity: number): Promise<SparseLatencyResult | null>;
}
