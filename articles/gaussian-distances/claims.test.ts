/**
 * Every number and identity stated in index.mdx, each checked by a computation that does not
 * reuse the core's formula: exact fractions, 2×2 closed forms (characteristic polynomials,
 * tr√M = √(tr M + 2√det M)), tensor-product quadrature, and Monte Carlo with a sampler written
 * here (mulberry32 + Box–Muller), with tolerances of 4 standard errors.
 */
import { describe, it, expect } from 'vitest';
import {
  bhattacharyyaCoefficient,
  bhattacharyyaDistance,
  gaussianEntropy,
  gaussianLogDensity,
  hellingerDistance,
  klDivergence,
  optimalTransportMap,
  wasserstein2CommutingSquared,
  wasserstein2Distance,
  wasserstein2Squared,
  type Gaussian,
} from '../../src/core/index';

type Mat = number[][];
type Vec = number[];

// ---------- small independent linear algebra (2×2 closed forms, n×n only where needed) ----------

const det2 = (m: Mat) => m[0][0] * m[1][1] - m[0][1] * m[1][0];
const tr = (m: Mat) => m.reduce((s, row, i) => s + row[i], 0);
const inv2 = (m: Mat): Mat => {
  const d = det2(m);
  return [
    [m[1][1] / d, -m[0][1] / d],
    [-m[1][0] / d, m[0][0] / d],
  ];
};
const mul = (a: Mat, b: Mat): Mat =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const mulVec = (a: Mat, x: Vec): Vec => a.map((row) => row.reduce((s, v, k) => s + v * x[k], 0));
const dot = (x: Vec, y: Vec) => x.reduce((s, v, i) => s + v * y[i], 0);
const sub = (a: Mat, b: Mat): Mat => a.map((row, i) => row.map((v, j) => v - b[i][j]));
const addM = (a: Mat, b: Mat): Mat => a.map((row, i) => row.map((v, j) => v + b[i][j]));
const scaleM = (a: Mat, s: number): Mat => a.map((row) => row.map((v) => v * s));
const transpose = (a: Mat): Mat => a[0].map((_, j) => a.map((row) => row[j]));
const eye = (n: number): Mat =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
const frob2 = (a: Mat) => a.reduce((s, row) => s + row.reduce((t, v) => t + v * v, 0), 0);
const vsub = (x: Vec, y: Vec) => x.map((v, i) => v - y[i]);
const vadd = (x: Vec, y: Vec) => x.map((v, i) => v + y[i]);
const norm2 = (x: Vec) => dot(x, x);
const quad = (x: Vec, a: Mat, y: Vec = x) => dot(x, mulVec(a, y));
const maxAbsDiff = (a: Mat, b: Mat) =>
  Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));

/** Eigenvalues of a 2×2 matrix with real spectrum, from λ² − (tr M)λ + det M = 0. */
function eig2(m: Mat): [number, number] {
  const half = tr(m) / 2;
  const disc = half * half - det2(m);
  if (disc < -1e-12) throw new Error('complex eigenvalues');
  const r = Math.sqrt(Math.max(disc, 0));
  return [half + r, half - r];
}

/** Principal square root of a 2×2 matrix with positive eigenvalues: (M + √det I)/√(tr M + 2√det M). */
function sqrt2(m: Mat): Mat {
  const s = Math.sqrt(det2(m));
  const t = Math.sqrt(tr(m) + 2 * s);
  return [
    [(m[0][0] + s) / t, m[0][1] / t],
    [m[1][0] / t, (m[1][1] + s) / t],
  ];
}

/** tr √M for a 2×2 matrix with positive eigenvalues, without any eigenvalues. */
const traceSqrt2 = (m: Mat) => Math.sqrt(tr(m) + 2 * Math.sqrt(det2(m)));

/** Cholesky factor L (LLᵀ = A) of a symmetric matrix, or null if A is not positive definite. */
function choleskyOrNull(a: Mat): Mat | null {
  const n = a.length;
  const l: Mat = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (s <= 0) return null;
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  return l;
}

// ---------- an independent seeded sampler ----------

function mulberry32(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | null = null;
  const normal = () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const u = 1 - uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { uniform, normal };
}
type TestRng = ReturnType<typeof mulberry32>;

/** n samples of N(mean, cov) in 2-D as [x0, x1] pairs, via the Cholesky factor. */
function sample2(rng: TestRng, mean: Vec, cov: Mat, n: number): Vec[] {
  const l = choleskyOrNull(cov);
  if (!l) throw new Error('cov not SPD');
  const out: Vec[] = [];
  for (let k = 0; k < n; k++) {
    const z0 = rng.normal();
    const z1 = rng.normal();
    out.push([mean[0] + l[0][0] * z0, mean[1] + l[1][0] * z0 + l[1][1] * z1]);
  }
  return out;
}

/** Sample mean and standard error of the mean. */
function meanAndSe(values: ArrayLike<number>): { mean: number; se: number; variance: number } {
  const n = values.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - mean) ** 2;
  const variance = v / (n - 1);
  return { mean, se: Math.sqrt(variance / n), variance };
}

/** A random 2×2 SPD matrix with principal standard deviations in [lo, hi] and a random angle. */
function randomSpd2(rng: TestRng, lo = 0.3, hi = 3): Mat {
  const a = lo + (hi - lo) * rng.uniform();
  const b = lo + (hi - lo) * rng.uniform();
  const t = Math.PI * rng.uniform();
  const c = Math.cos(t);
  const s = Math.sin(t);
  return [
    [c * c * a * a + s * s * b * b, c * s * (a * a - b * b)],
    [c * s * (a * a - b * b), s * s * a * a + c * c * b * b],
  ];
}

/** A random n×n SPD matrix G Gᵀ + 0.1 I. */
function randomSpd(rng: TestRng, n: number): Mat {
  const g = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal()));
  return addM(mul(g, transpose(g)), scaleM(eye(n), 0.1));
}

const randomVec = (rng: TestRng, n: number, s = 1) =>
  Array.from({ length: n }, () => s * rng.normal());

// ---------- the closed forms, written out from the article's equations ----------

/** Eq. (4): ½[ΔᵀΣq⁻¹Δ + tr(Σq⁻¹Σp) − n − ln det(Σq⁻¹Σp)], 2-D. */
function kl2(p: Gaussian, q: Gaussian): number {
  const qi = inv2(q.cov);
  const d = vsub(p.mean, q.mean);
  return 0.5 * (quad(d, qi) + tr(mul(qi, p.cov)) - 2 - Math.log(det2(mul(qi, p.cov))));
}

/** Eq. (5) in 2-D. */
function bhattacharyya2(p: Gaussian, q: Gaussian): number {
  const avg = scaleM(addM(p.cov, q.cov), 0.5);
  const d = vsub(p.mean, q.mean);
  return quad(d, inv2(avg)) / 8 + 0.5 * Math.log(det2(avg) / Math.sqrt(det2(p.cov) * det2(q.cov)));
}

