import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import {
  symbol,
  symbolCircle,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTriangle,
  type SymbolType,
} from 'd3';
import { useInteractiveMark, usePlot } from './Plot';
import { formatCoordinate } from './DraggablePoint';
import './editablePoints.css';

/** Marker shapes, so that classes differ by shape as well as colour. */
export type PointShape = 'circle' | 'triangle' | 'square' | 'diamond' | 'star';

const SYMBOLS: Record<PointShape, SymbolType> = {
  circle: symbolCircle,
  triangle: symbolTriangle,
  square: symbolSquare,
  diamond: symbolDiamond,
  star: symbolStar,
};

/** How the points of one class look. */
export interface PointClassStyle {
  /** Name read to screen readers, e.g. "class 0". */
  label: string;
  color: string;
  shape: PointShape;
}

/** A labelled point in data units. */
export interface EditablePoint {
  x: number;
  y: number;
  /** Index into `classes`. */
  cls: number;
}

/** What a press on the plot does: 'add' puts a point where there is none, 'delete' removes one. */
export type PointTool = 'add' | 'delete';

export interface EditablePointsProps {
  points: readonly EditablePoint[];
  classes: readonly PointClassStyle[];
  /** What a click does; dragging a point moves it with either tool. */
  tool: PointTool;
  /** Class of the points that 'add' creates. */
  addClass: number;
  /** A new point at (x, y); it is expected at the end of `points` on the next render. */
  onAdd?: (x: number, y: number, cls: number) => void;
  /** Point `index` dragged to (x, y) (clamped to the plot's domains). */
  onMove?: (index: number, x: number, y: number) => void;
  /** Point `index` removed. */
  onDelete?: (index: number) => void;
  /** Marker size: radius of the circle of equal area, in viewBox units (default 4). */
  radius?: number;
  /** Arrow-key step in data units (Shift ×10); default 1% of each axis's domain. */
  step?: number;
  /** Accessible name of the editor, e.g. "Training points". */
  label: string;
}

const HIT_EXTRA = 5;

/**
 * A set of labelled points the reader edits on a plot: press on empty space to add a point of
 * the chosen class (and keep dragging to place it), drag a point to move it, or press it with
 * the delete tool to remove it. The layer is one tab stop: ] and [ (or Page Down / Page Up)
 * select the next or previous point, the arrow keys move it (Shift ×10), Delete removes it,
 * Enter adds a point of the chosen class at the centre, Escape clears the selection.
 * Each marker carries data-x, data-y, data-class and data-index for tests.
 */
