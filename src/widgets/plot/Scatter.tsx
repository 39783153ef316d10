import { useMemo } from 'react';
import { usePlot } from './Plot';

export interface ScatterProps {
  /** Points as [x, y] pairs in data units; non-finite points are skipped. */
  points: readonly (readonly [number, number])[];
  /** Fill colour (default `var(--series-1)`). */
  color?: string;
  /** Dot radius in viewBox units (default 2.5). */
  radius?: number;
  /** Fill opacity of each dot, so dense regions look darker (default 0.6). */
  opacity?: number;
  /** Name of the point set, used as the group's accessible label. */
  label?: string;
  /**
   * Draw every dot into one `<path>` instead of a `<circle>` each: a cloud that moves many times
   * a second then changes one attribute per frame instead of two per dot. Overlapping dots of
   * one merged cloud no longer darken each other (the path is filled once).
   */
  merged?: boolean;
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** One path of small circles (two arcs each) at the given points, in viewBox units. */
export function dotsPath(centres: readonly (readonly [number, number])[], radius: number): string {
  const r = r2(radius);
  const parts: string[] = [];
  for (const [cx, cy] of centres) {
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) continue;
    parts.push(
      `M${r2(cx - radius)},${r2(cy)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`,
    );
  }
  return parts.join('');
}

/**
 * Dots, one `<circle>` each (fine up to ~5,000), or one `<path>` for all of them with `merged`.
 * The marks are memoised on the points and scales, so re-rendering the parent for another reason
 * does not rebuild them.
 */
export function Scatter({
  points,
  color = 'var(--series-1, #1f5fa8)',
  radius = 2.5,
  opacity = 0.6,
  label,
  merged = false,
}: ScatterProps) {
  const { xScale, yScale, clipPath } = usePlot();
  const circles = useMemo(() => {
    if (merged) {
      const d = dotsPath(
        points.map(([x, y]) => [xScale(x), yScale(y)] as const),
        radius,
      );
      return d ? <path d={d} /> : null;
    }
    const out = [];
    for (let i = 0; i < points.length; i++) {
      const cx = xScale(points[i][0]);
      const cy = yScale(points[i][1]);
      if (Number.isFinite(cx) && Number.isFinite(cy)) {
        out.push(<circle key={i} cx={cx} cy={cy} r={radius} />);
      }
    }
    return out;
  }, [points, xScale, yScale, radius, merged]);

  return (
    <g
      className="plot-scatter"
      fill={color}
      fillOpacity={opacity}
      clipPath={clipPath}
      data-label={label}
    >
      {circles}
    </g>
  );
}
