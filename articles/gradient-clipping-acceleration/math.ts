/**
 * Gradient clipping and (L_0, L_1)-smoothness (Zhang, He, Sra, Jadbabaie, arXiv:1905.11881).
 *
 * A function is (L_0, L_1)-smooth when $\lVert\nabla^2 f(\theta)\rVert \le L_0 + L_1\lVert\nabla f(\theta)\rVert$.
 * Plugging that curvature into the descent inequality gives the per-step rate
 * $\eta^*(\theta) = 1/(L_0 + L_1\lVert g\rVert) = \tfrac{1}{L_0}\cdot\gamma/(\lVert g\rVert + \gamma)$ with the
 * threshold $\gamma = L_0/L_1$: soft clipping. Hard clipping $\min(1, \gamma/\lVert g\rVert)$ is within a factor 2
 * of it. This module has the clipping rules on plain arrays, two one-dimensional test functions
 * with their constants, gradient descent on them until $|f'(x)| \le \varepsilon$, a least-squares
 * line, and a training step of the shared MLP that also measures the local smoothness.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { formatNumber, vecNorm } from '../../src/core/linalg';
import {
  trainStep,
  type Mlp,
  type TrainStepOptions,
  type TrainStepResult,
} from '../../src/core/mlp';

// ---------------------------------------------------------------- validation

function assertVector(v: readonly number[], name: string, fn: string): void {
  if (!Array.isArray(v) || v.length === 0) {
    throw new RangeError(`${fn}: ${name} must be a non-empty array of numbers`);
  }
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) {
      throw new RangeError(
        `${fn}: ${name}[${i}] must be a finite number, got ${formatNumber(v[i])}`,
      );
    }
  }
}

function assertPositive(x: number, name: string, fn: string, allowInfinity = false): void {
  if (!(typeof x === 'number' && x > 0 && (allowInfinity || Number.isFinite(x)))) {
    throw new RangeError(
      `${fn}: ${name} must be a positive ${allowInfinity ? 'number or Infinity' : 'finite number'}, got ${formatNumber(x)}`,
    );
  }
}

function assertGradNorm(x: number, fn: string): void {
  if (!(typeof x === 'number' && x >= 0 && Number.isFinite(x))) {
    throw new RangeError(`${fn}: gradNorm must be a finite number ≥ 0, got ${formatNumber(x)}`);
  }
}

// ---------------------------------------------------------------- clipping on plain arrays

/**
 * Clip a gradient to a maximum norm: $g\cdot\min\big(1, c/\lVert g\rVert\big)$.
 * `g` is a non-empty vector of finite numbers, `maxNorm` is $c > 0$ (Infinity: no clipping).
 * The norm is computed with scaling, so entries like $10^{300}$ do not overflow.
 */
export function clipByNorm(g: readonly number[], maxNorm: number): number[] {
  assertVector(g, 'g', 'clipByNorm');
  assertPositive(maxNorm, 'maxNorm', 'clipByNorm', true);
  const norm = vecNorm(g as number[]);
  if (norm <= maxNorm) return g.slice();
  const factor = maxNorm / norm;
  return g.map((v) => v * factor);
}

/** The hard clipping factor $\min(1, \gamma/\lVert g\rVert)$ (1 at $g = 0$); $\gamma \in (0, \infty]$. */
export function hardClipFactor(gradNorm: number, gamma: number): number {
  assertGradNorm(gradNorm, 'hardClipFactor');
  assertPositive(gamma, 'gamma', 'hardClipFactor', true);
  return gradNorm <= gamma ? 1 : gamma / gradNorm;
}

/** The soft clipping factor $\gamma/(\lVert g\rVert + \gamma) = 1/(1 + \lVert g\rVert/\gamma)$; $\gamma \in (0, \infty]$. */
export function softClipFactor(gradNorm: number, gamma: number): number {
  assertGradNorm(gradNorm, 'softClipFactor');
  assertPositive(gamma, 'gamma', 'softClipFactor', true);
  return 1 / (1 + gradNorm / gamma);
}

