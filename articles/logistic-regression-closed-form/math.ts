/**
 * Logistic and softmax regression in closed form, from class-conditional Gaussians with one
 * shared covariance (linear discriminant analysis), next to the tools to compare it with
 * gradient-descent maximum likelihood: log-losses, accuracies (on samples and, for Gaussian
 * classes, exactly), random classification tasks, and a batched softmax trainer on TensorFlow.js
 * that fits many small datasets at once.
 *
 * Conventions: inputs are rows, X is N×d (`X[i]` is the point $\boldsymbol x_i$), labels y are
 * class indices 0 … K−1, and a linear classifier is a weight matrix W (K×d, row k is
 * $\boldsymbol w_k$) with biases b (length K): the logit of class k is
 * $\boldsymbol w_k^\top\boldsymbol x + b_k$.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { initBackend, loadTf } from '../../src/core/backend';
import type { Tf } from '../../src/core/backend';
import type { LabelledData } from '../../src/core/datasets';
import { cholesky, choleskySolve, formatNumber, symmetricEigen } from '../../src/core/linalg';
import type { Matrix, Vector } from '../../src/core/linalg';
import { createOptimizer, type OptimizerName } from '../../src/core/mlp';
import { createRng, randomSPD, type Rng } from '../../src/core/random';
import { logSumExp } from '../../src/core/softmax';

/** A linear softmax classifier: logits $W\boldsymbol x + \boldsymbol b$ (W is K×d, b has length K). */
export interface SoftmaxClassifier {
  W: number[][];
  b: number[];
}

/** A linear binary classifier: logit $\boldsymbol w^\top\boldsymbol x + b$ for class 1. */
export interface BinaryClassifier {
  w: number[];
  b: number;
}

/** The sufficient statistics of labelled data for the shared-covariance Gaussian model. */
export interface ClassStatistics {
  /** $N_k$, points per class. */
  counts: number[];
  /** $\pi_k = N_k/N$. */
  priors: number[];
  /** $\boldsymbol\mu_k = \frac1{N_k}\sum_{y_i=k}\boldsymbol x_i$ (K×d). */
  means: number[][];
  /** $\Sigma = \frac1N\sum_i(\boldsymbol x_i-\boldsymbol\mu_{y_i})(\boldsymbol x_i-\boldsymbol\mu_{y_i})^\top$ (d×d). */
  pooledCovariance: number[][];
  /** $\tilde{\boldsymbol\mu} = \frac1N\sum_i\boldsymbol x_i$. */
  totalMean: number[];
  /** $\tilde\Sigma = \frac1N\sum_i(\boldsymbol x_i-\tilde{\boldsymbol\mu})(\boldsymbol x_i-\tilde{\boldsymbol\mu})^\top$. */
  totalCovariance: number[][];
  /** $B = \sum_k\pi_k(\boldsymbol\mu_k-\tilde{\boldsymbol\mu})(\boldsymbol\mu_k-\tilde{\boldsymbol\mu})^\top$. */
  betweenScatter: number[][];
}

/** Options of the closed forms. */
export interface ClosedFormOptions {
  /**
   * Shrinkage λ ∈ [0, 1] of the shared covariance towards a multiple of the identity,
   * $\Sigma_\lambda = (1-\lambda)\Sigma + \lambda\,\frac{\operatorname{tr}\Sigma}{d}\,I$ (a ridge that
   * keeps the trace). Default 0, the plain maximum-likelihood estimate.
   */
  shrinkage?: number;
}

// A covariance whose smallest eigenvalue is below this fraction of its largest is singular to
// working precision: its inverse would amplify rounding noise by more than 1e10.
const SINGULAR_RATIO = 1e-10;

function describeShape(X: unknown): string {
  if (!Array.isArray(X)) return 'not an array';
  const first: unknown = X[0];
  return `${X.length}×${Array.isArray(first) ? first.length : '?'}`;
}

