/**
 * R-Drop (Liang et al., arXiv 2106.14448): run every example through the network twice with
 * independent dropout masks, and add to the two cross-entropies a symmetric KL divergence that
 * pulls the two predicted distributions together. Also the exact dropout statistics of a tiny
 * network, by enumerating every mask: the model average E_ε p(x, ε) against the dropout-off
 * prediction p(x), and the expected R-Drop term.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { Tf } from '../../src/core/backend';
import type { Activation, Mlp } from '../../src/core/mlp';
import { logSoftmax } from '../../src/core/softmax';

/** The terms of the R-Drop loss, each a mean over the batch. */
export interface RdropLossParts {
  /** \frac1B\sum_i\big[-\ln p_A(y_i\mid x_i)-\ln p_B(y_i\mid x_i)\big] (the paper's L^{CE}, two cross-entropies). */
  crossEntropy: number;
  /** \frac1B\sum_i KL(p_A\Vert p_B). */
  klAB: number;
  /** \frac1B\sum_i KL(p_B\Vert p_A). */
  klBA: number;
  /** \frac1B\sum_i \tfrac12\big[KL(p_A\Vert p_B)+KL(p_B\Vert p_A)\big] (the paper's L^{KL}). */
  symmetricKl: number;
  /** crossEntropy + alpha·symmetricKl, the value of {@link rdropLoss}. */
  total: number;
}

function checkLogitPair(
  fn: string,
  logitsA: readonly (readonly number[])[],
  logitsB: readonly (readonly number[])[],
  labels: readonly number[],
  alpha: number,
): void {
  if (!Array.isArray(logitsA) || logitsA.length === 0) {
    throw new RangeError(`${fn}: logitsA must be a non-empty array of rows`);
  }
  if (!Array.isArray(logitsB) || logitsB.length !== logitsA.length) {
    throw new RangeError(
      `${fn}: logitsB has ${Array.isArray(logitsB) ? logitsB.length : 'no'} rows, logitsA has ${logitsA.length}`,
    );
  }
  const classes = logitsA[0]?.length ?? 0;
  if (!(classes >= 1)) throw new RangeError(`${fn}: logitsA rows must have at least one class`);
  for (let i = 0; i < logitsA.length; i++) {
    if (logitsA[i]?.length !== classes) {
      throw new RangeError(
        `${fn}: logitsA row ${i} has ${logitsA[i]?.length} classes, expected ${classes}`,
      );
    }
    if (logitsB[i]?.length !== classes) {
      throw new RangeError(
        `${fn}: logitsB row ${i} has ${logitsB[i]?.length} classes, expected ${classes}`,
      );
    }
  }
  if (!Array.isArray(labels) || labels.length !== logitsA.length) {
    throw new RangeError(
      `${fn}: labels has ${Array.isArray(labels) ? labels.length : 'no'} entries for ${logitsA.length} rows`,
    );
  }
  labels.forEach((y, i) => {
    if (!(Number.isInteger(y) && y >= 0 && y < classes)) {
      throw new RangeError(`${fn}: labels[${i}] = ${y} is not a class index in 0…${classes - 1}`);
    }
  });
  if (!(Number.isFinite(alpha) && alpha >= 0)) {
    throw new RangeError(`${fn}: alpha must be a finite number ≥ 0, got ${alpha}`);
  }
}

/**
 * The terms of the R-Drop loss for a batch of B examples with K classes:
 * $$\mathcal L=\frac1B\sum_{i=1}^B\Big[-\ln p_A(y_i)-\ln p_B(y_i)+\frac\alpha2\big(KL(p_A\Vert p_B)+KL(p_B\Vert p_A)\big)\Big],\quad p=\operatorname{softmax}(\text{logits}).$$
 * Inputs: logitsA and logitsB of shape [B][K] (the two dropout passes), labels of length B with
 * integer entries in 0…K−1, alpha ≥ 0. Computed from log-softmax, so logits of ±1000 are fine;
 * a NaN or infinite logit gives NaN (so that a training loop's NaN check fires).
 */
export function rdropLossParts(
  logitsA: readonly (readonly number[])[],
  logitsB: readonly (readonly number[])[],
  labels: readonly number[],
  alpha: number,
): RdropLossParts {
  checkLogitPair('rdropLoss', logitsA, logitsB, labels, alpha);
  let crossEntropy = 0;
  let klAB = 0;
  let klBA = 0;
  for (let i = 0; i < logitsA.length; i++) {
    const la = logSoftmax(logitsA[i]);
    const lb = logSoftmax(logitsB[i]);
    crossEntropy -= la[labels[i]] + lb[labels[i]];
    for (let c = 0; c < la.length; c++) {
      klAB += Math.exp(la[c]) * (la[c] - lb[c]);
      klBA += Math.exp(lb[c]) * (lb[c] - la[c]);
    }
  }
  const n = logitsA.length;
  const symmetricKl = (klAB + klBA) / (2 * n);
  return {
    crossEntropy: crossEntropy / n,
    klAB: klAB / n,
    klBA: klBA / n,
    symmetricKl,
    total: crossEntropy / n + alpha * symmetricKl,
  };
}

