/**
 * Two copies of one network trained side by side: "dropout" on the two cross-entropies of two
 * dropout passes, and "R-Drop" on the same two passes plus α times their symmetric KL. Both
 * start from the same weights, see the same batch and the same two dropout masks at every step,
 * so with α = 0 they take identical steps and any difference between them is the R-Drop term.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import {
  createOptimizer,
  initBackend,
  loadTf,
  Mlp,
  trainStep,
  type Activation,
  type OptimizerName,
  type Tf,
} from '../../../src/core/index';
import { rdropLossTensor } from '../math';

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

export class RdropPair {
  /** Training steps taken. */
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

  /** One full-batch step of both nets; returns their training losses before the step. */
  async step(): Promise<{
    plain: number;
    rdrop: number;
    plainGradNorm: number;
    rdropGradNorm: number;
  }> {
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

  /** Both nets' logits with dropout off for rows of X. */
  async logits(
    X: readonly (readonly number[])[],
  ): Promise<{ plain: number[][]; rdrop: number[][] }> {
    return { plain: await this.plain.predictLogits(X), rdrop: await this.rdrop.predictLogits(X) };
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