/** Validates a labelled dataset and returns its size; every problem is a RangeError naming fn. */
function assertLabelledData(
  fn: string,
  X: unknown,
  y: unknown,
  numClasses: number,
): { n: number; d: number } {
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new RangeError(
      `${fn}: numClasses must be an integer ≥ 2, got ${formatNumber(numClasses)}`,
    );
  }
  if (!Array.isArray(X) || X.length === 0) {
    throw new RangeError(`${fn}: X must be a non-empty array of rows, got ${describeShape(X)}`);
  }
  const first: unknown = X[0];
  const d = Array.isArray(first) ? first.length : 0;
  if (d === 0) throw new RangeError(`${fn}: X[0] must be a non-empty row`);
  for (let i = 0; i < X.length; i++) {
    const row: unknown = X[i];
    if (!Array.isArray(row) || row.length !== d) {
      throw new RangeError(
        `${fn}: X is ragged (row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries, row 0 has ${d})`,
      );
    }
    for (let j = 0; j < d; j++) {
      const v: unknown = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`${fn}: X[${i}][${j}] is ${String(v)}, not a finite number`);
      }
    }
  }
  if (!Array.isArray(y) || y.length !== X.length) {
    throw new RangeError(
      `${fn}: y must have one label per row of X (${X.length}), got ${Array.isArray(y) ? y.length : 'not an array'}`,
    );
  }
  for (let i = 0; i < y.length; i++) {
    const label: unknown = y[i];
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new RangeError(
        `${fn}: y[${i}] = ${String(label)} is not a class index in 0…${numClasses - 1}`,
      );
    }
  }
  return { n: X.length, d };
}

function assertClassifier(fn: string, W: unknown, b: unknown, d?: number): number {
  if (!Array.isArray(W) || W.length === 0 || !Array.isArray(W[0])) {
    throw new RangeError(`${fn}: W must be a non-empty K×d array of rows`);
  }
  const width = (W[0] as unknown[]).length;
  if (d !== undefined && width !== d) {
    throw new RangeError(`${fn}: W has ${width} columns but the points have ${d} coordinates`);
  }
  for (const [k, row] of (W as unknown[]).entries()) {
    if (!Array.isArray(row) || row.length !== width) {
      throw new RangeError(`${fn}: W is ragged (row ${k})`);
    }
    if (!row.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new RangeError(`${fn}: W row ${k} has a non-finite entry`);
    }
  }
  if (!Array.isArray(b) || b.length !== W.length) {
    throw new RangeError(`${fn}: b must have one bias per row of W (${W.length})`);
  }
  if (!b.every((v) => typeof v === 'number' && !Number.isNaN(v))) {
    throw new RangeError(`${fn}: b has a NaN entry`);
  }
  return width;
}

/**
 * Class counts, priors and means, the pooled within-class covariance with 1/N, the total
 * covariance and the between-class scatter of labelled data (X is N×d, y has N labels in
 * 0 … K−1). They satisfy $\Sigma = \tilde\Sigma - B$. Throws a RangeError if a class is empty.
 */
export function classStatistics(
  X: readonly (readonly number[])[],
  y: readonly number[],
  numClasses: number,
): ClassStatistics {
  const fn = 'classStatistics';
  const { n, d } = assertLabelledData(fn, X, y, numClasses);
  const counts = new Array<number>(numClasses).fill(0);
  const sums = Array.from({ length: numClasses }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < n; i++) {
    counts[y[i]]++;
    for (let j = 0; j < d; j++) sums[y[i]][j] += X[i][j];
  }
  const empty = counts.findIndex((c) => c === 0);
  if (empty >= 0) {
    throw new RangeError(
      `${fn}: class ${empty} has no points in y, so its mean and prior are undefined`,
    );
  }
  const means = sums.map((s, k) => s.map((v) => v / counts[k]));
  const priors = counts.map((c) => c / n);
  const totalMean = new Array<number>(d).fill(0);
  for (let k = 0; k < numClasses; k++)
    for (let j = 0; j < d; j++) totalMean[j] += priors[k] * means[k][j];

  const pooled = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const total = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const e = new Array<number>(d);
  const t = new Array<number>(d);
  for (let i = 0; i < n; i++) {
    const mu = means[y[i]];
    for (let j = 0; j < d; j++) {
      e[j] = X[i][j] - mu[j];
      t[j] = X[i][j] - totalMean[j];
    }
    for (let a = 0; a < d; a++) {
      for (let c = a; c < d; c++) {
        pooled[a][c] += e[a] * e[c];
        total[a][c] += t[a] * t[c];
      }
    }
  }
  const between = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let k = 0; k < numClasses; k++) {
    for (let a = 0; a < d; a++) {
      for (let c = a; c < d; c++) {
        between[a][c] += priors[k] * (means[k][a] - totalMean[a]) * (means[k][c] - totalMean[c]);
      }
    }
  }
  for (let a = 0; a < d; a++) {
    for (let c = a; c < d; c++) {
      pooled[a][c] /= n;
      total[a][c] /= n;
      pooled[c][a] = pooled[a][c];
      total[c][a] = total[a][c];
      between[c][a] = between[a][c];
    }
  }
  return {
    counts,
    priors,
    means,
    pooledCovariance: pooled,
    totalMean,
    totalCovariance: total,
    betweenScatter: between,
  };
}