/**
 * The R-Drop loss of the issue and of the paper,
 * $$\frac1B\sum_i\Big[-\ln p_A(y_i)-\ln p_B(y_i)+\frac\alpha2\big(KL(p_A\Vert p_B)+KL(p_B\Vert p_A)\big)\Big].$$
 * Shapes and edge cases as {@link rdropLossParts}.
 */
export function rdropLoss(
  logitsA: readonly (readonly number[])[],
  logitsB: readonly (readonly number[])[],
  labels: readonly number[],
  alpha: number,
): number {
  return rdropLossParts(logitsA, logitsB, labels, alpha).total;
}

/** The R-Drop loss of a batch and its gradient with respect to both passes' logits. */
export interface RdropLossGradient {
  /** The loss {@link rdropLoss}. */
  loss: number;
  /** \partial\mathcal L/\partial z^{(1)} and \partial\mathcal L/\partial z^{(2)}, B × K row by row. */
  dLogitsA: Float64Array;
  dLogitsB: Float64Array;
}

/**
 * The R-Drop loss and its gradient in the logits of both passes, for training without tfjs:
 * $$\frac{\partial\mathcal L}{\partial z^{(1)}_{ij}}=\frac1B\Big(P^{(1)}_{ij}-[j=y_i]+\frac\alpha2\Big[P^{(1)}_{ij}\Big(\ln\frac{P^{(1)}_{ij}}{P^{(2)}_{ij}}-\mathrm{KL}\big(P^{(1)}_i\Vert P^{(2)}_i\big)\Big)+P^{(1)}_{ij}-P^{(2)}_{ij}\Big]\Big)$$
 * (the article's eq:grad, for a batch), and the same with the passes swapped for z^{(2)}.
 * Shapes and edge cases as {@link rdropLossParts}.
 */
export function rdropLossGradient(
  logitsA: readonly (readonly number[])[],
  logitsB: readonly (readonly number[])[],
  labels: readonly number[],
  alpha: number,
): RdropLossGradient {
  checkLogitPair('rdropLossGradient', logitsA, logitsB, labels, alpha);
  const n = logitsA.length;
  const K = logitsA[0].length;
  const dLogitsA = new Float64Array(n * K);
  const dLogitsB = new Float64Array(n * K);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const la = logSoftmax(logitsA[i]);
    const lb = logSoftmax(logitsB[i]);
    let klAB = 0;
    let klBA = 0;
    for (let c = 0; c < K; c++) {
      klAB += Math.exp(la[c]) * (la[c] - lb[c]);
      klBA += Math.exp(lb[c]) * (lb[c] - la[c]);
    }
    total += -la[labels[i]] - lb[labels[i]] + (alpha / 2) * (klAB + klBA);
    for (let c = 0; c < K; c++) {
      const [pa, pb] = [Math.exp(la[c]), Math.exp(lb[c])];
      const hit = c === labels[i] ? 1 : 0;
      dLogitsA[i * K + c] = (pa - hit + (alpha / 2) * (pa * (la[c] - lb[c] - klAB) + pa - pb)) / n;
      dLogitsB[i * K + c] = (pb - hit + (alpha / 2) * (pb * (lb[c] - la[c] - klBA) + pb - pa)) / n;
    }
  }
  return { loss: total / n, dLogitsA, dLogitsB };
}

/**
 * The same loss as a tfjs scalar, differentiable through both passes (no stop-gradient), for
 * training. It uses
 * $\tfrac12\big[KL(p_A\Vert p_B)+KL(p_B\Vert p_A)\big]=\tfrac12\sum_c(p_{A,c}-p_{B,c})(\ln p_{A,c}-\ln p_{B,c})$.
 * Inputs: logitsA, logitsB of shape [B, K], labels of shape [B] (class indices), alpha ≥ 0.
 * The caller disposes the result (or calls this inside tf.tidy).
 */
