/**
 * Scaled dot-product attention, the entropy of its weights, and the length-dependent scale that
 * tries to keep that entropy from growing with the number of keys (Su, "从熵不变性看Attention的
 * Scale操作", https://kexue.fm/archives/8823).
 *
 * Shapes: queries q are n_q rows of length d, keys k are n rows of length d, values v are n rows
 * of length d_v. Rows may be plain arrays or typed arrays. The plain functions compute in double
 * precision with a stable log-sum-exp and are the reference; the `…Tf` functions do the n×n work
 * on TensorFlow.js in float32, a chunk of query rows at a time.
 */
import { initBackend, loadTf } from '../../src/core/backend';
import { formatNumber } from '../../src/core/linalg';
import { gaussLegendre } from '../../src/core/quadrature';
import type { Rng } from '../../src/core/random';
import { logSumExp } from '../../src/core/softmax';

/** A matrix given as rows: `rows[i][j]`, each row a plain or typed array. */
export type Rows = readonly ArrayLike<number>[];

/** The random model of queries and keys used by the widgets and the mean-field formulas. */
export type VectorModel = 'sphere' | 'gaussian';

export interface VectorModelOptions {
  /**
   * 'sphere': every vector is uniform on the sphere of radius σ√d (Su's model, |q| = |k| = √d at
   * σ = 1); 'gaussian': every component is an independent N(0, σ²). Default 'sphere'.
   */
  model?: VectorModel;
  /** σ, the root-mean-square size of one component (default 1). */
  spread?: number;
}

function fail(fn: string, message: string): never {
  throw new RangeError(`${fn}: ${message}`);
}

function checkRows(rows: Rows, name: string, fn: string, width?: number): number {
  if (!Array.isArray(rows) || rows.length === 0)
    fail(fn, `${name} must be a non-empty array of rows`);
  const cols = width ?? rows[0]?.length;
  if (!Number.isInteger(cols) || (cols as number) < 1)
    fail(fn, `${name} rows must have at least one entry`);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== 'object' || row.length !== cols) {
      fail(fn, `${name}[${i}] has length ${row?.length ?? 'undefined'}, expected ${cols}`);
    }
    for (let j = 0; j < (cols as number); j++) {
      if (!Number.isFinite(row[j])) {
        fail(fn, `${name}[${i}][${j}] is ${String(row[j])}; entries must be finite numbers`);
      }
    }
  }
  return cols as number;
}

function checkScale(scale: number, fn: string, name = 'scale'): void {
  if (typeof scale !== 'number' || !Number.isFinite(scale))
    fail(fn, `${name} must be a finite number, got ${String(scale)}`);
}

function dotRows(a: ArrayLike<number>, b: ArrayLike<number>, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += a[j] * b[j];
  return s;
}

/**
 * The standard scale of Vaswani et al., $\lambda_{\mathrm O} = 1/\sqrt d$.
 */
export function standardScale(d: number): number {
  if (!Number.isFinite(d) || d <= 0) fail('standardScale', `d must be positive, got ${d}`);
  return 1 / Math.sqrt(d);
}

/**
 * The entropy-invariant scale ("Attention-E"),
 * $\lambda_{\mathrm E}(n) = \dfrac{\ln n}{\ln m\,\sqrt d} = \dfrac{\log_m n}{\sqrt d}$, with $m$ the
 * training length (default 512): equal to $1/\sqrt d$ at $n = m$, larger for longer sequences.
 */
export function entropyInvariantScale(n: number, d: number, trainLength = 512): number {
  const fn = 'entropyInvariantScale';
  if (!Number.isFinite(n) || n < 1) fail(fn, `n must be a number ≥ 1, got ${formatNumber(n)}`);
  if (!Number.isFinite(d) || d <= 0) fail(fn, `d must be positive, got ${formatNumber(d)}`);
  if (!Number.isFinite(trainLength) || trainLength <= 1)
    fail(fn, `trainLength must be a number > 1, got ${formatNumber(trainLength)}`);
  return Math.log(n) / (Math.log(trainLength) * Math.sqrt(d));
}

/**
 * Entropy in nats of $\operatorname{softmax}(s)$, computed from the logits without forming tiny
 * probabilities: $H = \sum_j p_j(\operatorname{lse}(s) - s_j)$, every term $\ge 0$.
 */
