/**
 * Multi-label classification with a softmax-style loss (Su Jianlin, "将“Softmax+交叉熵”推广到多标签分类问题",
 * https://kexue.fm/archives/7359; the ZLPR loss of arXiv:2208.02955), the per-class binary
 * cross-entropy it is compared with, F1 scores at a fixed threshold, and a seeded synthetic
 * multi-label task.
 *
 * Scores are logits s ∈ ℝⁿ for n classes; labels are y ∈ {0, 1}ⁿ (1 = the class is a target).
 * The plain functions work in double precision on number[]; the *Tensor functions take a batch
 * [b, n] on tfjs and return the mean over the batch as a scalar, for training.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { Tf } from '../../src/core/backend';
import type { Rng } from '../../src/core/random';
import { logSumExp } from '../../src/core/softmax';

// ---------- validation ----------

function describeValue(x: unknown): string {
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  return typeof x === 'number' ? String(x) : typeof x;
}

/** Throws a RangeError naming `fn` unless scores is a number[] and labels a same-length 0/1 array. */
function assertScoresAndLabels(fn: string, scores: unknown, labels: unknown): void {
  if (!Array.isArray(scores) || !scores.every((s) => typeof s === 'number')) {
    throw new RangeError(`${fn}: scores must be an array of numbers, got ${describeValue(scores)}`);
  }
  if (!Array.isArray(labels)) {
    throw new RangeError(`${fn}: labels must be an array of 0s and 1s, got ${typeof labels}`);
  }
  if (labels.length !== scores.length) {
    throw new RangeError(
      `${fn}: labels has length ${labels.length} but scores has length ${scores.length}`,
    );
  }
  const bad = labels.findIndex((y) => y !== 0 && y !== 1);
  if (bad >= 0) {
    throw new RangeError(
      `${fn}: labels must be 0 or 1, got ${describeValue(labels[bad])} at index ${bad}`,
    );
  }
}

/** Throws a RangeError naming `fn` unless `m` is a non-empty rectangular matrix of 0s and 1s. */
function assertBinaryMatrix(fn: string, name: string, m: unknown): number[][] {
  if (!Array.isArray(m) || m.length === 0 || !m.every(Array.isArray)) {
    throw new RangeError(`${fn}: ${name} must be a non-empty array of rows`);
  }
  const rows = m as unknown[][];
  const width = rows[0].length;
  rows.forEach((row, r) => {
    if (row.length !== width) {
      throw new RangeError(`${fn}: ${name} row ${r} has ${row.length} entries, row 0 has ${width}`);
    }
    if (!row.every((v) => v === 0 || v === 1)) {
      throw new RangeError(`${fn}: ${name} row ${r} has an entry other than 0 or 1`);
    }
  });
  return rows as number[][];
}

// ---------- the loss and its gradient ----------

/** The two halves of the loss: \ln(1+\sum_{i\in\Omega_{neg}}e^{s_i}) and \ln(1+\sum_{j\in\Omega_{pos}}e^{-s_j}). */
export interface MultilabelLossParts {
  /** \ln\big(1+\sum_{i\in\Omega_{\text{neg}}}e^{s_i}\big): pushes the non-targets below 0. */
  negative: number;
  /** \ln\big(1+\sum_{j\in\Omega_{\text{pos}}}e^{-s_j}\big): pushes the targets above 0. */
  positive: number;
}

/**
 * The two terms of the multi-label softmax cross-entropy, each a log-sum-exp with a 0 appended
 * (the threshold class s_0 = 0), so scores of magnitude 1000 neither overflow nor underflow.
 * scores: n numbers; labels: n values in {0, 1}. NaN scores give NaN terms.
 */
export function multilabelCrossEntropyParts(
  scores: readonly number[],
  labels: readonly number[],
): MultilabelLossParts {
  assertScoresAndLabels('multilabelCrossEntropyParts', scores, labels);
  const negatives = [0];
  const positives = [0];
  scores.forEach((s, i) => (labels[i] === 1 ? positives.push(-s) : negatives.push(s)));
  return { negative: logSumExp(negatives), positive: logSumExp(positives) };
}