export function rdropLossTensor(
  tf: Tf,
  logitsA: TfCore.Tensor2D,
  logitsB: TfCore.Tensor2D,
  labels: TfCore.Tensor1D,
  alpha: number,
): TfCore.Scalar {
  if (logitsA.rank !== 2 || logitsB.rank !== 2) {
    throw new RangeError(
      `rdropLossTensor: logitsA and logitsB must be [B, K], got ranks ${logitsA.rank} and ${logitsB.rank}`,
    );
  }
  if (logitsA.shape[0] !== logitsB.shape[0] || logitsA.shape[1] !== logitsB.shape[1]) {
    throw new RangeError(
      `rdropLossTensor: logitsB has shape [${logitsB.shape.join(', ')}], logitsA [${logitsA.shape.join(', ')}]`,
    );
  }
  if (labels.rank !== 1 || labels.shape[0] !== logitsA.shape[0]) {
    throw new RangeError(
      `rdropLossTensor: labels has shape [${labels.shape.join(', ')}] for ${logitsA.shape[0]} rows`,
    );
  }
  if (!(Number.isFinite(alpha) && alpha >= 0)) {
    throw new RangeError(`rdropLossTensor: alpha must be a finite number ≥ 0, got ${alpha}`);
  }
  return tf.tidy(() => {
    const logA = tf.logSoftmax(logitsA);
    const logB = tf.logSoftmax(logitsB);
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), logitsA.shape[1]);
    const crossEntropy = tf.neg(tf.sum(tf.mul(oneHot, tf.add(logA, logB)), 1));
    const symmetricKl = tf.mul(
      0.5,
      tf.sum(tf.mul(tf.sub(tf.exp(logA), tf.exp(logB)), tf.sub(logA, logB)), 1),
    );
    return tf.mean(tf.add(crossEntropy, tf.mul(alpha, symmetricKl))) as TfCore.Scalar;
  });
}

// ---------------------------------------------------------------------------------------------
// Exact dropout statistics by enumerating masks.

/** Largest number of droppable units whose 2^k masks are enumerated. */
export const MAX_ENUMERATED_UNITS = 16;

function keepProbability(fn: string, dropRate: number): number {
  if (!(dropRate >= 0 && dropRate < 1)) {
    throw new RangeError(`${fn}: dropRate must be in [0, 1), got ${dropRate}`);
  }
  return 1 - dropRate;
}

/** Probability of a mask with `kept` of `units` units kept: q^{kept}(1−q)^{units−kept}. */
function maskProbability(kept: number, units: number, keep: number): number {
  return keep ** kept * (1 - keep) ** (units - kept);
}

/**
 * The exact expectation of a function of k inverted-dropout multipliers,
 * $$\mathbb E_\varepsilon f(\varepsilon/q)=\sum_{\varepsilon\in\{0,1\}^k}q^{|\varepsilon|}(1-q)^{k-|\varepsilon|}f(\varepsilon/q),\qquad q=1-p,$$
 * next to the "weight average" f(1, …, 1) that inference with dropout off computes.
 * f takes the k multipliers (each 0 or 1/q) and returns a vector; k ≤ {@link MAX_ENUMERATED_UNITS}.
 */
export function exactDropoutAverage(
  f: (multipliers: number[]) => readonly number[],
  units: number,
  dropRate: number,
): { modelAverage: number[]; weightAverage: number[] } {
  const keep = keepProbability('exactDropoutAverage', dropRate);
  if (!(Number.isInteger(units) && units >= 0 && units <= MAX_ENUMERATED_UNITS)) {
    throw new RangeError(
      `exactDropoutAverage: units must be an integer in 0…${MAX_ENUMERATED_UNITS}, got ${units}`,
    );
  }
  const weightAverage = [...f(new Array<number>(units).fill(1))];
  const modelAverage = new Array<number>(weightAverage.length).fill(0);
  for (let mask = 0; mask < 2 ** units; mask++) {
    let kept = 0;
    const multipliers = new Array<number>(units);
    for (let j = 0; j < units; j++) {
      const on = (mask >> j) & 1;
      kept += on;
      multipliers[j] = on / keep;
    }
    const w = maskProbability(kept, units, keep);
    if (w === 0) continue;
    const value = f(multipliers);
    for (let c = 0; c < modelAverage.length; c++) modelAverage[c] += w * value[c];
  }
  return { modelAverage, weightAverage };
}

/** One dense layer, y = xW + b, with W stored as [inputs][outputs] (as tfjs stores it). */
export interface DenseLayer {
  weights: number[][];
  bias: number[];
}

function activate(activation: Activation, v: number): number {
  return activation === 'relu' ? Math.max(0, v) : activation === 'tanh' ? Math.tanh(v) : v;
}

function dense(layer: DenseLayer, x: readonly number[]): number[] {
  const out = [...layer.bias];
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = layer.weights[i];
    for (let j = 0; j < out.length; j++) out[j] += xi * row[j];
  }
  return out;
}

