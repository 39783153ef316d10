import { useMemo } from 'react';
import { area, curveLinear, curveMonotoneX } from 'd3';
import { usePlot } from './Plot';

export interface BandProps {
  /** Rows [x, lower, upper] in data units; a non-finite entry leaves a gap. */
  data: readonly (readonly [number, number, number])[];
  /** Fill colour (default `var(--series-1)`). */
  color?: string;
  /** Fill opacity (default 0.2). */
  opacity?: number;
  /** Name of the band, e.g. "±2 standard errors", used as its accessible label. */
  label?: string;
  /** Interpolation of both edges (default linear). */
  curve?: 'linear' | 'monotone';
}

/** The filled region between a lower and an upper curve, e.g. a ±2 SE band. */
export function Band({
  data,
  color = 'var(--series-1, #1f5fa8)',
  opacity = 0.2,
  label,
  curve = 'linear',
}: BandProps) {
  const { xScale, yScale, clipPath } = usePlot();
  const d = useMemo(() => {
    const pixels = data.map(([x, lower, upper]): [number, number, number] => [
      xScale(x),
      yScale(lower),
      yScale(upper),
    ]);
    const generator = area<[number, number, number]>()
      .defined((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]) && Number.isFinite(p[2]))
      .x((p) => p[0])
      .y0((p) => p[1])
      .y1((p) => p[2])
      .curve(curve === 'monotone' ? curveMonotoneX : curveLinear);
    return generator(pixels) ?? '';
  }, [data, xScale, yScale, curve]);

  return (
    <path
      className="plot-band"
      d={d}
      fill={color}
      fillOpacity={opacity}
      stroke="none"
      clipPath={clipPath}
      data-label={label}
    />
  );
}
