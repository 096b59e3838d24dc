import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store/index.ts';
import { selectNoise } from '../store/predictions.ts';
import { fmtCount, fmtPct } from './format.ts';
import { Help } from './Tip.tsx';

/**
 * The test set's noise beside the accuracy readout: the 95% Wilson interval of the accuracy on
 * screen and how many predictions pruning flipped against the unpruned model on the same examples.
 * Empty until both results for the setup on screen are in.
 */
export function AccuracyNoise() {
  const noise = useApp(useShallow(selectNoise));
  if (!noise) return null;
  const half = ((noise.high - noise.low) / 2) * 100;
  return (
    <span
      className="stat-sub"
      data-testid="accuracy-noise"
      data-version={noise.version}
      data-subset={noise.subset}
      data-changed={noise.changed}
      data-broken={noise.broken}
      data-fixed={noise.fixed}
    >
      ± {half.toFixed(1)} pts (95% CI {fmtPct(noise.low, 1)}–{fmtPct(noise.high, 1)}) ·{' '}
      <strong>
        {fmtCount(noise.changed)} prediction{noise.changed === 1 ? '' : 's'} flipped
      </strong>{' '}
      vs unpruned ({fmtCount(noise.broken)} broken, {fmtCount(noise.fixed)} fixed)
      <Help
        about="the confidence interval"
        text="The 95% confidence interval (Wilson) says how far the accuracy could move by chance on this many test examples."
      />
    </span>
  );
}
