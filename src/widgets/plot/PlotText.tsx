import type { ReactNode } from 'react';
import { usePlot } from './Plot';

export interface PlotTextProps {
  /** Anchor point in data units. */
  x: number;
  y: number;
  children: ReactNode;
  /** Horizontal alignment at the point (default 'start'). */
  anchor?: 'start' | 'middle' | 'end';
  /** Shift from the point in viewBox units, [right, down] (default [0, 0]). */
  offset?: readonly [number, number];
  /** Text colour (default the text colour). */
  color?: string;
  /** Font size in viewBox units (default 12). */
  size?: number;
}

/**
 * A label at a data point (a vertex name, a value beside a curve). Decorative: hidden from
 * screen readers, so the plot's description should carry what it says. Nothing at a non-finite
 * point.
 */
export function PlotText({
  x,
  y,
  children,
  anchor = 'start',
  offset = [0, 0],
  color = 'currentColor',
  size = 12,
}: PlotTextProps) {
  const { xScale, yScale } = usePlot();
  const px = xScale(x);
  const py = yScale(y);
  if (!Number.isFinite(px) || !Number.isFinite(py)) return null;
  return (
    <text
      className="plot-text"
      x={px + offset[0]}
      y={py + offset[1]}
      textAnchor={anchor}
      fontSize={size}
      fill={color}
      aria-hidden="true"
    >
      {children}
    </text>
  );
}
