/**
 * The box a workbench chart draws in: its measured width, and its height. In presenter mode the
 * box fills the room the screen leaves (see the presenter rules in lessons/layout.css) and the
 * chart takes the box's height, never less than its usual one; otherwise the usual height.
 */
import { useElementSize } from '../charts/index.ts';
import { useApp } from '../store/index.ts';

export function useChartBox(): {
  ref: (el: HTMLDivElement | null) => void;
  width: number;
  /** The chart's height given its usual one. */
  height: (usual: number) => number;
} {
  const box = useElementSize<HTMLDivElement>();
  const presenter = useApp((s) => s.presenter);
  return {
    ref: box.ref,
    width: box.width,
    height: (usual) => (presenter && box.height > usual ? box.height : usual),
  };
}
