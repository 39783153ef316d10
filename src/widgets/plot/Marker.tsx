import { usePlot } from './Plot';

export type MarkerShape = 'dot' | 'ring' | 'cross' | 'diamond';

export interface MarkerProps {
  /** The point in data units. */
  x: number;
  y: number;
  /** Filled dot, open ring, × or a filled diamond (default 'ring'). */
  shape?: MarkerShape;
  /** Colour (default the text colour). */
  color?: string;
  /** Half-size in viewBox units (default 6). */
  size?: number;
  /** What the point is, as its accessible name and `data-label` (e.g. "closed-form optimum"). */
  label?: string;
  /** Stroke width of the open shapes (default 2.5). */
  strokeWidth?: number;
}

/** The path of a shape of half-size r centred at (x, y). */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  switch (shape) {
    case 'cross':
      return `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`;
    case 'diamond':
      return `M${x},${y - r}L${x + r},${y}L${x},${y + r}L${x - r},${y}Z`;
    case 'dot':
    case 'ring':
      return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
}

/**
 * One marked point: an optimum, the current iterate, a vertex. Open shapes (ring, cross) are
 * stroked, so they stay visible over dense scatter. Nothing at a non-finite point.
 */
export function Marker({
  x,
  y,
  shape = 'ring',
  color = 'currentColor',
  size = 6,
  label,
  strokeWidth = 2.5,
}: MarkerProps) {
  const { xScale, yScale } = usePlot();
  const px = xScale(x);
  const py = yScale(y);
  if (!Number.isFinite(px) || !Number.isFinite(py)) return null;
  const filled = shape === 'dot' || shape === 'diamond';
  return (
    <path
      className="plot-marker"
      d={markerPath(shape, px, py, size)}
      fill={filled ? color : 'none'}
      stroke={color}
      strokeWidth={filled ? 1 : strokeWidth}
      data-label={label}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  );
}
