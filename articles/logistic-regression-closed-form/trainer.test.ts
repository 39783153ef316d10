/**
 * The widgets' runs on the tfjs cpu backend, stepped as their training sessions step them: the
 * softmax trainer (the core's Mlp with no hidden layer) keeps the tensor count flat across steps,
 * releases everything on dispose and reports the mean cross-entropy of its weights; the repeated
 * experiment's run gives the accuracies of an independent refit of the same datasets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tensorMemory } from '../../src/core/index';
import { defaultValues } from '../../src/widgets/params';
import { experimentDataset } from './math';
import { widgets } from './widgets/index';
import { pointsOf } from './widgets/TwoClassPlayground';
import { experimentConfig } from './widgets/RepeatedExperiment';
import { ExperimentRun, TEST_POINTS, type ExperimentStep } from './widgets/experimentRun';
import { SoftmaxTrainer, recordsLoss, softmaxStep } from './widgets/softmaxTrainer';
import {
  accuracyReference,
  adamReference,
  ldaReference,
  logLossReference,
  newtonLogistic,
} from './reference';

beforeAll(() => initBackend({ candidates: ['cpu'] }), 60_000);

const values = defaultValues(widgets[0].params) as unknown as Parameters<typeof pointsOf>[0];
const { points } = pointsOf(values);
const X = points.map((p) => [p.x, p.y]);
const y = points.map((p) => p.cls);

describe('SoftmaxTrainer, stepped as the session steps it', () => {
  it('keeps tf.memory().numTensors flat across 50 steps and returns to the start after dispose', async () => {
    const before = (await tensorMemory()).numTensors;
    const trainer = await SoftmaxTrainer.create(X, y, 2, {
      optimizer: 'momentum',
      learningRate: 0.05,
      seed: 1,
    });
    await softmaxStep(trainer);
    const during = (await tensorMemory()).numTensors;
    for (let i = 0; i < 50; i++) await softmaxStep(trainer);
    expect((await tensorMemory()).numTensors).toBe(during);
    trainer.dispose();
    expect((await tensorMemory()).numTensors).toBe(before);
  });

  it('refuses to start without points, with the message the runner shows', async () => {
    const before = (await tensorMemory()).numTensors;
    await expect(
      SoftmaxTrainer.create([], [], 2, { optimizer: 'adam', learningRate: 0.05, seed: 1 }),
    ).rejects.toThrow('There are no points to train on.');
    expect((await tensorMemory()).numTensors).toBe(before);
  });

  it('reports the loss before each step; after 400 Adam steps it is within 0.005 of the maximum-likelihood log-loss', async () => {
    const trainer = await SoftmaxTrainer.create(X, y, 2, {
      optimizer: 'adam',
      learningRate: 0.05,
      seed: 1,
    });
    let step = await softmaxStep(trainer);
    for (let i = 1; i < 400; i++) step = await softmaxStep(trainer);
    const model = step.view;
    const next = await softmaxStep(trainer);
    trainer.dispose();
    expect(model.steps).toBe(400);
    const lossBefore = next.watch[0];
    // The plot keeps step 400's loss (a multiple of 5) and not step 401's.
    expect(step.record?.loss).toBe(step.watch[0]);
    expect(next.record).toBeUndefined();
    expect(Math.abs(lossBefore - logLossReference(model, X, y))).toBeLessThan(1e-5);
    const mle = newtonLogistic(X, y);
    const best = logLossReference({ W: [[0, 0], mle.w], b: [0, mle.b] }, X, y);
    expect(lossBefore).toBeGreaterThanOrEqual(best - 1e-6);
    expect(lossBefore - best).toBeLessThan(0.005);
  });

  it('plots the loss of every one of the first 100 steps, then of every fifth', () => {
    const plotted = Array.from({ length: 300 }, (_, i) => i + 1).filter(recordsLoss);
    expect(plotted.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(plotted.slice(100, 103)).toEqual([105, 110, 115]);
    expect(plotted.length).toBe(140);
  });
});

describe('ExperimentRun, stepped as the session steps it', () => {
  const experimentValues = {
    ...(defaultValues(widgets[2].params) as unknown as Parameters<typeof experimentConfig>[0]),
    datasets: 20,
    n_train: 30,
    dim: 5,
    steps: 120,
    seed: 7,
  };
  const config = experimentConfig(experimentValues);

  /** Steps the run until it is done, as the session would; returns the steps taken. */
  async function runToEnd(run: ExperimentRun): Promise<ExperimentStep[]> {
    const taken: ExperimentStep[] = [];
    for (let i = 0; i < 10_000; i++) {
      const step = await run.step();
      taken.push(step);
      if (step.done) return taken;
    }
    throw new Error('the experiment did not finish in 10,000 steps');
  }

  it('fits every dataset: closed-form accuracies equal LDA’s, gradient descent’s are within 0.002 of a float64 Adam, and no tensor is left', async () => {
    const before = (await tensorMemory()).numTensors;
    const run = new ExperimentRun(config);
    const taken = await runToEnd(run);
    run.dispose();
    expect((await tensorMemory()).numTensors).toBe(before);
    expect(taken.every((s) => s.losses.every(Number.isFinite))).toBe(true);
    const { results, skipped } = run.progress;
    expect(skipped).toBe(0);
    expect(results.map((r) => r.index)).toEqual(Array.from({ length: 20 }, (_, j) => j));
    let gradientDescent = 0;
    let adam = 0;
    for (const r of results) {
      const { train, test } = experimentDataset(7, r.index, config.settings, 30, TEST_POINTS);
      const lda = ldaReference(train.X, train.y, 2);
      expect(Math.abs(r.closedForm - accuracyReference(lda, test.X, test.y))).toBeLessThan(1e-12);
      gradientDescent += r.gradientDescent / 20;
      adam += accuracyReference(adamReference(train.X, train.y, 2, 120, 0.05), test.X, test.y) / 20;
    }
    // float32 here against float64 in the reference: a few borderline test points may flip.
    expect(Math.abs(gradientDescent - adam)).toBeLessThan(0.002);
  }, 60_000);

  it('a run left in the middle of a chunk releases that chunk’s tensors on dispose', async () => {
    const before = (await tensorMemory()).numTensors;
    const run = new ExperimentRun(config);
    // Draw the first chunk, build its trainer and take a few gradient steps on it.
    let trained = 0;
    while (trained < 3) if ((await run.step()).losses.length > 0) trained++;
    expect((await tensorMemory()).numTensors).toBeGreaterThan(before);
    run.dispose();
    expect((await tensorMemory()).numTensors).toBe(before);
    expect(run.progress.results).toEqual([]);
  });
});
