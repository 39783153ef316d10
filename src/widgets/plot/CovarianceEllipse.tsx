import { useMemo } from 'react';
import { usePlot } from './Plot';

/** A symmetric 2×2 matrix [[a, b], [b, c]]. */
export type Covariance2 = readonly [readonly [number, number], readonly [number, number]];

/**
 * Lower Cholesky factor $L$ with $LL^\top = \Sigma$ of a 2×2 covariance, or null unless $\Sigma$
 * is finite, symmetric (to 1e-9 relative) and positive definite.
 */
export function cholesky2(cov: Covariance2): [[number, number], [number, number]] | null {
  const a = cov[0][0];
  const c = cov[1][1];
  const b01 = cov[0][1];
  const b10 = cov[1][0];
  if (![a, b01, b10, c].every(Number.isFinite)) return null;
  if (Math.abs(b01 - b10) > 1e-9 * (Math.abs(a) + Math.abs(c))) return null;
  const b = (b01 + b10) / 2;
  if (!(a > 0)) return null;
  const l11 = Math.sqrt(a);
  const l21 = b / l11;
  const schur = c - l21 * l21;
  if (!(schur > 0)) return null;
  return [
    [l11, 0],
    [l21, Math.sqrt(schur)],
  ];
}

/**
 * `n` points of the ellipse $\{x : (x-\mu)^\top \Sigma^{-1} (x-\mu) = r^2\}$, as
 * $x_k = \mu + r L (\cos t_k, \sin t_k)$ with $t_k = 2\pi k/n$ and $LL^\top = \Sigma$.
 * Empty when $\Sigma$ is not symmetric positive definite.
 */
export function ellipsePoints(
  mean: readonly [number, number],
  cov: Covariance2,
  r: number,
  n = 96,
): [number, number][] {
  const L = cholesky2(cov);
  if (!L || !Number.isFinite(r) || !Number.isFinite(mean[0]) || !Number.isFinite(mean[1])) {
    return [];
  }
  const points: [number, number][] = [];
  for (let k = 0; k < n; k++) {
    const t = (2 * Math.PI * k) / n;
    const u = r * Math.cos(t);
    const v = r * Math.sin(t);
    points.push([mean[0] + L[0][0] * u, mean[1] + L[1][0] * u + L[1][1] * v]);
  }
  return points;
}

export interface CovarianceEllipseProps {
  /** Centre μ in data units. */
  mean: readonly [number, number];
  /** Covariance Σ = [[a, b], [b, c]]; if it is not symmetric positive definite nothing is drawn. */
  cov: Covariance2;
  /** Mahalanobis radii r of the contours drawn (default [1, 2]). */
  levels?: readonly number[];
  /** Stroke and fill colour (default `var(--series-1)`). */
  color?: string;
  /** Fill opacity of each contour region (default 0.08; overlaps darken toward the centre). */
  fillOpacity?: number;
  /** Stroke width in viewBox units (default 1.5). */
  strokeWidth?: number;
  /** Name of the distribution, used as the group's accessible label. */
  label?: string;
}

/**
 * Contours of a 2-D Gaussian: for each level r, the points at Mahalanobis distance r from the
 * mean, mapped through the plot's scales point by point (so unequal axes are handled).
 */
export function CovarianceEllipse({
  mean,
  cov,
  levels = [1, 2],
  color = 'var(--series-1, #1f5fa8)',
  fillOpacity = 0.08,
  strokeWidth = 1.5,
  label,
}: CovarianceEllipseProps) {
  const { xScale, yScale, clipPath } = usePlot();
  const [mx, my] = mean;
  const [[a, b01], [b10, c]] = cov;
  const levelKey = levels.join(',');
  const paths = useMemo(() => {
    const radii = levelKey === '' ? [] : levelKey.split(',').map(Number);
    return radii.map((r) => {
      const points = ellipsePoints(
        [mx, my],
        [
          [a, b01],
          [b10, c],
        ],
        r,
      );
      if (points.length === 0) return { r, d: '' };
      const d = points
        .map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${xScale(x)},${yScale(y)}`)
        .join('');
      return { r, d: `${d}Z` };
    });
  }, [mx, my, a, b01, b10, c, levelKey, xScale, yScale]);

  if (paths.every((p) => p.d === '')) return null;
  return (
    <g className="plot-ellipse" clipPath={clipPath} data-label={label}>
      {paths.map(({ r, d }, i) => (
        <path
          key={i}
          d={d}
          fill={color}
          fillOpacity={fillOpacity}
          stroke={color}
          strokeWidth={strokeWidth}
          data-level={r}
        />
      ))}
    </g>
  );
}
