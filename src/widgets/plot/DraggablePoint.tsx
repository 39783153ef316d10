import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useInteractiveMark, usePlot } from './Plot';

export interface DraggablePointProps {
  /** x of the point in data units. */
  x: number;
  /** y of the point in data units. */
  y: number;
  /** Called with the new (constrained) position while dragging and on arrow keys. */
  onChange: (x: number, y: number) => void;
  /** Accessible name, e.g. "Centre of p"; the coordinates are appended for screen readers. */
  label: string;
  /** Fill colour (default `var(--series-1)`). */
  color?: string;
  /** Visible radius in viewBox units (default 7); the hit area is at least 12. */
  radius?: number;
  /**
   * Arrow-key step in data units on both axes. Default: 1% of the plotting area's width (x) and
   * height (y), converted through the scales (1% of each domain on a linear axis).
   */
  step?: number;
  /** Maps a proposed position to an allowed one (clamp, project onto a line…). Default: clamp to the plot's domains. */
  constrain?: (x: number, y: number) => [number, number];
  /** Handle shape (default circle). */
  shape?: 'circle' | 'square';
  /** Number format in the accessible name (default 2 decimals, 3 significant digits when tiny or huge). */
  format?: (value: number) => string;
}

const HIT_RADIUS = 12;

/** 1.00, -0.25, 1.23e-5, 1.50e+6: readable at any magnitude. */
export function formatCoordinate(value: number): string {
  const size = Math.abs(value);
  if (size === 0 || (size >= 0.01 && size < 1e5)) return value.toFixed(2);
  return value.toExponential(2);
}

/**
 * A handle the reader drags (mouse, touch, pen via Pointer Events) or moves with the arrow keys
 * (Shift for ×10). Controlled: it draws at (x, y) and reports moves through `onChange`.
 */
export function DraggablePoint({
  x,
  y,
  onChange,
  label,
  color = 'var(--series-1, #1f5fa8)',
  radius = 7,
  step,
  constrain,
  shape = 'circle',
  format = formatCoordinate,
}: DraggablePointProps) {
  const { xScale, yScale, innerWidth, innerHeight, toInner } = usePlot();
  useInteractiveMark();
  const drag = useRef<{ pointerId: number; dx: number; dy: number } | null>(null);

  const px = xScale(x);
  const py = yScale(y);

  const commit = (nx: number, ny: number) => {
    let next: [number, number];
    if (constrain) {
      next = constrain(nx, ny);
    } else {
      const [xa, xb] = xScale.domain();
      const [ya, yb] = yScale.domain();
      next = [
        Math.min(Math.max(nx, Math.min(xa, xb)), Math.max(xa, xb)),
        Math.min(Math.max(ny, Math.min(ya, yb)), Math.max(ya, yb)),
      ];
    }
    if (Number.isFinite(next[0]) && Number.isFinite(next[1])) onChange(next[0], next[1]);
  };

  const onPointerDown = (event: PointerEvent<SVGGElement>) => {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    const element = event.currentTarget;
    event.preventDefault();
    if (typeof element.setPointerCapture === 'function') element.setPointerCapture(event.pointerId);
    element.focus({ preventScroll: true });
    const [ix, iy] = toInner(event.clientX, event.clientY);
    // Keep the grab offset so the point does not jump under the pointer.
    drag.current = { pointerId: event.pointerId, dx: px - ix, dy: py - iy };
  };

  const onPointerMove = (event: PointerEvent<SVGGElement>) => {
    const state = drag.current;
    if (!state || state.pointerId !== event.pointerId) return;
    const [ix, iy] = toInner(event.clientX, event.clientY);
    commit(xScale.invert(ix + state.dx), yScale.invert(iy + state.dy));
  };

  const endDrag = (event: PointerEvent<SVGGElement>) => {
    const state = drag.current;
    if (!state || state.pointerId !== event.pointerId) return;
    drag.current = null;
    const element = event.currentTarget;
    if (
      typeof element.hasPointerCapture === 'function' &&
      element.hasPointerCapture(event.pointerId)
    ) {
      element.releasePointerCapture(event.pointerId);
    }
  };

  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    const directions: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, 1],
      ArrowDown: [0, -1],
    };
    const direction = directions[event.key];
    if (!direction) return;
    event.preventDefault();
    const factor = event.shiftKey ? 10 : 1;
    const [sx, sy] = direction;
    if (step !== undefined) {
      commit(x + sx * step * factor, y + sy * step * factor);
    } else {
      // 1% of the plotting area in pixels; on a log axis this is a constant ratio.
      commit(
        sx === 0 ? x : xScale.invert(px + sx * factor * 0.01 * innerWidth),
        sy === 0 ? y : yScale.invert(py - sy * factor * 0.01 * innerHeight),
      );
    }
  };

  if (!Number.isFinite(px) || !Number.isFinite(py)) return null;
  const hit = Math.max(HIT_RADIUS, radius + 4);
  return (
    <g
      className="plot-drag"
      transform={`translate(${px},${py})`}
      tabIndex={0}
      role="button"
      aria-roledescription="draggable point"
      aria-label={`${label}, x ${format(x)}, y ${format(y)}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onLostPointerCapture={() => {
        drag.current = null;
      }}
      onKeyDown={onKeyDown}
      style={{ touchAction: 'none' }}
    >
      <circle className="plot-drag-hit" r={hit} fill="transparent" />
      <g className="plot-drag-ring" fill="none">
        <circle className="plot-drag-ring-halo" r={radius + 5} />
        <circle className="plot-drag-ring-line" r={radius + 5} />
      </g>
      {shape === 'square' ? (
        <rect
          className="plot-drag-handle"
          x={-radius}
          y={-radius}
          width={2 * radius}
          height={2 * radius}
          fill={color}
        />
      ) : (
        <circle className="plot-drag-handle" r={radius} fill={color} />
      )}
    </g>
  );
}
