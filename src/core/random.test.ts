import { describe, expect, it } from 'vitest';
import { erf } from 'mathjs';
import { createRng, fillNormal, randomOrthogonal, randomSPD, sampleGaussian } from './random';
import { identity, matMul, symmetricEigen, transpose } from './linalg';

/** Standard normal CDF Φ(x) = ½(1 + erf(x/√2)), from mathjs as an independent reference. */
const normalCdf = (x: number): number => 0.5 * (1 + erf(x / Math.SQRT2));

/** Kolmogorov–Smirnov statistic sup |F_n − F| of a sample against a continuous CDF. */
function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Asymptotic 1% critical value of the KS statistic, 1.628 / √n. */
const ksCritical1Percent = (n: number): number => 1.628 / Math.sqrt(n);

function meanAndVariance(xs: ArrayLike<number>): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < xs.length; i++) mean += xs[i];
  mean /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - mean) ** 2;
  return { mean, variance: v / (xs.length - 1) };
}

describe('createRng', () => {
  it('the same seed gives the same uniform and normal sequence; different seeds differ', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 100 }, (_, i) => (i % 2 ? a.uniform() : a.normal()));
    const seqB = Array.from({ length: 100 }, (_, i) => (i % 2 ? b.uniform() : b.normal()));
    const seqC = Array.from({ length: 100 }, (_, i) => (i % 2 ? c.uniform() : c.normal()));
    expect(seqA).toEqual(seqB);
    expect(seqA.filter((x, i) => x === seqC[i]).length).toBe(0);
    expect(a.seed).toBe(42);
  });

  it('accepts 0, negative and > 2³² integer seeds, all giving distinct streams', () => {
    const seeds = [0, -1, 1, 2 ** 32, 2 ** 32 + 1, 2 ** 40, Number.MAX_SAFE_INTEGER];
    const firsts = seeds.map((s) => createRng(s).uniform());
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it('rejects non-integer and non-finite seeds with a RangeError', () => {
    expect(() => createRng(1.5)).toThrow(/createRng: seed must be a safe integer/);
    expect(() => createRng(NaN)).toThrow(RangeError);
    expect(() => createRng(Infinity)).toThrow(RangeError);
  });

  it('uniform() lies in [0, 1) on the 2⁻⁵³ grid and uses the low bits too', () => {
    const rng = createRng(5);
    let lowBitsUsed = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = rng.uniform();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      const k = u * 2 ** 53;
      expect(Number.isInteger(k)).toBe(true);
      // With only 32-bit resolution k would always be a multiple of 2²¹.
      if (k % 2 ** 21 !== 0) lowBitsUsed++;
    }
    expect(lowBitsUsed).toBeGreaterThan(9_990);
  });

  it('uniform() has mean ½ and variance 1/12 within 5 standard errors over 1e5 draws, and passes KS at 1%', () => {
    const n = 100_000;
    const rng = createRng(2024);
    const xs = Float64Array.from({ length: n }, () => rng.uniform());
    const { mean, variance } = meanAndVariance(xs);
    // SE of the mean is √(1/12 / n); the variance of (U − ½)² is 1/80 − 1/144.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
    expect(ksStatistic(xs, (x) => Math.min(Math.max(x, 0), 1))).toBeLessThan(ksCritical1Percent(n));
  });

  it('normal() has mean 0 and variance 1 within 5 standard errors and a KS statistic below its 1% critical value (1e5 draws)', () => {
    const n = 100_000;
    const xs = fillNormal(createRng(31337), n);
    const { mean, variance } = meanAndVariance(xs);
    // SE of the sample variance of N(0,1) is √(2/(n−1)).
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(1 / n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / (n - 1)));
    expect(ksStatistic(xs, normalCdf)).toBeLessThan(ksCritical1Percent(n));
  });

  it('successive normal() pairs (polar method spare values) are uncorrelated: |r| < 5/√n', () => {
    const n = 50_000;
    const xs = fillNormal(createRng(8), 2 * n);
    let r = 0;
    for (let i = 0; i < n; i++) r += xs[2 * i] * xs[2 * i + 1];
    expect(Math.abs(r / n)).toBeLessThan(5 / Math.sqrt(n));
  });
});