/**
 * The shared covariance used by the closed forms: the pooled within-class covariance, shrunk by
 * λ towards $\frac{\operatorname{tr}\Sigma}{d}I$. Throws a RangeError naming `fn` when it is
 * singular to working precision (for example with fewer than d + K points), with the remedy.
 */
function sharedCovariance(
  fn: string,
  stats: ClassStatistics,
  shrinkage: number,
): { sigma: Matrix; factor: Matrix } {
  if (!(shrinkage >= 0 && shrinkage <= 1)) {
    throw new RangeError(`${fn}: shrinkage must be in [0, 1], got ${formatNumber(shrinkage)}`);
  }
  const S = stats.pooledCovariance;
  const d = S.length;
  let trace = 0;
  for (let j = 0; j < d; j++) trace += S[j][j];
  const sigma = S.map((row, a) =>
    row.map((v, c) => (1 - shrinkage) * v + (a === c ? (shrinkage * trace) / d : 0)),
  );
  const n = stats.counts.reduce((s, c) => s + c, 0);
  const K = stats.counts.length;
  const { values } = symmetricEigen(sigma);
  const smallest = values[0];
  const largest = values[values.length - 1];
  if (!(largest > 0) || !(smallest > SINGULAR_RATIO * largest)) {
    const why =
      n < d + K
        ? `N = ${n} points in ${K} classes span at most ${Math.max(0, n - K)} of the ${d} dimensions within the classes`
        : largest > 0
          ? `its smallest eigenvalue ${formatNumber(smallest)} is negligible next to the largest ${formatNumber(largest)}`
          : 'every point equals its class mean';
    throw new RangeError(
      `${fn}: the pooled within-class covariance is singular (${why}); ` +
        'add points that vary within their class, or pass a shrinkage > 0',
    );
  }
  return { sigma, factor: cholesky(sigma) };
}

/**
 * The closed-form softmax classifier of class-conditional Gaussians with a shared covariance:
 * $$\boldsymbol w_k=\Sigma^{-1}\boldsymbol\mu_k,\qquad b_k=\ln\pi_k-\tfrac12\boldsymbol\mu_k^\top\Sigma^{-1}\boldsymbol\mu_k,$$
 * with class means $\boldsymbol\mu_k$, class frequencies $\pi_k$ and $\Sigma$ the pooled
 * within-class covariance estimated with 1/N (see {@link ClosedFormOptions} for shrinkage).
 * X is N×d, y has N labels in 0 … numClasses−1; W comes back K×d (row k is $\boldsymbol w_k$).
 * Throws a RangeError for bad shapes, an empty class or a singular Σ: never NaN.
 */
export function softmaxClosedForm(
  X: readonly (readonly number[])[],
  y: readonly number[],
  numClasses: number,
  options: ClosedFormOptions = {},
): SoftmaxClassifier {
  const fn = 'softmaxClosedForm';
  let stats: ClassStatistics;
  try {
    stats = classStatistics(X, y, numClasses);
  } catch (error) {
    if (error instanceof RangeError) throw new RangeError(error.message.replace(/^\w+:/, `${fn}:`));
    throw error;
  }
  const { factor } = sharedCovariance(fn, stats, options.shrinkage ?? 0);
  const W = stats.means.map((mu) => choleskySolve(factor, mu));
  const b = stats.means.map((mu, k) => {
    let quad = 0;
    for (let j = 0; j < mu.length; j++) quad += mu[j] * W[k][j];
    return Math.log(stats.priors[k]) - 0.5 * quad;
  });
  return { W, b };
}

