import { useMemo } from 'react';
import type { OptimizerName } from '../../../src/core/index';
import { learningRateParam, optimizerParam, stepsParam } from '../../../src/widgets/params';
import { useTrainingSession, type TrainingSession } from '../../../src/widgets/useTrainingSession';
import {
  SoftmaxTrainer,
  lossHistoryPoints,
  softmaxStep,
  type TrainedSnapshot,
} from './softmaxTrainer';

/** The longest run the two softmax widgets offer. */
const MAX_GD_STEPS = 5000;

/**
 * The gradient-descent settings of a widget that trains a softmax regression, in this order:
 * optimizer, learning rate and number of full-batch steps. `loss` names the loss in the
 * optimizer's description ("log-loss", "cross-entropy").
 */
export function gradientDescentParams(loss: string) {
  return {
    optimizer: optimizerParam({
      description: `How gradient descent uses the gradient of the ${loss}.`,
    }),
    lr: learningRateParam({
      min: 0.001,
      max: 10,
      default: 0.05,
      description: 'Step size of gradient descent.',
    }),
    steps: stepsParam({
      max: MAX_GD_STEPS,
      default: 1000,
      label: 'GD steps',
      description: 'Full-batch gradient steps before the run stops.',
    }),
  };
}

export interface SoftmaxTrainingOptions {
  X: readonly (readonly number[])[];
  y: readonly number[];
  numClasses: number;
  optimizer: OptimizerName;
  learningRate: number;
  /** Seed of the initial weights. */
  seed: number;
  /** The run is done after this many steps. */
  steps: number;
  /** Whether the run may play by itself (tfjs ready, points to train on). */
  ready: boolean;
}

/**
 * A training session of a softmax regression on the given points: one gradient step per session
 * step, the classifier after it as the view, and the loss history as the line 'loss'.
 */
export function useSoftmaxTraining(
  options: SoftmaxTrainingOptions,
): TrainingSession<TrainedSnapshot> {
  const { X, y, numClasses, optimizer, learningRate, seed, steps, ready } = options;
  // Everything create and step read: a change of any of them restarts the run.
  const key = useMemo(
    () => JSON.stringify({ X, y, numClasses, optimizer, learningRate, seed, steps }),
    [X, y, numClasses, optimizer, learningRate, seed, steps],
  );
  return useTrainingSession<SoftmaxTrainer, TrainedSnapshot>({
    key,
    ready,
    maxSteps: steps,
    history: { maxPoints: lossHistoryPoints(MAX_GD_STEPS) },
    create: () => SoftmaxTrainer.create(X, y, numClasses, { optimizer, learningRate, seed }),
    step: softmaxStep,
    dispose: (trainer) => trainer.dispose(),
  });
}
