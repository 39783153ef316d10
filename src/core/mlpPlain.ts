/**
 * The same small multilayer perceptron as mlp.ts, written as plain TypeScript loops over
 * Float64Arrays (in the manner of the TensorFlow Playground's network, no tfjs): forward pass,
 * softmax cross-entropy, backpropagation and a plain SGD step. For small networks it is faster
 * than tfjs on every backend, because a tfjs step pays a fixed cost per op (dispatch, tensor
 * bookkeeping, a read-back); `preferPlainMlp` says when, from the measured crossover.
 *
 * Layout as in the tfjs Mlp: layer l has weights W_l of shape [sizes[l], sizes[l+1]] stored row
 * by row (entry (k, j) at k·sizes[l+1] + j) and biases b_l of length sizes[l+1]; the hidden
 * layers apply the activation, the output layer returns logits.
 */
import type { Activation, ForwardOptions, OptimizerName } from './mlp';
import { createRng, dropoutMultipliers, dropoutSeed } from './random';

export interface PlainMlpSpec {
  /** Layer widths from input to output, e.g. [2, 8, 8, 2]. */
  sizes: readonly number[];
  /** Activation of the hidden layers. */
  activation: Activation;
  /** Seed of the initial weights (the same seed as the tfjs Mlp gives the same weights). */
  seed: number;
}

export interface PlainStepResult {
  /** Mean cross-entropy before the step. */
  loss: number;
  /** Global norm of the gradient, \lVert g\rVert = \sqrt{\sum_\theta (\partial L/\partial\theta)^2}. */
  gradNorm: number;
}

export interface PlainGradients {
  /** Mean cross-entropy at the current weights. */
  loss: number;
  /** \partial L/\partial W_l, layer by layer, in the layout of the weights. */
  weights: Float64Array[];
  /** \partial L/\partial b_l, layer by layer. */
  biases: Float64Array[];
}

/**
 * The hidden width H of [2, H, H, 2] from which one tfjs training step (tanh, batch 64, SGD,
 * fastest backend) is at least as fast as one step of PlainMlp. Measured with
 * `BENCH_ONLY=peer npm run bench` (section "peer", hidden sizes 8 … 512) in headless Chromium 156
 * on the development machine (AMD EPYC, 2 cores, no GPU; WebGPU only on SwiftShader), where the
 * fastest tfjs backend is WASM: plain is 3–30× faster up to H = 32, the two are within noise of
 * each other at H = 64 and 128, and tfjs WASM is 1.2–1.6× faster at 256 and 512 (interpolated
 * crossover 102, 111 and 144 in three runs). With a hardware GPU tfjs may win earlier: measure.
 */
export const PLAIN_MLP_CROSSOVER_HIDDEN = 128;

/** Batch size at which the crossover was measured. */
export const PLAIN_MLP_CROSSOVER_BATCH = 64;

function fail(fn: string, message: string): never {
  throw new RangeError(`${fn}: ${message}`);
}

function checkSizes(fn: string, sizes: readonly number[]): void {
  if (
    !Array.isArray(sizes) ||
    sizes.length < 2 ||
    sizes.some((s) => !Number.isInteger(s) || s < 1)
  ) {
    fail(fn, `sizes must be at least two positive integers, got [${String(sizes)}]`);
  }
}

/** Multiply-adds of one forward pass per example: \sum_l n_l\,n_{l+1}. */
function weightCount(sizes: readonly number[]): number {
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += sizes[l] * sizes[l + 1];
  return count;
}

/**
 * Whether a training step of a network with these layer widths is faster as PlainMlp than on
 * tfjs: true when its work, batch·\sum_l n_l n_{l+1} multiply-adds, is below that of
 * [2, H, H, 2] at batch 64, with H = {@link PLAIN_MLP_CROSSOVER_HIDDEN}. Scaling by the work is
 * an approximation: the crossover was measured at batch 64 only.
 */
export function preferPlainMlp(
  sizes: readonly number[],
  batch = PLAIN_MLP_CROSSOVER_BATCH,
): boolean {
  checkSizes('preferPlainMlp', sizes);
  if (!Number.isInteger(batch) || batch < 1)
    fail('preferPlainMlp', `batch must be a positive integer, got ${batch}`);
  const h = PLAIN_MLP_CROSSOVER_HIDDEN;
  return batch * weightCount(sizes) < PLAIN_MLP_CROSSOVER_BATCH * weightCount([2, h, h, 2]);
}

