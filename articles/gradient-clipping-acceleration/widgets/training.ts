/**
 * The training run behind the smoothness widget, without React, so that the article's tests run
 * exactly what the widget runs: a tanh MLP on the two moons, full-batch gradient descent, and
 * at every step the local smoothness along the update direction.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import {
  createOptimizer,
  createRng,
  loadTf,
  Mlp,
  sampleMoons,
  softmaxCrossEntropy,
} from '../../../src/core/index';
import type { SeriesPoint } from '../../../src/widgets/series';
import { fitLine, halfMeanSquaredError, trainStepWithSmoothness, type LineFit } from '../math';

export type LossName = 'cross_entropy' | 'squared';

export interface TrainingConfig {
  loss: LossName;
  /** Learning rate of plain gradient descent. */
  lr: number;
  /** Clip the gradient to this norm (hard clipping), or undefined for none. */
  clipNorm?: number;
  /** Number of training points. */
  points: number;
  /** Seed of the data and of the initial weights. */
  seed: number;
}

/** Layer widths of the network. */
export const SIZES = [2, 16, 16, 2] as const;
/** Noise of the two-moons data. */
export const NOISE = 0.15;
/** Length h of the probe step along the update direction. */
export const PROBE = 0.01;
/** The longest run the widget offers. */
export const MAX_STEPS = 1000;

/** One step's record: the loss and gradient norm before it, and the smoothness measured at its start. */
export interface StepRecord {
  step: number;
  loss: number;
  gradNorm: number;
  smoothness: number;
}

export interface TrainingRun {
  /** Takes one step and returns its record. */
  step: () => Promise<StepRecord>;
  dispose: () => void;
}

/** Builds the data, the network and the optimizer of a run on the active tfjs backend. */
export async function createTrainingRun(config: TrainingConfig): Promise<TrainingRun> {
  const tf = await loadTf();
  const data = sampleMoons(createRng(config.seed), config.points, NOISE);
  const model = await Mlp.create({ sizes: SIZES, activation: 'tanh', seed: config.seed });
  const optimizer = createOptimizer(tf, 'sgd', config.lr);
  const x = tf.tensor2d(data.X);
  const labels = tf.tensor1d(data.y, 'int32');
  const targets = tf.tidy(() => tf.cast(tf.oneHot(labels, 2), 'float32')) as TfCore.Tensor2D;
  const loss =
    config.loss === 'squared'
      ? () => halfMeanSquaredError(tf, model.forward(x), targets)
      : () => softmaxCrossEntropy(tf, model.forward(x), labels);
  let steps = 0;
  let disposed = false;
  return {
    step: async () => {
      if (disposed) throw new Error('createTrainingRun: this run was disposed');
      const r = await trainStepWithSmoothness(model, optimizer, loss, {
        clipNorm: config.clipNorm,
        probe: PROBE,
      });
      steps += 1;
      return { step: steps, loss: r.loss, gradNorm: r.gradNorm, smoothness: r.smoothness };
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      tf.dispose([x, labels, targets]);
      optimizer.dispose();
      model.dispose();
    },
  };
}

/** A step's record as the values a session's history keeps (the step is the history's x). */
export function recordValues({ loss, gradNorm, smoothness }: StepRecord): Record<string, number> {
  return { loss, gradNorm, smoothness };
}

/** The records of a history kept from {@link recordValues}, in order of step. */
export function recordsOf(history: readonly SeriesPoint[]): StepRecord[] {
  return history.map(({ x, values }) => ({
    step: x,
    loss: values.loss,
    gradNorm: values.gradNorm,
    smoothness: values.smoothness,
  }));
}

/** The points (‖∇f‖, L̂) of the finite records, and the least-squares line through them. */
export function smoothnessFit(records: readonly StepRecord[]): {
  points: [number, number][];
  fit: LineFit | null;
} {
  const points = records
    .filter((r) => Number.isFinite(r.gradNorm) && Number.isFinite(r.smoothness))
    .map((r): [number, number] => [r.gradNorm, r.smoothness]);
  let fit: LineFit | null = null;
  try {
    fit = points.length >= 2 ? fitLine(points) : null;
  } catch {
    fit = null; // all x equal: no line
  }
  return { points, fit };
}