/** Which multiplier scales the gradient: none (plain gradient descent), hard or soft clipping. */
export type ClipRule = 'none' | 'hard' | 'soft';

export interface UpdateRule {
  /** How the step adapts to the gradient norm. */
  clip: ClipRule;
  /** Learning rate $\eta > 0$. */
  eta: number;
  /** Clipping threshold $\gamma > 0$ (ignored for 'none'; Infinity switches clipping off). */
  gamma?: number;
}

/**
 * The effective learning rate of one step, the number that multiplies $g$:
 * $\eta$ (none), $\eta\min(1, \gamma/\lVert g\rVert)$ (hard) or $\eta\gamma/(\lVert g\rVert + \gamma)$ (soft).
 */
export function effectiveLearningRate(rule: UpdateRule, gradNorm: number): number {
  assertPositive(rule.eta, 'rule.eta', 'effectiveLearningRate');
  assertGradNorm(gradNorm, 'effectiveLearningRate');
  if (rule.clip === 'none') return rule.eta;
  const gamma = rule.gamma ?? Infinity;
  assertPositive(gamma, 'rule.gamma', 'effectiveLearningRate', true);
  return rule.eta * (rule.clip === 'hard' ? hardClipFactor : softClipFactor)(gradNorm, gamma);
}

function step(theta: readonly number[], g: readonly number[], rate: number): number[] {
  return theta.map((t, i) => t - rate * g[i]);
}

function assertStepInputs(theta: readonly number[], g: readonly number[], fn: string): void {
  assertVector(theta, 'theta', fn);
  assertVector(g, 'g', fn);
  if (theta.length !== g.length) {
    throw new RangeError(`${fn}: theta has ${theta.length} entries but g has ${g.length}`);
  }
}

/** One step of plain gradient descent, $\theta - \eta g$. Vectors of equal length. */
export function gradientStep(
  theta: readonly number[],
  g: readonly number[],
  eta: number,
): number[] {
  assertStepInputs(theta, g, 'gradientStep');
  assertPositive(eta, 'eta', 'gradientStep');
  return step(theta, g, eta);
}

/**
 * One step with hard (norm) clipping, $\theta - \eta\min\big(1, \gamma/\lVert g\rVert\big)\,g$:
 * the step length is $\eta\min(\lVert g\rVert, \gamma)$. Vectors of equal length.
 */
export function hardClippedStep(
  theta: readonly number[],
  g: readonly number[],
  eta: number,
  gamma: number,
): number[] {
  assertStepInputs(theta, g, 'hardClippedStep');
  return step(
    theta,
    g,
    effectiveLearningRate({ clip: 'hard', eta, gamma }, vecNorm(g as number[])),
  );
}

/**
 * One step with soft clipping, $\theta - \eta\,\gamma/(\lVert g\rVert + \gamma)\,g$; with $\eta = 1/L_0$ and
 * $\gamma = L_0/L_1$ this is the step $g/(L_0 + L_1\lVert g\rVert)$. Vectors of equal length.
 */
export function softClippedStep(
  theta: readonly number[],
  g: readonly number[],
  eta: number,
  gamma: number,
): number[] {
  assertStepInputs(theta, g, 'softClippedStep');
  return step(
    theta,
    g,
    effectiveLearningRate({ clip: 'soft', eta, gamma }, vecNorm(g as number[])),
  );
}

/** The clipping threshold $\gamma = L_0/L_1$ of an (L_0, L_1)-smooth function (Infinity when $L_1 = 0$). */
export function clippingThreshold(L0: number, L1: number): number {
  assertPositive(L0, 'L0', 'clippingThreshold');
  if (!(L1 >= 0 && Number.isFinite(L1))) {
    throw new RangeError(
      `clippingThreshold: L1 must be a finite number ≥ 0, got ${formatNumber(L1)}`,
    );
  }
  return L1 === 0 ? Infinity : L0 / L1;
}