/** Scratch arrays for one batch size, reused from step to step so that training makes no garbage. */
interface Scratch {
  n: number;
  /**
   * Activations per layer: acts[0] is the input, acts[L] the logits (n × sizes[l]); a hidden
   * layer's entry is after its activation and its dropout multipliers.
   */
  acts: Float64Array[];
  /** Gradient with respect to the pre-activations of layer l+1 (n × sizes[l+1]). */
  deltas: Float64Array[];
  /** The dropout multipliers of hidden layer l+1 (n × sizes[l+1]), or null without dropout. */
  masks: (Float32Array | null)[];
}

/**
 * One forward pass of a batch, kept for its backward pass: the inputs, every layer's output
 * (with the dropout multipliers the pass drew) and the logits. Pass it to `backward` with the
 * gradient of a loss with respect to `logits`.
 */
export interface PlainPass {
  /** Rows in the batch. */
  readonly n: number;
  /** The logits, n × K row by row. */
  readonly logits: Float64Array;
  /** @internal the buffers of the pass. */
  readonly scratch: Scratch;
}

/** \partial L/\partial W_l and \partial L/\partial b_l, layer by layer, in the weights' layout. */
export interface PlainParameterGradients {
  weights: Float64Array[];
  biases: Float64Array[];
}

export class PlainMlp {
  readonly sizes: readonly number[];
  readonly activation: Activation;
  /** W_l, [sizes[l] × sizes[l+1]] row by row. */
  readonly weights: Float64Array[];
  /** b_l, length sizes[l+1]. */
  readonly biases: Float64Array[];
  private readonly gradW: Float64Array[];
  private readonly gradB: Float64Array[];
  private scratch: Scratch | null = null;

  private constructor(sizes: readonly number[], activation: Activation) {
    this.sizes = [...sizes];
    this.activation = activation;
    const layers = sizes.length - 1;
    const shape = (l: number) => sizes[l] * sizes[l + 1];
    this.weights = Array.from({ length: layers }, (_, l) => new Float64Array(shape(l)));
    this.biases = Array.from({ length: layers }, (_, l) => new Float64Array(sizes[l + 1]));
    this.gradW = Array.from({ length: layers }, (_, l) => new Float64Array(shape(l)));
    this.gradB = Array.from({ length: layers }, (_, l) => new Float64Array(sizes[l + 1]));
  }

  /**
   * A network initialised as the tfjs Mlp with the same spec: Glorot-uniform weights
   * U(−\sqrt{6/(n_l+n_{l+1})}, +\sqrt{6/(n_l+n_{l+1})}) from the seeded generator (rounded to
   * float32 as there), zero biases.
   */
  static create(spec: PlainMlpSpec): PlainMlp {
    checkSizes('PlainMlp.create', spec.sizes);
    if (!['relu', 'tanh', 'linear'].includes(spec.activation))
      fail('PlainMlp.create', `activation must be relu, tanh or linear, got ${spec.activation}`);
    const model = new PlainMlp(spec.sizes, spec.activation);
    for (let l = 0; l < model.weights.length; l++) {
      const [fanIn, fanOut] = [spec.sizes[l], spec.sizes[l + 1]];
      const rng = createRng(spec.seed * 7919 + l);
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const w = model.weights[l];
      for (let i = 0; i < w.length; i++) w[i] = Math.fround((2 * rng.uniform() - 1) * limit);
    }
    return model;
  }

  /**
   * Replaces the parameters: `weights[l]` flat [sizes[l] × sizes[l+1]] row by row (the layout
   * of the tfjs Mlp's variables, so `await v.data()` can be passed as is), `biases[l]` flat.
   */
  setParameters(weights: readonly ArrayLike<number>[], biases: readonly ArrayLike<number>[]): void {
    const fn = 'PlainMlp.setParameters';
    if (weights.length !== this.weights.length || biases.length !== this.biases.length)
      fail(fn, `expected ${this.weights.length} weight and bias arrays`);
    for (let l = 0; l < this.weights.length; l++) {
      if (weights[l].length !== this.weights[l].length)
        fail(
          fn,
          `weights[${l}] has ${weights[l].length} entries, expected ${this.weights[l].length}`,
        );
      if (biases[l].length !== this.biases[l].length)
        fail(fn, `biases[${l}] has ${biases[l].length} entries, expected ${this.biases[l].length}`);
      this.weights[l].set(weights[l]);
      this.biases[l].set(biases[l]);
    }
  }