/**
 * The multi-label softmax cross-entropy (ZLPR):
 * \mathcal L(s, y) = \ln\Big(1+\sum_{i\in\Omega_{\text{neg}}}e^{s_i}\Big) + \ln\Big(1+\sum_{j\in\Omega_{\text{pos}}}e^{-s_j}\Big),
 * with \Omega_{\text{pos}} = \{i : y_i = 1\}, \Omega_{\text{neg}} = \{i : y_i = 0\}; the predicted
 * set is \{i : s_i > 0\}. scores: n numbers; labels: n values in {0, 1}.
 * Throws a RangeError for labels of another length or outside {0, 1}.
 */
export function multilabelCrossEntropy(
  scores: readonly number[],
  labels: readonly number[],
): number {
  assertScoresAndLabels('multilabelCrossEntropy', scores, labels);
  const { negative, positive } = multilabelCrossEntropyParts(scores, labels);
  return negative + positive;
}

/**
 * \partial\mathcal L/\partial s_k: for a non-target k, e^{s_k}/(1+\sum_{i\in\Omega_{neg}}e^{s_i}) \in (0, 1);
 * for a target k, -e^{-s_k}/(1+\sum_{j\in\Omega_{pos}}e^{-s_j}) \in (-1, 0). Within each group the
 * weights are a softmax that includes the threshold class, so each group's total is below 1 in
 * size. Computed as e^{\pm s_k - \text{term}}, finite at |s| = 1000.
 */
export function multilabelCrossEntropyGradient(
  scores: readonly number[],
  labels: readonly number[],
): number[] {
  assertScoresAndLabels('multilabelCrossEntropyGradient', scores, labels);
  const { negative, positive } = multilabelCrossEntropyParts(scores, labels);
  return scores.map((s, k) =>
    labels[k] === 1 ? -Math.exp(-s - positive) : Math.exp(s - negative),
  );
}

// ---------- the same loss at a temperature, and its hard limit ----------

export interface ScaledLossOptions {
  /** The sharpness γ > 0 of the smooth maximum (Circle loss's scale); default 1. */
  scale?: number;
  /** Include the threshold class s_0 = 0 (default true); without it the loss only ranks. */
  threshold?: boolean;
}

function scaleOf(fn: string, options: ScaledLossOptions): number {
  const gamma = options.scale ?? 1;
  if (!(gamma > 0 && Number.isFinite(gamma))) {
    throw new RangeError(`${fn}: scale must be a positive finite number, got ${gamma}`);
  }
  return gamma;
}

/** \ln(1+e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * The pairwise loss at sharpness γ, a log-sum-exp over every "non-target above target" margin:
 * with the threshold class, \frac1\gamma\ln\Big(1+\sum_{i,j}e^{\gamma(s_i-s_j)}+\sum_i e^{\gamma s_i}+\sum_j e^{-\gamma s_j}\Big)
 * = \frac1\gamma\Big[\ln\Big(1+\sum_i e^{\gamma s_i}\Big)+\ln\Big(1+\sum_j e^{-\gamma s_j}\Big)\Big];
 * without it (Circle loss, Eq. 1, with m = 0), \frac1\gamma\ln\Big(1+\sum_{i,j}e^{\gamma(s_i-s_j)}\Big)
 * = \frac1\gamma\operatorname{softplus}\big(\operatorname{lse}(\gamma s_{\text{neg}})+\operatorname{lse}(-\gamma s_{\text{pos}})\big).
 * i runs over non-targets, j over targets. At γ = 1 with the threshold this is {@link multilabelCrossEntropy}.
 */
export function scaledMultilabelLoss(
  scores: readonly number[],
  labels: readonly number[],
  options: ScaledLossOptions = {},
): number {
  assertScoresAndLabels('scaledMultilabelLoss', scores, labels);
  const gamma = scaleOf('scaledMultilabelLoss', options);
  const neg: number[] = [];
  const pos: number[] = [];
  scores.forEach((s, i) => (labels[i] === 1 ? pos.push(-gamma * s) : neg.push(gamma * s)));
  if (options.threshold ?? true) return (logSumExp([0, ...neg]) + logSumExp([0, ...pos])) / gamma;
  const both = logSumExp(neg) + logSumExp(pos);
  // An empty group has no pairs: lse(∅) = −∞ and the loss is ln 1 = 0.
  return both === -Infinity ? 0 : softplus(both) / gamma;
}

/**
 * The γ → ∞ limit of {@link scaledMultilabelLoss}, a hinge on the worst margin: with the threshold,
 * \max(0, \max s_{\text{neg}}) + \max(0, -\min s_{\text{pos}}) = \max(0, \max s_{neg}, -\min s_{pos}, \max s_{neg} - \min s_{pos});
 * without it, \max(0, \max s_{\text{neg}} - \min s_{\text{pos}}). An empty group contributes nothing.
 */