/**
 * The step size that minimises the local descent bound, $\eta^*(\theta) = 1/(L_0 + L_1\lVert g\rVert)$.
 */
export function adaptiveStepSize(gradNorm: number, L0: number, L1: number): number {
  assertGradNorm(gradNorm, 'adaptiveStepSize');
  assertPositive(L0, 'L0', 'adaptiveStepSize');
  if (!(L1 >= 0 && Number.isFinite(L1))) {
    throw new RangeError(
      `adaptiveStepSize: L1 must be a finite number ≥ 0, got ${formatNumber(L1)}`,
    );
  }
  return 1 / (L0 + L1 * gradNorm);
}

// ---------------------------------------------------------------- one-dimensional test functions

/** A smooth function of one variable with its derivatives and (L_0, L_1) constants. */
export interface ScalarObjective {
  id: 'cosh' | 'quartic';
  /** How the formula reads, e.g. "2 cosh x". */
  label: string;
  f: (x: number) => number;
  df: (x: number) => number;
  d2f: (x: number) => number;
  /** Constants with $|f''(x)| \le L_0 + L_1|f'(x)|$ for every x. */
  L0: number;
  L1: number;
  /** The minimiser (0 for both). */
  minimizer: number;
}

/**
 * $f(x) = 2\cosh x$: $f'' = 2\cosh x \le 2 + 2|\sinh x| = 2 + |f'|$, so $(L_0, L_1) = (2, 1)$, since
 * $\cosh x - |\sinh x| = e^{-|x|} \le 1$. Not L-smooth: $f''$ is unbounded.
 */
export const COSH_OBJECTIVE: ScalarObjective = {
  id: 'cosh',
  label: '2 cosh x',
  f: (x) => 2 * Math.cosh(x),
  df: (x) => 2 * Math.sinh(x),
  d2f: (x) => 2 * Math.cosh(x),
  L0: 2,
  L1: 1,
  minimizer: 0,
};

/**
 * $f(x) = x^4$: $f'' = 12x^2 \le 4 + 2\cdot 4|x|^3 = 4 + 2|f'|$ (equality at $|x| = 1$), so
 * $(L_0, L_1) = (4, 2)$. Not L-smooth: $f''$ is unbounded.
 */
export const QUARTIC_OBJECTIVE: ScalarObjective = {
  id: 'quartic',
  label: 'x⁴',
  f: (x) => x ** 4,
  df: (x) => 4 * x ** 3,
  d2f: (x) => 12 * x * x,
  L0: 4,
  L1: 2,
  minimizer: 0,
};

export const SCALAR_OBJECTIVES = { cosh: COSH_OBJECTIVE, quartic: QUARTIC_OBJECTIVE } as const;

export interface DescentPoint {
  /** Iteration number k (x_0 is the start). */
  k: number;
  x: number;
  /** $f'(x_k)$. */
  grad: number;
}

export interface DescentResult {
  /**
   * 'converged': $|f'(x_k)| \le \varepsilon$ at k = iterations; 'diverged': $x_k$ or $f'(x_k)$
   * overflowed at k = iterations; 'max-iterations': neither within the budget.
   */
  status: 'converged' | 'diverged' | 'max-iterations';
  iterations: number;
  /** The last iterate. */
  x: number;
  /** Every iterate for k < 64, then about 1 in 40 on a logarithmic grid of k, and the last one. */
  path: DescentPoint[];
}

export interface DescentOptions {
  /** Stop at the first k with $|f'(x_k)| \le \varepsilon$. */
  tolerance: number;
  /** Give up after this many steps. */
  maxIterations: number;
}

/**
 * Gradient descent on a one-dimensional objective with an update rule,
 * $x_{k+1} = x_k - \eta_k f'(x_k)$ with $\eta_k$ from {@link effectiveLearningRate}, until
 * $|f'(x_k)| \le \varepsilon$, an overflow, or the iteration budget.
 */
