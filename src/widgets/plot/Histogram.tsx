import { usePlot } from './Plot';

/** One bar of a histogram: the half-open interval [x0, x1) and how many values fell in it. */
export interface HistogramBin {
  x0: number;
  x1: number;
  count: number;
}

/** Equal-width bins: the first starts at `start`, each is `width` wide, there are `count`. */
export interface BinLayout {
  start: number;
  width: number;
  count: number;
}

/**
 * Counts values into equal-width bins [start + i·width, start + (i+1)·width). Values below the
 * first bin or above the last are counted in the edge bins, so the counts always sum to the
 * number of finite values; non-finite values are skipped.
 */
export function binValues(values: readonly number[], layout: BinLayout): HistogramBin[] {
  const { start, width, count } = layout;
  if (!(width > 0) || !Number.isInteger(count) || count < 1 || !Number.isFinite(start)) {
    throw new RangeError(
      `binValues: layout needs a finite start, a positive width and an integer count ≥ 1`,
    );
  }
  const bins = Array.from({ length: count }, (_, i) => ({
    x0: start + i * width,
    x1: start + (i + 1) * width,
    count: 0,
  }));
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    // A tiny relative nudge keeps values that sit on an edge (like 0.1 − 0.05) in the upper bin.
    const position = (v - start) / width;
    const index = Math.floor(position + 1e-9 * Math.max(1, Math.abs(position)));
    bins[Math.min(count - 1, Math.max(0, index))].count++;
  }
  return bins;
}

export interface HistogramProps {
  /** The bars, usually from {@link binValues}. */
  bins: readonly HistogramBin[];
  /** Fill colour (default `var(--series-1)`). */
  color?: string;
  /** Fill opacity (default 0.75). */
  opacity?: number;
  /** Gap between bars in viewBox units (default 1). */
  gap?: number;
  /** Accessible name of the bars. */
  label?: string;
}

/** Vertical bars from y = 0 to each bin's count, clipped to the plotting area. */
export function Histogram({
  bins,
  color = 'var(--series-1, #1f5fa8)',
  opacity = 0.75,
  gap = 1,
  label,
}: HistogramProps) {
  const { xScale, yScale, clipPath } = usePlot();
  const base = yScale(0);
  return (
    <g
      className="plot-histogram"
      fill={color}
      fillOpacity={opacity}
      clipPath={clipPath}
      data-label={label}
    >
      {bins.map((bin, i) => {
        if (bin.count <= 0) return null;
        const left = Math.min(xScale(bin.x0), xScale(bin.x1));
        const width = Math.max(0, Math.abs(xScale(bin.x1) - xScale(bin.x0)) - gap);
        const top = yScale(bin.count);
        return (
          <rect
            key={i}
            x={left + gap / 2}
            y={Math.min(top, base)}
            width={width}
            height={Math.abs(base - top)}
            data-x0={bin.x0}
            data-x1={bin.x1}
            data-count={bin.count}
          />
        );
      })}
    </g>
  );
}
