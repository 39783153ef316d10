import { usePlot } from './Plot';

export interface VerticalRuleProps {
  /** Where the rule stands, in data units. */
  x: number;
  /** A short label beside the rule's top (or bottom); none when empty. */
  label?: string;
  /** Pixels from the top of the plotting area to the label's baseline; negative counts from the bottom. */
  labelY?: number;
  /** Colour of the rule and its label (default `var(--muted)`). */
  color?: string;
  /** SVG dash pattern (default "3 3"; "" for a solid line). */
  dash?: string;
}

/**
 * A dashed vertical rule across the plotting area at x, with an optional label: a cursor, or a
 * reference value on the axis (a training length, a critical scale). Decorative: hidden from
 * screen readers, so the plot's description should state the value.
 */
export function VerticalRule({
  x,
  label = '',
  labelY = 12,
  color = 'var(--muted)',
  dash = '3 3',
}: VerticalRuleProps) {
  const { xScale, innerHeight } = usePlot();
  const px = xScale(x);
  if (!Number.isFinite(px)) return null;
  return (
    <g className="plot-rule" aria-hidden="true">
      <line
        x1={px}
        x2={px}
        y1={0}
        y2={innerHeight}
        stroke={color}
        strokeOpacity={0.6}
        strokeDasharray={dash || undefined}
      />
      {label && (
        <text x={px + 4} y={labelY < 0 ? innerHeight + labelY : labelY} fill={color}>
          {label}
        </text>
      )}
    </g>
  );
}