  /** Number of trainable parameters. */
  get parameterCount(): number {
    return this.weights.reduce((s, w, l) => s + w.length + this.biases[l].length, 0);
  }

  private newScratch(n: number): Scratch {
    const acts = this.sizes.map((s) => new Float64Array(n * s));
    const deltas = this.sizes.slice(1).map((s) => new Float64Array(n * s));
    return { n, acts, deltas, masks: this.sizes.slice(1).map(() => null) };
  }

  private scratchFor(n: number): Scratch {
    if (this.scratch?.n !== n) this.scratch = this.newScratch(n);
    return this.scratch;
  }

  /** Copies the rows of X into the input activations (of a fresh scratch), checking their shape. */
  private load(fn: string, X: readonly (readonly number[])[], fresh = false): Scratch {
    const d = this.sizes[0];
    if (!Array.isArray(X) || X.length === 0) fail(fn, 'X must be a non-empty array of rows');
    const s = fresh ? this.newScratch(X.length) : this.scratchFor(X.length);
    const input = s.acts[0];
    for (let i = 0; i < X.length; i++) {
      const row = X[i];
      if (!Array.isArray(row) || row.length !== d)
        fail(fn, `X[${i}] has ${Array.isArray(row) ? row.length : 'no'} entries, expected ${d}`);
      for (let j = 0; j < d; j++) input[i * d + j] = row[j];
    }
    return s;
  }

  /**
   * h_{l+1} = act(h_l W_l + b_l)\odot m_{l+1} for the hidden layers (m the dropout multipliers,
   * all ones without dropout), logits = h_{L-1} W_{L-1} + b_{L-1}.
   */
  private forwardInto(s: Scratch, options: ForwardOptions = {}): void {
    const { n, acts } = s;
    const p = options.dropRate ?? 0;
    if (!(p >= 0 && p < 1)) fail('PlainMlp.forward', `dropRate must be in [0, 1), got ${p}`);
    const last = this.weights.length - 1;
    for (let l = 0; l <= last; l++) {
      const [fanIn, fanOut] = [this.sizes[l], this.sizes[l + 1]];
      const a = acts[l];
      const z = acts[l + 1];
      const W = this.weights[l];
      const b = this.biases[l];
      for (let i = 0; i < n; i++) {
        const zi = i * fanOut;
        for (let j = 0; j < fanOut; j++) z[zi + j] = b[j];
        for (let k = 0; k < fanIn; k++) {
          const x = a[i * fanIn + k];
          if (x === 0) continue; // ReLU zeros cost nothing
          const wk = k * fanOut;
          for (let j = 0; j < fanOut; j++) z[zi + j] += x * W[wk + j];
        }
      }
      if (l === last) break;
      if (this.activation === 'relu') {
        for (let i = 0; i < z.length; i++) if (z[i] < 0) z[i] = 0;
      } else if (this.activation === 'tanh') {
        for (let i = 0; i < z.length; i++) z[i] = Math.tanh(z[i]);
      }
      const mask =
        p > 0 ? dropoutMultipliers(dropoutSeed(options.maskSeed ?? 0, l), z.length, p) : null;
      s.masks[l] = mask;
      if (mask) for (let i = 0; i < z.length; i++) z[i] *= mask[i];
    }
  }

  private checkLabels(fn: string, labels: readonly number[], n: number): void {
    const classes = this.sizes[this.sizes.length - 1];
    if (!Array.isArray(labels) || labels.length !== n)
      fail(fn, `labels must have one entry per row of X (${n})`);
    for (let i = 0; i < n; i++) {
      const y = labels[i];
      if (!Number.isInteger(y) || y < 0 || y >= classes)
        fail(fn, `labels[${i}] = ${y} is not a class index in 0…${classes - 1}`);
    }
  }

  /** Logits of the rows of X (X is n × sizes[0]), as rows. */
  logits(X: readonly (readonly number[])[]): number[][] {
    const s = this.load('PlainMlp.logits', X);
    this.forwardInto(s);
    const out = s.acts[s.acts.length - 1];
    const K = this.sizes[this.sizes.length - 1];
    return Array.from({ length: s.n }, (_, i) => Array.from(out.subarray(i * K, (i + 1) * K)));
  }