export function softmaxEntropy(logits: ArrayLike<number>): number {
  const s = Array.from(logits);
  if (s.length === 0) fail('softmaxEntropy', 'logits must not be empty');
  if (!s.every(Number.isFinite)) fail('softmaxEntropy', 'logits must be finite numbers');
  const lse = logSumExp(s);
  let h = 0;
  for (const v of s) {
    const gap = lse - v;
    h += Math.exp(-gap) * gap;
  }
  return h;
}

/** The logits $s_{ij} = \lambda\,\boldsymbol q_i\cdot\boldsymbol k_j$ (n_q × n). */
export function attentionLogits(q: Rows, k: Rows, scale: number): number[][] {
  return attentionLogitsChecked(q, k, scale, 'attentionLogits');
}

/** The attention weights $a_{ij} = \operatorname{softmax}_j(\lambda\,\boldsymbol q_i\cdot\boldsymbol k_j)$ (n_q × n). */
export function attentionWeights(q: Rows, k: Rows, scale: number): number[][] {
  return attentionLogitsChecked(q, k, scale, 'attentionWeights').map((row) => {
    const lse = logSumExp(row);
    return row.map((s) => Math.exp(s - lse));
  });
}

function attentionLogitsChecked(q: Rows, k: Rows, scale: number, fn: string): number[][] {
  const d = checkRows(q, 'q', fn);
  checkRows(k, 'k', fn, d);
  checkScale(scale, fn);
  return q.map((qi) => k.map((kj) => scale * dotRows(qi, kj, d)));
}

/**
 * The entropy of each query's attention weights,
 * $\mathcal H_i = -\sum_j a_{ij}\ln a_{ij} = \operatorname{lse}_j(s_{ij}) - \sum_j a_{ij}s_{ij}$ (length n_q).
 */
export function attentionEntropies(q: Rows, k: Rows, scale: number): number[] {
  return attentionLogitsChecked(q, k, scale, 'attentionEntropies').map(softmaxEntropy);
}

/**
 * The mean over queries of the entropy (nats) of the rows of
 * $\operatorname{softmax}(\lambda\,QK^\top)$: $\frac1{n_q}\sum_i\mathcal H_i$.
 */
export function attentionEntropy(q: Rows, k: Rows, scale: number): number {
  const rows = attentionLogitsChecked(q, k, scale, 'attentionEntropy');
  let sum = 0;
  for (const row of rows) sum += softmaxEntropy(row);
  return sum / rows.length;
}

/**
 * Scaled dot-product attention,
 * $\boldsymbol o_i = \sum_j a_{ij}\boldsymbol v_j$ with
 * $a_{ij} = \operatorname{softmax}_j(\lambda\,\boldsymbol q_i\cdot\boldsymbol k_j)$ (n_q × d_v).
 */
export function scaledDotProductAttention(q: Rows, k: Rows, v: Rows, scale: number): number[][] {
  const fn = 'scaledDotProductAttention';
  const weights = attentionLogitsChecked(q, k, scale, fn);
  const dv = checkRows(v, 'v', fn);
  if (v.length !== k.length) fail(fn, `v has ${v.length} rows but k has ${k.length}`);
  return weights.map((row) => {
    const lse = logSumExp(row);
    const out = new Array<number>(dv).fill(0);
    for (let j = 0; j < row.length; j++) {
      const a = Math.exp(row[j] - lse);
      if (a === 0) continue;
      const vj = v[j];
      for (let c = 0; c < dv; c++) out[c] += a * vj[c];
    }
    return out;
  });
}

function checkModel(d: number, options: VectorModelOptions, fn: string) {
  const model = options.model ?? 'sphere';
  const spread = options.spread ?? 1;
  if (model !== 'sphere' && model !== 'gaussian')
    fail(fn, `model must be 'sphere' or 'gaussian', got ${String(model)}`);
  if (!Number.isInteger(d) || d < (model === 'sphere' ? 2 : 1))
    fail(fn, `d must be an integer ≥ ${model === 'sphere' ? 2 : 1}, got ${formatNumber(d)}`);
  if (!Number.isFinite(spread) || spread <= 0)
    fail(fn, `spread must be a positive number, got ${formatNumber(spread)}`);
  return { model, spread };
}

