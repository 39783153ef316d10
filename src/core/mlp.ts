/**
 * A small multilayer perceptron on TensorFlow.js for the training widgets: seeded
 * initialisation, optional inverted dropout with seeded masks, and a training step that reports
 * the loss and the gradient norm and can clip the gradient by its global norm.
 *
 * Tensors live in tf.Variables owned by the model; call dispose() when a widget resets.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { initBackend, loadTf } from './backend';
import type { Tf } from './backend';
import { createRng, dropoutMultipliers, dropoutSeed } from './random';

export type Activation = 'relu' | 'tanh' | 'linear';

export interface MlpSpec {
  /** Layer widths from input to output, e.g. [2, 32, 32, 2]. */
  sizes: readonly number[];
  /** Activation of the hidden layers (the output layer is linear: it returns logits). */
  activation: Activation;
  /** Seed of the initial weights. */
  seed: number;
}

export interface ForwardOptions {
  /** Probability p of zeroing each hidden unit; survivors are scaled by 1/(1−p). Default 0. */
  dropRate?: number;
  /** Seed of the dropout masks: the same seed gives the same masks. */
  maskSeed?: number;
}

export type OptimizerName = 'sgd' | 'momentum' | 'adam';

export interface TrainStepOptions {
  /** Clip the gradient to this global norm: g \leftarrow g\cdot\min(1, c/\lVert g\rVert). */
  clipNorm?: number;
}

export interface TrainStepResult {
  /** The loss before the step. */
  loss: number;
  /** Global norm of the gradient, \lVert g\rVert = \sqrt{\sum_\theta \lVert \partial L/\partial\theta\rVert^2}. */
  gradNorm: number;
}

/** Glorot-uniform weights from the seeded generator, so every backend starts from the same net. */
function glorotUniform(seed: number, fanIn: number, fanOut: number): Float32Array {
  const rng = createRng(seed);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (2 * rng.uniform() - 1) * limit;
  return w;
}

export class Mlp {
  private constructor(
    readonly tf: Tf,
    readonly spec: MlpSpec,
    readonly weights: TfCore.Variable[],
    readonly biases: TfCore.Variable[],
  ) {}

  /** A freshly initialised network on the active backend (chosen on first use). */
  static async create(spec: MlpSpec): Promise<Mlp> {
    if (spec.sizes.length < 2 || spec.sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new RangeError(
        `Mlp.create: sizes must be at least two positive integers, got [${spec.sizes.join(', ')}]`,
      );
    }
    await initBackend();
    const tf = await loadTf();
    const weights: TfCore.Variable[] = [];
    const biases: TfCore.Variable[] = [];
    for (let l = 0; l + 1 < spec.sizes.length; l++) {
      const [fanIn, fanOut] = [spec.sizes[l], spec.sizes[l + 1]];
      // A variable shares its initial tensor's data; the initial tensor itself is released.
      const w0 = tf.tensor2d(glorotUniform(spec.seed * 7919 + l, fanIn, fanOut), [fanIn, fanOut]);
      const b0 = tf.zeros([fanOut]);
      weights.push(tf.variable(w0));
      biases.push(tf.variable(b0));
      w0.dispose();
      b0.dispose();
    }
    return new Mlp(tf, spec, weights, biases);
  }

  /** Every trainable tensor, layer by layer: W₀, b₀, W₁, b₁, … */
  get variables(): TfCore.Variable[] {
    return this.weights.flatMap((w, i) => [w, this.biases[i]]);
  }