/** Eq. (7) in 2-D with the square roots from the 2×2 closed form. */
function w2Squared2(p: Gaussian, q: Gaussian): number {
  const rp = sqrt2(p.cov);
  const d = vsub(p.mean, q.mean);
  return dot(d, d) + tr(p.cov) + tr(q.cov) - 2 * tr(sqrt2(mul(mul(rp, q.cov), rp)));
}

/** The log-density (1), 2-D. */
function logDensity2(g: Gaussian, x: Vec): number {
  const d = vsub(x, g.mean);
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(det2(g.cov)) - 0.5 * quad(d, inv2(g.cov));
}

/** Tensor-product midpoint rule of f over the box [c − h, c + h] with m points per axis. */
function midpoint2(f: (x: number, y: number) => number, c: Vec, h: Vec, m: number): number {
  const dx = (2 * h[0]) / m;
  const dy = (2 * h[1]) / m;
  let s = 0;
  for (let i = 0; i < m; i++) {
    const x = c[0] - h[0] + (i + 0.5) * dx;
    for (let j = 0; j < m; j++) s += f(x, c[1] - h[1] + (j + 0.5) * dy);
  }
  return s * dx * dy;
}

/** A 2-D density evaluator with the inverse and normaliser precomputed (for quadrature loops). */
function density2(g: Gaussian): (x: number, y: number) => number {
  const pi = inv2(g.cov);
  const norm = 1 / (2 * Math.PI * Math.sqrt(det2(g.cov)));
  return (x, y) => {
    const a = x - g.mean[0];
    const b = y - g.mean[1];
    return norm * Math.exp(-0.5 * (pi[0][0] * a * a + 2 * pi[0][1] * a * b + pi[1][1] * b * b));
  };
}

// ---------- the worked example ----------

const p: Gaussian = {
  mean: [1, 0],
  cov: [
    [2, 1],
    [1, 2],
  ],
};
const q: Gaussian = {
  mean: [0, 2],
  cov: [
    [1, 0],
    [0, 3],
  ],
};
const delta = vsub(p.mean, q.mean);

// ================================================================================================

describe('toolkit', () => {
  it('E[(x−a)ᵀA(x−a)] = tr(AΣ) + (μ−a)ᵀA(μ−a) for a Gaussian x (Monte Carlo, 4 SE)', () => {
    const rng = mulberry32(1);
    const mu = [0.5, -1];
    const cov = [
      [1.5, -0.7],
      [-0.7, 0.9],
    ];
    const a = [2, 0.3];
    const A = [
      [1, 2],
      [-0.5, 3],
    ]; // deliberately not symmetric
    const xs = sample2(rng, mu, cov, 200_000);
    const mc = meanAndSe(xs.map((x) => quad(vsub(x, a), A)));
    const exact = tr(mul(A, cov)) + quad(vsub(mu, a), A);
    expect(Math.abs(mc.mean - exact)).toBeLessThan(4 * mc.se);
  });

  it('the quadratic-form identity needs only mean and covariance: it holds for a uniform x', () => {
    // x = M u with u uniform on [0,1]²: mean M(½,½), covariance M (I/12) Mᵀ.
    const rng = mulberry32(2);
    const M = [
      [1, 0.5],
      [-0.3, 2],
    ];
    const mu = mulVec(M, [0.5, 0.5]);
    const cov = scaleM(mul(M, transpose(M)), 1 / 12);
    const a = [-1, 1];
    const A = [
      [2, -1],
      [0.4, 1],
    ];
    const vals = Array.from({ length: 200_000 }, () => {
      const x = mulVec(M, [rng.uniform(), rng.uniform()]);
      return quad(vsub(x, a), A);
    });
    const mc = meanAndSe(vals);
    const exact = tr(mul(A, cov)) + quad(vsub(mu, a), A);
    expect(Math.abs(mc.mean - exact)).toBeLessThan(4 * mc.se);
  });

  it('gaussianLogDensity matches the log-density (1) written out by hand', () => {
    for (const x of [
      [0, 0],
      [1, 0],
      [3, -2],
      [-1.5, 4],
    ]) {
      expect(gaussianLogDensity(p, x)).toBeCloseTo(logDensity2(p, x), 12);
      expect(gaussianLogDensity(q, x)).toBeCloseTo(logDensity2(q, x), 12);
    }
  });

  it('entropy = n/2 (1 + ln 2π) + ½ ln det Σ, also as the Monte Carlo mean of −ln p(x)', () => {
    const exact = 1 + Math.log(2 * Math.PI) + 0.5 * Math.log(3);
    expect(gaussianEntropy(p)).toBeCloseTo(exact, 12);
    const rng = mulberry32(3);
    const mc = meanAndSe(sample2(rng, p.mean, p.cov, 100_000).map((x) => -logDensity2(p, x)));
    expect(Math.abs(mc.mean - exact)).toBeLessThan(4 * mc.se);
  });

  it('∫exp(−½xᵀAx + bᵀx)dx = (2π)^(n/2) det(A)^(−½) exp(½bᵀA⁻¹b) (2-D quadrature)', () => {
    const A = [
      [2, 0.6],
      [0.6, 1],
    ];
    const b = [0.5, -0.3];
    const Ai = inv2(A);
    const centre = mulVec(Ai, b);
    // The maximum of the exponent is ½bᵀA⁻¹b, reached at A⁻¹b.
    const exponent = (x: Vec) => -0.5 * quad(x, A) + dot(b, x);
    expect(exponent(centre)).toBeCloseTo(0.5 * quad(b, Ai), 14);
    expect(exponent([centre[0] + 0.1, centre[1] - 0.05])).toBeLessThan(exponent(centre));
    const numeric = midpoint2(
      (x, y) => Math.exp(exponent([x, y])),
      centre,
      [10 * Math.sqrt(Ai[0][0]), 10 * Math.sqrt(Ai[1][1])],
      600,
    );
    const closed = ((2 * Math.PI) / Math.sqrt(det2(A))) * Math.exp(0.5 * quad(b, Ai));
    expect(Math.abs(numeric / closed - 1)).toBeLessThan(1e-9);
  });
});