/**
 * `count` random vectors of length d (rows), drawn from the model: 'sphere' normalises a
 * standard normal vector $\boldsymbol z$ to $\sigma\sqrt d\,\boldsymbol z/\lVert\boldsymbol z\rVert$,
 * 'gaussian' returns $\sigma\boldsymbol z$. Rows are drawn one after another from `rng`, so the
 * first m rows of a longer draw equal a draw of m rows.
 */
export function sampleAttentionVectors(
  rng: Rng,
  count: number,
  d: number,
  options: VectorModelOptions = {},
): Float64Array[] {
  const fn = 'sampleAttentionVectors';
  if (!Number.isInteger(count) || count < 0)
    fail(fn, `count must be a non-negative integer, got ${formatNumber(count)}`);
  const { model, spread } = checkModel(d, options, fn);
  const out: Float64Array[] = [];
  const radius = spread * Math.sqrt(d);
  for (let i = 0; i < count; i++) {
    const z = new Float64Array(d);
    let norm2 = 0;
    for (let j = 0; j < d; j++) {
      z[j] = rng.normal();
      norm2 += z[j] * z[j];
    }
    const factor = model === 'sphere' ? radius / Math.sqrt(norm2) : spread;
    for (let j = 0; j < d; j++) z[j] *= factor;
    out.push(z);
  }
  return out;
}

/** The mean-field entropy gap and its derivative, from {@link meanFieldEntropyGap}. */
export interface MeanFieldGap {
  /** $\Delta(\lambda) = K(\lambda) - \lambda K'(\lambda) \le 0$, in nats. */
  gap: number;
  /** $\mathrm d\Delta/\mathrm d\lambda = -\lambda K''(\lambda) = -\lambda\operatorname{Var}_\lambda(X)$. */
  slope: number;
}

// Composite Gauss–Legendre nodes for the angle φ ∈ [0, π], cached per resolution.
const PANELS = 160;
const ORDER = 10;
let angleNodes: {
  phi: Float64Array;
  w: Float64Array;
  cos: Float64Array;
  logSin: Float64Array;
} | null = null;

function sphereNodes() {
  if (angleNodes) return angleNodes;
  const rule = gaussLegendre(ORDER);
  const m = PANELS * ORDER;
  const phi = new Float64Array(m);
  const w = new Float64Array(m);
  const cos = new Float64Array(m);
  const logSin = new Float64Array(m);
  const h = Math.PI / PANELS;
  for (let p = 0; p < PANELS; p++) {
    for (let i = 0; i < ORDER; i++) {
      const k = p * ORDER + i;
      phi[k] = (p + 0.5) * h + 0.5 * h * rule.nodes[i];
      w[k] = 0.5 * h * rule.weights[i];
      cos[k] = Math.cos(phi[k]);
      logSin[k] = Math.log(Math.sin(phi[k]));
    }
  }
  angleNodes = { phi, w, cos, logSin };
  return angleNodes;
}

/**
 * The mean-field approximation of the attention entropy, without its $\ln n$:
 * replacing both sums over keys by n times an expectation gives
 * $\mathcal H \approx \ln n + K(\lambda) - \lambda K'(\lambda)$, where
 * $K(\lambda) = \ln\mathbb E[e^{\lambda X}]$ is the cumulant generating function of one raw logit
 * $X = \boldsymbol q\cdot\boldsymbol k$. This returns $\Delta = K - \lambda K'$ averaged over queries.
 *
 * 'sphere' ($\lvert\boldsymbol q\rvert = \lvert\boldsymbol k\rvert = \sigma\sqrt d$):
 * $X = \sigma^2 d\cos\varphi$ where the angle has density $\propto\sin^{d-2}\varphi$ on $[0,\pi]$
 * (equivalently $t = \cos\varphi$ has density $\propto(1-t^2)^{(d-3)/2}$); the expectations are
 * computed by Gauss–Legendre quadrature in $\varphi$.
 * 'gaussian': given $\boldsymbol q$, $X \sim \mathcal N(0, \sigma^2\lVert\boldsymbol q\rVert^2)$, so
 * $\Delta = -\lambda^2\sigma^2\lVert\boldsymbol q\rVert^2/2$, whose mean over queries is
 * $-\lambda^2\sigma^4 d/2$.
 */
