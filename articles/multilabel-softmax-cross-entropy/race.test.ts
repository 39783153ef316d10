/**
 * The training race behind the training-race widget, on the tfjs CPU backend: identical starts,
 * no tensor leaks, the numbers the article quotes for the default settings, and which settings
 * diverge.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tensorMemory } from '../../src/core/index';
import { microF1, thresholdPredictions } from './math';
import { defaultValues, type ParamSchema } from '../../src/widgets/params';
import trainingRace from './widgets/TrainingRaceWidget';
import { raceConfig } from './widgets/TrainingRaceWidget';
import {
  evaluationInterval,
  heldOutScores,
  labelsPerExample,
  raceData,
  RaceRun,
  TrainingRace,
  type RaceConfig,
  type RaceStepResult,
} from './widgets/race';

beforeAll(async () => {
  await initBackend({ candidates: ['cpu'] });
}, 60_000);

type RaceValues = Parameters<typeof raceConfig>[0] & { steps: number };
const defaults = defaultValues(trainingRace.params as ParamSchema) as unknown as RaceValues;
const DEFAULT_CONFIG = raceConfig(defaults);
const small = (patch: Partial<RaceConfig> = {}): RaceConfig => ({
  ...DEFAULT_CONFIG,
  train: 200,
  test: 100,
  ...patch,
});

describe('TrainingRace', () => {
  it('the widget’s defaults are the article’s task: 30 classes, d = 20, 1–3 labels, linear, Adam at 0.01, 2000 steps', () => {
    expect(DEFAULT_CONFIG).toMatchObject({
      classes: 30,
      dim: 20,
      hidden: 0,
      minPositives: 1,
      maxPositives: 3,
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 64,
      test: 500,
    });
    expect(defaults.steps).toBe(2000);
    expect(evaluationInterval(2000)).toBe(33);
    expect(evaluationInterval(20)).toBe(5);
  });

  it('starts both models from the same weights, so at step 0 they score identically', async () => {
    const race = await TrainingRace.create(small({ hidden: 16 }));
    const [a, b] = await Promise.all([race.zlprModel.variables, race.bceModel.variables]).then(
      async ([va, vb]) => [
        await Promise.all(va.map((v) => v.data())),
        await Promise.all(vb.map((v) => v.data())),
      ],
    );
    a.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(b[i])));
    const start = await race.evaluate();
    expect(start.zlpr).toEqual(start.bce);
    race.dispose();
  });

  it('heldOutScores counts predictions at s > 0 and agrees with microF1 on them', () => {
    const logits = [
      [0.5, -1, 0],
      [2, 3, -0.1],
    ];
    const labels = [
      [1, 0, 1],
      [0, 1, 0],
    ];
    const scores = heldOutScores(logits, labels);
    expect(scores.predictedPerExample).toBe(1.5);
    expect(labelsPerExample(labels)).toBe(1.5);
    expect(scores.microF1).toBe(microF1(thresholdPredictions(logits), labels));
    expect(scores.microF1).toBeCloseTo((2 * 2) / (2 * 2 + 1 + 1), 15);
  });

  it('keeps tf.memory().numTensors flat across training steps and evaluations, and releases everything on dispose, for every optimizer', async () => {
    for (const optimizer of ['adam', 'sgd', 'momentum'] as const) {
      const before = (await tensorMemory()).numTensors;
      const race = await TrainingRace.create(small({ hidden: 16, optimizer }));
      await race.step();
      await race.evaluate();
      const during = (await tensorMemory()).numTensors;
      for (let i = 0; i < 40; i++) await race.step();
      await race.evaluate();
      expect((await tensorMemory()).numTensors, optimizer).toBe(during);
      race.dispose();
      expect((await tensorMemory()).numTensors, optimizer).toBe(before);
    }
  });

  it('the widget’s run evaluates before training (with the first step), every evaluationInterval(steps) steps and after the last, on exactly the steps of a TrainingRace', async () => {
    const config = small({ hidden: 16 });
    const run = await RaceRun.create(config, 23);
    const reference = await TrainingRace.create(config);
    const start = await reference.evaluate();
    expect(start.zlpr).toEqual(start.bce);
    const trueLabels = raceData(config)
      .test.Y.flat()
      .reduce((a, y) => a + y, 0);
    const evaluatedAfter: number[] = [];
    let first: RaceStepResult | null = null;
    for (let step = 1; step <= 23; step++) {
      const { view, evaluated } = await run.step();
      const losses = await reference.step();
      expect(view.step).toBe(step);
      expect(view.losses).toEqual(losses);
      first ??= losses;
      expect(view.first).toEqual(first);
      expect(view.start).toEqual(start);
      if (evaluated) {
        evaluatedAfter.push(step);
        expect(view.latest).toEqual(await reference.evaluate());
      }
      expect(view.evaluatedAt).toBe(evaluatedAfter.at(-1) ?? 0);
      if (!evaluated && step < 5) expect(view.latest).toEqual(start);
      expect(view.truePerExample).toBe(trueLabels / config.test);
    }
    expect(evaluationInterval(23)).toBe(5);
    expect(evaluatedAfter).toEqual([5, 10, 15, 20, 23]);
    run.dispose();
    reference.dispose();
  });

  it('the widget’s run releases every tensor it made on dispose', async () => {
    const before = (await tensorMemory()).numTensors;
    const run = await RaceRun.create(small({ hidden: 16 }), 20);
    for (let i = 0; i < 20; i++) await run.step();
    run.dispose();
    expect((await tensorMemory()).numTensors).toBe(before);
  });

  it('reproduces its data from the seed, with 2 true labels per held-out example on average', () => {
    const a = raceData(DEFAULT_CONFIG);
    const b = raceData(DEFAULT_CONFIG);
    expect(a.test.X).toEqual(b.test.X);
    const mean =
      a.test.Y.reduce((s, row) => s + row.reduce((x, y) => x + y, 0), 0) / a.test.Y.length;
    expect(Math.abs(mean - 2)).toBeLessThan(4 * Math.sqrt(2 / 3 / 500));
  });

  it('at the defaults: after 300 steps micro F1 ≈ 0.71 (softmax loss) against ≈ 0.59 (BCE, ~1 label per example); by step 2000 within 0.01', async () => {
    const race = await TrainingRace.create(DEFAULT_CONFIG);
    const first = await race.step();
    for (let i = 1; i < 300; i++) await race.step();
    const at300 = await race.evaluate();
    expect(Math.abs(at300.zlpr.microF1 - 0.71)).toBeLessThan(0.015);
    expect(Math.abs(at300.bce.microF1 - 0.59)).toBeLessThan(0.015);
    expect(at300.bce.predictedPerExample).toBeLessThan(1.15);
    expect(at300.bce.predictedPerExample).toBeGreaterThan(0.9);
    let last = first;
    for (let i = 300; i < 2000; i++) last = await race.step();
    const at2000 = await race.evaluate();
    expect(Math.abs(at2000.zlpr.microF1 - at2000.bce.microF1)).toBeLessThan(0.01);
    expect(at2000.bce.microF1).toBeGreaterThan(at300.bce.microF1 + 0.1);
    // Both losses fell.
    expect(last.zlprLoss).toBeLessThan(first.zlprLoss / 2);
    expect(last.bceLoss).toBeLessThan(first.bceLoss / 4);
    race.dispose();
  }, 180_000);

  it('the linear model stays finite even at the top learning rate, 10⁴, and SGD moves each weight by at most lr·max|x| per step', async () => {
    const steps = 100;
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      const config = small({ optimizer, learningRate: 1e4 });
      const race = await TrainingRace.create(config);
      const maxAbs = async () =>
        Math.max(
          ...(await Promise.all(race.zlprModel.variables.map((v) => v.data()))).flatMap((d) =>
            Array.from(d, Math.abs),
          ),
        );
      const start = await maxAbs();
      for (let i = 0; i < steps; i++) {
        const { zlprLoss, bceLoss } = await race.step();
        expect(Number.isFinite(zlprLoss) && Number.isFinite(bceLoss)).toBe(true);
      }
      // Every ∂L/∂s lies in (−1, 1), so a weight's gradient is at most max|x| (1 for a bias);
      // momentum 0.9 can add up to 1/(1 − 0.9) = 10 of them.
      const xMax = Math.max(1, ...raceData(config).train.X.flat().map(Math.abs));
      const perStep = config.learningRate * xMax * (optimizer === 'momentum' ? 10 : 1);
      if (optimizer !== 'adam') expect(await maxAbs()).toBeLessThanOrEqual(start + steps * perStep);
      expect(Number.isFinite(await maxAbs())).toBe(true);
      race.dispose();
    }
  }, 120_000);

  it('the MLP with SGD at learning rate 1000 blows up within a few dozen steps', async () => {
    const race = await TrainingRace.create({
      ...DEFAULT_CONFIG,
      hidden: 64,
      optimizer: 'sgd',
      learningRate: 1000,
    });
    let failedAt = -1;
    for (let i = 1; i <= 50 && failedAt < 0; i++) {
      const { zlprLoss, bceLoss } = await race.step();
      if (!Number.isFinite(zlprLoss) || !Number.isFinite(bceLoss)) failedAt = i;
    }
    expect(failedAt).toBeGreaterThan(0);
    race.dispose();
  }, 60_000);
});
