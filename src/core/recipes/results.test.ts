import { describe, expect, it } from 'vitest';
import { computeMasks } from '../compute.ts';
import { emptyConfig, setGlobalSparsity } from '../config.ts';
import { probeCnn, randomWeights } from '../fixture-graphs.ts';
import { networkMetrics } from '../metrics.ts';
import { resultsJson } from './results.ts';

describe('resultsJson', () => {
  it('writes the setup, per-layer sparsity and the measured figures', () => {
    const graph = probeCnn();
    const config = {
      ...setGlobalSparsity(emptyConfig(graph), 0.6),
      method: 'l1-structured' as const,
    };
    const masks = computeMasks(graph, randomWeights(graph, 2), config);
    const text = resultsJson({
      modelId: 'cnn',
      datasetId: 'mnist',
      graph,
      config,
      masks,
      accuracy: { accuracy: 0.91, loss: 0.3, n: 2000, subset: 'full' },
      baselineAccuracy: 0.98,
      latency: { denseMs: 4, maskedMs: 4.1, compactedMs: 2, batch: 64 },
      exportedAt: '2026-01-01T00:00:00Z',
    });
    const r = JSON.parse(text);
    const m = networkMetrics(graph, masks);
    expect(r.config.method).toBe('l1-structured');
    expect(r.accuracy).toEqual({
      accuracy: 0.91,
      loss: 0.3,
      n: 2000,
      subset: 'full',
      baseline: 0.98,
    });
    expect(r.latency.compactedMs).toBe(2);
    expect(r.total.paramsKept).toBe(m.total.nonzeros);
    expect(r.total.flopsPruned).toBe(m.total.prunedFlops);
    expect(r.total.bytes.compacted).toBe(m.total.bytesCompacted);
    expect(r.layers.map((l: { layer: string }) => l.layer)).toEqual([
      'conv1',
      'conv2',
      'dense1',
      'dense2',
    ]);
    expect(r.layers[0].sparsitySetting).toBe(0.6);
    expect(r.layers[0].removedUnits.length).toBe(5); // round(8 * 0.6) filters
  });

  it('writes null where nothing was measured and never Infinity', () => {
    const graph = probeCnn();
    const config = setGlobalSparsity(emptyConfig(graph), 1);
    const masks = computeMasks(graph, randomWeights(graph, 2), config);
    const text = resultsJson({ modelId: 'cnn', datasetId: 'mnist', graph, config, masks });
    expect(text).not.toMatch(/Infinity|NaN/);
    const r = JSON.parse(text);
    expect(r.accuracy).toBeNull();
    expect(r.latency).toBeNull();
    expect(r.layers[0].weightSparsity).toBe(1);
    expect(r.total.bytes.dense).toBeGreaterThan(0);
  });
});
