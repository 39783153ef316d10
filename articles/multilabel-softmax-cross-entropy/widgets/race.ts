/**
 * Two identical classifiers trained side by side on the same mini-batches of a synthetic
 * multi-label task, one with the multi-label softmax cross-entropy and one with per-class binary
 * cross-entropy, both judged at the untuned threshold s > 0 (σ(s) > 0.5 for the sigmoid model).
 * Plain classes over the core: TrainingRace, and RaceRun, the race as the widget's session steps it.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import {
  createOptimizer,
  createRng,
  loadTf,
  Mlp,
  permutation,
  trainStep,
} from '../../../src/core/index';
import {
  binaryCrossEntropyWithLogitsTensor,
  macroF1,
  microF1,
  multilabelCrossEntropyTensor,
  multilabelPrototypes,
  sampleMultilabelData,
  thresholdPredictions,
} from '../math';
import type { OptimizerName, Rng, Tf } from '../../../src/core/index';
import type { MultilabelData } from '../math';

export interface RaceConfig {
  /** Number of classes C. */
  classes: number;
  /** Input dimension d. */
  dim: number;
  /** Width of the hidden ReLU layer; 0 for a linear model. */
  hidden: number;
  /** Training and held-out examples. */
  train: number;
  test: number;
  /** Noise σ of the inputs. */
  noise: number;
  /** Targets per example, drawn uniformly from [minPositives, maxPositives]. */
  minPositives: number;
  maxPositives: number;
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  /** Seeds the prototypes, the data, the initial weights and the batch order. */
  seed: number;
}

/** How one model does on the held-out set at the threshold 0. */
export interface HeldOutScores {
  microF1: number;
  macroF1: number;
  /** Mean number of predicted labels per example (the truth averages (min+max)/2). */
  predictedPerExample: number;
}

export interface RaceEvaluation {
  zlpr: HeldOutScores;
  bce: HeldOutScores;
}

export interface RaceStepResult {
  /** Mini-batch losses before the step. */
  zlprLoss: number;
  bceLoss: number;
}

/** The task's data, generated in plain JS from the seed (same on every backend). */
export function raceData(config: RaceConfig): {
  train: MultilabelData;
  test: MultilabelData;
  rng: Rng;
} {
  const rng = createRng(config.seed);
  const prototypes = multilabelPrototypes(rng, config.classes, config.dim);
  const spec = {
    minPositives: config.minPositives,
    maxPositives: config.maxPositives,
    noise: config.noise,
  };
  const train = sampleMultilabelData(rng, config.train, prototypes, spec);
  const test = sampleMultilabelData(rng, config.test, prototypes, spec);
  return { train, test, rng };
}

/** The mean number of labels (ones) per row of a 0/1 matrix. */
export function labelsPerExample(rows: readonly (readonly number[])[]): number {
  return rows.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0) / rows.length;
}

/** Scores of a batch of label predictions at threshold 0. */
export function heldOutScores(logits: number[][], labels: number[][]): HeldOutScores {
  const predicted = thresholdPredictions(logits, 0);
  return {
    microF1: microF1(predicted, labels),
    macroF1: macroF1(predicted, labels),
    predictedPerExample: labelsPerExample(predicted),
  };
}

/** Steps between two held-out evaluations: about 60 points per run, at least every 5 steps. */
export function evaluationInterval(steps: number): number {
  return Math.max(5, Math.round(steps / 60));
}

export class TrainingRace {
  private cursor = 0;
  private order: number[];

  private constructor(
    readonly tf: Tf,
    readonly config: RaceConfig,
    readonly testLabels: number[][],
    private readonly rng: Rng,
    private readonly xTrain: TfCore.Tensor2D,
    private readonly yTrain: TfCore.Tensor2D,
    private readonly xTest: TfCore.Tensor2D,
    readonly zlprModel: Mlp,
    readonly bceModel: Mlp,
    private readonly zlprOptimizer: TfCore.Optimizer,
    private readonly bceOptimizer: TfCore.Optimizer,
  ) {
    this.order = permutation(rng, config.train);
  }

  /** Data, two models with the same initial weights (copyTo), and an optimizer for each. */
  static async create(config: RaceConfig): Promise<TrainingRace> {
    const { train, test, rng } = raceData(config);
    const sizes =
      config.hidden > 0
        ? [config.dim, config.hidden, config.classes]
        : [config.dim, config.classes];
    const zlprModel = await Mlp.create({ sizes, activation: 'relu', seed: config.seed });
    const bceModel = await Mlp.create({ sizes, activation: 'relu', seed: config.seed + 1 });
    zlprModel.copyTo(bceModel);
    const tf = await loadTf();
    return new TrainingRace(
      tf,
      config,
      test.Y,
      rng,
      tf.tensor2d(train.X),
      tf.tensor2d(train.Y),
      tf.tensor2d(test.X),
      zlprModel,
      bceModel,
      createOptimizer(tf, config.optimizer, config.learningRate),
      createOptimizer(tf, config.optimizer, config.learningRate),
    );
  }