export function EditablePoints({
  points,
  classes,
  tool,
  addClass,
  onAdd,
  onMove,
  onDelete,
  radius = 4,
  step,
  label,
}: EditablePointsProps) {
  const { xScale, yScale, innerWidth, innerHeight, toInner, clipPath } = usePlot();
  useInteractiveMark();
  const drag = useRef<{ pointerId: number; index: number; dx: number; dy: number } | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const current = selected !== null && selected < points.length ? selected : null;

  const paths = useMemo(() => {
    const area = Math.PI * radius * radius;
    return classes.map((c) => symbol(SYMBOLS[c.shape], area)() ?? '');
  }, [classes, radius]);

  const [xa, xb] = xScale.domain();
  const [ya, yb] = yScale.domain();
  const clampX = (x: number) => Math.min(Math.max(x, Math.min(xa, xb)), Math.max(xa, xb));
  const clampY = (y: number) => Math.min(Math.max(y, Math.min(ya, yb)), Math.max(ya, yb));

  /** The point nearest to a pixel position, within the hit radius, or null. */
  const hitTest = (px: number, py: number): number | null => {
    let best: number | null = null;
    let bestDistance = (radius + HIT_EXTRA) ** 2;
    for (let i = 0; i < points.length; i++) {
      const dx = xScale(points[i].x) - px;
      const dy = yScale(points[i].y) - py;
      const d2 = dx * dx + dy * dy;
      if (d2 <= bestDistance) {
        bestDistance = d2;
        best = i;
      }
    }
    return best;
  };

  const onPointerDown = (event: PointerEvent<SVGGElement>) => {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    const element = event.currentTarget;
    element.focus({ preventScroll: true });
    const [ix, iy] = toInner(event.clientX, event.clientY);
    const hit = hitTest(ix, iy);
    if (hit !== null && tool === 'delete') {
      event.preventDefault();
      onDelete?.(hit);
      setSelected(null);
      return;
    }
    let index = hit;
    let dx = 0;
    let dy = 0;
    if (hit !== null) {
      dx = xScale(points[hit].x) - ix;
      dy = yScale(points[hit].y) - iy;
    } else if (tool === 'add' && onAdd) {
      onAdd(clampX(xScale.invert(ix)), clampY(yScale.invert(iy)), addClass);
      index = points.length;
    }
    if (index === null) return;
    event.preventDefault();
    setSelected(index);
    if (!onMove) return;
    if (typeof element.setPointerCapture === 'function') element.setPointerCapture(event.pointerId);
    drag.current = { pointerId: event.pointerId, index, dx, dy };
  };

  const onPointerMove = (event: PointerEvent<SVGGElement>) => {
    const state = drag.current;
    if (!state || state.pointerId !== event.pointerId) return;
    const [ix, iy] = toInner(event.clientX, event.clientY);
    const x = clampX(xScale.invert(ix + state.dx));
    const y = clampY(yScale.invert(iy + state.dy));
    if (Number.isFinite(x) && Number.isFinite(y)) onMove?.(state.index, x, y);
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
    const n = points.length;
    const key = event.key;
    if (key === ']' || key === 'PageDown') {
      event.preventDefault();
      if (n > 0) setSelected(current === null ? 0 : (current + 1) % n);
      return;
    }
    if (key === '[' || key === 'PageUp') {
      event.preventDefault();
      if (n > 0) setSelected(current === null ? n - 1 : (current - 1 + n) % n);
      return;
    }
    if (key === 'Escape') {
      setSelected(null);
      return;
    }
    if (key === 'Enter' || key === '+') {
      event.preventDefault();
      if (!onAdd) return;
      onAdd(clampX((xa + xb) / 2), clampY((ya + yb) / 2), addClass);
      setSelected(n);
      return;
    }
    if ((key === 'Delete' || key === 'Backspace') && current !== null) {
      event.preventDefault();
      onDelete?.(current);
      setSelected(n > 1 ? Math.min(current, n - 2) : null);
      return;
    }
    const directions: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, 1],
      ArrowDown: [0, -1],
    };
    const direction = directions[key];
    if (!direction || current === null || !onMove) return;
    event.preventDefault();
    const factor = event.shiftKey ? 10 : 1;
    const p = points[current];
    const stepX = step ?? 0.01 * Math.abs(xb - xa);
    const stepY = step ?? 0.01 * Math.abs(yb - ya);
    onMove(
      current,
      clampX(p.x + direction[0] * factor * stepX),
      clampY(p.y + direction[1] * factor * stepY),
    );
  };

  const selectedPoint = current !== null ? points[current] : null;
  const description =
    `${label}: ${points.length} points. ` +
    (selectedPoint
      ? `Selected point ${current! + 1}, ${classes[selectedPoint.cls]?.label ?? ''}, at x ${formatCoordinate(selectedPoint.x)}, y ${formatCoordinate(selectedPoint.y)}. `
      : 'No point selected. ') +
    '] and [ select a point, arrow keys move it, Delete removes it, Enter adds one.';

  return (
    <g
      className={`plot-editable-points tool-${tool}`}
      tabIndex={0}
      role="application"
      aria-roledescription="point editor"
      aria-label={description}
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
      <rect
        className="plot-editable-surface"
        width={innerWidth}
        height={innerHeight}
        fill="transparent"
      />
      <g clipPath={clipPath}>
        {points.map((p, i) => {
          const px = xScale(p.x);
          const py = yScale(p.y);
          if (!Number.isFinite(px) || !Number.isFinite(py)) return null;
          const style = classes[p.cls];
          return (
            <path
              key={i}
              className="plot-editable-point"
              d={paths[p.cls] ?? paths[0]}
              transform={`translate(${px},${py})`}
              fill={style?.color ?? 'currentColor'}
              data-index={i}
              data-x={p.x}
              data-y={p.y}
              data-class={p.cls}
            />
          );
        })}
        {selectedPoint && (
          <circle
            className="plot-editable-selection"
            cx={xScale(selectedPoint.x)}
            cy={yScale(selectedPoint.y)}
            r={radius + 4}
            fill="none"
          />
        )}
      </g>
    </g>
  );
}
