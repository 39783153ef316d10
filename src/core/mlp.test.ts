import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, loadTf, tensorMemory, type Tf } from './backend';
import { createOptimizer, Mlp, softmaxCrossEntropy, trainStep } from './mlp';
import { logSoftmax } from './softmax';

let tf: Tf;
beforeAll(async () => {
  await initBackend({ candidates: ['cpu'] });
  tf = await loadTf();
});

const X = [
  [0.5, -1],
  [1.5, 0.25],
  [-0.75, 2],
];
const labels = [0, 1, 1];

/** Mean cross-entropy computed in plain JS from the network's logits. */
async function plainLoss(model: Mlp): Promise<number> {
  const logits = await model.predictLogits(X);
  return -logits.reduce((s, row, i) => s + logSoftmax(row)[labels[i]], 0) / X.length;
}

describe('Mlp', () => {
  it('is initialised from its seed: the same seed gives the same logits on any call', async () => {
    const a = await Mlp.create({ sizes: [2, 8, 2], activation: 'tanh', seed: 3 });
    const b = await Mlp.create({ sizes: [2, 8, 2], activation: 'tanh', seed: 3 });
    const c = await Mlp.create({ sizes: [2, 8, 2], activation: 'tanh', seed: 4 });
    expect(await a.predictLogits(X)).toEqual(await b.predictLogits(X));
    expect(await a.predictLogits(X)).not.toEqual(await c.predictLogits(X));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('trainStep reports the gradient norm that central finite differences of the loss give', async () => {
    const model = await Mlp.create({ sizes: [2, 5, 2], activation: 'tanh', seed: 1 });
    const x = tf.tensor2d(X);
    const y = tf.tensor1d(labels, 'int32');
    // A zero learning rate measures the gradient without moving the weights.
    const { gradNorm, loss } = await trainStep(model, createOptimizer(tf, 'sgd', 1e-30), () =>
      softmaxCrossEntropy(tf, model.forward(x), y),
    );
    expect(loss).toBeCloseTo(await plainLoss(model), 5);
    let squared = 0;
    const h = 1e-2;
    for (const v of model.variables) {
      const values = (await v.data()) as Float32Array;
      for (let i = 0; i < values.length; i++) {
        const original = values[i];
        const at = async (delta: number) => {
          const copy = Float32Array.from(values);
          copy[i] = original + delta;
          tf.tidy(() => v.assign(tf.tensor(copy, v.shape)));
          return plainLoss(model);
        };
        const d = ((await at(h)) - (await at(-h))) / (2 * h);
        tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
        squared += d * d;
      }
    }
    expect(gradNorm).toBeCloseTo(Math.sqrt(squared), 3);
    x.dispose();
    y.dispose();
    model.dispose();
  });

  it('with clipNorm, a step moves the weights by at most learning rate × clipNorm', async () => {
    const model = await Mlp.create({ sizes: [2, 6, 2], activation: 'relu', seed: 2 });
    const before = await Promise.all(model.variables.map(async (v) => Array.from(await v.data())));
    const x = tf.tensor2d(X);
    const y = tf.tensor1d(labels, 'int32');
    const { gradNorm } = await trainStep(
      model,
      createOptimizer(tf, 'sgd', 0.1),
      () => softmaxCrossEntropy(tf, model.forward(x), y),
      {
        clipNorm: 0.005,
      },
    );
    expect(gradNorm).toBeGreaterThan(0.005);
    const after = await Promise.all(model.variables.map(async (v) => Array.from(await v.data())));
    const moved = Math.sqrt(
      before.reduce((s, b, k) => s + b.reduce((t, v, i) => t + (v - after[k][i]) ** 2, 0), 0),
    );
    expect(moved).toBeCloseTo(0.1 * 0.005, 6);
    x.dispose();
    y.dispose();
    model.dispose();
  });

  it('inverted dropout keeps the expectation: the mean over many masks approaches the dropout-off output', async () => {
    const model = await Mlp.create({ sizes: [2, 64, 1], activation: 'linear', seed: 5 });
    const off = (await model.predictLogits([[1, -1]]))[0][0];
    let sum = 0;
    const masks = 400;
    for (let s = 0; s < masks; s++)
      sum += (await model.predictLogits([[1, -1]], { dropRate: 0.5, maskSeed: s }))[0][0];
    // A linear net: each mask's output is unbiased, so the average is within a few standard errors.
    const samples = await Promise.all(
      Array.from({ length: 50 }, (_, s) =>
        model.predictLogits([[1, -1]], { dropRate: 0.5, maskSeed: 10_000 + s }),
      ),
    );
    const sd = Math.sqrt(samples.reduce((t, r) => t + (r[0][0] - off) ** 2, 0) / samples.length);
    expect(Math.abs(sum / masks - off)).toBeLessThan((4 * sd) / Math.sqrt(masks));
    model.dispose();
  });

  it('trains and disposes without leaking tensors', async () => {
    const start = (await tensorMemory()).numTensors;
    const model = await Mlp.create({ sizes: [2, 16, 2], activation: 'relu', seed: 9 });
    const optimizer = createOptimizer(tf, 'adam', 0.05);
    const x = tf.tensor2d(X);
    const y = tf.tensor1d(labels, 'int32');
    const first = await trainStep(model, optimizer, () =>
      softmaxCrossEntropy(tf, model.forward(x, { dropRate: 0.2, maskSeed: 1 }), y),
    );
    const afterFirst = (await tensorMemory()).numTensors;
    let last = first;
    for (let i = 0; i < 100; i++) {
      last = await trainStep(model, optimizer, () => softmaxCrossEntropy(tf, model.forward(x), y));
    }
    expect((await tensorMemory()).numTensors).toBe(afterFirst);
    expect(last.loss).toBeLessThan(first.loss / 4);
    x.dispose();
    y.dispose();
    optimizer.dispose();
    model.dispose();
    expect((await tensorMemory()).numTensors).toBe(start);
  });
});

describe('createOptimizer', () => {
  it.each(['sgd', 'momentum', 'adam'] as const)(
    '%s releases every tensor it made on dispose()',
    async (name) => {
      const start = (await tensorMemory()).numTensors;
      const model = await Mlp.create({ sizes: [2, 3, 2], activation: 'tanh', seed: 1 });
      const optimizer = createOptimizer(tf, name, 0.1);
      const x = tf.tensor2d(X);
      const y = tf.tensor1d(labels, 'int32');
      await trainStep(model, optimizer, () => softmaxCrossEntropy(tf, model.forward(x), y));
      optimizer.dispose();
      model.dispose();
      x.dispose();
      y.dispose();
      expect((await tensorMemory()).numTensors).toBe(start);
    },
  );
});