export function meanFieldEntropyGap(
  scale: number,
  d: number,
  options: VectorModelOptions = {},
): MeanFieldGap {
  const fn = 'meanFieldEntropyGap';
  checkScale(scale, fn);
  const { model, spread } = checkModel(d, options, fn);
  const s2 = spread * spread;
  if (model === 'gaussian') {
    const variance = s2 * s2 * d; // mean over queries of σ²‖q‖²
    return { gap: -0.5 * scale * scale * variance, slope: -scale * variance };
  }
  // Sphere: X = a0 · cos φ with a0 = σ² d; the tilt is e^{λ a0 cos φ}.
  const a0 = s2 * d;
  const a = scale * a0;
  const { w, cos, logSin } = sphereNodes();
  const m = w.length;
  const logBase = new Float64Array(m);
  for (let i = 0; i < m; i++) logBase[i] = Math.log(w[i]) + (d - 2) * logSin[i];
  const moments = (tilt: number) => {
    let top = -Infinity;
    for (let i = 0; i < m; i++) top = Math.max(top, logBase[i] + tilt * cos[i]);
    let z = 0;
    let t1 = 0;
    let t2 = 0;
    for (let i = 0; i < m; i++) {
      const e = Math.exp(logBase[i] + tilt * cos[i] - top);
      z += e;
      t1 += e * cos[i];
      t2 += e * cos[i] * cos[i];
    }
    const mean = t1 / z;
    return { logZ: top + Math.log(z), mean, variance: Math.max(0, t2 / z - mean * mean) };
  };
  const tilted = moments(a);
  const base = moments(0);
  // K(λ) = ln Z(a) − ln Z(0); λK'(λ) = a · E_a[cos φ]; K''(λ) = a0² Var_a(cos φ).
  return {
    gap: tilted.logZ - base.logZ - a * tilted.mean,
    slope: -scale * a0 * a0 * tilted.variance,
  };
}

/** $\ln n + \Delta(\lambda)$: the mean-field approximation of the mean attention entropy. */
export function meanFieldEntropy(
  n: number,
  scale: number,
  d: number,
  options: VectorModelOptions = {},
): number {
  if (!Number.isFinite(n) || n < 1)
    fail('meanFieldEntropy', `n must be ≥ 1, got ${formatNumber(n)}`);
  return Math.log(n) + meanFieldEntropyGap(scale, d, options).gap;
}

/** Options of the TensorFlow.js entropy computations. */
export interface AttentionEntropyTfOptions {
  /**
   * Query rows per chunk: each chunk forms a rowChunk × n block of logits. The default keeps a
   * block near 2¹⁸ logits and 2²³ multiply-adds, so n = 16384 with d = 128 fits in memory.
   */
  rowChunk?: number;
}

/** Where an {@link AttentionEntropyScan} stands. */
export interface AttentionEntropyProgress {
  /** Query rows processed so far. */
  rowsDone: number;
  /** Total query rows. */
  rows: number;
  /** True when every row has been processed. */
  done: boolean;
  /** Running mean entropy over the rows done, one per scale (NaN before the first chunk). */
  mean: number[];
  /** Standard error of each mean over the queries so far, s/√rows. */
  stdError: number[];
}

/** A chunk-by-chunk computation of mean attention entropies for several scales at once. */
export interface AttentionEntropyScan {
  /** The scales, in the order of the results. */
  readonly scales: readonly number[];
  /** Processes the next chunk of query rows on tfjs and returns the running means. */
  next(): Promise<AttentionEntropyProgress>;
  /** The state without computing anything. */
  progress(): AttentionEntropyProgress;
  /** Releases the key tensor (safe to call twice; next() then throws). */
  dispose(): void;
}

/** The default chunk: about 2¹⁸ logits and 2²³ multiply-adds (a few ms on WASM), at least one row. */
export function defaultRowChunk(n: number, d: number, scales = 1): number {
  const byLogits = Math.floor(2 ** 18 / (n * Math.max(1, scales)));
  const byWork = Math.floor(2 ** 23 / (n * d));
  return Math.max(1, Math.min(byLogits, byWork));
}

function pack(rows: Rows, d: number): Float32Array {
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    for (let j = 0; j < d; j++) out[i * d + j] = row[j];
  }
  return out;
}

/**
 * Starts a chunked tfjs computation of $\frac1{n_q}\sum_i\mathcal H_i(\lambda)$ for every λ in
 * `scales`, sharing one product $QK^\top$ per chunk. Per chunk of rows $C$ it forms
 * $S = Q_C K^\top$ once and, for each λ, $\mathcal H = \operatorname{lse}(\lambda S) - \sum_j
 * \operatorname{softmax}(\lambda S)_j\,\lambda S_j$ along the rows, reading back only the
 * entropies. The keys stay on the backend as one n×d tensor until dispose().
 */