  /**
   * Logits for a batch x of shape [n, sizes[0]]. With dropRate p > 0 each hidden unit is kept
   * with probability 1−p and scaled by 1/(1−p), so its expectation is unchanged.
   * The caller disposes the result (or calls this inside tf.tidy).
   */
  forward(x: TfCore.Tensor2D, options: ForwardOptions = {}): TfCore.Tensor2D {
    const { tf } = this;
    const p = options.dropRate ?? 0;
    if (!(p >= 0 && p < 1))
      throw new RangeError(`Mlp.forward: dropRate must be in [0, 1), got ${p}`);
    return tf.tidy(() => {
      let h: TfCore.Tensor2D = x;
      const last = this.weights.length - 1;
      for (let l = 0; l <= last; l++) {
        h = tf.add(tf.matMul(h, this.weights[l]), this.biases[l]) as TfCore.Tensor2D;
        if (l === last) break;
        h = (
          this.spec.activation === 'relu'
            ? tf.relu(h)
            : this.spec.activation === 'tanh'
              ? tf.tanh(h)
              : h
        ) as TfCore.Tensor2D;
        if (p > 0) {
          const [n, width] = h.shape;
          const multipliers = dropoutMultipliers(
            dropoutSeed(options.maskSeed ?? 0, l),
            n * width,
            p,
          );
          h = tf.mul(h, tf.tensor2d(multipliers, [n, width])) as TfCore.Tensor2D;
        }
      }
      return h;
    });
  }

  /** Logits of rows of X as plain arrays (dropout off unless options say otherwise). */
  async predictLogits(
    X: readonly (readonly number[])[],
    options: ForwardOptions = {},
  ): Promise<number[][]> {
    const logits = this.tf.tidy(() =>
      this.forward(this.tf.tensor2d(X as number[][], [X.length, this.spec.sizes[0]]), options),
    );
    try {
      return (await logits.array()) as number[][];
    } finally {
      logits.dispose();
    }
  }

  /** Copies the weights into another network of the same shape (for side-by-side training). */
  copyTo(other: Mlp): void {
    this.variables.forEach((v, i) => other.variables[i].assign(v));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/** An optimizer of tfjs-core; dispose() it with the model. */
export function createOptimizer(
  tf: Tf,
  name: OptimizerName,
  learningRate: number,
): TfCore.Optimizer {
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new RangeError(
      `createOptimizer: learning rate must be a positive number, got ${learningRate}`,
    );
  }
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum': {
      // tfjs's MomentumOptimizer.dispose() forgets the learning-rate scalar it inherits from
      // SGDOptimizer; release it too so that a widget's optimizers do not leak a tensor each.
      const optimizer = tf.train.momentum(learningRate, 0.9);
      const disposeOwn = optimizer.dispose.bind(optimizer);
      optimizer.dispose = () => {
        disposeOwn();
        const inherited = (optimizer as unknown as { c?: TfCore.Tensor }).c;
        if (inherited && !inherited.isDisposed) inherited.dispose();
      };
      return optimizer;
    }
    case 'adam':
      return tf.train.adam(learningRate);
  }
}

/**
 * One step of gradient descent on `loss` (a function building a scalar from the model's
 * variables). Reports the loss and the global gradient norm before the step; with clipNorm c the
 * applied gradient is g\cdot\min(1, c/\lVert g\rVert).
 */
export async function trainStep(
  model: Mlp,
  optimizer: TfCore.Optimizer,
  loss: () => TfCore.Scalar,
  options: TrainStepOptions = {},
): Promise<TrainStepResult> {
  const { tf } = model;
  const { value, grads } = tf.variableGrads(loss, model.variables);
  const norm = tf.tidy(() =>
    tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))),
  );
  const [lossValue, gradNorm] = await Promise.all([value.data(), norm.data()]).then(([l, n]) => [
    l[0],
    n[0],
  ]);
  value.dispose();
  norm.dispose();
  const clip = options.clipNorm;
  if (clip !== undefined && gradNorm > clip && Number.isFinite(gradNorm)) {
    const factor = clip / gradNorm;
    const clipped = tf.tidy(() =>
      Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, factor)])),
    );
    optimizer.applyGradients(clipped);
    tf.dispose(clipped);
  } else if (Number.isFinite(gradNorm)) {
    optimizer.applyGradients(grads);
  }
  tf.dispose(grads);
  return { loss: lossValue, gradNorm };
}

/** Mean softmax cross-entropy of logits [n, K] against integer labels, as a tfjs scalar. */
export function softmaxCrossEntropy(
  tf: Tf,
  logits: TfCore.Tensor2D,
  labels: TfCore.Tensor1D,
): TfCore.Scalar {
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProbs), 1))) as TfCore.Scalar;
  });
}
