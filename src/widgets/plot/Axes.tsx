import { format as d3Format } from 'd3';
import { usePlot, type PlotScale } from './Plot';

export interface AxesProps {
  /** Approximate number of x ticks (default: one per 80 px). */
  xTicks?: number;
  /** Approximate number of y ticks (default: one per 50 px). */
  yTicks?: number;
  /** Draw grid lines across the plotting area at the labelled ticks. */
  grid?: boolean;
  /** x tick label; default d3-format's choice for the tick step, or 10ⁿ on a log axis. */
  xFormat?: (value: number) => string;
  /** y tick label; as `xFormat`. */
  yFormat?: (value: number) => string;
  /** Draw the x axis (default true). */
  showX?: boolean;
  /** Draw the y axis (default true). */
  showY?: boolean;
}

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};

/** "10²", "10⁻³": a power of ten with a Unicode superscript exponent. */
export function powerOfTen(exponent: number): string {
  const digits = String(Math.round(exponent))
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('');
  return `10${digits}`;
}

/** One tick: its value, its pixel position and its label ('' for an unlabelled minor tick). */
export interface Tick {
  value: number;
  position: number;
  label: string;
}

/**
 * Ticks of a scale. Linear: `scale.ticks(count)` labelled with `scale.tickFormat(count)`.
 * Log: when at least two powers of ten are in view, only they are labelled (10ⁿ) and the other
 * ticks are minor; otherwise every tick is labelled with `~g`.
 */
export function axisTicks(
  scale: PlotScale,
  count: number,
  log: boolean,
  formatter?: (value: number) => string,
): Tick[] {
  const values = scale.ticks(count);
  if (!log) {
    const fmt = formatter ?? scale.tickFormat(count);
    return values.map((value) => ({ value, position: scale(value), label: fmt(value) }));
  }
  const isPower = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
  const powers = values.filter(isPower);
  const general = d3Format('~g');
  return values.map((value) => {
    let label: string;
    if (formatter) label = powers.length >= 2 && !isPower(value) ? '' : formatter(value);
    else if (powers.length >= 2) label = isPower(value) ? powerOfTen(Math.log10(value)) : '';
    else label = general(value);
    return { value, position: scale(value), label };
  });
}

const TICK = 6;

/** x axis along the bottom, y axis along the left, optional grid, and the axis titles of `Plot`. */
export function Axes({
  xTicks,
  yTicks,
  grid = false,
  xFormat,
  yFormat,
  showX = true,
  showY = true,
}: AxesProps) {
  const { xScale, yScale, innerWidth, innerHeight, margin, x, y } = usePlot();
  const xs = axisTicks(
    xScale,
    xTicks ?? Math.max(2, Math.round(innerWidth / 80)),
    x.log ?? false,
    xFormat,
  );
  const ys = axisTicks(
    yScale,
    yTicks ?? Math.max(2, Math.round(innerHeight / 50)),
    y.log ?? false,
    yFormat,
  );

  return (
    <g className="plot-axes" aria-hidden="true">
      {grid ? (
        <g className="plot-grid">
          {showX
            ? xs
                .filter((t) => t.label !== '')
                .map((t) => (
                  <line
                    key={`gx${t.value}`}
                    x1={t.position}
                    x2={t.position}
                    y1={0}
                    y2={innerHeight}
                  />
                ))
            : null}
          {showY
            ? ys
                .filter((t) => t.label !== '')
                .map((t) => (
                  <line
                    key={`gy${t.value}`}
                    x1={0}
                    x2={innerWidth}
                    y1={t.position}
                    y2={t.position}
                  />
                ))
            : null}
        </g>
      ) : null}
      {showX ? (
        <g className="plot-axis plot-axis-x" transform={`translate(0,${innerHeight})`}>
          <line className="plot-domain" x1={0} x2={innerWidth} />
          {xs.map((t) => (
            <g key={t.value} transform={`translate(${t.position},0)`}>
              <line y2={t.label ? TICK : TICK / 2} />
              {t.label ? (
                <text y={TICK + 3} dy="0.71em" textAnchor="middle">
                  {t.label}
                </text>
              ) : null}
            </g>
          ))}
          {x.label ? (
            <text
              className="plot-axis-label"
              x={innerWidth / 2}
              y={Math.max(TICK + 18, margin.bottom - 6)}
              textAnchor="middle"
            >
              {x.label}
            </text>
          ) : null}
        </g>
      ) : null}
      {showY ? (
        <g className="plot-axis plot-axis-y">
          <line className="plot-domain" y1={0} y2={innerHeight} />
          {ys.map((t) => (
            <g key={t.value} transform={`translate(0,${t.position})`}>
              <line x2={-(t.label ? TICK : TICK / 2)} />
              {t.label ? (
                <text x={-(TICK + 3)} dy="0.32em" textAnchor="end">
                  {t.label}
                </text>
              ) : null}
            </g>
          ))}
          {y.label ? (
            <text
              className="plot-axis-label"
              transform={`translate(${-Math.max(TICK + 24, margin.left - 12)},${innerHeight / 2}) rotate(-90)`}
              textAnchor="middle"
            >
              {y.label}
            </text>
          ) : null}
        </g>
      ) : null}
    </g>
  );
}
