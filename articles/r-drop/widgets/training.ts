/**
 * Two copies of one network trained side by side: "dropout" on the two cross-entropies of two
 * dropout passes, and "R-Drop" on the same two passes plus α times their symmetric KL. Both
 * start from the same weights, see the same batch and the same two dropout masks at every step,
 * so with α = 0 they take identical steps and any difference between them is the R-Drop term.
 *
 * The pair trains on one of two paths with the same numbers (up to float32 rounding): tfjs
 * (`RdropPair`), or plain TypeScript loops (`PlainRdropPair`), which the core measures faster
 * for networks as small as the article's and which needs no tfjs at all.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import {
  addGradients,
  applyPlainStep,
  createOptimizer,
  initBackend,
  loadTf,
  Mlp,
  PlainMlp,
  PlainOptimizer,
  trainStep,
  type Activation,
  type OptimizerName,
  type Tf,
} from '../../../src/core/index';
import { mlpLayers, rdropLossGradient, rdropLossTensor, type DenseLayer } from '../math';

export interface PairConfig {
  /** Layer widths, input to output. */
  sizes: readonly number[];
  activation: Activation;
  /** Seed of the shared initial weights and of the dropout masks. */
  seed: number;
  /** Drop probability p of every hidden unit during training. */
  dropRate: number;
  /** Weight α of the symmetric KL term of the R-Drop net. */
  alpha: number;
  optimizer: OptimizerName;
  learningRate: number;
  /** Training inputs [n][sizes[0]] and labels (full-batch training). */
  X: readonly (readonly number[])[];
  y: readonly number[];
}

/** Mean cross-entropy (nats) and accuracy of one net with dropout off. */
export interface Evaluation {
  loss: number;
  accuracy: number;
}

/** Cross-entropy and accuracy from logits rows and labels, in plain arrays. */
export function evaluateLogits(
  logits: readonly (readonly number[])[],
  labels: readonly number[],
): Evaluation {
  if (logits.length !== labels.length || labels.length === 0) {
    throw new RangeError(`evaluateLogits: ${logits.length} rows for ${labels.length} labels`);
  }
  let loss = 0;
  let right = 0;
  logits.forEach((row, i) => {
    let m = -Infinity;
    let arg = 0;
    row.forEach((v, c) => {
      if (v > m) {
        m = v;
        arg = c;
      }
    });
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    loss += lse - row[labels[i]];
    if (arg === labels[i]) right++;
  });
  return { loss: loss / labels.length, accuracy: right / labels.length };
}

/** Dropout-mask seeds of the two passes of step t: the same for both nets. */
export function maskSeeds(seed: number, t: number): [number, number] {
  return [seed * 1_000_003 + 2 * t, seed * 1_000_003 + 2 * t + 1];
}

/** The training losses before a step, and the float32 gradient norms. */
export interface PairStep {
  plain: number;
  rdrop: number;
  plainGradNorm: number;
  rdropGradNorm: number;
}

/** The two networks trained side by side, on either path. */
export interface TrainingPair {
  readonly config: PairConfig;
  /** 'tfjs' or 'plain'. */
  readonly path: 'tfjs' | 'plain';
  /** Training steps taken. */
  readonly steps: number;
  /** One full-batch step of both nets. */
  step(): Promise<PairStep>;
  /** Both nets' logits with dropout off for rows of X. */
  logits(X: readonly (readonly number[])[]): Promise<{ plain: number[][]; rdrop: number[][] }>;
  /** Both nets' layers as plain arrays (for the exact enumeration of masks). */
  layers(): Promise<{ plain: DenseLayer[]; rdrop: DenseLayer[] }>;
  dispose(): void;
}

/** The pair on tfjs, on the backend the core chose. */
export class RdropPair implements TrainingPair {
  readonly path = 'tfjs';
  steps = 0;

  private constructor(
    readonly tf: Tf,
    readonly config: PairConfig,
    readonly plain: Mlp,
    readonly rdrop: Mlp,
    private readonly plainOptimizer: TfCore.Optimizer,
    private readonly rdropOptimizer: TfCore.Optimizer,
    private readonly x: TfCore.Tensor2D,
    private readonly labels: TfCore.Tensor1D,
  ) {}

  static async create(config: PairConfig): Promise<RdropPair> {
    await initBackend();
    const tf = await loadTf();
    const spec = { sizes: config.sizes, activation: config.activation, seed: config.seed };
    const plain = await Mlp.create(spec);
    // A second net of the same shape, then the first one's weights copied in: same start.
    const rdrop = await Mlp.create({ ...spec, seed: config.seed + 1 });
    plain.copyTo(rdrop);
    const x = tf.tensor2d(config.X as number[][], [config.X.length, config.sizes[0]]);
    const labels = tf.tensor1d(config.y as number[], 'int32');
    return new RdropPair(
      tf,
      config,
      plain,
      rdrop,
      createOptimizer(tf, config.optimizer, config.learningRate),
      createOptimizer(tf, config.optimizer, config.learningRate),
      x,
      labels,
    );
  }

