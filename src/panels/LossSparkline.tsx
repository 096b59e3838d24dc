import { Sparkline } from '../charts/index.ts';
import { useApp } from '../store/index.ts';

/** The training loss so far, as a tiny line in the training bar. */
export function LossSparkline() {
  const history = useApp((s) => s.trainHistory);
  if (history.length < 2) return null;
  return (
    <Sparkline
      values={history.map((p) => p.loss)}
      width={140}
      height={30}
      ariaLabel="Training loss"
    />
  );
}