function checkLayers(fn: string, layers: readonly DenseLayer[], x: readonly number[]): void {
  if (layers.length === 0) throw new RangeError(`${fn}: layers must not be empty`);
  let width = x.length;
  layers.forEach((layer, l) => {
    if (
      layer.weights.length !== width ||
      layer.weights.some((r) => r.length !== layer.bias.length)
    ) {
      throw new RangeError(
        `${fn}: layers[${l}].weights must be [${width}][${layer.bias.length}] to follow the previous width`,
      );
    }
    width = layer.bias.length;
  });
}

/**
 * Logits of an MLP in plain arrays, the same network as `Mlp.forward`: hidden layers
 * $h_{l+1}=\phi\big((h_l\odot m_l)W_l+b_l\big)$ with the activation φ after every layer but the last.
 * `multipliers[l]` scales the units of hidden layer l+1 before they feed the next layer
 * (0 or 1/q for inverted dropout; omitted or all ones: dropout off). x has length sizes[0].
 */
export function mlpLogits(
  layers: readonly DenseLayer[],
  activation: Activation,
  x: readonly number[],
  multipliers?: readonly (readonly number[])[],
): number[] {
  checkLayers('mlpLogits', layers, x);
  let h = [...x];
  for (let l = 0; l < layers.length; l++) {
    if (l > 0 && multipliers) h = h.map((v, j) => v * multipliers[l - 1][j]);
    h = dense(layers[l], h);
    if (l < layers.length - 1) h = h.map((v) => activate(activation, v));
  }
  return h;
}

/** The predicted distributions of a tiny MLP under every dropout mask, for one input. */
export interface DropoutMaskDistributions {
  /** Number of classes K. */
  classes: number;
  /** Number of droppable (hidden) units k; there are 2^k masks. */
  units: number;
  /** Probability of each mask, q^{kept}(1−q)^{k−kept}; mask m keeps unit j when bit j is set. */
  maskProbabilities: Float64Array;
  /** log p(c | x, mask m) at index m·K + c. */
  logProbabilities: Float64Array;
  /** Logits with dropout off (every unit kept, no 1/q scaling). */
  dropoutOffLogits: number[];
}

/**
 * Enumerates all 2^k dropout masks of a small MLP (k = number of hidden units, at most
 * {@link MAX_ENUMERATED_UNITS}) and returns log softmax of the logits under each. Bit j of the
 * mask index is hidden unit j, counted from the first hidden layer. Within a layer the
 * pre-activations of all 2^{k_l} sub-masks are built by adding one unit at a time
 * (pre[s] = pre[s without its lowest bit] + (h_j/q)W_j), so the work is about 2^k·K.
 */
export function dropoutMaskDistributions(
  layers: readonly DenseLayer[],
  activation: Activation,
  x: readonly number[],
  dropRate: number,
): DropoutMaskDistributions {
  const fn = 'dropoutMaskDistributions';
  checkLayers(fn, layers, x);
  const keep = keepProbability(fn, dropRate);
  const widths = layers.slice(0, -1).map((layer) => layer.bias.length);
  const units = widths.reduce((a, b) => a + b, 0);
  if (units > MAX_ENUMERATED_UNITS) {
    throw new RangeError(
      `${fn}: ${units} hidden units is more than ${MAX_ENUMERATED_UNITS} to enumerate`,
    );
  }
  const classes = layers[layers.length - 1].bias.length;
  const count = 2 ** units;
  const maskProbabilities = new Float64Array(count);
  const logProbabilities = new Float64Array(count * classes);
  const probabilityOfKept = Array.from({ length: units + 1 }, (_, kept) =>
    maskProbability(kept, units, keep),
  );
  // Scratch space per hidden layer: the next layer's pre-activations for every sub-mask, and
  // the activation handed down to the recursion.
  const pre = widths.map((w, l) => new Float64Array(2 ** w * layers[l + 1].bias.length));
  const next = widths.map((_, l) => new Float64Array(layers[l + 1].bias.length));

  const visit = (
    l: number,
    h: Float64Array,
    offset: number,
    maskSoFar: number,
    keptSoFar: number,
  ) => {
    const width = widths[l];
    const { weights, bias } = layers[l + 1];
    const out = bias.length;
    const table = pre[l];
    for (let o = 0; o < out; o++) table[o] = bias[o];
    for (let sub = 1; sub < 2 ** width; sub++) {
      const lowest = 31 - Math.clz32(sub & -sub);
      const from = (sub & (sub - 1)) * out;
      const scaled = h[lowest] / keep;
      const row = weights[lowest];
      for (let o = 0; o < out; o++) table[sub * out + o] = table[from + o] + scaled * row[o];
    }
    const last = l === widths.length - 1;
    for (let sub = 0; sub < 2 ** width; sub++) {
      let kept = keptSoFar;
      for (let v = sub; v; v &= v - 1) kept++;
      const mask = maskSoFar + sub * 2 ** offset;
      if (last) {
        maskProbabilities[mask] = probabilityOfKept[kept];
        let m = -Infinity;
        for (let o = 0; o < out; o++) m = Math.max(m, table[sub * out + o]);
        let sum = 0;
        for (let o = 0; o < out; o++) sum += Math.exp(table[sub * out + o] - m);
        const lse = m + Math.log(sum);
        for (let o = 0; o < out; o++) logProbabilities[mask * out + o] = table[sub * out + o] - lse;
      } else {
        const a = next[l];
        for (let o = 0; o < out; o++) a[o] = activate(activation, table[sub * out + o]);
        visit(l + 1, a, offset + width, mask, kept);
      }
    }
  };

  const first = dense(layers[0], x);
  if (widths.length === 0) {
    maskProbabilities[0] = 1;
    logSoftmax(first).forEach((v, c) => (logProbabilities[c] = v));
  } else {
    visit(
      0,
      Float64Array.from(first, (v) => activate(activation, v)),
      0,
      0,
      0,
    );
  }
  return {
    classes,
    units,
    maskProbabilities,
    logProbabilities,
    dropoutOffLogits: mlpLogits(layers, activation, x),
  };
}