export function createAttentionEntropyScan(
  q: Rows,
  k: Rows,
  scales: readonly number[],
  options: AttentionEntropyTfOptions = {},
): AttentionEntropyScan {
  const fn = 'createAttentionEntropyScan';
  const d = checkRows(q, 'q', fn);
  checkRows(k, 'k', fn, d);
  if (!Array.isArray(scales) || scales.length === 0) fail(fn, 'scales must be a non-empty array');
  scales.forEach((s, i) => checkScale(s, fn, `scales[${i}]`));
  const rowChunk = options.rowChunk ?? defaultRowChunk(k.length, d, scales.length);
  if (!Number.isInteger(rowChunk) || rowChunk < 1)
    fail(fn, `rowChunk must be a positive integer, got ${formatNumber(rowChunk)}`);
  const n = k.length;
  const rows = q.length;
  const kData = pack(k, d);
  const fixedScales = [...scales];
  const sums = new Float64Array(fixedScales.length);
  const sumSquares = new Float64Array(fixedScales.length);
  let rowsDone = 0;
  let disposed = false;
  let keys: { dispose(): void } | null = null;
  let busy = false;

  const progress = (): AttentionEntropyProgress => ({
    rowsDone,
    rows,
    done: rowsDone >= rows,
    mean: fixedScales.map((_, s) => (rowsDone > 0 ? sums[s] / rowsDone : NaN)),
    stdError: fixedScales.map((_, s) => {
      if (rowsDone < 2) return NaN;
      const mean = sums[s] / rowsDone;
      const variance = Math.max(0, (sumSquares[s] - rowsDone * mean * mean) / (rowsDone - 1));
      return Math.sqrt(variance / rowsDone);
    }),
  });

  return {
    scales: fixedScales,
    progress,
    dispose() {
      disposed = true;
      keys?.dispose();
      keys = null;
    },
    async next() {
      if (disposed) fail(fn, 'the scan was disposed');
      if (rowsDone >= rows) return progress();
      if (busy) fail(fn, 'next() was called before the previous chunk finished');
      busy = true;
      try {
        await initBackend();
        const tf = await loadTf();
        if (disposed) fail(fn, 'the scan was disposed');
        keys ??= tf.tensor2d(kData, [n, d]);
        const keyTensor = keys as ReturnType<typeof tf.tensor2d>;
        const start = rowsDone;
        const count = Math.min(rowChunk, rows - start);
        const entropies = tf.tidy(() => {
          // Query rows are packed a chunk at a time: only the keys are needed whole.
          const chunk = tf.tensor2d(pack(q.slice(start, start + count), d), [count, d]);
          const raw = tf.matMul(chunk, keyTensor, false, true);
          const perScale = fixedScales.map((scale) =>
            tf.tidy(() => {
              const logits = tf.mul(raw, scale);
              const lse = tf.logSumExp(logits, 1, true);
              const logP = tf.sub(logits, lse);
              return tf.neg(tf.sum(tf.mul(tf.exp(logP), logP), 1));
            }),
          );
          return tf.stack(perScale);
        });
        let values: Float32Array;
        try {
          values = (await entropies.data()) as Float32Array;
        } finally {
          entropies.dispose();
        }
        for (let s = 0; s < fixedScales.length; s++) {
          for (let r = 0; r < count; r++) {
            const h = values[s * count + r];
            sums[s] += h;
            sumSquares[s] += h * h;
          }
        }
        rowsDone = start + count;
        return progress();
      } finally {
        busy = false;
      }
    },
  };
}

/**
 * $\frac1{n_q}\sum_i\mathcal H_i$ for $\operatorname{softmax}(\lambda QK^\top)$ on TensorFlow.js
 * (float32), processing the n_q × n matrix `rowChunk` query rows at a time.
 */
export async function attentionEntropyTf(
  q: Rows,
  k: Rows,
  scale: number,
  options: AttentionEntropyTfOptions = {},
): Promise<number> {
  checkScale(scale, 'attentionEntropyTf');
  const scan = createAttentionEntropyScan(q, k, [scale], options);
  try {
    let state = scan.progress();
    while (!state.done) state = await scan.next();
    return state.mean[0];
  } finally {
    scan.dispose();
  }
}
