import { describe, expect, it } from 'vitest';
import { gaussLegendre, integrate1D, integrate2D } from './quadrature';

describe('Gauss–Legendre quadrature', () => {
  it('the n-point rule has weights summing to 2 and symmetric nodes in (−1, 1) for n = 1..40', () => {
    for (let n = 1; n <= 40; n++) {
      const { nodes, weights } = gaussLegendre(n);
      expect(Math.abs(weights.reduce((s, w) => s + w, 0) - 2)).toBeLessThan(1e-14);
      nodes.forEach((x, i) => {
        expect(Math.abs(x)).toBeLessThan(1);
        expect(Math.abs(x + nodes[n - 1 - i])).toBeLessThan(1e-15);
        if (i > 0) expect(x).toBeGreaterThan(nodes[i - 1]);
      });
    }
  });

  it('the 3-point rule has nodes 0, ±√(3/5) and weights 8/9, 5/9', () => {
    const { nodes, weights } = gaussLegendre(3);
    expect(nodes[2]).toBeCloseTo(Math.sqrt(0.6), 15);
    expect(Math.abs(nodes[1])).toBeLessThan(1e-16);
    expect(weights[1]).toBeCloseTo(8 / 9, 15);
    expect(weights[0]).toBeCloseTo(5 / 9, 15);
  });

  it('the n-point rule integrates x^k exactly on [−1, 1] for k ≤ 2n − 1 (n = 1..12)', () => {
    for (let n = 1; n <= 12; n++) {
      const { nodes, weights } = gaussLegendre(n);
      for (let k = 0; k <= 2 * n - 1; k++) {
        const approx = nodes.reduce((s, x, i) => s + weights[i] * x ** k, 0);
        const exact = k % 2 === 1 ? 0 : 2 / (k + 1);
        expect(Math.abs(approx - exact)).toBeLessThan(1e-14);
      }
    }
  });

  it('integrate1D gives ∫ e^{−x²} over [−10, 10] = √π and ∫₀^π sin = 2 to 1e-14', () => {
    expect(
      Math.abs(integrate1D((x) => Math.exp(-x * x), -10, 10) - Math.sqrt(Math.PI)),
    ).toBeLessThan(1e-14);
    expect(Math.abs(integrate1D(Math.sin, 0, Math.PI, { panels: 4 }) - 2)).toBeLessThan(1e-14);
  });

  it('integrate2D gives ∫∫ e^{−x²−y²} over [−8, 8]² = π and ∫∫ x y² over [0,1]×[0,2] = 4/3', () => {
    const gauss = integrate2D((x, y) => Math.exp(-x * x - y * y), [-8, 8], [-8, 8]);
    expect(Math.abs(gauss - Math.PI)).toBeLessThan(1e-13);
    expect(
      Math.abs(integrate2D((x, y) => x * y * y, [0, 1], [0, 2], { panels: 1, order: 2 }) - 4 / 3),
    ).toBeLessThan(1e-14);
  });

  it('rejects invalid orders, panel counts and infinite intervals', () => {
    expect(() => gaussLegendre(0)).toThrow(RangeError);
    expect(() => integrate1D(Math.exp, 0, 1, { panels: 0 })).toThrow(
      /panels must be a positive integer/,
    );
    expect(() => integrate1D(Math.exp, 0, Infinity)).toThrow(/must be finite/);
  });
});
