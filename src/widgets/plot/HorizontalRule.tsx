import { usePlot } from './Plot';

export interface HorizontalRuleProps {
  /** Where the rule stands, in data units. */
  y: number;
  /** A short label above the rule at its right end (or left with `labelAt`); none when empty. */
  label?: string;
  /** Which end the label sits at (default 'end', the right). */
  labelAt?: 'start' | 'end';
  /** Colour of the rule and its label (default `var(--muted)`). */
  color?: string;
  /** SVG dash pattern (default "3 3"; "" for a solid line). */
  dash?: string;
}

/**
 * A dashed horizontal rule across the plotting area at y, with an optional label: a threshold,
 * a closed-form value, a bound. Decorative: hidden from screen readers, so the plot's description
 * should state the value. Nothing at a non-finite y.
 */
export function HorizontalRule({
  y,
  label = '',
  labelAt = 'end',
  color = 'var(--muted)',
  dash = '3 3',
}: HorizontalRuleProps) {
  const { yScale, innerWidth } = usePlot();
  const py = yScale(y);
  if (!Number.isFinite(py)) return null;
  return (
    <g className="plot-rule" aria-hidden="true">
      <line
        x1={0}
        x2={innerWidth}
        y1={py}
        y2={py}
        stroke={color}
        strokeOpacity={0.7}
        strokeDasharray={dash || undefined}
      />
      {label && (
        <text
          x={labelAt === 'end' ? innerWidth - 4 : 4}
          y={py - 5}
          textAnchor={labelAt}
          fill={color}
        >
          {label}
        </text>
      )}
    </g>
  );
}