  /**
   * Mean softmax cross-entropy L = \frac1n\sum_i\big[\operatorname{lse}(z_i) - z_{i,y_i}\big]
   * of the logits z against integer labels, and, with `backward`, the deltas
   * \partial L/\partial z_i = (\operatorname{softmax}(z_i) - e_{y_i})/n in the last delta buffer.
   */
  private lossInto(s: Scratch, labels: readonly number[], backward: boolean): number {
    const K = this.sizes[this.sizes.length - 1];
    const z = s.acts[s.acts.length - 1];
    const delta = s.deltas[s.deltas.length - 1];
    const { n } = s;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const o = i * K;
      let max = -Infinity;
      for (let c = 0; c < K; c++) if (z[o + c] > max) max = z[o + c];
      let sum = 0;
      for (let c = 0; c < K; c++) sum += Math.exp(z[o + c] - max);
      const lse = max + Math.log(sum);
      total += lse - z[o + labels[i]];
      if (backward) {
        for (let c = 0; c < K; c++) delta[o + c] = Math.exp(z[o + c] - lse) / n;
        delta[o + labels[i]] -= 1 / n;
      }
    }
    return total / n;
  }

  /** Mean softmax cross-entropy of the network on X (n × sizes[0]) and labels in 0…K−1. */
  loss(X: readonly (readonly number[])[], labels: readonly number[]): number {
    const s = this.load('PlainMlp.loss', X);
    this.checkLabels('PlainMlp.loss', labels, s.n);
    this.forwardInto(s);
    return this.lossInto(s, labels, false);
  }

  /** Backpropagation: fills gradW and gradB from the deltas of the output layer. */
  private backwardInto(s: Scratch): void {
    const { n, acts, deltas } = s;
    for (let l = this.weights.length - 1; l >= 0; l--) {
      const [fanIn, fanOut] = [this.sizes[l], this.sizes[l + 1]];
      const a = acts[l];
      const dz = deltas[l];
      const gW = this.gradW[l];
      const gB = this.gradB[l];
      gW.fill(0);
      gB.fill(0);
      for (let i = 0; i < n; i++) {
        const di = i * fanOut;
        for (let j = 0; j < fanOut; j++) gB[j] += dz[di + j];
        for (let k = 0; k < fanIn; k++) {
          const x = a[i * fanIn + k];
          if (x === 0) continue;
          const wk = k * fanOut;
          for (let j = 0; j < fanOut; j++) gW[wk + j] += x * dz[di + j];
        }
      }
      if (l === 0) break;
      // Delta of the layer below: (dz W_l^T) ⊙ m ⊙ act'(z), with act' read from the activation
      // h = a/m (a the layer's output after its multipliers m; a dropped unit passes nothing).
      const W = this.weights[l];
      const below = deltas[l - 1];
      const mask = s.masks[l - 1];
      for (let i = 0; i < n; i++) {
        const di = i * fanOut;
        for (let k = 0; k < fanIn; k++) {
          const m = mask ? mask[i * fanIn + k] : 1;
          const h = m === 0 ? 0 : a[i * fanIn + k] / m;
          const slope =
            m === 0
              ? 0
              : this.activation === 'relu'
                ? h > 0
                  ? m
                  : 0
                : this.activation === 'tanh'
                  ? (1 - h * h) * m
                  : m;
          if (slope === 0) {
            below[i * fanIn + k] = 0;
            continue;
          }
          const wk = k * fanOut;
          let sum = 0;
          for (let j = 0; j < fanOut; j++) sum += dz[di + j] * W[wk + j];
          below[i * fanIn + k] = sum * slope;
        }
      }
    }
  }

  /**
   * A forward pass of the rows of X with dropout as the tfjs Mlp's `forward` (the same
   * multipliers from the same `maskSeed`), kept for `backward`. Each pass has buffers of its own,
   * so two passes (R-Drop's) can be alive at once.
   */
  forward(X: readonly (readonly number[])[], options: ForwardOptions = {}): PlainPass {
    const s = this.load('PlainMlp.forward', X, true);
    this.forwardInto(s, options);
    return { n: s.n, logits: s.acts[s.acts.length - 1], scratch: s };
  }

  /**
   * Backpropagation through a pass: the gradients of a loss L with respect to every weight and
   * bias, from `dLogits` = \partial L/\partial z (n × K row by row) at the pass's logits z.
   */
  backward(pass: PlainPass, dLogits: ArrayLike<number>): PlainParameterGradients {
    const s = pass.scratch;
    const last = s.deltas[s.deltas.length - 1];
    if (dLogits.length !== last.length)
      fail('PlainMlp.backward', `dLogits has ${dLogits.length} entries, expected ${last.length}`);
    for (let i = 0; i < last.length; i++) last[i] = dLogits[i];
    this.backwardInto(s);
    return {
      weights: this.gradW.map((g) => Float64Array.from(g)),
      biases: this.gradB.map((g) => Float64Array.from(g)),
    };
  }

  /** Copies the weights and biases into another network of the same shape. */
  copyTo(other: PlainMlp): void {
    if (other.sizes.join() !== this.sizes.join())
      fail('PlainMlp.copyTo', `sizes [${other.sizes}] differ from [${this.sizes}]`);
    other.setParameters(this.weights, this.biases);
  }

  /** The loss and its gradient with respect to every weight and bias (copies). */
  gradients(X: readonly (readonly number[])[], labels: readonly number[]): PlainGradients {
    const s = this.load('PlainMlp.gradients', X);
    this.checkLabels('PlainMlp.gradients', labels, s.n);
    this.forwardInto(s);
    const loss = this.lossInto(s, labels, true);
    this.backwardInto(s);
    return {
      loss,
      weights: this.gradW.map((g) => Float64Array.from(g)),
      biases: this.gradB.map((g) => Float64Array.from(g)),
    };
  }

  /**
   * One step of plain gradient descent on the mean cross-entropy of the batch,
   * \theta \leftarrow \theta - \eta\,\partial L/\partial\theta; reports the loss and the gradient
   * norm before the step (as the tfjs trainStep does). A non-finite gradient leaves the weights.
   */
  trainStep(
    X: readonly (readonly number[])[],
    labels: readonly number[],
    learningRate: number,
  ): PlainStepResult {
    const fn = 'PlainMlp.trainStep';
    if (!(learningRate > 0 && Number.isFinite(learningRate)))
      fail(fn, `learning rate must be a positive number, got ${learningRate}`);
    const s = this.load(fn, X);
    this.checkLabels(fn, labels, s.n);
    this.forwardInto(s);
    const loss = this.lossInto(s, labels, true);
    this.backwardInto(s);
    let squared = 0;
    for (let l = 0; l < this.weights.length; l++) {
      for (const g of this.gradW[l]) squared += g * g;
      for (const g of this.gradB[l]) squared += g * g;
    }
    const gradNorm = Math.sqrt(squared);
    if (Number.isFinite(gradNorm)) {
      for (let l = 0; l < this.weights.length; l++) {
        const [W, gW, b, gB] = [this.weights[l], this.gradW[l], this.biases[l], this.gradB[l]];
        for (let i = 0; i < W.length; i++) W[i] -= learningRate * gW[i];
        for (let j = 0; j < b.length; j++) b[j] -= learningRate * gB[j];
      }
    }
    return { loss, gradNorm };
  }
}