/**
 * The closed-form logistic regression for labels y ∈ {0, 1}: the difference of the two class
 * rows of {@link softmaxClosedForm},
 * $$\boldsymbol w=\Sigma^{-1}(\boldsymbol\mu_1-\boldsymbol\mu_0),\qquad b=\tfrac12\left(\boldsymbol\mu_0^\top\Sigma^{-1}\boldsymbol\mu_0-\boldsymbol\mu_1^\top\Sigma^{-1}\boldsymbol\mu_1\right)+\ln\frac{\pi_1}{\pi_0},$$
 * so that $\ln\frac{p(1\mid\boldsymbol x)}{p(0\mid\boldsymbol x)} = \boldsymbol w^\top\boldsymbol x+b$.
 * X is N×d; y has N labels in {0, 1}. Errors as for softmaxClosedForm.
 */
export function logisticClosedForm(
  X: readonly (readonly number[])[],
  y: readonly number[],
  options: ClosedFormOptions = {},
): BinaryClassifier {
  let model: SoftmaxClassifier;
  try {
    model = softmaxClosedForm(X, y, 2, options);
  } catch (error) {
    if (error instanceof RangeError)
      throw new RangeError(error.message.replace(/^softmaxClosedForm:/, 'logisticClosedForm:'));
    throw error;
  }
  return { w: model.W[1].map((v, j) => v - model.W[0][j]), b: model.b[1] - model.b[0] };
}

/** The binary classifier of a two-class softmax classifier: row 1 minus row 0. */
export function binaryFromSoftmax(model: SoftmaxClassifier): BinaryClassifier {
  assertClassifier('binaryFromSoftmax', model.W, model.b);
  if (model.W.length !== 2) {
    throw new RangeError(`binaryFromSoftmax: W must have 2 rows, got ${model.W.length}`);
  }
  return { w: model.W[1].map((v, j) => v - model.W[0][j]), b: model.b[1] - model.b[0] };
}

/** Logits $W\boldsymbol x_i + \boldsymbol b$ of every row of X (N×d); result N×K. */
export function linearLogits(
  W: readonly (readonly number[])[],
  b: readonly number[],
  X: readonly (readonly number[])[],
): number[][] {
  const d = assertClassifier('linearLogits', W, b);
  return X.map((x, i) => {
    if (!Array.isArray(x) || x.length !== d) {
      throw new RangeError(`linearLogits: X[${i}] has ${x?.length} coordinates, W has ${d}`);
    }
    return W.map((w, k) => {
      let s = b[k];
      for (let j = 0; j < d; j++) s += w[j] * x[j];
      return s;
    });
  });
}

/** $\arg\max_k$ of the logits of each row of X (ties go to the lowest class index). */
export function predictClasses(
  W: readonly (readonly number[])[],
  b: readonly number[],
  X: readonly (readonly number[])[],
): number[] {
  return linearLogits(W, b, X).map((row) => {
    let best = 0;
    for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
    return best;
  });
}

/** Fraction of rows of X whose predicted class equals its label: $\frac1N\sum_i[\hat y_i = y_i]$. */
export function classifierAccuracy(
  model: SoftmaxClassifier,
  X: readonly (readonly number[])[],
  y: readonly number[],
): number {
  assertLabelledData('classifierAccuracy', X, y, Math.max(2, model.W.length));
  const predicted = predictClasses(model.W, model.b, X);
  let right = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) right++;
  return right / y.length;
}

/**
 * The mean cross-entropy (log-loss) in nats,
 * $-\frac1N\sum_i\ln\operatorname{softmax}(W\boldsymbol x_i+\boldsymbol b)_{y_i}$, computed with a
 * log-sum-exp so that logits of ±1000 stay finite.
 */
export function meanCrossEntropy(
  model: SoftmaxClassifier,
  X: readonly (readonly number[])[],
  y: readonly number[],
): number {
  assertLabelledData('meanCrossEntropy', X, y, Math.max(2, model.W.length));
  const logits = linearLogits(model.W, model.b, X);
  let total = 0;
  for (let i = 0; i < y.length; i++) total += logSumExp(logits[i]) - logits[i][y[i]];
  return total / y.length;
}

/**
 * $\Phi(z)=\frac12\operatorname{erfc}(-z/\sqrt2)$, the standard normal CDF, to about 1e-15
 * relative accuracy: a positive-term series of erf for |z| < 3 and a continued fraction of erfc
 * beyond, so that the lower tail keeps its relative accuracy down to the smallest doubles.
 */
