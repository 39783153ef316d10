import { describe, expect, it } from 'vitest';
import { accuracy, flipLabels, permutation, sampleGaussianClasses, sampleMoons } from './datasets';
import { createRng } from './random';

describe('sampleGaussianClasses', () => {
  it('draws labels with the given weights and points with each class mean', () => {
    const { X, y } = sampleGaussianClasses(createRng(1), 20_000, [
      {
        mean: [0, 0],
        cov: [
          [1, 0],
          [0, 1],
        ],
        weight: 3,
      },
      {
        mean: [4, -2],
        cov: [
          [2, 0.5],
          [0.5, 1],
        ],
        weight: 1,
      },
    ]);
    const share = y.filter((k) => k === 0).length / y.length;
    // Binomial standard error of the share is √(pq/n) ≈ 0.003.
    expect(Math.abs(share - 0.75)).toBeLessThan(0.015);
    const ones = X.filter((_, i) => y[i] === 1);
    const mean = [0, 1].map((j) => ones.reduce((s, r) => s + r[j], 0) / ones.length);
    expect(Math.abs(mean[0] - 4)).toBeLessThan(4 * Math.sqrt(2 / ones.length));
    expect(Math.abs(mean[1] + 2)).toBeLessThan(4 * Math.sqrt(1 / ones.length));
  });

  it('is reproducible from its seed', () => {
    const classes = [{ mean: [0], cov: [[1]] }];
    expect(sampleGaussianClasses(createRng(5), 10, classes)).toEqual(
      sampleGaussianClasses(createRng(5), 10, classes),
    );
  });
});

describe('sampleMoons, flipLabels, permutation, accuracy', () => {
  it('moons without noise lie on their two unit half-circles', () => {
    const { X, y } = sampleMoons(createRng(2), 200, 0);
    X.forEach((p, i) => {
      const centre = y[i] === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(p[0] - centre[0], p[1] - centre[1])).toBeCloseTo(1, 12);
    });
    expect(y.filter((k) => k === 1).length).toBe(100);
  });

  it('flipLabels flips about the requested fraction', () => {
    const y = new Array(10_000).fill(0);
    const flipped = flipLabels(createRng(3), y, 0.2).filter((k) => k === 1).length / y.length;
    expect(Math.abs(flipped - 0.2)).toBeLessThan(0.02);
  });

  it('permutation contains every index once', () => {
    const p = permutation(createRng(4), 50);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('accuracy counts matches', () => {
    expect(accuracy([0, 1, 1, 0], [0, 1, 0, 0])).toBe(0.75);
    expect(() => accuracy([1], [])).toThrow(RangeError);
  });
});
