import { useCallback, useEffect, useRef, useState } from 'react';
import type * as TfCore from '@tensorflow/tfjs-core';
import {
  Mlp,
  createOptimizer,
  loadTf,
  softmaxCrossEntropy,
  trainStep,
} from '../../../src/core/index';
import type { OptimizerName, Tf } from '../../../src/core/index';
import type { SoftmaxClassifier } from '../math';
import { useFrameRunner, type FrameRunner } from '../../../src/widgets/useFrameRunner';

/** The trained classifier after some steps. */
export interface TrainedSnapshot extends SoftmaxClassifier {
  /** Gradient steps taken. */
  steps: number;
}

/**
 * A one-layer network (softmax regression) trained by full-batch gradient descent on the mean
 * cross-entropy, on the core's Mlp with sizes [d, K] and no hidden layer. Owns its tensors.
 */
export class SoftmaxTrainer {
  steps = 0;
  private busy = false;
  private stale = false;

  private constructor(
    private readonly tf: Tf,
    private readonly model: Mlp,
    private readonly optimizer: TfCore.Optimizer,
    private readonly X: TfCore.Tensor2D,
    private readonly y: TfCore.Tensor1D,
  ) {}

  static async create(
    X: readonly (readonly number[])[],
    y: readonly number[],
    numClasses: number,
    options: { optimizer: OptimizerName; learningRate: number; seed: number },
  ): Promise<SoftmaxTrainer> {
    const model = await Mlp.create({
      sizes: [X[0].length, numClasses],
      activation: 'linear',
      seed: options.seed,
    });
    const tf = await loadTf();
    const optimizer = createOptimizer(tf, options.optimizer, options.learningRate);
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

  /** Marks a step in flight: a retire() meanwhile defers disposal to finish(). */
  begin(): void {
    this.busy = true;
  }

  finish(): void {
    this.busy = false;
    if (this.stale) this.dispose();
  }

  /** Releases the tensors now, or when the step in flight finishes. */
  retire(): void {
    if (this.busy) this.stale = true;
    else this.dispose();
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    this.X.dispose();
    this.y.dispose();
  }
}

/**
 * The gradient-descent settings of a widget that trains a softmax regression, in this order:
 * optimizer, learning rate and number of full-batch steps. `loss` names the loss in the
 * optimizer's description ("log-loss", "cross-entropy").
 */
export function gradientDescentParams(loss: string) {
  return {
    optimizer: {
      type: 'select',
      options: ['adam', 'momentum', 'sgd'],
      optionLabels: ['Adam', 'Momentum (0.9)', 'Plain gradient descent'],
      default: 'adam' as 'adam' | 'momentum' | 'sgd',
      label: 'Optimizer',
      description: `How gradient descent uses the gradient of the ${loss}.`,
    },
    lr: {
      type: 'number',
      min: 0.001,
      max: 10,
      step: 0.001,
      default: 0.05,
      log: true,
      label: 'Learning rate',
      description: 'Step size of gradient descent.',
    },
    steps: {
      type: 'integer',
      min: 10,
      max: 5000,
      default: 1000,
      log: true,
      label: 'GD steps',
      description: 'Full-batch gradient steps before the run stops.',
    },
  } as const;
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
  maxSteps: number;
}

export interface SoftmaxTraining {
  runner: FrameRunner;
  /** The classifier after the latest step, or null before the first. */
  snapshot: TrainedSnapshot | null;
  /** (step k, loss before step k), thinned out after the first 100 steps. */
  history: [number, number][];
  /** A new value whenever a setting of the training changes: the key to restart on. */
  settings: unknown;
}

/**
 * Gradient-descent training of a softmax regression through the frame runner: one step per
 * runner step, restartable, with every tensor released on reset and unmount (a reset that lands
 * while a step is in flight disposes the trainer when that step returns).
 */
export function useSoftmaxTraining(options: SoftmaxTrainingOptions): SoftmaxTraining {
  const { X, y, numClasses, optimizer, learningRate, seed, maxSteps } = options;
  const trainerRef = useRef<SoftmaxTrainer | null>(null);
  const generation = useRef(0);
  const [snapshot, setSnapshot] = useState<TrainedSnapshot | null>(null);
  const [history, setHistory] = useState<[number, number][]>([]);

  const release = useCallback(() => {
    generation.current++;
    const trainer = trainerRef.current;
    trainerRef.current = null;
    trainer?.retire();
  }, []);

  const step = useCallback(async () => {
    const started = generation.current;
    let trainer = trainerRef.current;
    if (!trainer) {
      if (X.length === 0) throw new Error('There are no points to train on.');
      trainer = await SoftmaxTrainer.create(X, y, numClasses, { optimizer, learningRate, seed });
      if (started !== generation.current) {
        trainer.dispose();
        return {};
      }
      trainerRef.current = trainer;
    }
    trainer.begin();
    try {
      const loss = await trainer.step();
      const params = await trainer.parameters();
      if (started !== generation.current) return {};
      const steps = trainer.steps;
      setSnapshot({ ...params, steps });
      // The loss reported by a step is the loss before it, i.e. after steps − 1 updates; on the
      // log axis of the plot it is drawn at the step that produced it.
      if (steps <= 100 || steps % 5 === 0) setHistory((h) => [...h, [steps, loss]]);
      return { watch: [loss, ...params.W.flat(), ...params.b], done: steps >= maxSteps };
    } finally {
      trainer.finish();
    }
  }, [X, y, numClasses, optimizer, learningRate, seed, maxSteps]);

  const onReset = useCallback(() => {
    release();
    setSnapshot(null);
    setHistory([]);
  }, [release]);

  useEffect(() => release, [release]);

  const runner = useFrameRunner({ step, onReset });
  // The step callback is memoised on exactly the training's settings.
  return { runner, snapshot, history, settings: step };
}