export function standardNormalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  let erfcX: number;
  if (x < 2.2) {
    // erf x = (2/√π) e^{−x²} Σ_n 2ⁿ x^{2n+1} / (1·3·…·(2n+1)); every term is positive.
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    erfcX = 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  } else {
    // erfc x = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), by Lentz's method.
    const tiny = 1e-300;
    let f = x;
    let C = x;
    let D = 0;
    for (let k = 1; k < 500; k++) {
      const a = k / 2;
      D = x + a * D;
      D = Math.abs(D) < tiny ? tiny : D;
      C = x + a / C;
      C = Math.abs(C) < tiny ? tiny : C;
      D = 1 / D;
      const delta = C * D;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    erfcX = Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }
  return z < 0 ? erfcX / 2 : 1 - erfcX / 2;
}

/** A Gaussian class of a generative model: $\mathcal N(\boldsymbol\mu,\Sigma)$ with prior weight π. */
export interface GaussianClassModel {
  mean: number[];
  cov: number[][];
  /** Prior probability of the class (the weights are normalised over the classes). */
  weight: number;
}

function quadraticForm(A: Matrix, x: Vector): number {
  let s = 0;
  for (let a = 0; a < x.length; a++) for (let c = 0; c < x.length; c++) s += x[a] * A[a][c] * x[c];
  return s;
}

/**
 * The expected accuracy of the linear rule "class 1 when $\boldsymbol w^\top\boldsymbol x+b>0$"
 * on fresh data from two Gaussian classes: since $\boldsymbol w^\top\boldsymbol x+b$ is normal
 * within each class,
 * $$\mathrm{acc}=\pi_1\,\Phi\!\left(\frac{\boldsymbol w^\top\boldsymbol\mu_1+b}{\sqrt{\boldsymbol w^\top\Sigma_1\boldsymbol w}}\right)+\pi_0\,\Phi\!\left(-\frac{\boldsymbol w^\top\boldsymbol\mu_0+b}{\sqrt{\boldsymbol w^\top\Sigma_0\boldsymbol w}}\right).$$
 * `classes` is [class 0, class 1]. With w = 0 the rule is constant: accuracy π₁ if b > 0, else π₀.
 */
export function linearRuleAccuracy(
  rule: BinaryClassifier,
  classes: readonly [GaussianClassModel, GaussianClassModel],
): number {
  const fn = 'linearRuleAccuracy';
  const d = rule.w.length;
  if (!rule.w.every(Number.isFinite) || !Number.isFinite(rule.b)) {
    throw new RangeError(`${fn}: rule has a non-finite weight or bias`);
  }
  for (const [k, c] of classes.entries()) {
    if (c.mean.length !== d || c.cov.length !== d) {
      throw new RangeError(`${fn}: class ${k} has dimension ${c.mean.length}, the rule ${d}`);
    }
    if (!(c.weight >= 0)) throw new RangeError(`${fn}: class ${k} has a negative weight`);
  }
  const total = classes[0].weight + classes[1].weight;
  if (!(total > 0)) throw new RangeError(`${fn}: the class weights sum to zero`);
  const pi = classes.map((c) => c.weight / total);
  const side = (k: 0 | 1): number => {
    const c = classes[k];
    let m = rule.b;
    for (let j = 0; j < d; j++) m += rule.w[j] * c.mean[j];
    const s = Math.sqrt(Math.max(0, quadraticForm(c.cov, rule.w)));
    const sign = k === 1 ? 1 : -1;
    if (s === 0) return sign * m > 0 ? 1 : 0;
    return standardNormalCdf((sign * m) / s);
  };
  return pi[1] * side(1) + pi[0] * side(0);
}

/**
 * The exact log-odds of two Gaussian classes at x,
 * $\ln\frac{\pi_1\mathcal N(\boldsymbol x;\boldsymbol\mu_1,\Sigma_1)}{\pi_0\mathcal N(\boldsymbol x;\boldsymbol\mu_0,\Sigma_0)}$:
 * linear in x when $\Sigma_0=\Sigma_1$, quadratic otherwise. `classes` is [class 0, class 1].
 */
export function gaussianLogOdds(
  x: readonly number[],
  classes: readonly [GaussianClassModel, GaussianClassModel],
): number {
  return gaussianLogOddsFunction(classes)(x);
}

