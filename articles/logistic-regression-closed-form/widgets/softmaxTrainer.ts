/**
 * The run behind the two widgets that train one softmax regression: its state (a SoftmaxTrainer)
 * and what one step of the training session does with it, free of React so that the tests run
 * exactly what the widgets run.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import {
  Mlp,
  createOptimizer,
  loadTf,
  softmaxCrossEntropy,
  trainStep,
} from '../../../src/core/index';
import type { OptimizerName, Tf } from '../../../src/core/index';
import type { SessionStep } from '../../../src/widgets/useTrainingSession';
import type { SoftmaxClassifier } from '../math';

/** The trained classifier after some steps. */
export interface TrainedSnapshot extends SoftmaxClassifier {
  /** Gradient steps taken. */
  steps: number;
}

/** How a softmax regression is trained: the optimizer, its rate and the initial weights' seed. */
export interface SoftmaxTrainingSettings {
  optimizer: OptimizerName;
  learningRate: number;
  seed: number;
}

/**
 * A one-layer network (softmax regression) trained by full-batch gradient descent on the mean
 * cross-entropy, on the core's Mlp with sizes [d, K] and no hidden layer. Owns its tensors.
 */
export class SoftmaxTrainer {
  steps = 0;

  private constructor(
    private readonly tf: Tf,
    private readonly model: Mlp,
    private readonly optimizer: TfCore.Optimizer,
    private readonly X: TfCore.Tensor2D,
    private readonly y: TfCore.Tensor1D,
  ) {}

  /** Uploads the points and initialises the weights; refuses an empty set of points. */
  static async create(
    X: readonly (readonly number[])[],
    y: readonly number[],
    numClasses: number,
    settings: SoftmaxTrainingSettings,
  ): Promise<SoftmaxTrainer> {
    if (X.length === 0) throw new Error('There are no points to train on.');
    const model = await Mlp.create({
      sizes: [X[0].length, numClasses],
      activation: 'linear',
      seed: settings.seed,
    });
    const tf = await loadTf();
    const optimizer = createOptimizer(tf, settings.optimizer, settings.learningRate);
    const inputs = tf.tensor2d(X as number[][], [X.length, X[0].length]);
    const labels = tf.tensor1d(y as number[], 'int32');
    return new SoftmaxTrainer(tf, model, optimizer, inputs, labels);
  }

  /** One step; returns the loss before it. */
  async step(): Promise<number> {
    const { loss } = await trainStep(this.model, this.optimizer, () =>
      softmaxCrossEntropy(this.tf, this.model.forward(this.X), this.y),
    );
    this.steps++;
    return loss;
  }

  /** The current weights as W (K×d, row k is class k) and b. */
  async parameters(): Promise<SoftmaxClassifier> {
    const [w, b] = await Promise.all([
      this.model.weights[0].array() as Promise<number[][]>,
      this.model.biases[0].array() as Promise<number[]>,
    ]);
    return { W: w[0].map((_, k) => w.map((row) => row[k])), b };
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    this.X.dispose();
    this.y.dispose();
  }
}

/** Every step's loss is kept up to this step, on the log axis where early steps take room. */
export const LOSS_EVERY_STEP_UNTIL = 100;
/** Past that, every this many steps. */
export const LOSS_STRIDE = 5;

/** Whether the loss after `steps` steps goes into the plotted history. */
export function recordsLoss(steps: number): boolean {
  return steps <= LOSS_EVERY_STEP_UNTIL || steps % LOSS_STRIDE === 0;
}

/** Room in the history for every recorded loss of a run of `maxSteps`, so none is thinned out. */
export function lossHistoryPoints(maxSteps: number): number {
  return LOSS_EVERY_STEP_UNTIL + Math.ceil(maxSteps / LOSS_STRIDE) + 1;
}

/** What a step of the session reports: the classifier it reached, and the loss before it. */
export interface SoftmaxSessionStep extends SessionStep<TrainedSnapshot> {
  watch: number[];
  view: TrainedSnapshot;
  record?: { loss: number };
}

/**
 * One step of the training session: a gradient step, then the weights it reached. The loss it
 * reports is the loss before the step; on the log axis it is drawn at the step that produced it.
 */
export async function softmaxStep(trainer: SoftmaxTrainer): Promise<SoftmaxSessionStep> {
  const loss = await trainer.step();
  const snapshot: TrainedSnapshot = { ...(await trainer.parameters()), steps: trainer.steps };
  return {
    watch: [loss, ...snapshot.W.flat(), ...snapshot.b],
    view: snapshot,
    record: recordsLoss(snapshot.steps) ? { loss } : undefined,
  };
}