  async step(): Promise<PairStep> {
    const { tf, config, x, labels } = this;
    const [seedA, seedB] = maskSeeds(config.seed, this.steps);
    const lossOf = (model: Mlp, alpha: number) => () =>
      tf.tidy(() =>
        rdropLossTensor(
          tf,
          model.forward(x, { dropRate: config.dropRate, maskSeed: seedA }),
          model.forward(x, { dropRate: config.dropRate, maskSeed: seedB }),
          labels,
          alpha,
        ),
      );
    const plain = await trainStep(this.plain, this.plainOptimizer, lossOf(this.plain, 0));
    const rdrop = await trainStep(
      this.rdrop,
      this.rdropOptimizer,
      lossOf(this.rdrop, config.alpha),
    );
    this.steps += 1;
    return {
      plain: plain.loss,
      rdrop: rdrop.loss,
      plainGradNorm: plain.gradNorm,
      rdropGradNorm: rdrop.gradNorm,
    };
  }

  async logits(X: readonly (readonly number[])[]) {
    return { plain: await this.plain.predictLogits(X), rdrop: await this.rdrop.predictLogits(X) };
  }

  async layers() {
    return { plain: await mlpLayers(this.plain), rdrop: await mlpLayers(this.rdrop) };
  }

  dispose(): void {
    this.plain.dispose();
    this.rdrop.dispose();
    this.plainOptimizer.dispose();
    this.rdropOptimizer.dispose();
    this.x.dispose();
    this.labels.dispose();
  }
}

/** A PlainMlp's layers in the layout of DenseLayer (weights [inputs][outputs]). */
function plainLayers(model: PlainMlp): DenseLayer[] {
  return model.weights.map((w, l) => {
    const [fanIn, fanOut] = [model.sizes[l], model.sizes[l + 1]];
    return {
      weights: Array.from({ length: fanIn }, (_, k) =>
        Array.from(w.subarray(k * fanOut, (k + 1) * fanOut)),
      ),
      bias: Array.from(model.biases[l]),
    };
  });
}

/** Rows of a flat n × K array. */
const rowsOf = (flat: Float64Array, K: number): number[][] =>
  Array.from({ length: flat.length / K }, (_, i) => Array.from(flat.subarray(i * K, (i + 1) * K)));

/**
 * The pair in plain TypeScript: the same initial weights (rounded to float32, as tfjs stores
 * them), the same dropout masks from the same seeds, the loss's gradient from
 * {@link rdropLossGradient} backpropagated through each pass, and the optimizers' tfjs rules.
 */
export class PlainRdropPair implements TrainingPair {
  readonly path = 'plain';
  steps = 0;
  readonly plain: PlainMlp;
  readonly rdrop: PlainMlp;
  private readonly plainOptimizer: PlainOptimizer;
  private readonly rdropOptimizer: PlainOptimizer;

  constructor(readonly config: PairConfig) {
    const spec = { sizes: config.sizes, activation: config.activation, seed: config.seed };
    this.plain = PlainMlp.create(spec);
    this.rdrop = PlainMlp.create(spec);
    this.plainOptimizer = new PlainOptimizer(config.optimizer, config.learningRate);
    this.rdropOptimizer = new PlainOptimizer(config.optimizer, config.learningRate);
  }

  /** One step of one net on the R-Drop loss with weight alpha (0: the two cross-entropies). */
  private stepOne(model: PlainMlp, optimizer: PlainOptimizer, alpha: number) {
    const { X, y, dropRate, sizes } = this.config;
    const K = sizes[sizes.length - 1];
    const [seedA, seedB] = maskSeeds(this.config.seed, this.steps);
    const passA = model.forward(X, { dropRate, maskSeed: seedA });
    const passB = model.forward(X, { dropRate, maskSeed: seedB });
    const { loss, dLogitsA, dLogitsB } = rdropLossGradient(
      rowsOf(passA.logits, K),
      rowsOf(passB.logits, K),
      y,
      alpha,
    );
    const grads = addGradients(model.backward(passA, dLogitsA), model.backward(passB, dLogitsB));
    return { loss, gradNorm: applyPlainStep(model, optimizer, grads).gradNorm };
  }

  async step(): Promise<PairStep> {
    const plain = this.stepOne(this.plain, this.plainOptimizer, 0);
    const rdrop = this.stepOne(this.rdrop, this.rdropOptimizer, this.config.alpha);
    this.steps += 1;
    return {
      plain: plain.loss,
      rdrop: rdrop.loss,
      plainGradNorm: plain.gradNorm,
      rdropGradNorm: rdrop.gradNorm,
    };
  }

  async logits(X: readonly (readonly number[])[]) {
    return { plain: this.plain.logits(X), rdrop: this.rdrop.logits(X) };
  }

  async layers() {
    return { plain: plainLayers(this.plain), rdrop: plainLayers(this.rdrop) };
  }

  dispose(): void {
    // Plain arrays: nothing to release.
  }
}

/** A pair on the path the widget's compute choice names. */
export async function createPair(
  config: PairConfig,
  path: 'tfjs' | 'plain',
): Promise<TrainingPair> {
  return path === 'plain' ? new PlainRdropPair(config) : RdropPair.create(config);
}