/**
 * {@link gaussianLogOdds} as a function of x, with both Cholesky factors computed once: for
 * evaluating the log-odds over a grid (a heatmap of 8,100 cells would otherwise factor each
 * covariance 8,100 times). Throws like `cholesky` when a covariance is not positive definite.
 */
export function gaussianLogOddsFunction(
  classes: readonly [GaussianClassModel, GaussianClassModel],
): (x: readonly number[]) => number {
  const prepared = classes.map((c) => {
    const L = cholesky(c.cov);
    let logDet = 0;
    for (let i = 0; i < L.length; i++) logDet += 2 * Math.log(L[i][i]);
    return { L, mean: c.mean, constant: Math.log(c.weight) - 0.5 * logDet };
  });
  const logDensity = (
    { L, mean, constant }: (typeof prepared)[number],
    x: readonly number[],
  ): number => {
    // ‖L⁻¹(x − μ)‖² by forward substitution.
    const z = new Array<number>(mean.length);
    let q = 0;
    for (let i = 0; i < mean.length; i++) {
      let s = x[i] - mean[i];
      for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
      z[i] = s / L[i][i];
      q += z[i] * z[i];
    }
    return constant - 0.5 * q;
  };
  return (x) => logDensity(prepared[1], x) - logDensity(prepared[0], x);
}

// ---------------------------------------------------------------------------------------------
// Random classification tasks for the repeated experiment
// ---------------------------------------------------------------------------------------------

/** How the classes of a random task are shaped. */
export type ExperimentScenario = 'shared' | 'unequal' | 'heavy';

export const EXPERIMENT_SCENARIOS: readonly ExperimentScenario[] = ['shared', 'unequal', 'heavy'];

/** The shape of the random tasks of the repeated experiment. */
export interface ExperimentSettings {
  /** Input dimension d. */
  dim: number;
  /** Number of classes K. */
  classes: number;
  /**
   * 'shared': Gaussian classes with one covariance (the closed form's assumption holds);
   * 'unequal': each class its own covariance; 'heavy': Student-t classes with ν = 3 degrees of
   * freedom sharing one scale matrix (heavy tails, occasional far outliers).
   */
  scenario: ExperimentScenario;
  /** Spread s of the class means, $\boldsymbol\mu_k\sim\mathcal N(0, s^2 I/d)$, so that $\mathbb E\lVert\boldsymbol\mu_k-\boldsymbol\mu_l\rVert^2=2s^2$ in any dimension. */
  separation: number;
}

/** One class of a random task: location, scale matrix and (for 'heavy') degrees of freedom. */
export interface ExperimentClass {
  mean: number[];
  /** Covariance of a Gaussian class; scale matrix of a Student-t class. */
  scale: number[][];
  /** Degrees of freedom of a Student-t class; absent for a Gaussian class. */
  dof?: number;
}

/** Degrees of freedom of the heavy-tailed classes. */
export const HEAVY_TAIL_DOF = 3;

function assertSettings(fn: string, s: ExperimentSettings): void {
  if (!Number.isInteger(s.dim) || s.dim < 1 || s.dim > 64) {
    throw new RangeError(`${fn}: dim must be an integer in 1…64, got ${formatNumber(s.dim)}`);
  }
  if (!Number.isInteger(s.classes) || s.classes < 2 || s.classes > 10) {
    throw new RangeError(
      `${fn}: classes must be an integer in 2…10, got ${formatNumber(s.classes)}`,
    );
  }
  if (!EXPERIMENT_SCENARIOS.includes(s.scenario)) {
    throw new RangeError(`${fn}: scenario must be one of ${EXPERIMENT_SCENARIOS.join(', ')}`);
  }
  if (!(s.separation > 0 && Number.isFinite(s.separation))) {
    throw new RangeError(`${fn}: separation must be a finite positive number`);
  }
}

/**
 * A random task: K class means $\boldsymbol\mu_k\sim\mathcal N(0, s^2 I/d)$ (s = separation) and
 * covariances from {@link randomSPD} with Haar-random axes. 'shared' and 'heavy' use one
 * covariance with eigenvalues log-spaced over a factor 10 and geometric mean 1; 'unequal' gives
 * each class its own, over a factor 30, scaled by $e^{z_k}$ with $z_k\sim\mathcal N(0,1)$.
 */