describe('KL divergence', () => {
  it('worked example pieces: ‖Δ‖² = 5, traces 4, determinants 3, ΔᵀΣq⁻¹Δ = 7/3, tr(Σq⁻¹Σp) = 8/3', () => {
    expect(delta).toEqual([1, -2]);
    expect(dot(delta, delta)).toBe(5);
    expect([tr(p.cov), tr(q.cov), det2(p.cov), det2(q.cov)]).toEqual([4, 4, 3, 3]);
    expect(quad(delta, inv2(q.cov))).toBeCloseTo(7 / 3, 14);
    expect(tr(mul(inv2(q.cov), p.cov))).toBeCloseTo(8 / 3, 14);
    expect(quad(delta, inv2(p.cov))).toBeCloseTo(14 / 3, 14);
    expect(tr(mul(inv2(p.cov), q.cov))).toBeCloseTo(8 / 3, 14);
  });

  it('KL(p‖q) for the worked example equals 1.5', () => {
    expect(kl2(p, q)).toBeCloseTo(1.5, 14);
    expect(klDivergence(p, q)).toBeCloseTo(1.5, 12);
  });

  it('KL(q‖p) for the worked example equals 8/3 ≈ 2.667', () => {
    expect(kl2(q, p)).toBeCloseTo(8 / 3, 14);
    expect(klDivergence(q, p)).toBeCloseTo(8 / 3, 12);
    expect((8 / 3).toFixed(3)).toBe('2.667');
  });

  it('the asymmetry of the worked example, 7/6, is all in the mean term', () => {
    expect(klDivergence(q, p) - klDivergence(p, q)).toBeCloseTo(7 / 6, 12);
    expect(0.5 * (quad(delta, inv2(p.cov)) - quad(delta, inv2(q.cov)))).toBeCloseTo(7 / 6, 14);
  });

  it("p's long axis is (1,1) with variance 3, its short axis (1,−1) with variance 1; Δ has 3/√2 along the short one", () => {
    const long = [1 / Math.SQRT2, 1 / Math.SQRT2];
    const short = [1 / Math.SQRT2, -1 / Math.SQRT2];
    expect(mulVec(p.cov, long)).toEqual(long.map((v) => expect.closeTo(3 * v, 14)));
    expect(mulVec(p.cov, short)).toEqual(short.map((v) => expect.closeTo(v, 14)));
    expect(dot(delta, short)).toBeCloseTo(3 / Math.SQRT2, 14);
    // A unit of squared distance costs 1/1 along the short axis and 1/3 along the long one.
    expect(dot(delta, short) ** 2 / 1 + dot(delta, long) ** 2 / 3).toBeCloseTo(14 / 3, 14);
  });

  it('KL(p‖q) is the Monte Carlo mean of ln p(x) − ln q(x) under p (4 SE)', () => {
    const rng = mulberry32(4);
    const mc = meanAndSe(
      sample2(rng, p.mean, p.cov, 200_000).map((x) => logDensity2(p, x) - logDensity2(q, x)),
    );
    expect(Math.abs(mc.mean - 1.5)).toBeLessThan(4 * mc.se);
  });

  it('the shape term is ½Σ(λᵢ − 1 − ln λᵢ) over the (real, positive) eigenvalues of Σq⁻¹Σp, and is ≥ 0', () => {
    const rng = mulberry32(5);
    for (let t = 0; t < 50; t++) {
      const sp = randomSpd2(rng);
      const sq = randomSpd2(rng);
      const m = mul(inv2(sq), sp);
      const [l1, l2] = eig2(m);
      expect(l2).toBeGreaterThan(0);
      const shape = 0.5 * (tr(m) - 2 - Math.log(det2(m)));
      const bySum = 0.5 * (l1 - 1 - Math.log(l1) + l2 - 1 - Math.log(l2));
      expect(shape).toBeCloseTo(bySum, 10);
      expect(bySum).toBeGreaterThanOrEqual(0);
      const same = { mean: [0, 0], cov: sp };
      expect(klDivergence(same, { mean: [0, 0], cov: sq })).toBeCloseTo(shape, 10);
    }
    expect(eig2(mul(inv2(q.cov), p.cov))).toEqual([
      expect.closeTo((4 + Math.sqrt(7)) / 3, 12),
      expect.closeTo((4 - Math.sqrt(7)) / 3, 12),
    ]);
  });

  it('equal covariances: KL = ½ΔᵀΣ⁻¹Δ in both directions', () => {
    const rng = mulberry32(6);
    for (let t = 0; t < 20; t++) {
      const s = randomSpd2(rng);
      const a = { mean: randomVec(rng, 2), cov: s };
      const b = { mean: randomVec(rng, 2), cov: s };
      const half = 0.5 * quad(vsub(a.mean, b.mean), inv2(s));
      expect(klDivergence(a, b)).toBeCloseTo(half, 10);
      expect(klDivergence(b, a)).toBeCloseTo(half, 10);
    }
  });

  it('against N(0, I): KL = ½[‖μ‖² + tr Σ − n − ln det Σ] = ½Σ(μᵢ² + σᵢ² − 1 − ln σᵢ²) for diagonal Σ', () => {
    const mu = [0.3, -1.2, 2];
    const sig2 = [0.25, 1.7, 4];
    const vae = 0.5 * mu.reduce((s, m, i) => s + m * m + sig2[i] - 1 - Math.log(sig2[i]), 0);
    const g = { mean: mu, cov: sig2.map((v, i) => sig2.map((_, j) => (i === j ? v : 0))) };
    const standard = { mean: [0, 0, 0], cov: eye(3) };
    expect(klDivergence(g, standard)).toBeCloseTo(vae, 12);
    // And with the (non-diagonal) p of the worked example: ½[1 + 4 − 2 − ln 3].
    expect(klDivergence(p, { mean: [0, 0], cov: eye(2) })).toBeCloseTo(0.5 * (3 - Math.log(3)), 12);
  });
});