export function runScalarDescent(
  objective: ScalarObjective,
  x0: number,
  rule: UpdateRule,
  options: DescentOptions,
): DescentResult {
  const fn = 'runScalarDescent';
  if (!Number.isFinite(x0))
    throw new RangeError(`${fn}: x0 must be finite, got ${formatNumber(x0)}`);
  assertPositive(options.tolerance, 'options.tolerance', fn);
  if (!(Number.isInteger(options.maxIterations) && options.maxIterations >= 0)) {
    throw new RangeError(`${fn}: options.maxIterations must be an integer ≥ 0`);
  }
  // Validates the rule once, so the loop below can use the plain formulas.
  effectiveLearningRate(rule, 0);
  const { eta, clip } = rule;
  const gamma = rule.gamma ?? Infinity;
  const path: DescentPoint[] = [];
  let nextLogged = 64;
  let x = x0;
  for (let k = 0; ; k++) {
    const grad = objective.df(x);
    const record = () => {
      if (path.length === 0 || path[path.length - 1].k !== k) path.push({ k, x, grad });
    };
    if (k < 64 || k >= nextLogged) {
      record();
      if (k >= 64) nextLogged = Math.ceil(k * 1.06);
    }
    if (!Number.isFinite(x) || !Number.isFinite(grad)) {
      record();
      return { status: 'diverged', iterations: k, x, path };
    }
    const size = Math.abs(grad);
    if (size <= options.tolerance) {
      record();
      return { status: 'converged', iterations: k, x, path };
    }
    if (k >= options.maxIterations) {
      record();
      return { status: 'max-iterations', iterations: k, x, path };
    }
    const factor =
      clip === 'none' ? 1 : clip === 'hard' ? Math.min(1, gamma / size) : 1 / (1 + size / gamma);
    x -= eta * factor * grad;
  }
}

// ---------------------------------------------------------------- a least-squares line

export interface LineFit {
  /** a in y ≈ a + b x. */
  intercept: number;
  /** b in y ≈ a + b x. */
  slope: number;
  /** Pearson correlation of x and y. */
  r: number;
  /** Number of points. */
  n: number;
}

/**
 * Ordinary least squares $y \approx a + bx$ over points $(x_i, y_i)$:
 * $b = \sum(x_i-\bar x)(y_i-\bar y)/\sum(x_i-\bar x)^2$, $a = \bar y - b\bar x$, and the correlation
 * $r = \sum(x_i-\bar x)(y_i-\bar y)/\sqrt{\sum(x_i-\bar x)^2\sum(y_i-\bar y)^2}$.
 * Needs at least two finite points with different x.
 */
export function fitLine(points: readonly (readonly [number, number])[]): LineFit {
  const fn = 'fitLine';
  if (!Array.isArray(points) || points.length < 2) {
    throw new RangeError(`${fn}: points must hold at least two [x, y] pairs`);
  }
  points.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new RangeError(`${fn}: points[${i}] must be a pair of finite numbers`);
    }
  });
  const n = points.length;
  let mx = 0;
  let my = 0;
  for (const [x, y] of points) {
    mx += x / n;
    my += y / n;
  }
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
    syy += (y - my) ** 2;
  }
  if (!(sxx > 0)) throw new RangeError(`${fn}: points must not all have the same x`);
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope, r: syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0, n };
}

// ---------------------------------------------------------------- local smoothness of a network

/** Options of {@link trainStepWithSmoothness}: those of {@link trainStep} and the probe length. */
export interface SmoothnessOptions extends TrainStepOptions {
  /** Length $h > 0$ of the probe step along the update direction (default 0.01). */
  probe?: number;
}

