import { useMemo } from 'react';
import { curveLinear, curveMonotoneX, line } from 'd3';
import { usePlot } from './Plot';

export interface LinePathProps {
  /** Points as [x, y] pairs in data units; a non-finite coordinate breaks the line there. */
  data: readonly (readonly [number, number])[];
  /** Stroke colour (default `var(--series-1)`). */
  color?: string;
  /** Stroke width in viewBox units (default 2). */
  strokeWidth?: number;
  /** SVG `stroke-dasharray`, e.g. "4 3". */
  dash?: string;
  /** Name of the series, used as the path's accessible label. */
  label?: string;
  /** Interpolation between points: straight segments or monotone in x (default linear). */
  curve?: 'linear' | 'monotone';
}

/** A polyline through data points, clipped to the plotting area. */
export function LinePath({
  data,
  color = 'var(--series-1, #1f5fa8)',
  strokeWidth = 2,
  dash,
  label,
  curve = 'linear',
}: LinePathProps) {
  const { xScale, yScale, clipPath } = usePlot();
  const d = useMemo(() => {
    const pixels = data.map(([x, y]): [number, number] => [xScale(x), yScale(y)]);
    const generator = line<[number, number]>()
      .defined(([px, py]) => Number.isFinite(px) && Number.isFinite(py))
      .curve(curve === 'monotone' ? curveMonotoneX : curveLinear);
    return generator(pixels) ?? '';
  }, [data, xScale, yScale, curve]);

  return (
    <path
      className="plot-line"
      d={d}
      fill="none"
      stroke={color}
      strokeWidth={strokeWidth}
      strokeDasharray={dash}
      strokeLinejoin="round"
      strokeLinecap="round"
      clipPath={clipPath}
      data-label={label}
    />
  );
}
