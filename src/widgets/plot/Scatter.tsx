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
}

/**
 * Dots, one `<circle>` each (fine up to ~5,000). The circles are memoised on the points and
 * scales, so re-rendering the parent for another reason does not rebuild them.
 */
export function Scatter({
  points,
  color = 'var(--series-1, #1f5fa8)',
  radius = 2.5,
  opacity = 0.6,
  label,
}: ScatterProps) {
  const { xScale, yScale, clipPath } = usePlot();
  const circles = useMemo(() => {
    const out = [];
    for (let i = 0; i < points.length; i++) {
      const cx = xScale(points[i][0]);
      const cy = yScale(points[i][1]);
      if (Number.isFinite(cx) && Number.isFinite(cy)) {
        out.push(<circle key={i} cx={cx} cy={cy} r={radius} />);
      }
    }
    return out;
  }, [points, xScale, yScale, radius]);

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
