/**
 * Seeded randomness, always passed explicitly as an {@link Rng} (Math.random is never used or
 * patched), so every widget, test and figure can be replayed exactly from its seed.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's "small fast chaotic" 32-bit generator, which
 * passes PractRand and BigCrush) with its 128-bit state filled from the seed by a splitmix-style
 * integer hash; uniforms carry 53 random bits and normals come from the Marsaglia polar method.
 */
import { assertSymmetricPositiveDefinite, formatNumber, type Matrix, type Vector } from './linalg';

/** A seeded source of random numbers. */
export interface Rng {
  /** A uniform draw $u \sim \mathcal{U}[0, 1)$ with 53 random bits (every double $k/2^{53}$). */
  uniform(): number;
  /** A standard normal draw $z \sim \mathcal{N}(0, 1)$. */
  normal(): number;
  /** The seed this generator was created from. */
  seed: number;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
// sfc32's state needs a few rounds before the seed's structure is fully mixed away.
const WARM_UP_ROUNDS = 12;

/** A splitmix-style 32-bit hash sequence (golden-ratio increment, murmur3 finaliser). */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** The sfc32 generator: returns uint32 outputs from a 128-bit state (a, b, c, counter d). */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/**
 * A seeded generator. The seed is any finite integer (negative and beyond $2^{32}$ allowed:
 * both 32-bit halves are mixed in); equal seeds give identical sequences.
 * `uniform()` returns $u = (2^{26} a + b) / 2^{53}$ from the top bits of two 32-bit outputs;
 * `normal()` uses the Marsaglia polar method $z = u\sqrt{-2\ln s / s}$ and caches the spare draw.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`createRng: seed must be a safe integer, got ${formatNumber(seed)}`);
  }
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  // Each splitmix output is a bijection of its 32-bit input, so (a, b) determines the seed:
  // distinct safe-integer seeds always start from distinct states.
  const mixLow = splitmix32(low);
  const mixHigh = splitmix32(high ^ 0x6a09e667);
  const next = sfc32(mixLow(), mixHigh(), mixLow() ^ mixHigh(), 1);
  for (let i = 0; i < WARM_UP_ROUNDS; i++) next();

  const uniform = (): number => {
    const hi = next() >>> 5; // 27 bits
    const lo = next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  };

  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    // Rejection sampling of a point in the unit disc (accepts with probability π/4).
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * f;
        return u * f;
      }
    }
  };

  return { uniform, normal, seed };
}

function assertCount(n: number, fn: string): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${fn}: n must be a non-negative integer, got ${formatNumber(n)}`);
  }
}

/** n independent standard normal draws $z_i \sim \mathcal{N}(0, 1)$ as a Float64Array. */
export function fillNormal(rng: Rng, n: number): Float64Array {
  assertCount(n, 'fillNormal');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/**
 * n draws from $\mathcal{N}(\mu, \Sigma)$ as $x = \mu + L z$ with $\Sigma = LL^\top$ (Cholesky) and
 * $z \sim \mathcal{N}(0, I_d)$. mean has length d, cov is d×d SPD; the result is row-major n×d
 * (sample k is `out[k*d .. k*d + d - 1]`). Throws a RangeError if cov is not SPD or the shapes differ.
 */
export function sampleGaussian(rng: Rng, mean: Vector, cov: Matrix, n: number): Float64Array {
  assertCount(n, 'sampleGaussian');
  const L = assertSymmetricPositiveDefinite(cov, 'cov', 'sampleGaussian');
  const d = L.length;
  if (!Array.isArray(mean) || mean.length !== d || !mean.every(Number.isFinite)) {
    throw new RangeError(
      `sampleGaussian: mean must be ${d} finite numbers to match the ${d}×${d} cov`,
    );
  }
  const out = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < d; j++) z[j] = rng.normal();
    const base = k * d;
    for (let i = 0; i < d; i++) {
      let s = mean[i];
      for (let j = 0; j <= i; j++) s += L[i][j] * z[j];
      out[base + i] = s;
    }
  }
  return out;
}