export function multilabelHingeLimit(
  scores: readonly number[],
  labels: readonly number[],
  options: Pick<ScaledLossOptions, 'threshold'> = {},
): number {
  assertScoresAndLabels('multilabelHingeLimit', scores, labels);
  let maxNeg = -Infinity;
  let minPos = Infinity;
  scores.forEach((s, i) => {
    if (labels[i] === 1) minPos = Math.min(minPos, s);
    else maxNeg = Math.max(maxNeg, s);
  });
  if (options.threshold ?? true) return Math.max(0, maxNeg) + Math.max(0, -minPos);
  return maxNeg === -Infinity || minPos === Infinity ? 0 : Math.max(0, maxNeg - minPos);
}

/**
 * How many exponentials the log of {@link scaledMultilabelLoss} sums: (1+|Ω_neg|)(1+|Ω_pos|) with
 * the threshold, 1+|Ω_neg||Ω_pos| without. Since \max \le \operatorname{lse} \le \max + \ln T,
 * 0 \le \mathcal L_\gamma - \text{hinge} \le \ln T/\gamma.
 */
export function multilabelTermCount(
  labels: readonly number[],
  options: Pick<ScaledLossOptions, 'threshold'> = {},
): number {
  assertScoresAndLabels('multilabelTermCount', new Array<number>(labels.length).fill(0), labels);
  const pos = labels.filter((y) => y === 1).length;
  const neg = labels.length - pos;
  return (options.threshold ?? true) ? (1 + neg) * (1 + pos) : 1 + neg * pos;
}

// ---------- binary cross-entropy, the usual alternative ----------

/** \sigma(x) = 1/(1+e^{-x}), evaluated without overflow for either sign. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * The sum over classes of the binary cross-entropy with logits,
 * \sum_k\big[-y_k\ln\sigma(s_k) - (1-y_k)\ln(1-\sigma(s_k))\big] = \sum_k\big[\operatorname{softplus}(s_k) - y_k s_k\big],
 * computed as \max(s,0) - ys + \ln(1+e^{-|s|}) so that |s| = 1000 is exact. scores, labels: n each.
 */
export function binaryCrossEntropyWithLogits(
  scores: readonly number[],
  labels: readonly number[],
): number {
  assertScoresAndLabels('binaryCrossEntropyWithLogits', scores, labels);
  return scores.reduce(
    (sum, s, k) => sum + Math.max(s, 0) - labels[k] * s + Math.log1p(Math.exp(-Math.abs(s))),
    0,
  );
}

/** One class's binary cross-entropy with logits, \operatorname{softplus}(s) - ys, per class. */
export function binaryCrossEntropyPerClass(
  scores: readonly number[],
  labels: readonly number[],
): number[] {
  assertScoresAndLabels('binaryCrossEntropyPerClass', scores, labels);
  return scores.map((s, k) => Math.max(s, 0) - labels[k] * s + Math.log1p(Math.exp(-Math.abs(s))));
}

/** \partial/\partial s_k of {@link binaryCrossEntropyWithLogits}: \sigma(s_k) - y_k. */
export function binaryCrossEntropyGradient(
  scores: readonly number[],
  labels: readonly number[],
): number[] {
  assertScoresAndLabels('binaryCrossEntropyGradient', scores, labels);
  return scores.map((s, k) => sigmoid(s) - labels[k]);
}

// ---------- batched tfjs versions for training ----------

function assertBatchShapes(fn: string, scores: TfCore.Tensor, labels: TfCore.Tensor): void {
  if (scores.rank !== 2) {
    throw new RangeError(`${fn}: scores must have shape [batch, classes], got [${scores.shape}]`);
  }
  if (
    labels.rank !== 2 ||
    labels.shape[0] !== scores.shape[0] ||
    labels.shape[1] !== scores.shape[1]
  ) {
    throw new RangeError(
      `${fn}: labels must have the shape of scores [${scores.shape}], got [${labels.shape}]`,
    );
  }
}

/**
 * \ln\big(1+\sum_k m_k e^{t_k}\big) per row for a 0/1 mask m, without huge masking constants:
 * with M = \max(0, \max_k m_k t_k) every exponent m_k t_k - M is \le 0, and the masked entries
 * contribute m_k e^{\dots} = 0. Shapes [b, n] → [b].
 */
