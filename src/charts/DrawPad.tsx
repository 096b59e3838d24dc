/**
 * DrawPad: a square canvas to draw a digit on with mouse, finger or pen (pointer events). At the
 * end of each stroke it emits the drawing preprocessed as MNIST (28x28 floats in [0, 1]). A Clear
 * button, or Delete / Backspace / Escape on the focused pad, clears it.
 */
import {
  useCallback,
  useEffect,
  useRef,
  type KeyboardEvent,
  type PointerEvent,
  type ReactElement,
} from 'react';
import { preprocessDrawing, rasterizeStrokes, type Stroke } from '../data/drawing.ts';

/** Side of the raster strokes are drawn into before preprocessing. */
const RASTER = 112;

export interface DrawPadProps {
  /** Side of the pad in CSS px. */
  size: number;
  /** The drawing as 784 values in [0, 1] (row-major 28x28), after each stroke; null once cleared. */
  onDigit: (input: Float32Array | null) => void;
  /** Brush radius as a fraction of the pad's side (default 0.045). */
  brush?: number;
  ariaLabel?: string;
}

type Point = [number, number];

function drawAll(
  canvas: HTMLCanvasElement | null,
  strokes: Point[][],
  size: number,
  brush: number,
): void {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return;
  const dpr = canvas.width / size;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, size, size);
  ctx.strokeStyle = getComputedStyle(canvas).color || '#000';
  ctx.fillStyle = ctx.strokeStyle;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 2 * brush * size;
  for (const s of strokes) {
    ctx.beginPath();
    s.forEach(([x, y], i) => (i ? ctx.lineTo(x * size, y * size) : ctx.moveTo(x * size, y * size)));
    if (s.length === 1) ctx.lineTo(s[0][0] * size + 0.01, s[0][1] * size);
    ctx.stroke();
  }
}

/** A canvas to draw a digit on, with a Clear button. */
export function DrawPad(props: DrawPadProps): ReactElement {
  const { size, onDigit } = props;
  const brush = props.brush ?? 0.045;
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Point[][]>([]);
  const drawing = useRef<number | null>(null);

  useEffect(() => drawAll(canvas.current, strokes.current, size, brush), [size, brush]);

  const at = (e: PointerEvent<HTMLCanvasElement>): Point => {
    const r = e.currentTarget.getBoundingClientRect();
    const w = r.width || size;
    const h = r.height || size;
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    return [clamp((e.clientX - r.left) / w), clamp((e.clientY - r.top) / h)];
  };

  const emit = useCallback(() => {
    const raster = rasterizeStrokes(strokes.current as Stroke[], RASTER, brush * RASTER);
    onDigit(preprocessDrawing(raster, RASTER, RASTER));
  }, [brush, onDigit]);

  const clear = useCallback(() => {
    strokes.current = [];
    drawing.current = null;
    drawAll(canvas.current, strokes.current, size, brush);
    onDigit(null);
  }, [brush, onDigit, size]);

  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drawing.current = e.pointerId;
    strokes.current.push([at(e)]);
    drawAll(canvas.current, strokes.current, size, brush);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current !== e.pointerId) return;
    strokes.current[strokes.current.length - 1].push(at(e));
    drawAll(canvas.current, strokes.current, size, brush);
  };
  const up = (e: PointerEvent<HTMLCanvasElement>) => {
    if (drawing.current !== e.pointerId) return;
    drawing.current = null;
    emit();
  };
  const key = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (e.key === 'Delete' || e.key === 'Backspace' || e.key === 'Escape') {
      e.preventDefault();
      clear();
    }
  };

  const dpr = typeof window === 'undefined' ? 1 : Math.min(3, window.devicePixelRatio || 1);
  return (
    <div className="draw-pad">
      <canvas
        ref={canvas}
        width={Math.round(size * dpr)}
        height={Math.round(size * dpr)}
        style={{ width: size, height: size, touchAction: 'none' }}
        tabIndex={0}
        role="img"
        aria-label={
          props.ariaLabel ??
          'Drawing pad: draw a digit with the mouse, a finger or a pen. Delete clears it.'
        }
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        onKeyDown={key}
      />
      <button type="button" onClick={clear}>
        Clear
      </button>
    </div>
  );
}