/**
 * The optimizers of `createOptimizer`, on a PlainMlp, with the same update rules as tfjs-core's
 * (so a run on either path takes the same steps, up to float32 rounding):
 * - sgd: \theta \leftarrow \theta - \eta g;
 * - momentum (0.9): v \leftarrow 0.9v + g, \theta \leftarrow \theta - \eta v;
 * - adam (\beta_1 = 0.9, \beta_2 = 0.999, \epsilon = 10^{-7}, tfjs's float32 epsilon):
 *   m \leftarrow \beta_1 m + (1-\beta_1)g, v \leftarrow \beta_2 v + (1-\beta_2)g^2,
 *   \theta \leftarrow \theta - \eta\,\frac{m/(1-\beta_1^t)}{\sqrt{v/(1-\beta_2^t)}+\epsilon}.
 */
export class PlainOptimizer {
  private first: Float64Array[] | null = null;
  private second: Float64Array[] | null = null;
  private t = 0;

  constructor(
    readonly name: OptimizerName,
    readonly learningRate: number,
  ) {
    if (!(learningRate > 0 && Number.isFinite(learningRate)))
      fail('PlainOptimizer', `learning rate must be a positive number, got ${learningRate}`);
    if (!['sgd', 'momentum', 'adam'].includes(name))
      fail('PlainOptimizer', `optimizer must be sgd, momentum or adam, got ${name}`);
  }