  /** The next mini-batch's row indices (a fresh seeded permutation each epoch). */
  private nextBatch(): number[] {
    const size = Math.min(this.config.batchSize, this.config.train);
    if (this.cursor + size > this.order.length) {
      this.order = permutation(this.rng, this.config.train);
      this.cursor = 0;
    }
    const batch = this.order.slice(this.cursor, this.cursor + size);
    this.cursor += size;
    return batch;
  }

  /** One optimizer step of each model on the same mini-batch. */
  async step(): Promise<RaceStepResult> {
    const { tf } = this;
    const indices = tf.tensor1d(this.nextBatch(), 'int32');
    const x = tf.gather(this.xTrain, indices) as TfCore.Tensor2D;
    const y = tf.gather(this.yTrain, indices) as TfCore.Tensor2D;
    try {
      const zlpr = await trainStep(this.zlprModel, this.zlprOptimizer, () =>
        multilabelCrossEntropyTensor(tf, this.zlprModel.forward(x), y),
      );
      const bce = await trainStep(this.bceModel, this.bceOptimizer, () =>
        binaryCrossEntropyWithLogitsTensor(tf, this.bceModel.forward(x), y),
      );
      return { zlprLoss: zlpr.loss, bceLoss: bce.loss };
    } finally {
      tf.dispose([indices, x, y]);
    }
  }

  /** Held-out micro/macro F1 of both models at the threshold 0. */
  async evaluate(): Promise<RaceEvaluation> {
    const logitsOf = async (model: Mlp): Promise<number[][]> => {
      const logits = model.forward(this.xTest);
      try {
        return (await logits.array()) as number[][];
      } finally {
        logits.dispose();
      }
    };
    const [zlpr, bce] = [await logitsOf(this.zlprModel), await logitsOf(this.bceModel)];
    return {
      zlpr: heldOutScores(zlpr, this.testLabels),
      bce: heldOutScores(bce, this.testLabels),
    };
  }

  dispose(): void {
    this.tf.dispose([this.xTrain, this.yTrain, this.xTest]);
    this.zlprModel.dispose();
    this.bceModel.dispose();
    this.zlprOptimizer.dispose();
    this.bceOptimizer.dispose();
  }
}

/** What the race shows after a step. */
export interface RaceView {
  /** Steps both models have taken. */
  step: number;
  /** The mini-batch losses of this step and of the first one. */
  losses: RaceStepResult;
  first: RaceStepResult;
  /** The held-out scores before training (the same for both models, which start alike). */
  start: RaceEvaluation;
  /** The latest held-out scores, and the step they were taken after. */
  latest: RaceEvaluation;
  evaluatedAt: number;
  /** The mean number of true labels per held-out example. */
  truePerExample: number;
}

/**
 * The race as the widget runs it, for `steps` steps: the held-out scores before training (taken
 * with the first step), then after every `evaluationInterval(steps)` steps and after the last.
 */
export class RaceRun {
  private view: RaceView | null = null;

  private constructor(
    readonly race: TrainingRace,
    readonly steps: number,
  ) {}

  static async create(config: RaceConfig, steps: number): Promise<RaceRun> {
    return new RaceRun(await TrainingRace.create(config), steps);
  }

  /** One step of both models; `evaluated` is whether the held-out scores were taken after it. */
  async step(): Promise<{ view: RaceView; evaluated: boolean }> {
    const previous = this.view;
    let start = previous?.start;
    if (!start) {
      start = await this.race.evaluate();
      // The scores before training and the first step in tasks of their own: together they can
      // outlast a frame on a slow machine.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const losses = await this.race.step();
    const step = (previous?.step ?? 0) + 1;
    const evaluated = step % evaluationInterval(this.steps) === 0 || step >= this.steps;
    this.view = {
      step,
      losses,
      first: previous?.first ?? losses,
      start,
      latest: evaluated ? await this.race.evaluate() : (previous?.latest ?? start),
      evaluatedAt: evaluated ? step : (previous?.evaluatedAt ?? 0),
      truePerExample: previous?.truePerExample ?? labelsPerExample(this.race.testLabels),
    };
    return { view: this.view, evaluated };
  }

  dispose(): void {
    this.race.dispose();
  }
}