function maskedLogOnePlusSumExp(
  tf: Tf,
  t: TfCore.Tensor2D,
  mask: TfCore.Tensor2D,
): TfCore.Tensor1D {
  const masked = tf.mul(mask, t);
  const m = tf.maximum(tf.max(masked, 1, true), 0);
  const inner = tf.add(tf.exp(tf.neg(m)), tf.sum(tf.mul(mask, tf.exp(tf.sub(masked, m))), 1, true));
  return tf.reshape(tf.add(m, tf.log(inner)), [t.shape[0]]) as TfCore.Tensor1D;
}

/**
 * The mean over a batch of {@link multilabelCrossEntropy}, as a differentiable tfjs scalar:
 * \frac1b\sum_{r=1}^b\Big[\ln\Big(1+\sum_k(1-y_{rk})e^{s_{rk}}\Big)+\ln\Big(1+\sum_k y_{rk}e^{-s_{rk}}\Big)\Big].
 * scores: [b, n] logits; labels: [b, n] of 0/1 (float). Throws a RangeError on other shapes.
 */
export function multilabelCrossEntropyTensor(
  tf: Tf,
  scores: TfCore.Tensor2D,
  labels: TfCore.Tensor2D,
): TfCore.Scalar {
  assertBatchShapes('multilabelCrossEntropyTensor', scores, labels);
  return tf.tidy(() => {
    const y = tf.cast(labels, 'float32') as TfCore.Tensor2D;
    const notY = tf.sub(1, y) as TfCore.Tensor2D;
    const negative = maskedLogOnePlusSumExp(tf, scores, notY);
    const positive = maskedLogOnePlusSumExp(tf, tf.neg(scores), y);
    return tf.mean(tf.add(negative, positive)) as TfCore.Scalar;
  });
}

/**
 * The mean over a batch of {@link binaryCrossEntropyWithLogits} (a sum over classes per example),
 * \frac1b\sum_r\sum_k\big[\max(s_{rk},0) - y_{rk}s_{rk} + \ln(1+e^{-|s_{rk}|})\big], as a tfjs scalar.
 * scores, labels: [b, n].
 */
export function binaryCrossEntropyWithLogitsTensor(
  tf: Tf,
  scores: TfCore.Tensor2D,
  labels: TfCore.Tensor2D,
): TfCore.Scalar {
  assertBatchShapes('binaryCrossEntropyWithLogitsTensor', scores, labels);
  return tf.tidy(() => {
    const y = tf.cast(labels, 'float32');
    const perEntry = tf.add(
      tf.sub(tf.relu(scores), tf.mul(y, scores)),
      tf.log1p(tf.exp(tf.neg(tf.abs(scores)))),
    );
    return tf.div(tf.sum(perEntry), scores.shape[0]) as TfCore.Scalar;
  });
}

// ---------- predictions and F1 ----------

/** The predicted label sets \hat y_{rk} = [s_{rk} > t] of a batch of scores [b, n] (default t = 0). */
export function thresholdPredictions(
  scores: readonly (readonly number[])[],
  threshold = 0,
): number[][] {
  return scores.map((row) => row.map((s) => (s > threshold ? 1 : 0)));
}

/** True positives, false positives and false negatives of one class or of all entries. */
export interface ConfusionCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** F1 = 2TP / (2TP + FP + FN); `empty` when the denominator is 0 (nothing to find, nothing found). */
export function f1FromCounts({ tp, fp, fn }: ConfusionCounts, empty = 0): number {
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? empty : (2 * tp) / denominator;
}

/** Counts per class k over the rows of two 0/1 matrices [b, n] of the same shape. */
export function confusionPerClass(
  predicted: readonly (readonly number[])[],
  labels: readonly (readonly number[])[],
): ConfusionCounts[] {
  const p = assertBinaryMatrix('confusionPerClass', 'predicted', predicted);
  const y = assertBinaryMatrix('confusionPerClass', 'labels', labels);
  if (p.length !== y.length || p[0].length !== y[0].length) {
    throw new RangeError(
      `confusionPerClass: predicted is ${p.length}×${p[0].length} but labels is ${y.length}×${y[0].length}`,
    );
  }
  const counts = p[0].map(() => ({ tp: 0, fp: 0, fn: 0 }));
  p.forEach((row, r) =>
    row.forEach((v, k) => {
      if (v === 1 && y[r][k] === 1) counts[k].tp++;
      else if (v === 1) counts[k].fp++;
      else if (y[r][k] === 1) counts[k].fn++;
    }),
  );
  return counts;
}

