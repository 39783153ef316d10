import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useInteractiveMark, usePlot } from './Plot';
import './draggableBars.css';

export interface DraggableBarsProps {
  /** Bar heights in y data units; bar i is centred at x = i (use an x domain of [−0.5, n − 0.5]). */
  values: readonly number[];
  /** Called with a bar's new (clamped, snapped) height while dragging and on keys. */
  onChange: (index: number, value: number) => void;
  /** Accessible name of each bar, e.g. "Score of class 1"; the value is announced with it. */
  labels: readonly string[];
  /** Fill of each bar (default `var(--series-1)` for all). */
  colors?: readonly string[];
  /** Where bars start, in y data units (default 0, clamped into the y domain). */
  baseline?: number;
  /** Smallest and largest height (default: the y domain). */
  min?: number;
  max?: number;
  /** Arrow-key step in data units (default 1% of the y range); Shift or PageUp/PageDown ×10. */
  step?: number;
  /** Heights snap to multiples of this (default: no snapping), e.g. 0.01 for tidy URLs. */
  snap?: number;
  /** Bar width as a fraction of the unit spacing (default 0.6). */
  width?: number;
  /** Text of a value for screen readers (default 2 decimals). */
  format?: (value: number) => string;
}

const defaultFormat = (value: number) => value.toFixed(2);

/**
 * A bar chart whose bars the reader sets: drag a bar (mouse, touch or pen; pressing anywhere in
 * its column moves its top there) or focus it and use the arrow keys, PageUp/PageDown, Home and
 * End. Each bar is an ARIA slider with its own name. Controlled: it draws `values` and reports
 * changes through `onChange`.
 */
export function DraggableBars({
  values,
  onChange,
  labels,
  colors,
  baseline = 0,
  min,
  max,
  step,
  snap,
  width = 0.6,
  format = defaultFormat,
}: DraggableBarsProps) {
  const { xScale, yScale, innerHeight, toInner } = usePlot();
  useInteractiveMark();
  const dragging = useRef<{ index: number; pointerId: number } | null>(null);

  const [ya, yb] = yScale.domain();
  const lo = min ?? Math.min(ya, yb);
  const hi = max ?? Math.max(ya, yb);
  const keyStep = step ?? (hi - lo) / 100;
  const base = yScale(Math.min(Math.max(baseline, Math.min(ya, yb)), Math.max(ya, yb)));
  const unit = Math.abs(xScale(1) - xScale(0));
  const barWidth = unit * width;

  const commit = (index: number, proposed: number) => {
    let v = Math.min(Math.max(proposed, lo), hi);
    if (snap && snap > 0) v = Math.min(Math.max(Math.round(v / snap) * snap, lo), hi);
    // Snapping leaves float noise like 0.30000000000000004; keep the digits of the snap unit.
    if (snap && snap > 0) v = Number(v.toFixed(Math.max(0, Math.ceil(-Math.log10(snap)) + 2)));
    if (Number.isFinite(v) && v !== values[index]) onChange(index, v);
  };

  const fromPointer = (event: PointerEvent<SVGGElement>) =>
    yScale.invert(toInner(event.clientX, event.clientY)[1]);

  const onPointerDown = (index: number) => (event: PointerEvent<SVGGElement>) => {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    const element = event.currentTarget;
    event.preventDefault();
    if (typeof element.setPointerCapture === 'function') element.setPointerCapture(event.pointerId);
    element.focus({ preventScroll: true });
    dragging.current = { index, pointerId: event.pointerId };
    commit(index, fromPointer(event));
  };

  const onPointerMove = (index: number) => (event: PointerEvent<SVGGElement>) => {
    const state = dragging.current;
    if (!state || state.index !== index || state.pointerId !== event.pointerId) return;
    commit(index, fromPointer(event));
  };

  const endDrag = (event: PointerEvent<SVGGElement>) => {
    const state = dragging.current;
    if (!state || state.pointerId !== event.pointerId) return;
    dragging.current = null;
    const element = event.currentTarget;
    if (
      typeof element.hasPointerCapture === 'function' &&
      element.hasPointerCapture(event.pointerId)
    ) {
      element.releasePointerCapture(event.pointerId);
    }
  };

  const onKeyDown = (index: number) => (event: KeyboardEvent<SVGGElement>) => {
    const factor = event.shiftKey ? 10 : 1;
    const value = values[index];
    const moves: Record<string, number> = {
      ArrowUp: value + keyStep * factor,
      ArrowRight: value + keyStep * factor,
      ArrowDown: value - keyStep * factor,
      ArrowLeft: value - keyStep * factor,
      PageUp: value + keyStep * 10,
      PageDown: value - keyStep * 10,
      Home: lo,
      End: hi,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    commit(index, moves[event.key]);
  };

  return (
    <g className="plot-bars">
      {values.map((value, index) => {
        const cx = xScale(index);
        const top = yScale(Math.min(Math.max(value, lo), hi));
        if (!Number.isFinite(cx) || !Number.isFinite(top)) return null;
        const y0 = Math.min(top, base);
        const h = Math.abs(top - base);
        const color = colors?.[index] ?? 'var(--series-1, #1f5fa8)';
        return (
          <g
            key={index}
            className="plot-bar"
            tabIndex={0}
            role="slider"
            aria-label={labels[index] ?? `Bar ${index + 1}`}
            aria-orientation="vertical"
            aria-valuemin={lo}
            aria-valuemax={hi}
            aria-valuenow={value}
            aria-valuetext={format(value)}
            onPointerDown={onPointerDown(index)}
            onPointerMove={onPointerMove(index)}
            onPointerUp={endDrag}
            onPointerCancel={endDrag}
            onLostPointerCapture={() => {
              dragging.current = null;
            }}
            onKeyDown={onKeyDown(index)}
            style={{ touchAction: 'none' }}
          >
            <rect
              className="plot-bar-hit"
              x={cx - unit / 2}
              y={0}
              width={unit}
              height={innerHeight}
              fill="transparent"
            />
            <rect
              className="plot-bar-focus"
              x={cx - barWidth / 2 - 4}
              y={y0 - 4}
              width={barWidth + 8}
              height={h + 8}
              rx={4}
            />
            <rect
              className="plot-bar-fill"
              x={cx - barWidth / 2}
              y={y0}
              width={barWidth}
              height={Math.max(h, 0.5)}
              fill={color}
            />
            <line
              className="plot-bar-grip"
              x1={cx - barWidth / 2}
              x2={cx + barWidth / 2}
              y1={top}
              y2={top}
              stroke={color}
            />
          </g>
        );
      })}
    </g>
  );
}
