import { describe, expect, it } from 'vitest';
import { TimeLapseRecorder } from './timelapse.ts';

describe('TimeLapseRecorder', () => {
  it('copies the tensor, measures its sparsity and thins to maxFrames keeping the last', () => {
    const rec = new TimeLapseRecorder('a/kernel', 4);
    const w = new Float32Array([1, -2, 3, -4]);
    for (let step = 0; step < 7; step++) {
      const mask = Uint8Array.from([1, 1, 1, 1], (_, i) => (i < step % 5 ? 0 : 1));
      rec.record(step, step / 10, { 'a/kernel': w }, { 'a/kernel': mask });
      w[0] = step; // later changes must not reach recorded frames
    }
    const frames = rec.frames();
    expect(frames.length).toBeLessThanOrEqual(4);
    expect(frames[frames.length - 1].step).toBe(6);
    expect(frames[0].weights[0]).toBe(1);
    expect(frames.map((f) => f.layerSparsity)).toEqual(
      frames.map((f) => Math.min(f.step % 5, 4) / 4),
    );
    expect(frames[0].accuracy).toBeNull();
    expect(() => rec.record(7, 0, {}, {})).toThrow(/a\/kernel/);
  });
});
