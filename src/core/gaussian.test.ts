import { describe, expect, it } from 'vitest';
import * as math from 'mathjs';
import {
  axesFromCovariance,
  bhattacharyyaCoefficient,
  bhattacharyyaDistance,
  covarianceFromAxes,
  gaussianEntropy,
  gaussianLogDensity,
  hellingerDistance,
  klDivergence,
  optimalTransportMap,
  validateGaussianPair,
  wasserstein2CommutingSquared,
  wasserstein2Distance,
  wasserstein2Squared,
  type Gaussian,
} from './gaussian';
import { cholesky, identity, matMul, sqrtmSPD, traceSqrtProductSPD, type Matrix } from './linalg';
import { createRng, randomOrthogonal, randomSPD, sampleGaussian, type Rng } from './random';
import { integrate1D, integrate2D } from './quadrature';

// ---------------------------------------------------------------------------------------------
// Fixtures and independent references
// ---------------------------------------------------------------------------------------------

/** 1-D example: p = N(0, 1), q = N(1, 4) (variance 4). */
const p1: Gaussian = { mean: [0], cov: [[1]] };
const q1: Gaussian = { mean: [1], cov: [[4]] };

/** 2-D non-commuting example: μp = (1, 0), Σp = [[2,1],[1,2]]; μq = (0, 2), Σq = diag(1, 3). */
const p2: Gaussian = {
  mean: [1, 0],
  cov: [
    [2, 1],
    [1, 2],
  ],
};
const q2: Gaussian = {
  mean: [0, 2],
  cov: [
    [1, 0],
    [0, 3],
  ],
};
const standard2: Gaussian = { mean: [0, 0], cov: identity(2) };

type MathMatrix = number[][];
const mm = (x: unknown): MathMatrix => x as MathMatrix;

/** KL(p‖q) from the textbook formula with mathjs inv, det, multiply, trace and log. */
function klReference(p: Gaussian, q: Gaussian): number {
  const d = p.mean.length;
  const qInv = mm(math.inv(q.cov));
  const dm = math.subtract(q.mean, p.mean) as number[];
  const quad = math.dot(dm, math.multiply(qInv, dm) as number[]);
  const tr = math.trace(math.multiply(qInv, p.cov));
  return 0.5 * (tr + quad - d + math.log(math.det(q.cov)) - math.log(math.det(p.cov)));
}

/** D_B from the textbook formula with mathjs det and inv. */
function bhattacharyyaReference(p: Gaussian, q: Gaussian): number {
  const S = mm(math.multiply(0.5, math.add(p.cov, q.cov)));
  const dm = math.subtract(q.mean, p.mean) as number[];
  const quad = math.dot(dm, math.multiply(mm(math.inv(S)), dm) as number[]);
  const ratio = math.det(S) / Math.sqrt(math.det(p.cov) * math.det(q.cov));
  return quad / 8 + 0.5 * Math.log(ratio);
}

/** W₂² from the textbook formula with mathjs sqrtm (Denman–Beavers) and trace. */
function w2Reference(p: Gaussian, q: Gaussian): number {
  const rootQ = mm(math.sqrtm(q.cov));
  const middle = mm(math.sqrtm(mm(math.multiply(math.multiply(rootQ, p.cov), rootQ))));
  const dm = math.subtract(q.mean, p.mean) as number[];
  return math.dot(dm, dm) + math.trace(p.cov) + math.trace(q.cov) - 2 * math.trace(middle);
}

function randomGaussian(rng: Rng, d: number, condition: number, scale = 1): Gaussian {
  return {
    mean: Array.from({ length: d }, () => scale * rng.normal()),
    cov: randomSPD(rng, d, { condition, scale: scale * scale * Math.exp(rng.normal()) }),
  };
}

const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** Explicit 2-D log-density with the 2×2 inverse and determinant written out by hand. */
function logDensity2(g: Gaussian): (x: number, y: number) => number {
  const [[a, b], [, c]] = g.cov;
  const det = a * c - b * b;
  const [mx, my] = g.mean;
  return (x, y) => {
    const u = x - mx;
    const v = y - my;
    return (
      -Math.log(2 * Math.PI) -
      0.5 * Math.log(det) -
      (c * u * u - 2 * b * u * v + a * v * v) / (2 * det)
    );
  };
}

function logDensity1(g: Gaussian): (x: number) => number {
  const v = g.cov[0][0];
  const m = g.mean[0];
  return (x) => -0.5 * Math.log(2 * Math.PI * v) - ((x - m) * (x - m)) / (2 * v);
}

// ---------------------------------------------------------------------------------------------
// 1. Known values
// ---------------------------------------------------------------------------------------------

