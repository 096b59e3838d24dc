import { describe, expect, it } from 'vitest';
import { layerValueText } from './LayerRow.tsx';

describe('layerValueText', () => {
  const lp = { sparsity: 0.5, locked: false };

  it('reads the setting, with the achieved sparsity when they differ by more than 1.5 points', () => {
    expect(layerValueText(lp, 0.5, true)).toBe('50%');
    expect(layerValueText(lp, 0.51, true)).toBe('50%');
    expect(layerValueText(lp, 0.75, true)).toBe('50% (75%)');
  });

  it('reads the achieved sparsity when the slider does not set it, and "removed" for a removed layer', () => {
    expect(layerValueText(lp, 0.73, false)).toBe('73%');
    expect(layerValueText({ ...lp, removed: true }, 0.73, true)).toBe('removed');
  });
});