describe('Bhattacharyya distance', () => {
  const avg = scaleM(addM(p.cov, q.cov), 0.5);

  it('worked example: average covariance has determinant 7/2 and ΔᵀΣ⁻¹Δ = 3', () => {
    expect(avg).toEqual([
      [1.5, 0.5],
      [0.5, 2.5],
    ]);
    expect(det2(avg)).toBeCloseTo(3.5, 14);
    expect(quad(delta, inv2(avg))).toBeCloseTo(3, 14);
  });

  it('D_B for the worked example equals 3/8 + ½ ln(3.5/3) ≈ 0.452', () => {
    const exact = 0.5 * Math.log(3.5 / 3) + 3 / 8;
    expect(bhattacharyya2(p, q)).toBeCloseTo(exact, 14);
    expect(bhattacharyyaDistance(p, q)).toBeCloseTo(exact, 12);
    expect(bhattacharyyaDistance(q, p)).toBeCloseTo(exact, 12);
    expect(exact.toFixed(3)).toBe('0.452');
  });

  it('D_B = −ln ∫√(pq) for the worked example (2-D quadrature of the overlap)', () => {
    const fp = density2(p);
    const fq = density2(q);
    const bc = midpoint2((x, y) => Math.sqrt(fp(x, y) * fq(x, y)), [0.5, 1], [14, 14], 1000);
    expect(Math.abs(-Math.log(bc) - (0.5 * Math.log(3.5 / 3) + 3 / 8))).toBeLessThan(1e-8);
  });

  it('det A = det Σ / (det Σp det Σq) for A = ½(Σp⁻¹ + Σq⁻¹), and min f = ½ΔᵀΣ⁻¹Δ', () => {
    const rng = mulberry32(7);
    for (let t = 0; t < 30; t++) {
      const a = { mean: randomVec(rng, 2, 2), cov: randomSpd2(rng) };
      const b = { mean: randomVec(rng, 2, 2), cov: randomSpd2(rng) };
      const P = inv2(a.cov);
      const Q = inv2(b.cov);
      const A = scaleM(addM(P, Q), 0.5);
      const sigma = scaleM(addM(a.cov, b.cov), 0.5);
      expect(det2(A)).toBeCloseTo(det2(sigma) / (det2(a.cov) * det2(b.cov)), 8);
      // Minimiser of f solves (P + Q)x = Pμp + Qμq.
      const xStar = mulVec(inv2(addM(P, Q)), vadd(mulVec(P, a.mean), mulVec(Q, b.mean)));
      const f = (x: Vec) => quad(vsub(x, a.mean), P) + quad(vsub(x, b.mean), Q);
      const d = vsub(a.mean, b.mean);
      expect(f(xStar)).toBeCloseTo(0.5 * quad(d, inv2(sigma)), 8);
      expect(f([xStar[0] + 0.01, xStar[1]])).toBeGreaterThan(f(xStar));
      expect(bhattacharyyaDistance(a, b)).toBeCloseTo(bhattacharyya2(a, b), 10);
    }
  });

  it('equal covariances: D_B = ⅛ΔᵀΣ⁻¹Δ = ¼ KL (the ⅛ vs ½ factors)', () => {
    const rng = mulberry32(8);
    for (let t = 0; t < 20; t++) {
      const s = randomSpd2(rng);
      const a = { mean: randomVec(rng, 2), cov: s };
      const b = { mean: randomVec(rng, 2), cov: s };
      const m = quad(vsub(a.mean, b.mean), inv2(s));
      expect(bhattacharyyaDistance(a, b)).toBeCloseTo(m / 8, 10);
      expect(klDivergence(a, b)).toBeCloseTo(m / 2, 10);
      expect(bhattacharyyaDistance(a, b)).toBeCloseTo(klDivergence(a, b) / 4, 10);
    }
  });

  it('the shape term of D_B is ≥ 0, and positive in the worked example though the determinants are equal', () => {
    const rng = mulberry32(9);
    for (let t = 0; t < 50; t++) {
      const sp = randomSpd2(rng);
      const sq = randomSpd2(rng);
      const shape =
        0.5 * Math.log(det2(scaleM(addM(sp, sq), 0.5)) / Math.sqrt(det2(sp) * det2(sq)));
      expect(shape).toBeGreaterThanOrEqual(-1e-15);
    }
    expect(0.5 * Math.log(det2(avg) / 3)).toBeGreaterThan(0.07);
  });

  it('D_B ≤ ½ KL(p‖q) and D_B ≤ ½ KL(q‖p); in the worked example 0.452 ≤ ½ min(1.5, 8/3) = 0.75', () => {
    const rng = mulberry32(10);
    for (let t = 0; t < 50; t++) {
      const a = { mean: randomVec(rng, 2, 2), cov: randomSpd2(rng) };
      const b = { mean: randomVec(rng, 2, 2), cov: randomSpd2(rng) };
      const db = bhattacharyya2(a, b);
      expect(db).toBeLessThanOrEqual(0.5 * kl2(a, b) + 1e-12);
      expect(db).toBeLessThanOrEqual(0.5 * kl2(b, a) + 1e-12);
    }
    expect(0.5 * Math.min(1.5, 8 / 3)).toBe(0.75);
    expect(bhattacharyyaDistance(p, q)).toBeLessThan(0.75);
  });

  it('worked example: BC ≈ 0.636, H² = 1 − e^(−D_B) ≈ 0.364, H ≈ 0.603, and H² = ½∫(√p − √q)²', () => {
    const db = 0.5 * Math.log(3.5 / 3) + 3 / 8;
    const bc = Math.exp(-db);
    expect(bhattacharyyaCoefficient(p, q)).toBeCloseTo(bc, 12);
    expect(bc.toFixed(3)).toBe('0.636');
    expect((1 - bc).toFixed(3)).toBe('0.364');
    expect(Math.sqrt(1 - bc).toFixed(3)).toBe('0.603');
    expect(hellingerDistance(p, q)).toBeCloseTo(Math.sqrt(1 - bc), 12);
    const fp = density2(p);
    const fq = density2(q);
    const h2 =
      0.5 *
      midpoint2(
        (x, y) => (Math.sqrt(fp(x, y)) - Math.sqrt(fq(x, y))) ** 2,
        [0.5, 1],
        [14, 14],
        1000,
      );
    expect(Math.abs(h2 - (1 - bc))).toBeLessThan(1e-8);
  });

  it('Bayes error ≤ √(π(1−π)) BC; worked example with equal priors: bound ≈ 0.318, true error ≈ 0.177', () => {
    const fp = density2(p);
    const fq = density2(q);
    const bc = bhattacharyyaCoefficient(p, q);
    expect((0.5 * bc).toFixed(3)).toBe('0.318');
    for (const prior of [0.5, 0.3, 0.1]) {
      const err = midpoint2(
        (x, y) => Math.min(prior * fp(x, y), (1 - prior) * fq(x, y)),
        [0.5, 1],
        [14, 14],
        1400,
      );
      expect(err).toBeLessThanOrEqual(Math.sqrt(prior * (1 - prior)) * bc);
      if (prior === 0.5) expect(Math.abs(err - 0.177)).toBeLessThan(1e-3);
    }
  });
});