export interface SmoothnessStepResult extends TrainStepResult {
  /** $\lVert\nabla f(\theta + \delta) - \nabla f(\theta)\rVert$ for the probe $\delta = -h\,g/\lVert g\rVert$ (NaN when $g$ is 0 or not finite). */
  gradChange: number;
  /**
   * Local smoothness along the update direction,
   * $\hat L = \lVert\nabla f(\theta + \delta) - \nabla f(\theta)\rVert/\lVert\delta\rVert$ with $\delta = -h\,g/\lVert g\rVert$.
   */
  smoothness: number;
}

/**
 * One step of the shared {@link trainStep}, preceded by a finite-difference measurement of the
 * local smoothness at the current weights $\theta$: with $g = \nabla f(\theta)$ and the probe
 * $\delta = -h\,g/\lVert g\rVert$ (a step of length h in the direction the update will take, clipped or
 * not), it evaluates $\nabla f(\theta + \delta)$ with `tf.variableGrads`, restores $\theta$, and reports
 * $\hat L = \lVert\nabla f(\theta + \delta) - \nabla f(\theta)\rVert/h \approx \lVert\nabla^2 f(\theta)\,\delta/h\rVert$
 * with the loss and gradient norm at $\theta$. `loss` builds the scalar loss from the model's
 * variables (use the full batch, so that the gradient is deterministic). Every tensor it creates
 * is released.
 */
export async function trainStepWithSmoothness(
  model: Mlp,
  optimizer: TfCore.Optimizer,
  loss: () => TfCore.Scalar,
  options: SmoothnessOptions = {},
): Promise<SmoothnessStepResult> {
  const h = options.probe ?? 0.01;
  assertPositive(h, 'options.probe', 'trainStepWithSmoothness');
  const { tf } = model;
  const variables = model.variables;
  const gradients = (): TfCore.Tensor[] => {
    const { value, grads } = tf.variableGrads(loss, variables);
    value.dispose();
    return variables.map((v) => grads[v.name]);
  };
  const owned: TfCore.Tensor[] = [];
  let gradChange = NaN;
  try {
    const theta = variables.map((v) => tf.clone(v));
    owned.push(...theta);
    const g = gradients();
    owned.push(...g);
    const gNorm = tf.tidy(() => tf.sqrt(tf.addN(g.map((t) => tf.sum(tf.square(t))))));
    owned.push(gNorm);
    const norm = (await gNorm.data())[0];
    if (norm > 0 && Number.isFinite(norm)) {
      variables.forEach((v, i) => {
        const probed = tf.tidy(() => tf.sub(theta[i], tf.mul(g[i], h / norm)));
        v.assign(probed);
        probed.dispose();
      });
      const gProbe = gradients();
      owned.push(...gProbe);
      variables.forEach((v, i) => v.assign(theta[i]));
      const change = tf.tidy(() =>
        tf.sqrt(tf.addN(gProbe.map((t, i) => tf.sum(tf.square(tf.sub(t, g[i])))))),
      );
      owned.push(change);
      gradChange = (await change.data())[0];
    }
  } finally {
    tf.dispose(owned);
  }
  const result = await trainStep(model, optimizer, loss, options);
  return { ...result, gradChange, smoothness: gradChange / h };
}

/**
 * Half the mean squared error of outputs against targets, $\tfrac{1}{2n}\sum_i\lVert z_i - y_i\rVert^2$, as a
 * tfjs scalar; `outputs` and `targets` are [n, K] (for classification, one-hot targets).
 */
export function halfMeanSquaredError(
  tf: typeof TfCore,
  outputs: TfCore.Tensor2D,
  targets: TfCore.Tensor2D,
): TfCore.Scalar {
  if (outputs.shape[0] !== targets.shape[0] || outputs.shape[1] !== targets.shape[1]) {
    throw new RangeError(
      `halfMeanSquaredError: outputs are [${outputs.shape.join(', ')}] but targets are [${targets.shape.join(', ')}]`,
    );
  }
  return tf.tidy(
    () => tf.mul(0.5, tf.mean(tf.sum(tf.square(tf.sub(outputs, targets)), 1))) as TfCore.Scalar,
  );
}
