// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { Plot } from './Plot';
import { CovarianceEllipse, cholesky2, ellipsePoints, type Covariance2 } from './CovarianceEllipse';

afterEach(cleanup);

/** (x − μ)ᵀ Σ⁻¹ (x − μ) with the closed-form 2×2 inverse. */
function mahalanobis2(
  p: readonly [number, number],
  mean: readonly [number, number],
  cov: Covariance2,
): number {
  const [[a, b], [, c]] = cov;
  const det = a * c - b * b;
  const dx = p[0] - mean[0];
  const dy = p[1] - mean[1];
  return (c * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
}

/** Vertices of an SVG path made of M/L commands. */
function pathVertices(d: string): [number, number][] {
  return Array.from(d.matchAll(/[ML]([^,MLZ]+),([^MLZ]+)/g), (m) => [Number(m[1]), Number(m[2])]);
}

const mean: [number, number] = [1, -2];
const cov: Covariance2 = [
  [2, 0.8],
  [0.8, 1],
];

describe('CovarianceEllipse', () => {
  it('cholesky2(Σ) returns L with L Lᵀ = Σ', () => {
    const L = cholesky2(cov)!;
    expect(L[0][0] * L[0][0]).toBeCloseTo(2, 14);
    expect(L[1][0] * L[0][0]).toBeCloseTo(0.8, 14);
    expect(L[1][0] * L[1][0] + L[1][1] * L[1][1]).toBeCloseTo(1, 14);
  });

  it('ellipsePoints(mean, cov, r, n) lie at Mahalanobis distance r', () => {
    for (const r of [0.5, 1, 2, 3]) {
      const points = ellipsePoints(mean, cov, r, 96);
      expect(points.length).toBe(96);
      for (const p of points)
        expect(Math.abs(mahalanobis2(p, mean, cov) - r * r)).toBeLessThan(1e-9);
    }
  });

  it('ellipsePoints of a non-SPD, asymmetric or non-finite Σ is empty', () => {
    expect(
      ellipsePoints(
        mean,
        [
          [1, 2],
          [2, 1],
        ],
        1,
      ),
    ).toEqual([]);
    expect(
      ellipsePoints(
        mean,
        [
          [0, 0],
          [0, 1],
        ],
        1,
      ),
    ).toEqual([]);
    expect(
      ellipsePoints(
        mean,
        [
          [-1, 0],
          [0, -1],
        ],
        1,
      ),
    ).toEqual([]);
    expect(
      ellipsePoints(
        mean,
        [
          [1, 0.5],
          [0.2, 1],
        ],
        1,
      ),
    ).toEqual([]);
    expect(
      ellipsePoints(
        mean,
        [
          [NaN, 0],
          [0, 1],
        ],
        1,
      ),
    ).toEqual([]);
  });

  it('CovarianceEllipse path vertices satisfy (x−μ)ᵀΣ⁻¹(x−μ) = r² on an identity-scale plot', () => {
    // x domain [0, 100] → [0, 100] px; y domain [100, 0] → [0, 100] px: pixel = data.
    const m: [number, number] = [50, 40];
    const s: Covariance2 = [
      [90, -30],
      [-30, 40],
    ];
    const { container } = render(
      <Plot
        width={100}
        height={100}
        margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
        x={{ domain: [0, 100] }}
        y={{ domain: [100, 0] }}
        title="t"
      >
        <CovarianceEllipse mean={m} cov={s} levels={[1, 2]} />
      </Plot>,
    );
    const paths = Array.from(container.querySelectorAll('.plot-ellipse path'));
    expect(paths.map((p) => p.getAttribute('data-level'))).toEqual(['1', '2']);
    paths.forEach((path, i) => {
      const r = [1, 2][i];
      const vertices = pathVertices(path.getAttribute('d')!);
      expect(vertices.length).toBe(96);
      // Positions are rounded to 0.01 viewBox units (Plot's scales): each vertex is within 0.0071
      // of the exact one, where |∇(x−μ)ᵀΣ⁻¹(x−μ)| = 2|Σ⁻¹(x−μ)| ≤ 2r/√λmin(Σ) < 0.8.
      for (const v of vertices) expect(Math.abs(mahalanobis2(v, m, s) - r * r)).toBeLessThan(0.006);
    });
  });

  it('CovarianceEllipse maps each point through unequal scales (an ellipse in data space)', () => {
    // x: 1 unit = 10 px; y: 1 unit = 50 px, flipped.
    const { container } = render(
      <Plot
        width={100}
        height={100}
        margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
        x={{ domain: [-5, 5] }}
        y={{ domain: [-1, 1] }}
        title="t"
      >
        <CovarianceEllipse
          mean={[0, 0]}
          cov={[
            [1, 0.3],
            [0.3, 0.25],
          ]}
          levels={[1]}
        />
      </Plot>,
    );
    const vertices = pathVertices(
      container.querySelector('.plot-ellipse path')!.getAttribute('d')!,
    );
    for (const [px, py] of vertices) {
      const data: [number, number] = [(px - 50) / 10, (50 - py) / 50];
      expect(
        Math.abs(
          mahalanobis2(
            data,
            [0, 0],
            [
              [1, 0.3],
              [0.3, 0.25],
            ],
          ) - 1,
        ),
        // 0.01-unit rounding is 0.0005 in x and 0.0001 in y data units, and the gradient of the
        // quadratic form on the level-1 ellipse is at most 2/√λmin(Σ) ≈ 5.2.
      ).toBeLessThan(0.003);
    }
  });

  it('CovarianceEllipse with an invalid Σ renders nothing and does not throw', () => {
    const { container } = render(
      <Plot width={100} height={100} x={{ domain: [0, 1] }} y={{ domain: [0, 1] }} title="t">
        <CovarianceEllipse
          mean={[0, 0]}
          cov={[
            [1, 3],
            [3, 1],
          ]}
        />
      </Plot>,
    );
    expect(container.querySelector('.plot-ellipse')).toBeNull();
  });
});