/**
 * A Haar-distributed random orthogonal matrix Q (n×n): the Q factor of a Gaussian matrix
 * $G = QR$ with $R_{ii} > 0$, computed by twice-repeated modified Gram–Schmidt.
 */
export function randomOrthogonal(rng: Rng, n: number): Matrix {
  assertCount(n, 'randomOrthogonal');
  // Columns are built in cols[k]; they are transposed into Q at the end.
  const cols: number[][] = [];
  while (cols.length < n) {
    const v = Array.from({ length: n }, () => rng.normal());
    const norm0 = Math.hypot(...v);
    // Two passes of projection make the columns orthogonal to rounding level.
    for (let pass = 0; pass < 2; pass++) {
      for (const q of cols) {
        let p = 0;
        for (let i = 0; i < n; i++) p += q[i] * v[i];
        for (let i = 0; i < n; i++) v[i] -= p * q[i];
      }
    }
    const norm = Math.hypot(...v);
    // A draw (almost) inside the span of earlier columns has probability 0; redraw if it happens.
    if (!(norm > 1e-8 * norm0)) continue;
    cols.push(v.map((x) => x / norm));
  }
  return Array.from({ length: n }, (_, i) => cols.map((c) => c[i]));
}

/**
 * A random symmetric positive definite matrix $\Sigma = Q \operatorname{diag}(\lambda) Q^\top$
 * (n×n) with Haar-random Q and eigenvalues log-spaced from `scale` to `scale · condition`
 * (so $\kappa(\Sigma) = $ `condition`, default 10; `scale` defaults to 1).
 */
export function randomSPD(
  rng: Rng,
  n: number,
  options: { condition?: number; scale?: number } = {},
): Matrix {
  const condition = options.condition ?? 10;
  const scaleFactor = options.scale ?? 1;
  if (!(condition >= 1) || !Number.isFinite(condition)) {
    throw new RangeError(`randomSPD: condition must be a finite number ≥ 1`);
  }
  if (!(scaleFactor > 0) || !Number.isFinite(scaleFactor)) {
    throw new RangeError(`randomSPD: scale must be a finite positive number`);
  }
  const Q = randomOrthogonal(rng, n);
  const lambda = Array.from(
    { length: n },
    (_, i) => scaleFactor * Math.pow(condition, n === 1 ? 0 : i / (n - 1)),
  );
  const S: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q[i][k] * lambda[k] * Q[j][k];
      S[i][j] = s;
      S[j][i] = s;
    }
  }
  return S;
}

/**
 * Inverted-dropout multipliers for `count` units from a seed: unit i is kept when the i-th
 * uniform draw $u_i \ge p$ and then scaled by $1/(1-p)$, so $m_i \in \{0, 1/(1-p)\}$ and
 * $\mathbb E\,m_i = 1$. Drawn in JavaScript, so the tfjs network on every backend and the
 * plain-TypeScript network draw the same masks from the same seed. `dropRate` p is in [0, 1).
 */
export function dropoutMultipliers(seed: number, count: number, dropRate: number): Float32Array {
  assertCount(count, 'dropoutMultipliers');
  if (!(dropRate >= 0 && dropRate < 1)) {
    throw new RangeError(
      `dropoutMultipliers: dropRate must be in [0, 1), got ${formatNumber(dropRate)}`,
    );
  }
  const rng = createRng(seed);
  const scale = 1 / (1 - dropRate);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = rng.uniform() >= dropRate ? scale : 0;
  return out;
}

/**
 * The seed of the dropout mask of hidden layer l+1 in a pass with mask seed `maskSeed`: the same
 * in the tfjs Mlp and the plain-TypeScript PlainMlp, so both draw the same masks.
 */
export function dropoutSeed(maskSeed: number, layer: number): number {
  return maskSeed * 131 + layer;
}
