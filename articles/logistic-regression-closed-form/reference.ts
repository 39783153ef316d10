/**
 * Independent re-implementations, written from the formulas without the core, for the tests of
 * the core (src/core/logisticRegression.test.ts) and of the logistic-regression article: linear
 * discriminant analysis by Gaussian elimination, softmax regression by a float64 full-batch Adam
 * (as tf.train.adam updates), logistic regression by Newton's method, and whitening by a 2×2
 * eigen-decomposition.
 */

export type Mat = number[][];
export interface Linear {
  W: Mat;
  b: number[];
}

/** The article's seven-point example: class 0 is the unit square's corners, class 1 a small triangle. */
export const TOY_X: Mat = [
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
  [2, 2],
  [3, 2],
  [2, 3],
];
export const TOY_Y = [0, 0, 0, 0, 1, 1, 1];

export const dot = (x: readonly number[], y: readonly number[]) =>
  x.reduce((s, v, i) => s + v * y[i], 0);

/** Solves A x = b by Gaussian elimination with partial pivoting. */
export function gaussSolve(A: Mat, b: readonly number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

/** LDA: w_k = Σ⁻¹μ_k, b_k = ln π_k − ½ μ_kᵀΣ⁻¹μ_k, Σ pooled within-class with 1/N, optionally shrunk. */
export function ldaReference(X: Mat, y: readonly number[], K: number, shrinkage = 0): Linear {
  const n = X.length;
  const d = X[0].length;
  const counts = new Array<number>(K).fill(0);
  const means = Array.from({ length: K }, () => new Array<number>(d).fill(0));
  X.forEach((x, i) => {
    counts[y[i]]++;
    x.forEach((v, a) => (means[y[i]][a] += v));
  });
  means.forEach((m, k) => m.forEach((_, a) => (m[a] /= counts[k])));
  const S = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  X.forEach((x, i) => {
    const e = x.map((v, a) => v - means[y[i]][a]);
    for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) S[a][c] += (e[a] * e[c]) / n;
  });
  const tr = S.reduce((s, row, a) => s + row[a], 0) / d;
  const shrunk = S.map((row, a) =>
    row.map((v, c) => (1 - shrinkage) * v + (a === c ? shrinkage * tr : 0)),
  );
  const W = means.map((m) => gaussSolve(shrunk, m));
  const b = means.map((m, k) => Math.log(counts[k] / n) - 0.5 * dot(m, W[k]));
  return { W, b };
}

/** Full-batch Adam (β = 0.9, 0.999, ε = 1e-7) on the mean softmax cross-entropy from zero weights. */
export function adamReference(
  X: Mat,
  y: readonly number[],
  K: number,
  steps: number,
  lr: number,
): Linear {
  const n = X.length;
  const d = X[0].length;
  const P = K * (d + 1);
  const theta = new Float64Array(P);
  const m = new Float64Array(P);
  const v = new Float64Array(P);
  const g = new Float64Array(P);
  const logits = new Float64Array(K);
  for (let t = 1; t <= steps; t++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let k = 0; k < K; k++) {
        let s = theta[k * (d + 1) + d];
        for (let a = 0; a < d; a++) s += theta[k * (d + 1) + a] * X[i][a];
        logits[k] = s;
        if (s > mx) mx = s;
      }
      let z = 0;
      for (let k = 0; k < K; k++) {
        logits[k] = Math.exp(logits[k] - mx);
        z += logits[k];
      }
      for (let k = 0; k < K; k++) {
        const r = (logits[k] / z - (y[i] === k ? 1 : 0)) / n;
        for (let a = 0; a < d; a++) g[k * (d + 1) + a] += r * X[i][a];
        g[k * (d + 1) + d] += r;
      }
    }
    const c1 = 1 - 0.9 ** t;
    const c2 = 1 - 0.999 ** t;
    for (let p = 0; p < P; p++) {
      m[p] = 0.9 * m[p] + 0.1 * g[p];
      v[p] = 0.999 * v[p] + 0.001 * g[p] * g[p];
      theta[p] -= (lr * (m[p] / c1)) / (Math.sqrt(v[p] / c2) + 1e-7);
    }
  }
  return {
    W: Array.from({ length: K }, (_, k) =>
      Array.from({ length: d }, (_, a) => theta[k * (d + 1) + a]),
    ),
    b: Array.from({ length: K }, (_, k) => theta[k * (d + 1) + d]),
  };
}

/** Fraction of rows whose argmax logit is the label. */
export function accuracyReference(model: Linear, X: Mat, y: readonly number[]): number {
  let right = 0;
  X.forEach((x, i) => {
    let best = 0;
    let bestLogit = -Infinity;
    model.W.forEach((w, k) => {
      const l = dot(w, x) + model.b[k];
      if (l > bestLogit) {
        bestLogit = l;
        best = k;
      }
    });
    if (best === y[i]) right++;
  });
  return right / X.length;
}

/** Mean cross-entropy −(1/N) Σ ln softmax(logits)_y, stabilised by the largest logit. */
export function logLossReference(model: Linear, X: Mat, y: readonly number[]): number {
  let total = 0;
  X.forEach((x, i) => {
    const logits = model.W.map((w, k) => dot(w, x) + model.b[k]);
    const mx = Math.max(...logits);
    const lse = mx + Math.log(logits.reduce((s, l) => s + Math.exp(l - mx), 0));
    total += lse - logits[y[i]];
  });
  return total / X.length;
}

/** Binary maximum likelihood by Newton's method (needs non-separable data). */
export function newtonLogistic(X: Mat, y: readonly number[]): { w: number[]; b: number } {
  const d = X[0].length + 1;
  let theta = new Array<number>(d).fill(0);
  for (let iter = 0; iter < 80; iter++) {
    const g = new Array<number>(d).fill(0);
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    X.forEach((x, i) => {
      const xe = [...x, 1];
      const p = 1 / (1 + Math.exp(-dot(xe, theta)));
      for (let a = 0; a < d; a++) {
        g[a] += (p - y[i]) * xe[a];
        for (let c = 0; c < d; c++) H[a][c] += p * (1 - p) * xe[a] * xe[c];
      }
    });
    const step = gaussSolve(H, g);
    theta = theta.map((v, a) => v - step[a]);
    if (Math.hypot(...step) < 1e-13) break;
  }
  return { w: theta.slice(0, -1), b: theta[d - 1] };
}

/** Φ(z) by composite Simpson integration of the normal density from −12 (independent of erf). */
export function normalCdfByQuadrature(z: number): number {
  const a = -12;
  if (z <= a) return 0;
  const steps = 4000;
  const h = (z - a) / steps;
  const f = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  let s = f(a) + f(z);
  for (let i = 1; i < steps; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}