export function sampleExperimentTask(rng: Rng, settings: ExperimentSettings): ExperimentClass[] {
  assertSettings('sampleExperimentTask', settings);
  const { dim, classes, scenario, separation } = settings;
  const shared = randomSPD(rng, dim, { condition: 10, scale: 1 / Math.sqrt(10) });
  return Array.from({ length: classes }, () => {
    const mean = Array.from({ length: dim }, () => (separation / Math.sqrt(dim)) * rng.normal());
    if (scenario === 'unequal') {
      const scale = randomSPD(rng, dim, {
        condition: 30,
        scale: Math.exp(rng.normal()) / Math.sqrt(30),
      });
      return { mean, scale };
    }
    return scenario === 'heavy'
      ? { mean, scale: shared, dof: HEAVY_TAIL_DOF }
      : { mean, scale: shared };
  });
}

/**
 * n labelled points from a task, classes balanced and interleaved (point i has label i mod K):
 * $\boldsymbol x=\boldsymbol\mu_k+L\boldsymbol z$ with $\Sigma=LL^\top$, $\boldsymbol z\sim\mathcal N(0,I)$,
 * and for a Student-t class $\boldsymbol x=\boldsymbol\mu_k+L\boldsymbol z\sqrt{\nu/\chi^2_\nu}$.
 */
export function sampleFromTask(
  rng: Rng,
  task: readonly ExperimentClass[],
  n: number,
): LabelledData {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`sampleFromTask: n must be a non-negative integer, got ${n}`);
  }
  const factors = task.map((c) => cholesky(c.scale));
  const K = task.length;
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % K;
    const { mean, dof } = task[k];
    const L = factors[k];
    const d = mean.length;
    const z = Array.from({ length: d }, () => rng.normal());
    let radial = 1;
    if (dof !== undefined) {
      let chi2 = 0;
      for (let r = 0; r < dof; r++) chi2 += rng.normal() ** 2;
      radial = Math.sqrt(dof / chi2);
    }
    const x = new Array<number>(d);
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let c = 0; c <= a; c++) s += L[a][c] * z[c];
      x[a] = mean[a] + radial * s;
    }
    X.push(x);
    y.push(k);
  }
  return { X, y };
}

/** The seed of dataset `index` of an experiment with seed `seed` (distinct for index < 10⁶). */
export function experimentDatasetSeed(seed: number, index: number): number {
  return seed * 1_000_003 + index;
}

/**
 * Dataset `index` of the repeated experiment: a fresh task, nTrain training points and nTest
 * test points, all from the generator seeded with {@link experimentDatasetSeed}.
 */
export function experimentDataset(
  seed: number,
  index: number,
  settings: ExperimentSettings,
  nTrain: number,
  nTest: number,
): { task: ExperimentClass[]; train: LabelledData; test: LabelledData } {
  const rng = createRng(experimentDatasetSeed(seed, index));
  const task = sampleExperimentTask(rng, settings);
  const train = sampleFromTask(rng, task, nTrain);
  const test = sampleFromTask(rng, task, nTest);
  return { task, train, test };
}

// ---------------------------------------------------------------------------------------------
// Many softmax regressions at once, by gradient descent on TensorFlow.js
// ---------------------------------------------------------------------------------------------

export interface BatchedSoftmaxOptions {
  optimizer: OptimizerName;
  learningRate: number;
}

/**
 * D independent softmax regressions trained together by full-batch gradient descent on the mean
 * cross-entropy of each dataset. All datasets have the same N, d and K. The weights start at
 * zero (the loss is convex, so no seed is needed). Since each dataset's loss depends only on its
 * own parameters, minimising the sum of the D losses takes exactly the D separate steps, for SGD,
 * momentum and Adam alike (their updates act entry by entry).
 *
 * Tensors: X [D, N, d], one-hot Y [D, N, K], variables W [D, d, K] and b [D, 1, K]; call
 * dispose() to release them with the optimizer.
 */
export class BatchedSoftmaxRegression {
  private constructor(
    private readonly tf: Tf,
    private readonly X: TfCore.Tensor3D,
    private readonly Y: TfCore.Tensor3D,
    private readonly W: TfCore.Variable,
    private readonly bias: TfCore.Variable,
    private readonly optimizer: TfCore.Optimizer,
    readonly numDatasets: number,
    readonly numClasses: number,
  ) {}