describe('fillNormal and sampleGaussian', () => {
  it('fillNormal(rng, n) returns n draws and equals n calls to rng.normal()', () => {
    const a = fillNormal(createRng(3), 17);
    const b = createRng(3);
    expect(a).toBeInstanceOf(Float64Array);
    expect(a.length).toBe(17);
    expect(Array.from(a)).toEqual(Array.from({ length: 17 }, () => b.normal()));
    expect(fillNormal(createRng(3), 0).length).toBe(0);
  });

  it('sampleGaussian mean and covariance match μ and Σ within 5 standard errors (n = 1e5, d = 3)', () => {
    const mean = [1, -2, 0.5];
    const cov = [
      [2, 0.6, -0.4],
      [0.6, 1, 0.3],
      [-0.4, 0.3, 0.5],
    ];
    const n = 100_000;
    const d = 3;
    const xs = sampleGaussian(createRng(77), mean, cov, n);
    expect(xs.length).toBe(n * d);
    const m = [0, 0, 0];
    for (let k = 0; k < n; k++) for (let i = 0; i < d; i++) m[i] += xs[k * d + i] / n;
    const S = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          S[i][j] += ((xs[k * d + i] - m[i]) * (xs[k * d + j] - m[j])) / (n - 1);
        }
      }
    }
    for (let i = 0; i < d; i++) {
      expect(Math.abs(m[i] - mean[i])).toBeLessThan(5 * Math.sqrt(cov[i][i] / n));
      for (let j = 0; j < d; j++) {
        // Var of a Gaussian sample covariance entry: (Σᵢᵢ Σⱼⱼ + Σᵢⱼ²) / n.
        const se = Math.sqrt((cov[i][i] * cov[j][j] + cov[i][j] ** 2) / n);
        expect(Math.abs(S[i][j] - cov[i][j])).toBeLessThan(5 * se);
      }
    }
  });

  it('sampleGaussian rejects a non-SPD covariance and a mean of the wrong length', () => {
    const rng = createRng(1);
    expect(() =>
      sampleGaussian(
        rng,
        [0, 0],
        [
          [1, 2],
          [2, 1],
        ],
        5,
      ),
    ).toThrow(/sampleGaussian: cov is not positive definite/);
    expect(() => sampleGaussian(rng, [0], identity(2), 5)).toThrow(/mean must be 2 finite numbers/);
    expect(() => sampleGaussian(rng, [0, 0], identity(2), -1)).toThrow(RangeError);
  });
});

describe('randomOrthogonal and randomSPD', () => {
  it('randomOrthogonal(rng, n) satisfies QᵀQ = I to 1e-14 for n = 1..10', () => {
    const rng = createRng(12);
    for (let n = 1; n <= 10; n++) {
      const Q = randomOrthogonal(rng, n);
      const QtQ = matMul(transpose(Q), Q);
      const I = identity(n);
      QtQ.forEach((row, i) =>
        row.forEach((x, j) => expect(Math.abs(x - I[i][j])).toBeLessThan(1e-14)),
      );
    }
  });

  it('randomSPD has eigenvalues scale·condition^(i/(n−1)) to 1e-12 relative', () => {
    const rng = createRng(13);
    const S = randomSPD(rng, 6, { condition: 1e4, scale: 3 });
    const { values } = symmetricEigen(S);
    values.forEach((l, i) => {
      const expected = 3 * Math.pow(1e4, i / 5);
      expect(Math.abs(l - expected)).toBeLessThan(1e-12 * 3e4);
    });
    S.forEach((row, i) => row.forEach((x, j) => expect(x).toBe(S[j][i])));
  });
});