describe('2-Wasserstein distance', () => {
  it('W₂² for the worked example equals 13 − 2√14 ≈ 5.517, W₂ ≈ 2.349, in both argument orders', () => {
    const exact = 13 - 2 * Math.sqrt(14);
    expect(w2Squared2(p, q)).toBeCloseTo(exact, 12);
    expect(w2Squared2(q, p)).toBeCloseTo(exact, 12);
    expect(wasserstein2Squared(p, q)).toBeCloseTo(exact, 12);
    expect(wasserstein2Squared(q, p)).toBeCloseTo(exact, 12);
    expect(wasserstein2Distance(p, q)).toBeCloseTo(Math.sqrt(exact), 12);
    expect(exact.toFixed(3)).toBe('5.517');
    expect(Math.sqrt(exact).toFixed(3)).toBe('2.349');
  });

  it('worked example: ΣpΣq = [[2,3],[1,6]] has trace 8, det 9, eigenvalues 4 ± √7 and tr √(ΣpΣq) = √14', () => {
    const m = mul(p.cov, q.cov);
    expect(m).toEqual([
      [2, 3],
      [1, 6],
    ]);
    expect([tr(m), det2(m)]).toEqual([8, 9]);
    const [l1, l2] = eig2(m);
    expect(l1).toBeCloseTo(4 + Math.sqrt(7), 12);
    expect(l2).toBeCloseTo(4 - Math.sqrt(7), 12);
    expect(Math.sqrt(l1) + Math.sqrt(l2)).toBeCloseTo(Math.sqrt(14), 12);
    expect(traceSqrt2(m)).toBeCloseTo(Math.sqrt(14), 14);
  });

  it('the Wasserstein form tr(Σp^½ Σq Σp^½)^½ equals the Fréchet form Σ√λᵢ(ΣpΣq), symmetric in p and q', () => {
    const rng = mulberry32(11);
    for (let t = 0; t < 50; t++) {
      const sp = randomSpd2(rng);
      const sq = randomSpd2(rng);
      const rp = sqrt2(sp);
      const wasserstein = tr(sqrt2(mul(mul(rp, sq), rp)));
      const [l1, l2] = eig2(mul(sp, sq)); // real and positive although ΣpΣq is not symmetric
      expect(l2).toBeGreaterThan(0);
      const frechet = Math.sqrt(l1) + Math.sqrt(l2);
      expect(wasserstein).toBeCloseTo(frechet, 10);
      expect(traceSqrt2(mul(sq, sp))).toBeCloseTo(frechet, 10);
      const rq = sqrt2(sq);
      expect(tr(sqrt2(mul(mul(rq, sp), rq)))).toBeCloseTo(frechet, 10);
    }
  });

  it('the joint covariance [[I, K], [Kᵀ, I]] is PSD exactly when ‖K‖ ≤ 1; u = −Kv exposes ‖K‖ > 1', () => {
    const rng = mulberry32(12);
    for (let t = 0; t < 40; t++) {
      const k = [randomVec(rng, 2), randomVec(rng, 2)];
      const normK = Math.sqrt(eig2(mul(transpose(k), k))[0]);
      for (const target of [0.9, 1.1]) {
        const kk = scaleM(k, target / normK);
        const block = [
          [1, 0, kk[0][0], kk[0][1]],
          [0, 1, kk[1][0], kk[1][1]],
          [kk[0][0], kk[1][0], 1, 0],
          [kk[0][1], kk[1][1], 0, 1],
        ];
        expect(choleskyOrNull(block) !== null).toBe(target < 1);
      }
      // The witness: v the top right singular vector, u = −Kv, form value 1 − σ².
      const kk = scaleM(k, 1.1 / normK);
      const ktk = mul(transpose(kk), kk);
      const s2 = eig2(ktk)[0];
      const v0 = [ktk[0][1], s2 - ktk[0][0]];
      const nv = Math.hypot(v0[0], v0[1]);
      const v = nv > 1e-12 ? [v0[0] / nv, v0[1] / nv] : ktk[0][0] >= ktk[1][1] ? [1, 0] : [0, 1];
      const u = mulVec(kk, v).map((x) => -x);
      const form = dot(u, u) + dot(v, v) + 2 * quad(u, kk, v);
      expect(form).toBeCloseTo(1 - s2, 10);
      expect(form).toBeLessThan(0);
    }
  });

  it('max tr(KB) over contractions K is the nuclear norm of B, attained at K = (BᵀB)^(−½)Bᵀ = VUᵀ', () => {
    const rng = mulberry32(13);
    for (let t = 0; t < 30; t++) {
      const b = [randomVec(rng, 2), randomVec(rng, 2)];
      const nuclear = Math.sqrt(tr(mul(transpose(b), b)) + 2 * Math.abs(det2(b)));
      const btbRoot = sqrt2(mul(transpose(b), b));
      const kStar = mul(inv2(btbRoot), transpose(b));
      expect(maxAbsDiff(mul(transpose(kStar), kStar), eye(2))).toBeLessThan(1e-10); // orthogonal
      expect(tr(mul(kStar, b))).toBeCloseTo(nuclear, 10);
      expect(tr(btbRoot)).toBeCloseTo(nuclear, 10);
      for (let s = 0; s < 200; s++) {
        // Random contraction: a rotation or reflection times a diagonal with entries in [−1, 1].
        const th = 2 * Math.PI * rng.uniform();
        const flip = rng.uniform() < 0.5 ? -1 : 1;
        const rot = [
          [Math.cos(th), -flip * Math.sin(th)],
          [Math.sin(th), flip * Math.cos(th)],
        ];
        const k = mul(rot, [
          [2 * rng.uniform() - 1, 0],
          [0, 2 * rng.uniform() - 1],
        ]);
        expect(tr(mul(k, b))).toBeLessThanOrEqual(nuclear + 1e-12);
      }
    }
  });

  it('a coupling costs ‖Δ‖² + tr Σp + tr Σq − 2 tr C: independent 13, K = I 9 − 2√3, optimal 13 − 2√14 (MC, 4 SE)', () => {
    const rng = mulberry32(14);
    const n = 200_000;
    const xs = sample2(rng, p.mean, p.cov, n);
    const ys = sample2(rng, q.mean, q.cov, n);
    const independent = meanAndSe(xs.map((x, i) => norm2(vsub(x, ys[i]))));
    expect(Math.abs(independent.mean - 13)).toBeLessThan(4 * independent.se);
    // K = I: y = μq + Σq^½ Σp^(−½)(x − μp), cross-covariance Σp^½ Σq^½.
    const kIdentity = mul(sqrt2(q.cov), inv2(sqrt2(p.cov)));
    const plain = meanAndSe(
      xs.map((x) => norm2(vsub(x, vadd(q.mean, mulVec(kIdentity, vsub(x, p.mean)))))),
    );
    expect(Math.abs(plain.mean - (9 - 2 * Math.sqrt(3)))).toBeLessThan(4 * plain.se);
    const { A, b } = optimalTransportMap(p, q);
    const optimal = meanAndSe(xs.map((x) => norm2(vsub(x, vadd(mulVec(A, x), b)))));
    expect(Math.abs(optimal.mean - (13 - 2 * Math.sqrt(14)))).toBeLessThan(4 * optimal.se);
  });

  it('commuting covariances: W₂² = ‖Δ‖² + ‖Σp^½ − Σq^½‖²_F, e.g. diag(1,4) vs diag(9,1) gives 5', () => {
    const a = {
      mean: [0, 0],
      cov: [
        [1, 0],
        [0, 4],
      ],
    };
    const b = {
      mean: [0, 0],
      cov: [
        [9, 0],
        [0, 1],
      ],
    };
    expect(wasserstein2Squared(a, b)).toBeCloseTo((1 - 3) ** 2 + (2 - 1) ** 2, 12);
    expect(wasserstein2CommutingSquared(a, b)).toBeCloseTo(5, 12);
    // Commuting but not diagonal: two functions of the same symmetric matrix.
    const s = [
      [2, 1],
      [1, 2],
    ];
    const c = { mean: [1, 1], cov: s };
    const d = { mean: [0, -1], cov: addM(mul(s, s), scaleM(eye(2), 0.5)) };
    const byFrobenius = 5 + frob2(sub(sqrt2(c.cov), sqrt2(d.cov)));
    expect(wasserstein2Squared(c, d)).toBeCloseTo(byFrobenius, 10);
    expect(w2Squared2(c, d)).toBeCloseTo(byFrobenius, 10);
  });

  it('worked example: the covariances do not commute, Σq Σp = (Σp Σq)ᵀ, and the commuting formula gives 9 − 2√3 ≈ 5.536', () => {
    const pq = mul(p.cov, q.cov);
    const qp = mul(q.cov, p.cov);
    expect(qp).toEqual(transpose(pq));
    expect(maxAbsDiff(pq, qp)).toBeGreaterThan(1);
    const r3 = Math.sqrt(3);
    const rootP = scaleM(
      [
        [r3 + 1, r3 - 1],
        [r3 - 1, r3 + 1],
      ],
      0.5,
    );
    expect(maxAbsDiff(mul(rootP, rootP), p.cov)).toBeLessThan(1e-14);
    expect(maxAbsDiff(rootP, sqrt2(p.cov))).toBeLessThan(1e-14);
    const rootQ = [
      [1, 0],
      [0, r3],
    ];
    expect(5 + frob2(sub(rootP, rootQ))).toBeCloseTo(9 - 2 * r3, 13);
    expect(wasserstein2CommutingSquared(p, q)).toBeCloseTo(9 - 2 * r3, 12);
    expect((9 - 2 * r3).toFixed(3)).toBe('5.536');
    expect(9 - 2 * r3).toBeGreaterThan(13 - 2 * Math.sqrt(14));
  });

  it('the commuting formula never underestimates W₂² (random pairs in 2, 3 and 5 dimensions)', () => {
    const rng = mulberry32(15);
    for (let t = 0; t < 30; t++) {
      const sp = randomSpd2(rng);
      const sq = randomSpd2(rng);
      // tr(Σp^½ Σq^½) = tr B ≤ ‖B‖_*.
      const b = mul(sqrt2(sq), sqrt2(sp));
      const nuclear = Math.sqrt(tr(mul(transpose(b), b)) + 2 * Math.abs(det2(b)));
      expect(tr(b)).toBeLessThanOrEqual(nuclear + 1e-12);
      for (const n of [3, 5]) {
        const a = { mean: randomVec(rng, n), cov: randomSpd(rng, n) };
        const c = { mean: randomVec(rng, n), cov: randomSpd(rng, n) };
        expect(wasserstein2CommutingSquared(a, c)).toBeGreaterThanOrEqual(
          wasserstein2Squared(a, c) - 1e-9,
        );
      }
    }
  });

  it('one dimension: W₂² = (μp − μq)² + (σp − σq)²', () => {
    for (const [m1, s1, m2, s2] of [
      [0, 1, 1, 2],
      [3, 0.5, -1, 0.5],
      [0, 3, 0, 0.01],
    ]) {
      const w2 = wasserstein2Squared(
        { mean: [m1], cov: [[s1 * s1]] },
        { mean: [m2], cov: [[s2 * s2]] },
      );
      expect(w2).toBeCloseTo((m1 - m2) ** 2 + (s1 - s2) ** 2, 10);
    }
  });

  it('the Gaussian formula is a lower bound for non-Gaussian laws with the same moments (1-D, quantile coupling)', () => {
    // p uniform on [−√3, √3] and q = ±1 with probability ½ each: both mean 0, variance 1.
    // The Gaussian formula gives 0; the monotone (optimal) coupling gives 2 − √3.
    const m = 200_000;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const u = (i + 0.5) / m;
      s += (Math.sqrt(3) * (2 * u - 1) - (u < 0.5 ? -1 : 1)) ** 2;
    }
    expect(s / m).toBeCloseTo(2 - Math.sqrt(3), 8);
    expect(s / m).toBeGreaterThan(0);
  });

  it('optimal map of the worked example: A = [[3,−1],[−1,5]]/√14, AΣpA = Σq, tr(ΣpA) = √14, zero conditional covariance', () => {
    const exactA = scaleM(
      [
        [3, -1],
        [-1, 5],
      ],
      1 / Math.sqrt(14),
    );
    // A = Σp^(−½) (Σp^½ Σq Σp^½)^½ Σp^(−½) from the 2×2 closed forms.
    const rpInv = inv2(sqrt2(p.cov));
    const byFormula = mul(mul(rpInv, sqrt2(mul(mul(sqrt2(p.cov), q.cov), sqrt2(p.cov)))), rpInv);
    expect(maxAbsDiff(byFormula, exactA)).toBeLessThan(1e-13);
    expect(maxAbsDiff(mul(mul(exactA, p.cov), exactA), q.cov)).toBeLessThan(1e-13);
    expect(tr(mul(p.cov, exactA))).toBeCloseTo(Math.sqrt(14), 13);
    const c = mul(p.cov, exactA);
    expect(
      maxAbsDiff(sub(q.cov, mul(mul(transpose(c), inv2(p.cov)), c)), [
        [0, 0],
        [0, 0],
      ]),
    ).toBeLessThan(1e-13);
    const { A, b } = optimalTransportMap(p, q);
    expect(maxAbsDiff(A, exactA)).toBeLessThan(1e-10);
    expect(b).toEqual(vsub(q.mean, mulVec(exactA, p.mean)).map((v) => expect.closeTo(v, 10)));
  });

  it('the optimal map pushes samples of p to q’s mean and covariance (Monte Carlo, 4 SE)', () => {
    const rng = mulberry32(16);
    const n = 200_000;
    const { A, b } = optimalTransportMap(p, q);
    const ys = sample2(rng, p.mean, p.cov, n).map((x) => vadd(mulVec(A, x), b));
    for (let i = 0; i < 2; i++) {
      const m = meanAndSe(ys.map((y) => y[i]));
      expect(Math.abs(m.mean - q.mean[i])).toBeLessThan(4 * m.se);
    }
    for (const [i, j] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ]) {
      // Centring at the known mean keeps each product an i.i.d. sample with mean Σq[i][j].
      const prod = meanAndSe(ys.map((y) => (y[i] - q.mean[i]) * (y[j] - q.mean[j])));
      expect(Math.abs(prod.mean - q.cov[i][j])).toBeLessThan(4 * prod.se);
    }
  });

  it('units: scaling space by s leaves KL and D_B unchanged and multiplies W₂ by s; any affine map leaves KL and D_B unchanged', () => {
    const rng = mulberry32(17);
    const n = 3;
    const a = { mean: randomVec(rng, n), cov: randomSpd(rng, n) };
    const c = { mean: randomVec(rng, n), cov: randomSpd(rng, n) };
    const push = (g: Gaussian, m: Mat, shift: Vec): Gaussian => ({
      mean: mulVec(m, g.mean).map((v, i) => v + shift[i]),
      cov: mul(mul(m, g.cov), transpose(m)),
    });
    const s = 3;
    const scaled = [
      push(a, scaleM(eye(n), s), [0, 0, 0]),
      push(c, scaleM(eye(n), s), [0, 0, 0]),
    ] as const;
    expect(klDivergence(...scaled)).toBeCloseTo(klDivergence(a, c), 9);
    expect(bhattacharyyaDistance(...scaled)).toBeCloseTo(bhattacharyyaDistance(a, c), 9);
    expect(wasserstein2Distance(...scaled)).toBeCloseTo(s * wasserstein2Distance(a, c), 9);
    const m = addM(eye(n), scaleM([randomVec(rng, n), randomVec(rng, n), randomVec(rng, n)], 0.5));
    const shift = randomVec(rng, n);
    const mapped = [push(a, m, shift), push(c, m, shift)] as const;
    expect(klDivergence(...mapped)).toBeCloseTo(klDivergence(a, c), 7);
    expect(bhattacharyyaDistance(...mapped)).toBeCloseTo(bhattacharyyaDistance(a, c), 7);
    // The naive ‖Σp − Σq‖_F mixes units: it scales by s² while ‖Δ‖ scales by s.
    expect(Math.sqrt(frob2(sub(scaled[0].cov, scaled[1].cov)))).toBeCloseTo(
      s * s * Math.sqrt(frob2(sub(a.cov, c.cov))),
      9,
    );
  });
});