  /** Uploads the datasets and sets up the variables and the optimizer on the active backend. */
  static async create(
    datasets: readonly LabelledData[],
    numClasses: number,
    options: BatchedSoftmaxOptions,
  ): Promise<BatchedSoftmaxRegression> {
    const fn = 'BatchedSoftmaxRegression.create';
    if (datasets.length === 0) throw new RangeError(`${fn}: datasets is empty`);
    const sizes = datasets.map((data, j) => {
      try {
        return assertLabelledData(fn, data.X, data.y, numClasses);
      } catch (error) {
        throw new RangeError((error as Error).message.replace(`${fn}:`, `${fn}: dataset ${j}:`));
      }
    });
    const { n, d } = sizes[0];
    const odd = sizes.findIndex((s) => s.n !== n || s.d !== d);
    if (odd >= 0) {
      throw new RangeError(
        `${fn}: dataset ${odd} is ${sizes[odd].n}×${sizes[odd].d}, dataset 0 is ${n}×${d}; all must match`,
      );
    }
    await initBackend();
    const tf = await loadTf();
    const D = datasets.length;
    const flatX = new Float32Array(D * n * d);
    const flatY = new Float32Array(D * n * numClasses);
    datasets.forEach((data, j) => {
      for (let i = 0; i < n; i++) {
        for (let a = 0; a < d; a++) flatX[(j * n + i) * d + a] = data.X[i][a];
        flatY[(j * n + i) * numClasses + data.y[i]] = 1;
      }
    });
    const X = tf.tensor3d(flatX, [D, n, d]);
    const Y = tf.tensor3d(flatY, [D, n, numClasses]);
    const w0 = tf.zeros([D, d, numClasses]);
    const b0 = tf.zeros([D, 1, numClasses]);
    const W = tf.variable(w0);
    const bias = tf.variable(b0);
    w0.dispose();
    b0.dispose();
    const optimizer = createOptimizer(tf, options.optimizer, options.learningRate);
    return new BatchedSoftmaxRegression(tf, X, Y, W, bias, optimizer, D, numClasses);
  }

  /** The D mean cross-entropies as a [D] tensor (inside a tidy). */
  private losses(): TfCore.Tensor1D {
    const { tf } = this;
    const logits = tf.add(tf.matMul(this.X, this.W), this.bias);
    const logProbs = tf.logSoftmax(logits);
    return tf.neg(tf.mean(tf.sum(tf.mul(this.Y, logProbs), 2), 1)) as TfCore.Tensor1D;
  }

  /**
   * Takes `iterations` full-batch steps and returns each dataset's mean cross-entropy before the
   * last step (one read-back per call).
   */
  async train(iterations: number): Promise<number[]> {
    if (!Number.isInteger(iterations) || iterations < 1) {
      throw new RangeError(`BatchedSoftmaxRegression.train: iterations must be a positive integer`);
    }
    const { tf } = this;
    const vars = [this.W, this.bias];
    for (let t = 0; t + 1 < iterations; t++) {
      this.optimizer.minimize(() => tf.sum(this.losses()), false, vars);
    }
    let perDataset: TfCore.Tensor1D | null = null;
    const total = this.optimizer.minimize(
      () => {
        const l = this.losses();
        perDataset = tf.keep(l);
        return tf.sum(l);
      },
      true,
      vars,
    );
    total?.dispose();
    const kept = perDataset as TfCore.Tensor1D | null;
    if (!kept) return [];
    try {
      return Array.from(await kept.data());
    } finally {
      kept.dispose();
    }
  }

  /** Each dataset's classifier as plain arrays: W K×d (row k is class k) and b. */
  async parameters(): Promise<SoftmaxClassifier[]> {
    const [w, b] = await Promise.all([this.W.array(), this.bias.array()]);
    const weights = w as number[][][];
    const biases = b as number[][][];
    return weights.map((Wj, j) => ({
      W: Array.from({ length: this.numClasses }, (_, k) => Wj.map((row) => row[k])),
      b: [...biases[j][0]],
    }));
  }

  dispose(): void {
    this.X.dispose();
    this.Y.dispose();
    this.W.dispose();
    this.bias.dispose();
    this.optimizer.dispose();
  }
}