describe('known values', () => {
  it('1-D p = N(0,1), q = N(1,4): KL(p‖q) = ½(¼ + ¼ − 1 + ln 4) = 0.443147 and KL(q‖p) = 1.306853', () => {
    expect(Math.abs(klDivergence(p1, q1) - 0.5 * (0.25 + 0.25 - 1 + Math.log(4)))).toBeLessThan(
      1e-15,
    );
    expect(Math.abs(klDivergence(p1, q1) - 0.443147)).toBeLessThan(1e-6);
    expect(Math.abs(klDivergence(q1, p1) - 1.306853)).toBeLessThan(1e-6);
  });

  it('1-D p = N(0,1), q = N(1,4): D_B = 0.161572 and W₂² = 2', () => {
    expect(Math.abs(bhattacharyyaDistance(p1, q1) - (0.05 + 0.5 * Math.log(1.25)))).toBeLessThan(
      1e-15,
    );
    expect(Math.abs(bhattacharyyaDistance(p1, q1) - 0.161572)).toBeLessThan(1e-6);
    expect(Math.abs(wasserstein2Squared(p1, q1) - 2)).toBeLessThan(1e-14);
    expect(Math.abs(wasserstein2Distance(p1, q1) - Math.SQRT2)).toBeLessThan(1e-14);
  });

  it('klDivergence(p, q) equals 1.5 for the 2-D non-commuting example, and KL(q‖p) = 8/3', () => {
    expect(Math.abs(klDivergence(p2, q2) - 1.5)).toBeLessThan(1e-14);
    expect(Math.abs(klDivergence(q2, p2) - 8 / 3)).toBeLessThan(1e-14);
  });

  it('bhattacharyyaDistance for the 2-D example is ½ ln(3.5/3) + 3/8 = 0.452075 (BC 0.636306, H² 0.363694)', () => {
    const exact = 0.5 * Math.log(3.5 / 3) + 3 / 8;
    expect(Math.abs(bhattacharyyaDistance(p2, q2) - exact)).toBeLessThan(1e-14);
    expect(Math.abs(bhattacharyyaDistance(p2, q2) - 0.452075)).toBeLessThan(1e-6);
    expect(Math.abs(bhattacharyyaCoefficient(p2, q2) - 0.636306)).toBeLessThan(1e-6);
    expect(Math.abs(hellingerDistance(p2, q2) ** 2 - 0.363694)).toBeLessThan(1e-6);
  });

  it('wasserstein2Squared for the 2-D example is 13 − 2√14 = 5.516685 in both argument orders', () => {
    const exact = 13 - 2 * Math.sqrt(14);
    expect(Math.abs(wasserstein2Squared(p2, q2) - exact)).toBeLessThan(1e-13);
    expect(Math.abs(wasserstein2Squared(q2, p2) - exact)).toBeLessThan(1e-13);
    expect(Math.abs(wasserstein2Squared(p2, q2) - 5.516685)).toBeLessThan(1e-6);
    expect(Math.abs(wasserstein2Distance(p2, q2) - Math.sqrt(exact))).toBeLessThan(1e-13);
  });

  it('the commuting formula gives the wrong 5.535898 for the non-commuting 2-D example', () => {
    const commuting = wasserstein2CommutingSquared(p2, q2);
    expect(Math.abs(commuting - 5.535898)).toBeLessThan(1e-6);
    expect(commuting - wasserstein2Squared(p2, q2)).toBeGreaterThan(0.019);
  });

  it('commuting Σa = diag(1,4), Σb = diag(9,1) with equal means: W₂² = 5 by both formulas', () => {
    const a: Gaussian = {
      mean: [0.3, -1],
      cov: [
        [1, 0],
        [0, 4],
      ],
    };
    const b: Gaussian = {
      mean: [0.3, -1],
      cov: [
        [9, 0],
        [0, 1],
      ],
    };
    expect(Math.abs(wasserstein2Squared(a, b) - 5)).toBeLessThan(1e-14);
    expect(Math.abs(wasserstein2CommutingSquared(a, b) - 5)).toBeLessThan(1e-14);
  });

  it('p against N(0, I): KL = 0.950694, W₂² = 1.535898, Σp^½ = [[1.366025, 0.366025], …], entropy 3.387183', () => {
    expect(Math.abs(klDivergence(p2, standard2) - 0.5 * (3 - Math.log(3)))).toBeLessThan(1e-14);
    expect(Math.abs(klDivergence(p2, standard2) - 0.950694)).toBeLessThan(1e-6);
    expect(
      Math.abs(wasserstein2Squared(p2, standard2) - (7 - 2 * (1 + Math.sqrt(3)))),
    ).toBeLessThan(1e-14);
    expect(Math.abs(wasserstein2Squared(p2, standard2) - 1.535898)).toBeLessThan(1e-6);
    const root = sqrtmSPD(p2.cov);
    const expected = [
      [1.366025, 0.366025],
      [0.366025, 1.366025],
    ];
    root.forEach((row, i) =>
      row.forEach((x, j) => expect(Math.abs(x - expected[i][j])).toBeLessThan(1e-6)),
    );
    expect(Math.abs(gaussianEntropy(p2) - 3.387183)).toBeLessThan(1e-6);
    expect(
      Math.abs(gaussianEntropy(p2) - (Math.log(2 * Math.PI * Math.E) + 0.5 * Math.log(3))),
    ).toBeLessThan(1e-14);
  });

  it('gaussianLogDensity of N(0,1) at 0 is −½ ln 2π and of the 2-D p at (0,0) matches the explicit formula', () => {
    expect(Math.abs(gaussianLogDensity(p1, [0]) + 0.5 * Math.log(2 * Math.PI))).toBeLessThan(1e-15);
    expect(Math.abs(gaussianLogDensity(p2, [0, 0]) - logDensity2(p2)(0, 0))).toBeLessThan(1e-14);
    expect(Math.abs(gaussianLogDensity(p2, [2.5, -1]) - logDensity2(p2)(2.5, -1))).toBeLessThan(
      1e-14,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Against mathjs
// ---------------------------------------------------------------------------------------------

describe('agreement with mathjs textbook formulas', () => {
  it('KL, D_B, W₂², entropy and log-density agree with mathjs to 1e-9 relative for κ ≤ 100, d = 1..10', () => {
    const rng = createRng(1001);
    for (let d = 1; d <= 10; d++) {
      for (let trial = 0; trial < 3; trial++) {
        const condition = [1.5, 10, 100][trial];
        const p = randomGaussian(rng, d, condition);
        const q = randomGaussian(rng, d, condition);
        expect(relDiff(klDivergence(p, q), klReference(p, q))).toBeLessThan(1e-9);
        expect(relDiff(klDivergence(q, p), klReference(q, p))).toBeLessThan(1e-9);
        expect(relDiff(bhattacharyyaDistance(p, q), bhattacharyyaReference(p, q))).toBeLessThan(
          1e-9,
        );
        expect(relDiff(wasserstein2Squared(p, q), w2Reference(p, q))).toBeLessThan(1e-9);
        const entropy = 0.5 * d * (1 + Math.log(2 * Math.PI)) + 0.5 * Math.log(math.det(p.cov));
        expect(relDiff(gaussianEntropy(p), entropy)).toBeLessThan(1e-9);
        const x = q.mean;
        const dx = math.subtract(x, p.mean) as number[];
        const quad = math.dot(dx, math.multiply(mm(math.inv(p.cov)), dx) as number[]);
        const logDensity = -0.5 * (d * Math.log(2 * Math.PI) + Math.log(math.det(p.cov)) + quad);
        expect(relDiff(gaussianLogDensity(p, x), logDensity)).toBeLessThan(1e-9);
      }
    }
  });

  it('W₂² agrees with the trace formula through traceSqrtProductSPD to 1e-12 relative (κ ≤ 100)', () => {
    const rng = createRng(1002);
    for (let d = 1; d <= 10; d++) {
      const p = randomGaussian(rng, d, 100);
      const q = randomGaussian(rng, d, 100);
      const dm = p.mean.map((m, i) => m - q.mean[i]);
      const traceFormula =
        dm.reduce((s, v) => s + v * v, 0) +
        math.trace(p.cov) +
        math.trace(q.cov) -
        2 * traceSqrtProductSPD(q.cov, p.cov);
      expect(relDiff(wasserstein2Squared(p, q), traceFormula)).toBeLessThan(1e-12);
    }
  });

  it('for condition numbers 1e3..1e6 the results are finite and agree with mathjs to 1e-6 relative', () => {
    const rng = createRng(1003);
    for (const condition of [1e3, 1e4, 1e5, 1e6]) {
      for (const d of [2, 3, 5, 8, 10]) {
        const p = randomGaussian(rng, d, condition);
        const q = randomGaussian(rng, d, condition);
        const values = [
          [klDivergence(p, q), klReference(p, q)],
          [klDivergence(q, p), klReference(q, p)],
          [bhattacharyyaDistance(p, q), bhattacharyyaReference(p, q)],
          [wasserstein2Squared(p, q), w2Reference(p, q)],
        ];
        for (const [mine, reference] of values) {
          expect(Number.isFinite(mine)).toBe(true);
          expect(relDiff(mine, reference)).toBeLessThan(1e-6);
        }
      }
    }
  });

  it('dimension 10 with scales 1e-30 and 1e30 (det under/overflows) stays finite and scale-invariant', () => {
    const rng = createRng(1004);
    const base = [randomGaussian(rng, 10, 50), randomGaussian(rng, 10, 50)];
    const kl = klDivergence(base[0], base[1]);
    const db = bhattacharyyaDistance(base[0], base[1]);
    const w2 = wasserstein2Distance(base[0], base[1]);
    for (const s of [1e-30, 1e30]) {
      const [p, q] = base.map((g) => ({
        mean: g.mean.map((m) => s * m),
        cov: g.cov.map((row) => row.map((c) => s * s * c)),
      }));
      expect(relDiff(klDivergence(p, q), kl)).toBeLessThan(1e-10);
      expect(relDiff(bhattacharyyaDistance(p, q), db)).toBeLessThan(1e-10);
      expect(relDiff(wasserstein2Distance(p, q), s * w2)).toBeLessThan(1e-12);
      expect(Number.isFinite(gaussianEntropy(p))).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Numerical integration
// ---------------------------------------------------------------------------------------------

describe('numerical integration of the defining integrals', () => {
  const pairs1D: [string, Gaussian, Gaussian][] = [
    ['N(0,1) vs N(1,4)', p1, q1],
    ['N(-2,0.25) vs N(1.5,3)', { mean: [-2], cov: [[0.25]] }, { mean: [1.5], cov: [[3]] }],
  ];

  it.each(pairs1D)('1-D %s: ∫ p ln(p/q) and −ln ∫ √(pq) match KL and D_B to 1e-10', (_, p, q) => {
    const lp = logDensity1(p);
    const lq = logDensity1(q);
    const sp = Math.sqrt(p.cov[0][0]);
    const sq = Math.sqrt(q.cov[0][0]);
    const lo = Math.min(p.mean[0] - 12 * sp, q.mean[0] - 12 * sq);
    const hi = Math.max(p.mean[0] + 12 * sp, q.mean[0] + 12 * sq);
    const kl = integrate1D((x) => Math.exp(lp(x)) * (lp(x) - lq(x)), lo, hi, { panels: 200 });
    const bc = integrate1D((x) => Math.exp(0.5 * (lp(x) + lq(x))), lo, hi, { panels: 200 });
    expect(Math.abs(kl - klDivergence(p, q))).toBeLessThan(1e-10);
    expect(Math.abs(-Math.log(bc) - bhattacharyyaDistance(p, q))).toBeLessThan(1e-10);
  });

  it('2-D example: tensor-product quadrature over ±10σ gives KL(p‖q), KL(q‖p) and D_B to 1e-7', () => {
    const lp = logDensity2(p2);
    const lq = logDensity2(q2);
    const box = (g: Gaussian, i: number): [number, number] => [
      g.mean[i] - 10 * Math.sqrt(g.cov[i][i]),
      g.mean[i] + 10 * Math.sqrt(g.cov[i][i]),
    ];
    const union = (i: number): [number, number] => [
      Math.min(box(p2, i)[0], box(q2, i)[0]),
      Math.max(box(p2, i)[1], box(q2, i)[1]),
    ];
    const opts = { panels: 40, order: 8 };
    const klPQ = integrate2D(
      (x, y) => Math.exp(lp(x, y)) * (lp(x, y) - lq(x, y)),
      box(p2, 0),
      box(p2, 1),
      opts,
    );
    const klQP = integrate2D(
      (x, y) => Math.exp(lq(x, y)) * (lq(x, y) - lp(x, y)),
      box(q2, 0),
      box(q2, 1),
      opts,
    );
    const bc = integrate2D(
      (x, y) => Math.exp(0.5 * (lp(x, y) + lq(x, y))),
      union(0),
      union(1),
      opts,
    );
    expect(Math.abs(klPQ - klDivergence(p2, q2))).toBeLessThan(1e-7);
    expect(Math.abs(klQP - klDivergence(q2, p2))).toBeLessThan(1e-7);
    expect(Math.abs(-Math.log(bc) - bhattacharyyaDistance(p2, q2))).toBeLessThan(1e-7);
    expect(Math.abs(bc - bhattacharyyaCoefficient(p2, q2))).toBeLessThan(1e-7);
  });

  it('2-D rotated thin pair: quadrature matches KL and D_B to 1e-7', () => {
    const p: Gaussian = { mean: [0.5, -0.5], cov: covarianceFromAxes(2, 0.3, 0.7) };
    const q: Gaussian = { mean: [-0.2, 0.4], cov: covarianceFromAxes(1.2, 0.8, -0.4) };
    const lp = logDensity2(p);
    const lq = logDensity2(q);
    const bounds = (i: number): [number, number] => [
      Math.min(p.mean[i] - 10 * Math.sqrt(p.cov[i][i]), q.mean[i] - 10 * Math.sqrt(q.cov[i][i])),
      Math.max(p.mean[i] + 10 * Math.sqrt(p.cov[i][i]), q.mean[i] + 10 * Math.sqrt(q.cov[i][i])),
    ];
    const opts = { panels: 60, order: 8 };
    const kl = integrate2D(
      (x, y) => Math.exp(lp(x, y)) * (lp(x, y) - lq(x, y)),
      bounds(0),
      bounds(1),
      opts,
    );
    const bc = integrate2D(
      (x, y) => Math.exp(0.5 * (lp(x, y) + lq(x, y))),
      bounds(0),
      bounds(1),
      opts,
    );
    expect(Math.abs(kl - klDivergence(p, q))).toBeLessThan(1e-7);
    expect(Math.abs(-Math.log(bc) - bhattacharyyaDistance(p, q))).toBeLessThan(1e-7);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Monte Carlo
// ---------------------------------------------------------------------------------------------

describe('Monte Carlo with a fixed seed (N = 2e5, |MC − closed form| < 4 SE)', () => {
  function monteCarlo(
    p: Gaussian,
    q: Gaussian,
    seed: number,
  ): { kl: number; klSe: number; bc: number; bcSe: number } {
    const n = 200_000;
    const d = p.mean.length;
    const xs = sampleGaussian(createRng(seed), p.mean, p.cov, n);
    let s1 = 0;
    let s2 = 0;
    let b1 = 0;
    let b2 = 0;
    for (let k = 0; k < n; k++) {
      const x = Array.from(xs.subarray(k * d, k * d + d));
      const l = gaussianLogDensity(p, x) - gaussianLogDensity(q, x);
      s1 += l;
      s2 += l * l;
      // E_p[√(q/p)] = ∫ √(pq) = BC.
      const r = Math.exp(-0.5 * l);
      b1 += r;
      b2 += r * r;
    }
    const kl = s1 / n;
    const bc = b1 / n;
    return {
      kl,
      klSe: Math.sqrt((s2 / n - kl * kl) / (n - 1)),
      bc,
      bcSe: Math.sqrt((b2 / n - bc * bc) / (n - 1)),
    };
  }

  it('2-D example: KL(p‖q) ≈ mean of ln p(x) − ln q(x) and BC ≈ mean of √(q/p), x ~ p', () => {
    const mc = monteCarlo(p2, q2, 424242);
    expect(Math.abs(mc.kl - klDivergence(p2, q2))).toBeLessThan(4 * mc.klSe);
    expect(Math.abs(mc.bc - bhattacharyyaCoefficient(p2, q2))).toBeLessThan(4 * mc.bcSe);
  });

  it('random 4-D pair (κ = 10): KL and BC within 4 standard errors', () => {
    const rng = createRng(55);
    const p = randomGaussian(rng, 4, 10);
    const q = randomGaussian(rng, 4, 10);
    const mc = monteCarlo(p, q, 4242);
    expect(Math.abs(mc.kl - klDivergence(p, q))).toBeLessThan(4 * mc.klSe);
    expect(Math.abs(mc.bc - bhattacharyyaCoefficient(p, q))).toBeLessThan(4 * mc.bcSe);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Commuting covariances
// ---------------------------------------------------------------------------------------------

describe('W₂ for commuting covariances reduces to the scalar formula', () => {
  it('co-diagonalised by one rotation: W₂² = ‖Δμ‖² + Σᵢ(√aᵢ − √bᵢ)² for d = 1..10', () => {
    const rng = createRng(31);
    for (let d = 1; d <= 10; d++) {
      const R = randomOrthogonal(rng, d);
      const a = Array.from({ length: d }, () => Math.exp(rng.normal()));
      const b = Array.from({ length: d }, () => Math.exp(rng.normal()));
      const cov = (lambda: number[]): Matrix =>
        R.map((ri) => R.map((rj) => ri.reduce((s, r, k) => s + r * lambda[k] * rj[k], 0)));
      const p: Gaussian = { mean: Array.from({ length: d }, () => rng.normal()), cov: cov(a) };
      const q: Gaussian = { mean: Array.from({ length: d }, () => rng.normal()), cov: cov(b) };
      const dm2 = p.mean.reduce((s, m, i) => s + (m - q.mean[i]) ** 2, 0);
      const scalar = dm2 + a.reduce((s, ai, i) => s + (Math.sqrt(ai) - Math.sqrt(b[i])) ** 2, 0);
      expect(relDiff(wasserstein2Squared(p, q), scalar)).toBeLessThan(1e-12);
      expect(relDiff(wasserstein2CommutingSquared(p, q), scalar)).toBeLessThan(1e-12);
    }
  });

  it('1-D: W₂ = √(Δμ² + (σp − σq)²)', () => {
    const rng = createRng(32);
    for (let k = 0; k < 20; k++) {
      const [m1, m2] = [rng.normal(), rng.normal()];
      const [s1, s2] = [Math.exp(rng.normal()), Math.exp(rng.normal())];
      const w = wasserstein2Distance(
        { mean: [m1], cov: [[s1 * s1]] },
        { mean: [m2], cov: [[s2 * s2]] },
      );
      expect(relDiff(w, Math.hypot(m1 - m2, s1 - s2))).toBeLessThan(1e-14);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Properties
// ---------------------------------------------------------------------------------------------

describe('properties', () => {
  const rng = createRng(6060);
  const pairs = Array.from({ length: 20 }, (_, k) => {
    const d = 1 + (k % 10);
    return [randomGaussian(rng, d, 100), randomGaussian(rng, d, 100)] as const;
  });

  it('D_B, BC, H and W₂ are symmetric to 1e-12 relative; KL is not', () => {
    let asymmetric = 0;
    for (const [p, q] of pairs) {
      expect(relDiff(bhattacharyyaDistance(p, q), bhattacharyyaDistance(q, p))).toBeLessThan(1e-12);
      expect(relDiff(hellingerDistance(p, q), hellingerDistance(q, p))).toBeLessThan(1e-12);
      expect(relDiff(wasserstein2Distance(p, q), wasserstein2Distance(q, p))).toBeLessThan(1e-12);
      if (relDiff(klDivergence(p, q), klDivergence(q, p)) > 1e-3) asymmetric++;
    }
    expect(asymmetric).toBe(pairs.length);
    expect(klDivergence(p1, q1)).not.toBeCloseTo(klDivergence(q1, p1), 1);
  });

  it('all divergences are non-negative, BC in (0, 1] and H in [0, 1)', () => {
    for (const [p, q] of pairs) {
      expect(klDivergence(p, q)).toBeGreaterThanOrEqual(0);
      expect(bhattacharyyaDistance(p, q)).toBeGreaterThanOrEqual(0);
      expect(wasserstein2Squared(p, q)).toBeGreaterThanOrEqual(0);
      const bc = bhattacharyyaCoefficient(p, q);
      expect(bc).toBeGreaterThan(0);
      expect(bc).toBeLessThanOrEqual(1);
      expect(hellingerDistance(p, q)).toBeLessThan(1);
    }
  });

  it('every divergence is 0 (to 1e-12) at p = q, including W₂ itself (not only W₂²)', () => {
    for (const [p] of pairs) {
      const copy: Gaussian = { mean: [...p.mean], cov: p.cov.map((r) => [...r]) };
      expect(klDivergence(p, copy)).toBeLessThan(1e-12);
      expect(bhattacharyyaDistance(p, copy)).toBeLessThan(1e-12);
      expect(hellingerDistance(p, copy)).toBeLessThan(1e-12);
      expect(wasserstein2Distance(p, copy)).toBeLessThan(1e-12);
      expect(Math.abs(bhattacharyyaCoefficient(p, copy) - 1)).toBeLessThan(1e-12);
    }
  });

  it('W₂ between N(μ, Σ) and N(μ, (1 + ε)²Σ) is ε√(tr Σ) to 1e-6 relative for ε = 1e-6 (no cancellation)', () => {
    const local = createRng(4040);
    for (let d = 1; d <= 10; d++) {
      const p = randomGaussian(local, d, 1e4);
      const eps = 1e-6;
      const q: Gaussian = {
        mean: p.mean,
        cov: p.cov.map((row) => row.map((c) => (1 + eps) ** 2 * c)),
      };
      const tr = p.cov.reduce((s, row, i) => s + row[i], 0);
      // Σq^½ = (1 + ε)Σp^½ commutes with Σp^½, so W₂² = ε² tr Σp exactly.
      expect(relDiff(wasserstein2Distance(p, q), eps * Math.sqrt(tr))).toBeLessThan(1e-6);
      // With the textbook trace formula this would be lost in rounding (W₂² ≈ 1e-12 · tr Σ).
      const copy: Gaussian = { mean: [...p.mean], cov: p.cov.map((r) => [...r]) };
      expect(wasserstein2Distance(p, copy)).toBeLessThan(1e-12);
    }
  });

  it('scaling both Gaussians by s about the origin scales W₂ by s and leaves KL and D_B unchanged', () => {
    for (const [p, q] of pairs.slice(0, 10)) {
      for (const s of [0.01, 3, 250]) {
        const scaled = (g: Gaussian): Gaussian => ({
          mean: g.mean.map((m) => s * m),
          cov: g.cov.map((row) => row.map((c) => s * s * c)),
        });
        const [ps, qs] = [scaled(p), scaled(q)];
        expect(relDiff(wasserstein2Distance(ps, qs), s * wasserstein2Distance(p, q))).toBeLessThan(
          1e-12,
        );
        expect(relDiff(klDivergence(ps, qs), klDivergence(p, q))).toBeLessThan(1e-10);
        expect(relDiff(bhattacharyyaDistance(ps, qs), bhattacharyyaDistance(p, q))).toBeLessThan(
          1e-10,
        );
      }
    }
  });

  it('W₂ satisfies the triangle inequality on 50 random triples (d = 1..5)', () => {
    const local = createRng(777);
    for (let k = 0; k < 50; k++) {
      const d = 1 + (k % 5);
      const [a, b, c] = [0, 1, 2].map(() => randomGaussian(local, d, 20));
      const ab = wasserstein2Distance(a, b);
      const bc = wasserstein2Distance(b, c);
      const ac = wasserstein2Distance(a, c);
      expect(ac).toBeLessThanOrEqual(ab + bc + 1e-12);
    }
  });

  it('the transport map is symmetric PD, satisfies A Σp A = Σq and T(μp) = μq, and moves mass by W₂²', () => {
    for (const [p, q] of pairs) {
      const { A, b } = optimalTransportMap(p, q);
      const d = A.length;
      A.forEach((row, i) => row.forEach((x, j) => expect(x).toBe(A[j][i])));
      expect(() => cholesky(A)).not.toThrow();
      const pushed = matMul(matMul(A, p.cov), A);
      const scaleQ = Math.max(...q.cov.flat().map(Math.abs));
      pushed.forEach((row, i) =>
        row.forEach((x, j) => expect(Math.abs(x - q.cov[i][j])).toBeLessThan(1e-11 * scaleQ)),
      );
      const image = A.map((row, i) => row.reduce((s, a, j) => s + a * p.mean[j], b[i]));
      image.forEach((x, i) =>
        expect(Math.abs(x - q.mean[i])).toBeLessThan(1e-12 * (1 + Math.abs(q.mean[i]))),
      );
      // E‖T(x) − x‖² = ‖μq − μp‖² + tr((A − I) Σp (A − I)).
      const AmI = A.map((row, i) => row.map((a, j) => a - (i === j ? 1 : 0)));
      const M = matMul(matMul(AmI, p.cov), AmI);
      const cost =
        M.reduce((s, row, i) => s + row[i], 0) +
        p.mean.reduce((s, m, i) => s + (m - q.mean[i]) ** 2, 0);
      expect(relDiff(cost, wasserstein2Squared(p, q))).toBeLessThan(1e-10);
      expect(d).toBe(p.mean.length);
    }
  });

  it('the transport map pushes samples of p to samples with covariance Σq (2-D, n = 1e5, 5 SE)', () => {
    const { A, b } = optimalTransportMap(p2, q2);
    const n = 100_000;
    const xs = sampleGaussian(createRng(9), p2.mean, p2.cov, n);
    const S = [
      [0, 0],
      [0, 0],
    ];
    const m = [0, 0];
    const ys: number[][] = [];
    for (let k = 0; k < n; k++) {
      const y = [0, 1].map((i) => b[i] + A[i][0] * xs[2 * k] + A[i][1] * xs[2 * k + 1]);
      ys.push(y);
      m[0] += y[0] / n;
      m[1] += y[1] / n;
    }
    for (const y of ys)
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 2; j++) S[i][j] += ((y[i] - m[i]) * (y[j] - m[j])) / (n - 1);
    for (let i = 0; i < 2; i++) {
      expect(Math.abs(m[i] - q2.mean[i])).toBeLessThan(5 * Math.sqrt(q2.cov[i][i] / n));
      for (let j = 0; j < 2; j++) {
        const se = Math.sqrt((q2.cov[i][i] * q2.cov[j][j] + q2.cov[i][j] ** 2) / n);
        expect(Math.abs(S[i][j] - q2.cov[i][j])).toBeLessThan(5 * se);
      }
    }
  });

  it('hellingerDistance² = 1 − BC, and H keeps precision when D_B ≈ 1e-12', () => {
    for (const [p, q] of pairs) {
      expect(
        Math.abs(hellingerDistance(p, q) ** 2 - (1 - bhattacharyyaCoefficient(p, q))),
      ).toBeLessThan(1e-14);
    }
    const near: Gaussian = { mean: [2e-6], cov: [[1]] };
    // D_B = Δμ²/(8σ²) = 5e-13, so H = √(1 − e^{−D_B}) ≈ √(5e-13).
    expect(
      relDiff(hellingerDistance(near, { mean: [0], cov: [[1]] }), Math.sqrt(5e-13)),
    ).toBeLessThan(1e-9);
  });
});

// ---------------------------------------------------------------------------------------------
// 7. Errors
// ---------------------------------------------------------------------------------------------

describe('errors name the offending argument', () => {
  const good = p2;
  const nonSymmetric: Gaussian = {
    mean: [0, 0],
    cov: [
      [2, 1],
      [0.5, 2],
    ],
  };
  const indefinite: Gaussian = {
    mean: [0, 0],
    cov: [
      [1, 0],
      [0, -0.5],
    ],
  };
  const withNaN: Gaussian = {
    mean: [0, 0],
    cov: [
      [1, NaN],
      [NaN, 1],
    ],
  };
  const ragged: Gaussian = { mean: [0, 0], cov: [[1, 0], [0]] };
  const threeD: Gaussian = { mean: [0, 0, 0], cov: identity(3) };
  const badMean: Gaussian = { mean: [0, 0, 0], cov: identity(2) };
  const nanMean: Gaussian = { mean: [0, NaN], cov: identity(2) };

  const functions: [string, (p: Gaussian, q: Gaussian) => unknown][] = [
    ['klDivergence', klDivergence],
    ['bhattacharyyaDistance', bhattacharyyaDistance],
    ['bhattacharyyaCoefficient', bhattacharyyaCoefficient],
    ['hellingerDistance', hellingerDistance],
    ['wasserstein2Distance', wasserstein2Distance],
    ['wasserstein2Squared', wasserstein2Squared],
    ['wasserstein2CommutingSquared', wasserstein2CommutingSquared],
    ['optimalTransportMap', optimalTransportMap],
  ];

  it.each(functions)(
    '%s throws RangeErrors that say which argument is wrong and why',
    (name, f) => {
      const check = (p: Gaussian, q: Gaussian, pattern: RegExp) => {
        expect(() => f(p, q)).toThrow(RangeError);
        expect(() => f(p, q)).toThrow(pattern);
        expect(() => f(p, q)).toThrow(new RegExp(`^${name}: `));
      };
      check(good, nonSymmetric, /covariance of q is not symmetric/);
      check(nonSymmetric, good, /covariance of p is not symmetric/);
      check(
        indefinite,
        good,
        /covariance of p is not positive definite \(smallest eigenvalue -0\.5\)/,
      );
      check(good, indefinite, /covariance of q is not positive definite/);
      check(good, withNaN, /covariance of q contains a non-finite entry/);
      check(ragged, good, /covariance of p is not square/);
      check(good, threeD, /dimensions differ \(p has dimension 2, q has dimension 3\)/);
      check(threeD, good, /p has dimension 3, q has dimension 2/);
      check(good, badMean, /mean of q has length 3 but its covariance is 2×2/);
      check(nanMean, good, /mean of p contains a non-finite entry/);
    },
  );

  it('validateGaussianPair returns the dimension and Cholesky factors of valid input', () => {
    const { dim, cholP, cholQ } = validateGaussianPair(p2, q2, 'f');
    expect(dim).toBe(2);
    const LLt = matMul(cholP, [
      [cholP[0][0], cholP[1][0]],
      [cholP[0][1], cholP[1][1]],
    ]);
    LLt.forEach((row, i) =>
      row.forEach((x, j) => expect(Math.abs(x - p2.cov[i][j])).toBeLessThan(1e-15)),
    );
    expect(cholQ).toEqual([
      [1, 0],
      [0, Math.sqrt(3)],
    ]);
  });

  it('gaussianEntropy and gaussianLogDensity reject a bad covariance or point', () => {
    expect(() => gaussianEntropy(indefinite)).toThrow(
      /gaussianEntropy: covariance of g is not positive definite/,
    );
    expect(() => gaussianLogDensity(good, [1])).toThrow(
      /gaussianLogDensity: x must be 2 finite numbers/,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Widget helpers
// ---------------------------------------------------------------------------------------------

describe('covarianceFromAxes and axesFromCovariance', () => {
  it('covarianceFromAxes(σ1, σ2, θ) = R diag(σ1², σ2²) Rᵀ', () => {
    const [s1, s2, t] = [2, 0.5, 0.6];
    const R = [
      [Math.cos(t), -Math.sin(t)],
      [Math.sin(t), Math.cos(t)],
    ];
    const expected = matMul(
      matMul(R, [
        [s1 * s1, 0],
        [0, s2 * s2],
      ]),
      [
        [R[0][0], R[1][0]],
        [R[0][1], R[1][1]],
      ],
    );
    const cov = covarianceFromAxes(s1, s2, t);
    cov.forEach((row, i) =>
      row.forEach((x, j) => expect(Math.abs(x - expected[i][j])).toBeLessThan(1e-15)),
    );
  });

  it('axesFromCovariance inverts covarianceFromAxes (σ1 ≥ σ2, angle in (−π/2, π/2])', () => {
    const rng = createRng(3);
    for (let k = 0; k < 100; k++) {
      const s1 = Math.exp(rng.normal());
      const s2 = s1 * (0.01 + 0.98 * rng.uniform());
      const angle = (rng.uniform() - 0.5) * Math.PI * 0.999;
      const axes = axesFromCovariance(covarianceFromAxes(s1, s2, angle));
      expect(relDiff(axes.sigma1, s1)).toBeLessThan(1e-12);
      expect(relDiff(axes.sigma2, s2)).toBeLessThan(1e-10);
      expect(Math.abs(axes.angle - angle)).toBeLessThan(1e-10);
      // Swapping σ1 and σ2 turns the major axis by a right angle.
      const swapped = axesFromCovariance(covarianceFromAxes(s2, s1, angle));
      expect(relDiff(swapped.sigma1, s1)).toBeLessThan(1e-12);
      const turned = angle > 0 ? angle - Math.PI / 2 : angle + Math.PI / 2;
      expect(Math.abs(swapped.angle - turned)).toBeLessThan(1e-10);
    }
  });

  it('axesFromCovariance gives angle 0 for a circle and rejects non-PSD or non-2×2 input', () => {
    expect(axesFromCovariance(covarianceFromAxes(1.5, 1.5, 0.3))).toEqual({
      sigma1: 1.5,
      sigma2: 1.5,
      angle: 0,
    });
    expect(() =>
      axesFromCovariance([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(/axesFromCovariance: cov is not positive semidefinite/);
    expect(() => axesFromCovariance(identity(3))).toThrow(/cov must be 2×2/);
    expect(() => covarianceFromAxes(-1, 1, 0)).toThrow(/sigma1 must be finite and ≥ 0/);
  });

  it('a wide covariance from covarianceFromAxes gives the W₂ of its axis lengths against its rotation', () => {
    // Same axes, different angle: not commuting, W₂ strictly below the commuting formula.
    const p: Gaussian = { mean: [0, 0], cov: covarianceFromAxes(3, 1, 0) };
    const q: Gaussian = { mean: [0, 0], cov: covarianceFromAxes(3, 1, Math.PI / 2) };
    // Rotating by 90° swaps the variances: W₂² = (3 − 1)² + (1 − 3)² = 8.
    expect(Math.abs(wasserstein2Squared(p, q) - 8)).toBeLessThan(1e-12);
  });
});
