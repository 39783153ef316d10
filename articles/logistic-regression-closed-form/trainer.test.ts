/**
 * The widgets' gradient-descent trainer (the core's Mlp with no hidden layer) on the tfjs cpu
 * backend: it keeps the tensor count flat across steps, releases everything on dispose, and
 * its loss is the mean cross-entropy of the weights it reports.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tensorMemory } from '../../src/core/index';
import { defaultValues } from '../../src/widgets/params';
import { widgets } from './widgets/index';
import { pointsOf } from './widgets/TwoClassPlayground';
import { SoftmaxTrainer } from './widgets/useSoftmaxTraining';
import { logLossReference, newtonLogistic } from './reference';

beforeAll(() => initBackend({ candidates: ['cpu'] }), 60_000);

const values = defaultValues(widgets[0].params) as unknown as Parameters<typeof pointsOf>[0];
const { points } = pointsOf(values);
const X = points.map((p) => [p.x, p.y]);
const y = points.map((p) => p.cls);

describe('SoftmaxTrainer', () => {
  it('keeps tf.memory().numTensors flat across 50 steps and returns to the start after dispose', async () => {
    const before = (await tensorMemory()).numTensors;
    const trainer = await SoftmaxTrainer.create(X, y, 2, {
      optimizer: 'momentum',
      learningRate: 0.05,
      seed: 1,
    });
    await trainer.step();
    await trainer.parameters();
    const during = (await tensorMemory()).numTensors;
    for (let i = 0; i < 50; i++) {
      await trainer.step();
      await trainer.parameters();
    }
    expect((await tensorMemory()).numTensors).toBe(during);
    trainer.dispose();
    expect((await tensorMemory()).numTensors).toBe(before);
  });

  it('a retire() during a step disposes the trainer when the step finishes', async () => {
    const before = (await tensorMemory()).numTensors;
    const trainer = await SoftmaxTrainer.create(X, y, 2, {
      optimizer: 'adam',
      learningRate: 0.05,
      seed: 2,
    });
    trainer.begin();
    const pending = trainer.step();
    trainer.retire();
    await pending;
    expect((await tensorMemory()).numTensors).toBeGreaterThan(before);
    trainer.finish();
    expect((await tensorMemory()).numTensors).toBe(before);
  });

  it('reports the loss before each step; after 400 Adam steps it is within 0.005 of the maximum-likelihood log-loss', async () => {
    const trainer = await SoftmaxTrainer.create(X, y, 2, {
      optimizer: 'adam',
      learningRate: 0.05,
      seed: 1,
    });
    for (let i = 0; i < 400; i++) await trainer.step();
    const model = await trainer.parameters();
    const lossBefore = await trainer.step();
    trainer.dispose();
    expect(Math.abs(lossBefore - logLossReference(model, X, y))).toBeLessThan(1e-5);
    const mle = newtonLogistic(X, y);
    const best = logLossReference({ W: [[0, 0], mle.w], b: [0, mle.b] }, X, y);
    expect(lossBefore).toBeGreaterThanOrEqual(best - 1e-6);
    expect(lossBefore - best).toBeLessThan(0.005);
  });
});