  /** Applies one update with the gradients to the model's parameters. */
  apply(model: PlainMlp, grads: PlainParameterGradients): void {
    const params = [...model.weights, ...model.biases];
    const g = [...grads.weights, ...grads.biases];
    const eta = this.learningRate;
    if (this.name === 'sgd') {
      params.forEach((p, k) => {
        for (let i = 0; i < p.length; i++) p[i] -= eta * g[k][i];
      });
      return;
    }
    this.first ??= params.map((p) => new Float64Array(p.length));
    if (this.name === 'momentum') {
      params.forEach((p, k) => {
        const v = this.first![k];
        for (let i = 0; i < p.length; i++) {
          v[i] = 0.9 * v[i] + g[k][i];
          p[i] -= eta * v[i];
        }
      });
      return;
    }
    this.second ??= params.map((p) => new Float64Array(p.length));
    this.t += 1;
    const [b1, b2, eps] = [0.9, 0.999, 1e-7];
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    params.forEach((p, k) => {
      const m = this.first![k];
      const v = this.second![k];
      for (let i = 0; i < p.length; i++) {
        const gi = g[k][i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        p[i] -= (eta * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    });
  }
}

/** The sum of two sets of gradients, entry by entry (the two passes of one step). */
export function addGradients(
  a: PlainParameterGradients,
  b: PlainParameterGradients,
): PlainParameterGradients {
  const sum = (x: Float64Array[], y: Float64Array[]) =>
    x.map((arr, l) => arr.map((v, i) => v + y[l][i]));
  return { weights: sum(a.weights, b.weights), biases: sum(a.biases, b.biases) };
}

/**
 * One optimizer step with gradients already computed, as the tfjs `trainStep` takes it: the
 * global norm \lVert g\rVert of the gradients is reported, with `clipNorm` c the applied
 * gradient is g\cdot\min(1, c/\lVert g\rVert), and a non-finite norm leaves the weights as
 * they are (so that the run's NaN check stops it, with the weights of the last good step).
 */
export function applyPlainStep(
  model: PlainMlp,
  optimizer: PlainOptimizer,
  grads: PlainParameterGradients,
  options: { clipNorm?: number } = {},
): { gradNorm: number } {
  let squared = 0;
  for (const g of [...grads.weights, ...grads.biases]) for (const v of g) squared += v * v;
  const gradNorm = Math.sqrt(squared);
  if (!Number.isFinite(gradNorm)) return { gradNorm };
  const clip = options.clipNorm;
  if (clip !== undefined && gradNorm > clip) {
    const f = clip / gradNorm;
    const scaled = (xs: Float64Array[]) => xs.map((x) => x.map((v) => v * f));
    optimizer.apply(model, { weights: scaled(grads.weights), biases: scaled(grads.biases) });
  } else optimizer.apply(model, grads);
  return { gradNorm };
}

/** Where a network's training runs, and why: for the widget's badge. */
export interface PlainChoice {
  /** True when the plain-TypeScript path is measured faster for this network and batch. */
  preferred: boolean;
  /** One sentence for the badge's tooltip. */
  reason: string;
}

/**
 * Whether to train a network of these widths on `batch` rows as a PlainMlp rather than on tfjs,
 * by the measured crossover (see {@link preferPlainMlp}), with the reason in words.
 */
export function plainMlpChoice(sizes: readonly number[], batch: number): PlainChoice {
  const preferred = preferPlainMlp(sizes, batch);
  const h = PLAIN_MLP_CROSSOVER_HIDDEN;
  const net = `[${sizes.join(', ')}] on ${batch} rows`;
  const crossover = `[2, ${h}, ${h}, 2] on ${PLAIN_MLP_CROSSOVER_BATCH} rows`;
  return {
    preferred,
    reason: preferred
      ? `plain TypeScript: ${net} is less work than ${crossover}, where tfjs starts to win (npm run bench)`
      : `tfjs: ${net} is more work than ${crossover}, where tfjs starts to win (npm run bench)`,
  };
}