/** What the enumeration says about one input: the train/test gap and the expected R-Drop term. */
export interface DropoutGapStatistics {
  /** The model average \bar p = E_ε p(·|x, ε), what dropout training fits. */
  modelAverage: number[];
  /** The dropout-off prediction p(·|x), what inference computes. */
  dropoutOff: number[];
  /** Standard deviation of p(c|x, ε) over masks, per class. */
  standardDeviation: number[];
  /** Total-variation gap ½\sum_c|\bar p_c − p_c(x)|. */
  gap: number;
  /** KL(\bar p \Vert p(·|x)). */
  gapKl: number;
  /**
   * The R-Drop term averaged over two independent masks,
   * E_{ε,ε'} ½[KL(p_ε‖p_ε') + KL(p_ε'‖p_ε)] = \sum_c Cov_ε(p_c, \ln p_c).
   */
  expectedSymmetricKl: number;
}

/** The gap statistics of {@link DropoutGapStatistics} from the enumerated distributions. */
export function dropoutGapStatistics(d: DropoutMaskDistributions): DropoutGapStatistics {
  const { classes, maskProbabilities: w, logProbabilities: lp } = d;
  const mean = new Array<number>(classes).fill(0);
  const meanSquare = new Array<number>(classes).fill(0);
  const meanLog = new Array<number>(classes).fill(0);
  const meanPLogP = new Array<number>(classes).fill(0);
  for (let m = 0; m < w.length; m++) {
    if (w[m] === 0) continue;
    for (let c = 0; c < classes; c++) {
      const l = lp[m * classes + c];
      const p = Math.exp(l);
      mean[c] += w[m] * p;
      meanSquare[c] += w[m] * p * p;
      meanLog[c] += w[m] * l;
      meanPLogP[c] += w[m] * p * l;
    }
  }
  const dropoutOff = logSoftmax(d.dropoutOffLogits).map(Math.exp);
  const offLog = logSoftmax(d.dropoutOffLogits);
  let gap = 0;
  let gapKl = 0;
  let expectedSymmetricKl = 0;
  for (let c = 0; c < classes; c++) {
    gap += Math.abs(mean[c] - dropoutOff[c]) / 2;
    if (mean[c] > 0) gapKl += mean[c] * (Math.log(mean[c]) - offLog[c]);
    expectedSymmetricKl += meanPLogP[c] - mean[c] * meanLog[c];
  }
  return {
    modelAverage: mean,
    dropoutOff,
    standardDeviation: mean.map((m, c) => Math.sqrt(Math.max(0, meanSquare[c] - m * m))),
    gap,
    gapKl: Math.max(0, gapKl),
    expectedSymmetricKl: Math.max(0, expectedSymmetricKl),
  };
}

/** The layers of an {@link Mlp} as plain arrays, for the enumeration above. */
export async function mlpLayers(model: Mlp): Promise<DenseLayer[]> {
  return Promise.all(
    model.weights.map(async (w, l) => ({
      weights: (await w.array()) as number[][],
      bias: (await model.biases[l].array()) as number[],
    })),
  );
}
