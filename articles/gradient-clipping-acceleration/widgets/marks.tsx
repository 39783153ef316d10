import { usePlot } from '../../../src/widgets/plot';

/** One entry of a legend: a line sample (solid or dashed) or a dot, and its name. */
export interface LegendEntry {
  label: string;
  color: string;
  dash?: string;
  /** Draw a dot instead of a line sample. */
  dot?: boolean;
}

/** A legend under a plot (decorative: the plot's title and description carry the meaning). */
export function Legend({ entries }: { entries: readonly LegendEntry[] }) {
  return (
    <ul className="legend" aria-hidden="true">
      {entries.map((e) => (
        <li key={e.label}>
          <svg width="28" height="10">
            {e.dot ? (
              <circle cx="14" cy="5" r="4" fill={e.color} />
            ) : (
              <line
                x1="0"
                x2="28"
                y1="5"
                y2="5"
                stroke={e.color}
                strokeWidth="2.5"
                strokeDasharray={e.dash}
              />
            )}
          </svg>
          {e.label}
        </li>
      ))}
    </ul>
  );
}

/** A vertical line across the plotting area at data x (a cursor or a marked value). */
export function VerticalRule({
  x,
  color = 'var(--fg)',
  dash = '3 3',
}: {
  x: number;
  color?: string;
  dash?: string;
}) {
  const { xScale, innerHeight } = usePlot();
  const px = xScale(x);
  if (!Number.isFinite(px)) return null;
  return (
    <line
      x1={px}
      x2={px}
      y1={0}
      y2={innerHeight}
      stroke={color}
      strokeOpacity={0.6}
      strokeDasharray={dash}
    />
  );
}

/** n points log-spaced from a to b (both > 0). */
export function logSpace(a: number, b: number, n: number): number[] {
  const [la, lb] = [Math.log10(a), Math.log10(b)];
  return Array.from({ length: n }, (_, i) => 10 ** (la + ((lb - la) * i) / (n - 1)));
}