describe('sampling', () => {
  /** Eq. (10): ½ tr[(Σq⁻¹Σp − I)²] + ΔᵀΣq⁻¹ΣpΣq⁻¹Δ in 2-D. */
  const logRatioVariance = (a: Gaussian, b: Gaussian) => {
    const qi = inv2(b.cov);
    const m = sub(mul(qi, a.cov), eye(2));
    const d = vsub(a.mean, b.mean);
    return 0.5 * tr(mul(m, m)) + quad(d, mul(mul(qi, a.cov), qi));
  };

  it('variance of ln p − ln q under p: 8/9 + 14/9 = 22/9 for the worked example, σ ≈ 1.56', () => {
    const qi = inv2(q.cov);
    const m = sub(mul(qi, p.cov), eye(2));
    expect(0.5 * tr(mul(m, m))).toBeCloseTo(8 / 9, 14);
    expect(quad(delta, mul(mul(qi, p.cov), qi))).toBeCloseTo(14 / 9, 14);
    expect(logRatioVariance(p, q)).toBeCloseTo(22 / 9, 14);
    expect(Math.sqrt(22 / 9).toFixed(2)).toBe('1.56');
  });

  it('the variance formula (10) matches the sample variance of the log-ratio (random pairs, 4 SE)', () => {
    const rng = mulberry32(18);
    for (let t = 0; t < 4; t++) {
      const a = t === 0 ? p : { mean: randomVec(rng, 2), cov: randomSpd2(rng, 0.5, 2) };
      const b = t === 0 ? q : { mean: randomVec(rng, 2), cov: randomSpd2(rng, 0.5, 2) };
      const vals = sample2(rng, a.mean, a.cov, 200_000).map(
        (x) => logDensity2(a, x) - logDensity2(b, x),
      );
      const { mean, variance } = meanAndSe(vals);
      // Standard error of the sample variance from the fourth central moment.
      const m4 = vals.reduce((s, v) => s + (v - mean) ** 4, 0) / vals.length;
      const seVar = Math.sqrt((m4 - variance * variance) / vals.length);
      expect(Math.abs(variance - logRatioVariance(a, b))).toBeLessThan(4 * seVar);
    }
  });

  it('the ±2 standard-error band is ≈ ±0.099 at N = 10³ and ≈ ±0.003 at N = 10⁶, shrinking 10× per 100× N', () => {
    const sigma = Math.sqrt(22 / 9);
    expect((2 * sigma) / Math.sqrt(1e3)).toBeCloseTo(0.099, 3);
    expect((2 * sigma) / Math.sqrt(1e6)).toBeCloseTo(0.003, 3);
    expect((2 * sigma) / Math.sqrt(1e4) / ((2 * sigma) / Math.sqrt(1e6))).toBeCloseTo(10, 12);
  });

  it('a q narrower than p along one axis makes the KL estimate noisier', () => {
    const thin = (s: number): Gaussian => ({
      mean: q.mean,
      cov: [
        [1, 0],
        [0, s],
      ],
    });
    const variances = [3, 1, 0.3, 0.1, 0.03].map((s) => logRatioVariance(p, thin(s)));
    for (let i = 1; i < variances.length; i++)
      expect(variances[i]).toBeGreaterThan(variances[i - 1]);
  });

  it('BC = E_p[√(q/p)] (Monte Carlo, 4 SE), and each term √(q/p) has variance 1 − BC² ≈ 0.595 (quadrature)', () => {
    const rng = mulberry32(19);
    const bc = Math.exp(-(0.5 * Math.log(3.5 / 3) + 3 / 8));
    const vals = sample2(rng, p.mean, p.cov, 200_000).map((x) =>
      Math.exp(0.5 * (logDensity2(q, x) - logDensity2(p, x))),
    );
    const { mean, se } = meanAndSe(vals);
    expect(Math.abs(mean - bc)).toBeLessThan(4 * se);
    // Var_p[√(q/p)] = ∫ p (√(q/p) − BC)² = ∫ (√q − BC √p)². (A sample variance would be a poor
    // check here: the fourth moment E_p[(q/p)²] = ∫q²/p diverges for this pair.)
    const fp = density2(p);
    const fq = density2(q);
    const variance = midpoint2(
      (x, y) => (Math.sqrt(fq(x, y)) - bc * Math.sqrt(fp(x, y))) ** 2,
      [0.5, 1],
      [14, 14],
      1000,
    );
    expect(Math.abs(variance - (1 - bc * bc))).toBeLessThan(1e-8);
    expect((1 - bc * bc).toFixed(3)).toBe('0.595');
    // For the q that is thin along one axis the KL variance grows, this one stays ≤ 1.
    const thinQ = {
      mean: q.mean,
      cov: [
        [1, 0],
        [0, 0.03],
      ],
    };
    expect(1 - bhattacharyyaCoefficient(p, thinQ) ** 2).toBeLessThan(1);
    expect(det2(sub(scaleM(inv2(q.cov), 2), inv2(p.cov)))).toBeLessThan(0);
  });
});

