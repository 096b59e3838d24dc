import * as Slider from '@radix-ui/react-slider';
import { useContext } from 'react';
import { GateLocked } from './gateContext.ts';

export interface SparsitySliderProps {
  /** Accessible name, e.g. "Global sparsity" or "conv1 sparsity". */
  label: string;
  /** Fraction pruned, 0..1. */
  value: number;
  onChange: (v: number, phase: 'change' | 'commit') => void;
  disabled?: boolean;
  /** Shown instead of the percentage (e.g. the achieved sparsity under global ranking). */
  valueText?: string;
  /** Hide the visible label (the name is still given to assistive technology). */
  hideLabel?: boolean;
}

/**
 * A sparsity slider on an accessible primitive: role `slider`, arrow keys step 1%, Page Up/Down
 * 10%, Home/End to the ends; the value is announced as a percentage.
 */
export function SparsitySlider({
  label,
  value,
  onChange,
  disabled,
  valueText,
  hideLabel,
}: SparsitySliderProps) {
  const locked = useContext(GateLocked);
  const pct = Math.round(value * 1000) / 10;
  const text = valueText ?? `${pct}%`;
  return (
    <div className="slider-row">
      {!hideLabel && <span className="muted">{label}</span>}
      <Slider.Root
        className="slider-root"
        style={hideLabel ? { gridColumn: '1' } : { gridColumn: '1 / -1', gridRow: 2 }}
        value={[pct]}
        min={0}
        max={100}
        step={1}
        disabled={disabled || locked}
        onValueChange={([v]) => {
          performance.mark('pl:input');
          onChange(v / 100, 'change');
        }}
        onValueCommit={([v]) => onChange(v / 100, 'commit')}
      >
        <Slider.Track className="slider-track">
          <Slider.Range className="slider-range" />
        </Slider.Track>
        <Slider.Thumb className="slider-thumb" aria-label={label} aria-valuetext={text} />
      </Slider.Root>
      <span className="value" style={hideLabel ? undefined : { gridRow: 1, gridColumn: 2 }}>
        {text}
      </span>
    </div>
  );
}