/**
 * Micro-averaged F1: pool the counts of every (example, class) entry, then 2TP/(2TP+FP+FN).
 * predicted, labels: 0/1 matrices [b, n]. 0 when there are no positives and none predicted.
 */
export function microF1(
  predicted: readonly (readonly number[])[],
  labels: readonly (readonly number[])[],
): number {
  const total = confusionPerClass(predicted, labels).reduce(
    (a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }),
    { tp: 0, fp: 0, fn: 0 },
  );
  return f1FromCounts(total);
}

/**
 * Macro-averaged F1: the mean over classes of each class's 2TP/(2TP+FP+FN). A class with no
 * positives and none predicted scores `empty` (default 0, scikit-learn's default).
 */
export function macroF1(
  predicted: readonly (readonly number[])[],
  labels: readonly (readonly number[])[],
  empty = 0,
): number {
  const perClass = confusionPerClass(predicted, labels).map((c) => f1FromCounts(c, empty));
  return perClass.reduce((a, b) => a + b, 0) / perClass.length;
}

// ---------- a synthetic multi-label task ----------

/** Inputs as rows X [n, dim] and 0/1 label rows Y [n, classes]. */
export interface MultilabelData {
  X: number[][];
  Y: number[][];
}

export interface MultilabelTaskSpec {
  /** Number of classes C. */
  classes: number;
  /** Input dimension d. */
  dim: number;
  /** Fewest and most targets per example (each example draws its count uniformly). */
  minPositives: number;
  maxPositives: number;
  /** Standard deviation σ of the isotropic noise added to every input. */
  noise: number;
}

/**
 * Class prototypes \mu_1 … \mu_C \in \mathbb R^d with independent \mathcal N(0, 1/d) entries
 * (so \lVert\mu_c\rVert \approx 1), as rows [classes, dim].
 */
export function multilabelPrototypes(rng: Rng, classes: number, dim: number): number[][] {
  for (const [name, v] of [
    ['classes', classes],
    ['dim', dim],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`multilabelPrototypes: ${name} must be a positive integer, got ${v}`);
    }
  }
  const sd = 1 / Math.sqrt(dim);
  return Array.from({ length: classes }, () =>
    Array.from({ length: dim }, () => sd * rng.normal()),
  );
}

/**
 * n examples of the latent model: draw k uniformly from {minPositives … maxPositives}, a
 * uniformly random k-subset S of the classes, and x = \sum_{c\in S}\mu_c + \sigma\varepsilon with
 * \varepsilon \sim \mathcal N(0, I_d); the labels are y_c = [c \in S].
 */
export function sampleMultilabelData(
  rng: Rng,
  n: number,
  prototypes: readonly (readonly number[])[],
  spec: Pick<MultilabelTaskSpec, 'minPositives' | 'maxPositives' | 'noise'>,
): MultilabelData {
  const classes = prototypes.length;
  const { minPositives, maxPositives, noise } = spec;
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`sampleMultilabelData: n must be a non-negative integer, got ${n}`);
  }
  if (
    !Number.isInteger(minPositives) ||
    !Number.isInteger(maxPositives) ||
    minPositives < 1 ||
    maxPositives < minPositives ||
    maxPositives > classes
  ) {
    throw new RangeError(
      `sampleMultilabelData: need 1 ≤ minPositives ≤ maxPositives ≤ ${classes} classes, got ${minPositives} and ${maxPositives}`,
    );
  }
  if (!(noise >= 0 && Number.isFinite(noise))) {
    throw new RangeError(`sampleMultilabelData: noise must be a finite number ≥ 0, got ${noise}`);
  }
  const dim = prototypes[0].length;
  const X: number[][] = [];
  const Y: number[][] = [];
  for (let r = 0; r < n; r++) {
    const k = minPositives + Math.floor(rng.uniform() * (maxPositives - minPositives + 1));
    // A partial Fisher–Yates shuffle picks k distinct classes.
    const order = Array.from({ length: classes }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(rng.uniform() * (classes - i));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const y = new Array<number>(classes).fill(0);
    const x = Array.from({ length: dim }, () => noise * rng.normal());
    for (const c of order.slice(0, k)) {
      y[c] = 1;
      for (let d = 0; d < dim; d++) x[d] += prototypes[c][d];
    }
    X.push(x);
    Y.push(y);
  }
  return { X, Y };
}