describe('one dimension', () => {
  const g = (m: number, s: number): Gaussian => ({ mean: [m], cov: [[s * s]] });
  const kl1 = (mp: number, sp: number, mq: number, sq: number) =>
    Math.log(sq / sp) + (sp * sp + (mp - mq) ** 2) / (2 * sq * sq) - 0.5;
  const db1 = (mp: number, sp: number, mq: number, sq: number) =>
    (mp - mq) ** 2 / (4 * (sp * sp + sq * sq)) +
    0.5 * Math.log((sp * sp + sq * sq) / (2 * sp * sq));

  it('the 1-D formulas for KL, D_B and W₂ agree with the multivariate ones', () => {
    for (const [mp, sp, mq, sq] of [
      [0, 1, 1, 2],
      [2, 0.3, -1, 1.5],
      [0, 1, 0, 0.1],
    ]) {
      expect(klDivergence(g(mp, sp), g(mq, sq))).toBeCloseTo(kl1(mp, sp, mq, sq), 10);
      expect(bhattacharyyaDistance(g(mp, sp), g(mq, sq))).toBeCloseTo(db1(mp, sp, mq, sq), 10);
      expect(wasserstein2Distance(g(mp, sp), g(mq, sq))).toBeCloseTo(
        Math.hypot(mp - mq, sp - sq),
        10,
      );
    }
  });

  it('equal variances: both KLs = δ²/(2σ²), D_B = δ²/(8σ²) = KL/4, W₂ = |δ|', () => {
    for (const [delta1, sigma] of [
      [0.5, 1],
      [3, 2],
      [-2, 0.5],
    ]) {
      const a = g(delta1, sigma);
      const b = g(0, sigma);
      expect(klDivergence(a, b)).toBeCloseTo(delta1 ** 2 / (2 * sigma ** 2), 10);
      expect(klDivergence(b, a)).toBeCloseTo(delta1 ** 2 / (2 * sigma ** 2), 10);
      expect(bhattacharyyaDistance(a, b)).toBeCloseTo(delta1 ** 2 / (8 * sigma ** 2), 10);
      expect(wasserstein2Distance(a, b)).toBeCloseTo(Math.abs(delta1), 10);
    }
  });

  it('KL and D_B break the triangle inequality (shift 2 vs two shifts of 1: 2 > 0.5 + 0.5, 0.5 > 0.125 + 0.125); W₂ does not', () => {
    const [a, b, c] = [g(0, 1), g(1, 1), g(2, 1)];
    expect(klDivergence(a, c)).toBeCloseTo(2, 12);
    expect(klDivergence(a, b)).toBeCloseTo(0.5, 12);
    expect(klDivergence(b, c)).toBeCloseTo(0.5, 12);
    expect(bhattacharyyaDistance(a, c)).toBeCloseTo(0.5, 12);
    expect(bhattacharyyaDistance(a, b)).toBeCloseTo(0.125, 12);
    expect(bhattacharyyaDistance(b, c)).toBeCloseTo(0.125, 12);
    expect(wasserstein2Distance(a, c)).toBeLessThanOrEqual(
      wasserstein2Distance(a, b) + wasserstein2Distance(b, c) + 1e-12,
    );
  });

  it('variance ratio r = σq/σp: the four formulas, KL curves mirrored under r ↦ 1/r, D_B self-mirrored; at r = ½: 0.807 and 0.318', () => {
    const sp = 1.7;
    for (const r of [0.2, 0.5, 0.9, 1.3, 4]) {
      const a = g(0, sp);
      const b = g(0, r * sp);
      expect(klDivergence(a, b)).toBeCloseTo(Math.log(r) + 1 / (2 * r * r) - 0.5, 10);
      expect(klDivergence(b, a)).toBeCloseTo(-Math.log(r) + (r * r) / 2 - 0.5, 10);
      expect(bhattacharyyaDistance(a, b)).toBeCloseTo(0.5 * Math.log((1 + r * r) / (2 * r)), 10);
      expect(wasserstein2Distance(a, b)).toBeCloseTo(sp * Math.abs(1 - r), 10);
      expect(klDivergence(a, b)).toBeCloseTo(klDivergence(g(0, sp / r), a), 10);
      expect(bhattacharyyaDistance(a, b)).toBeCloseTo(bhattacharyyaDistance(a, g(0, sp / r)), 10);
    }
    expect(kl1(0, 1, 0, 0.5).toFixed(3)).toBe('0.807');
    expect(kl1(0, 0.5, 0, 1).toFixed(3)).toBe('0.318');
  });

  it('near r = 1 both KLs behave like (r − 1)² and D_B like (r − 1)²/4', () => {
    for (const r of [1.001, 0.999]) {
      const e2 = (r - 1) ** 2;
      expect(kl1(0, 1, 0, r) / e2).toBeCloseTo(1, 2);
      expect(kl1(0, r, 0, 1) / e2).toBeCloseTo(1, 2);
      expect(db1(0, 1, 0, r) / (e2 / 4)).toBeCloseTo(1, 2);
    }
  });

  it('for small changes in any direction (2-D), KL ≈ 4 D_B', () => {
    const rng = mulberry32(20);
    for (let t = 0; t < 20; t++) {
      const eps = 1e-3;
      const dm = randomVec(rng, 2, eps);
      const e = randomVec(rng, 3, eps);
      const b = {
        mean: [p.mean[0] + dm[0], p.mean[1] + dm[1]],
        cov: addM(p.cov, [
          [e[0], e[1]],
          [e[1], e[2]],
        ]),
      };
      expect(klDivergence(p, b) / bhattacharyyaDistance(p, b)).toBeCloseTo(4, 2);
      expect(klDivergence(b, p) / bhattacharyyaDistance(p, b)).toBeCloseTo(4, 2);
    }
  });

  it('as σq → 0 (r = σq/σp): KL(p‖q) ~ 1/(2r²), KL(q‖p) ~ ln(1/r), D_B ~ ½ ln(1/r), W₂ → √(δ² + σp²)', () => {
    const sp = 1;
    for (const shift of [0, 0.8]) {
      for (const r of [1e-4, 1e-6]) {
        const a = g(shift, sp);
        const b = g(0, r * sp);
        // Leading terms, with the bounded remainders written out (the article's rates are δ = 0).
        expect(klDivergence(a, b) * 2 * r * r).toBeCloseTo(1 + shift * shift, 6);
        expect(klDivergence(b, a) - Math.log(1 / r)).toBeCloseTo(-0.5 + (shift * shift) / 2, 6);
        expect(bhattacharyyaDistance(a, b) - 0.5 * Math.log(1 / r)).toBeCloseTo(
          (shift * shift) / 4 - 0.5 * Math.log(2),
          6,
        );
        expect(wasserstein2Distance(a, b)).toBeCloseTo(Math.hypot(shift, sp), 3);
      }
    }
  });
});
