import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, loadTf, type Tf } from './backend';
import { sampleMoons } from './datasets';
import { createOptimizer, Mlp, softmaxCrossEntropy, trainStep, type Activation } from './mlp';
import {
  addGradients,
  applyPlainStep,
  PLAIN_MLP_CROSSOVER_HIDDEN,
  PlainMlp,
  PlainOptimizer,
  plainMlpChoice,
  preferPlainMlp,
} from './mlpPlain';
import type { OptimizerName } from './mlp';
import { createRng, dropoutMultipliers } from './random';

let tf: Tf;
beforeAll(async () => {
  await initBackend({ candidates: ['cpu'] });
  tf = await loadTf();
});

const X = [
  [0.5, -1],
  [1.5, 0.25],
  [-0.75, 2],
  [0.1, 0.3],
];
const labels = [0, 1, 2, 1];

/** The tfjs network's parameters as flat arrays, layer by layer. */
async function parametersOf(
  model: Mlp,
): Promise<{ weights: Float32Array[]; biases: Float32Array[] }> {
  const weights = await Promise.all(model.weights.map((w) => w.data() as Promise<Float32Array>));
  const biases = await Promise.all(model.biases.map((b) => b.data() as Promise<Float32Array>));
  return { weights, biases };
}

async function tfjsLoss(model: Mlp, rows: number[][], y: number[]): Promise<number> {
  const value = tf.tidy(() =>
    softmaxCrossEntropy(tf, model.forward(tf.tensor2d(rows)), tf.tensor1d(y, 'int32')),
  );
  const [loss] = await value.data();
  value.dispose();
  return loss;
}

describe('PlainMlp', () => {
  for (const activation of ['tanh', 'relu', 'linear'] as Activation[]) {
    it(`has the gradient of central finite differences of its loss (${activation}) to 1e-7`, () => {
      const model = PlainMlp.create({ sizes: [2, 5, 4, 3], activation, seed: 2 });
      // Non-zero biases, so that no ReLU unit sits exactly at its kink.
      const rng = createRng(9);
      model.biases.forEach((b) => b.forEach((_, j) => (b[j] = 0.3 * rng.normal())));
      const { loss, weights, biases } = model.gradients(X, labels);
      expect(loss).toBeCloseTo(model.loss(X, labels), 12);
      const h = 1e-6;
      const check = (params: Float64Array[], grads: Float64Array[]) => {
        params.forEach((p, l) => {
          for (let i = 0; i < p.length; i++) {
            const original = p[i];
            p[i] = original + h;
            const up = model.loss(X, labels);
            p[i] = original - h;
            const down = model.loss(X, labels);
            p[i] = original;
            expect(Math.abs((up - down) / (2 * h) - grads[l][i])).toBeLessThan(1e-7);
          }
        });
      };
      check(model.weights, weights);
      check(model.biases, biases);
    });
  }

  it('starts from exactly the weights of the tfjs Mlp with the same seed', async () => {
    const spec = { sizes: [2, 8, 6, 2], activation: 'tanh' as const, seed: 5 };
    const tfModel = await Mlp.create(spec);
    const plain = PlainMlp.create(spec);
    const { weights, biases } = await parametersOf(tfModel);
    weights.forEach((w, l) => expect(Array.from(plain.weights[l])).toEqual(Array.from(w)));
    biases.forEach((b, l) => expect(Array.from(plain.biases[l])).toEqual(Array.from(b)));
    tfModel.dispose();
  });

  for (const activation of ['tanh', 'relu'] as Activation[]) {
    it(`gives the tfjs Mlp's loss and logits for the same weights within float32 tolerance (${activation})`, async () => {
      const tfModel = await Mlp.create({ sizes: [2, 16, 16, 3], activation, seed: 11 });
      // Random biases on the tfjs side, copied over with the weights.
      const rng = createRng(3);
      tfModel.biases.forEach((b) =>
        b.assign(tf.tensor1d(Array.from({ length: b.shape[0] }, () => 0.2 * rng.normal()))),
      );
      const plain = PlainMlp.create({ sizes: [2, 16, 16, 3], activation, seed: 0 });
      const { weights, biases } = await parametersOf(tfModel);
      plain.setParameters(weights, biases);
      const expected = await tfjsLoss(tfModel, X, labels);
      expect(Math.abs(plain.loss(X, labels) - expected)).toBeLessThan(1e-5 * Math.max(1, expected));
      const tfLogits = await tfModel.predictLogits(X);
      plain
        .logits(X)
        .forEach((row, i) =>
          row.forEach((v, c) => expect(Math.abs(v - tfLogits[i][c])).toBeLessThan(1e-5)),
        );
      tfModel.dispose();
    });
  }

  it('takes the same SGD step as tfjs trainStep with plain SGD (weights, loss and gradient norm)', async () => {
    const spec = { sizes: [2, 12, 12, 2], activation: 'relu' as const, seed: 8 };
    const data = sampleMoons(createRng(1), 64, 0.2);
    const tfModel = await Mlp.create(spec);
    const plain = PlainMlp.create(spec);
    const optimizer = createOptimizer(tf, 'sgd', 0.5);
    const x = tf.tensor2d(data.X);
    const y = tf.tensor1d(data.y, 'int32');
    for (let t = 0; t < 3; t++) {
      const expected = await trainStep(tfModel, optimizer, () =>
        softmaxCrossEntropy(tf, tfModel.forward(x), y),
      );
      const actual = plain.trainStep(data.X, data.y, 0.5);
      expect(Math.abs(actual.loss - expected.loss)).toBeLessThan(1e-5);
      expect(Math.abs(actual.gradNorm - expected.gradNorm)).toBeLessThan(1e-4 * expected.gradNorm);
    }
    const { weights } = await parametersOf(tfModel);
    weights.forEach((w, l) =>
      w.forEach((v, i) => expect(Math.abs(plain.weights[l][i] - v)).toBeLessThan(1e-4)),
    );
    [x, y].forEach((t) => t.dispose());
    optimizer.dispose();
    tfModel.dispose();
  });

  it('learns the two moons: the loss falls below a third of its start in 300 steps', () => {
    const data = sampleMoons(createRng(4), 64, 0.1);
    const model = PlainMlp.create({ sizes: [2, 16, 16, 2], activation: 'tanh', seed: 1 });
    const first = model.trainStep(data.X, data.y, 0.5).loss;
    let last = first;
    for (let t = 0; t < 300; t++) last = model.trainStep(data.X, data.y, 0.5).loss;
    expect(last).toBeLessThan(first / 3);
  });

  it('stays finite for logits of size 1000 (log-sum-exp) and skips the step on an infinite gradient', () => {
    const model = PlainMlp.create({ sizes: [2, 2], activation: 'linear', seed: 0 });
    model.setParameters([[1000, -1000, -1000, 1000]], [[0, 0]]);
    const loss = model.loss([[1, 0]], [1]);
    expect(loss).toBeCloseTo(2000, 9);
    model.setParameters([[Infinity, 0, 0, 0]], [[0, 0]]);
    const before = Array.from(model.weights[0]);
    const result = model.trainStep([[1, 0]], [1], 0.1);
    expect(Number.isFinite(result.gradNorm)).toBe(false);
    expect(Array.from(model.weights[0])).toEqual(before);
  });

  it('rejects bad sizes, shapes, labels and learning rates with a RangeError naming the function', () => {
    expect(() => PlainMlp.create({ sizes: [2], activation: 'tanh', seed: 0 })).toThrow(
      /PlainMlp.create: sizes/,
    );
    const model = PlainMlp.create({ sizes: [2, 3, 2], activation: 'tanh', seed: 0 });
    expect(() => model.loss([[1, 2, 3]], [0])).toThrow(/PlainMlp.loss: X\[0\] has 3 entries/);
    expect(() => model.loss([[1, 2]], [2])).toThrow(/labels\[0\] = 2/);
    expect(() => model.trainStep([[1, 2]], [0], 0)).toThrow(/learning rate/);
    expect(() => model.setParameters([[1]], [[0]])).toThrow(/PlainMlp.setParameters/);
  });
});

describe('preferPlainMlp', () => {
  it('prefers the plain loops below the measured crossover and tfjs above it', () => {
    const h = PLAIN_MLP_CROSSOVER_HIDDEN;
    expect(preferPlainMlp([2, 8, 8, 2])).toBe(true);
    expect(preferPlainMlp([2, h / 2, h / 2, 2])).toBe(true);
    expect(preferPlainMlp([2, h * 2, h * 2, 2])).toBe(false);
    expect(preferPlainMlp([2, 1024, 1024, 2])).toBe(false);
    // The work grows with the batch: a small network on a huge batch goes to tfjs.
    expect(preferPlainMlp([2, h / 2, h / 2, 2], 64 * 16)).toBe(false);
    expect(() => preferPlainMlp([2, 0, 2])).toThrow(/preferPlainMlp: sizes/);
    expect(() => preferPlainMlp([2, 8, 2], 0)).toThrow(/preferPlainMlp: batch/);
  });
});

describe('dropoutMultipliers(seed, count, p)', () => {
  it('gives 0 or 1/(1−p), keeps a fraction 1−p within 4 standard errors, mean multiplier 1', () => {
    const p = 0.3;
    const m = dropoutMultipliers(7, 100_000, p);
    const kept = m.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.7)]));
    const se = Math.sqrt((p * (1 - p)) / m.length);
    expect(Math.abs(kept.length / m.length - (1 - p))).toBeLessThan(4 * se);
    expect(Array.from(dropoutMultipliers(7, 50, p))).toEqual(Array.from(m.slice(0, 50)));
    expect(Array.from(dropoutMultipliers(8, 50, p))).not.toEqual(Array.from(m.slice(0, 50)));
    expect(Array.from(dropoutMultipliers(1, 5, 0))).toEqual([1, 1, 1, 1, 1]);
    expect(() => dropoutMultipliers(1, 5, 1)).toThrow(/dropoutMultipliers: dropRate/);
  });
});

describe('PlainMlp with dropout, backward and the optimizers', () => {
  const rows = sampleMoons(createRng(6), 24, 0.2).X;
  const y = sampleMoons(createRng(6), 24, 0.2).y;

  for (const activation of ['relu', 'tanh'] as Activation[]) {
    it(`forward(X, { dropRate, maskSeed }) draws the masks of the tfjs Mlp (${activation}): logits within 1e-5`, async () => {
      const spec = { sizes: [2, 16, 16, 2], activation, seed: 3 };
      const tfModel = await Mlp.create(spec);
      const plain = PlainMlp.create(spec);
      for (const maskSeed of [0, 5, 123]) {
        const expected = await tfModel.predictLogits(rows, { dropRate: 0.4, maskSeed });
        const pass = plain.forward(rows, { dropRate: 0.4, maskSeed });
        expected.flat().forEach((v, i) => expect(Math.abs(pass.logits[i] - v)).toBeLessThan(1e-5));
      }
      // Dropout on: the two passes of different seeds differ.
      const a = plain.forward(rows, { dropRate: 0.4, maskSeed: 1 }).logits;
      const b = plain.forward(rows, { dropRate: 0.4, maskSeed: 2 }).logits;
      expect(Array.from(a)).not.toEqual(Array.from(b));
      tfModel.dispose();
    });

    it(`backward(pass, ∂L/∂z) is the gradient of central finite differences through the same masks (${activation}), to 1e-7`, () => {
      const model = PlainMlp.create({ sizes: [2, 6, 5, 3], activation, seed: 4 });
      const rng = createRng(2);
      model.biases.forEach((b) => b.forEach((_, j) => (b[j] = 0.3 * rng.normal())));
      // L = Σ c_ic z_ic with fixed random c: its gradient with respect to the logits is c.
      const c = Array.from({ length: rows.length * 3 }, () => rng.normal());
      const options = { dropRate: 0.3, maskSeed: 9 };
      const loss = () => model.forward(rows, options).logits.reduce((s, z, i) => s + c[i] * z, 0);
      const grads = model.backward(model.forward(rows, options), c);
      const h = 1e-6;
      [model.weights, model.biases].forEach((params, kind) =>
        params.forEach((param, l) => {
          for (let i = 0; i < param.length; i++) {
            const original = param[i];
            param[i] = original + h;
            const up = loss();
            param[i] = original - h;
            const down = loss();
            param[i] = original;
            const g = (kind === 0 ? grads.weights : grads.biases)[l][i];
            expect(Math.abs((up - down) / (2 * h) - g)).toBeLessThan(
              1e-7 * Math.max(1, Math.abs(g)),
            );
          }
        }),
      );
    });
  }

  for (const name of ['sgd', 'momentum', 'adam'] as OptimizerName[]) {
    it(`PlainOptimizer('${name}') takes tfjs's steps: weights within 2e-5 after 20 steps`, async () => {
      const spec = { sizes: [2, 12, 12, 2], activation: 'tanh' as const, seed: 8 };
      const tfModel = await Mlp.create(spec);
      const plain = PlainMlp.create(spec);
      const tfOptimizer = createOptimizer(tf, name, 0.05);
      const optimizer = new PlainOptimizer(name, 0.05);
      const x = tf.tensor2d(rows);
      const labelsTensor = tf.tensor1d(y, 'int32');
      for (let t = 0; t < 20; t++) {
        const expected = await trainStep(tfModel, tfOptimizer, () =>
          softmaxCrossEntropy(tf, tfModel.forward(x), labelsTensor),
        );
        const { loss, weights, biases } = plain.gradients(rows, y);
        const { gradNorm } = applyPlainStep(plain, optimizer, { weights, biases });
        expect(Math.abs(loss - expected.loss)).toBeLessThan(1e-5);
        expect(Math.abs(gradNorm - expected.gradNorm)).toBeLessThan(1e-4 * expected.gradNorm);
      }
      const { weights } = await parametersOf(tfModel);
      weights.forEach((w, l) =>
        w.forEach((v, i) => expect(Math.abs(plain.weights[l][i] - v)).toBeLessThan(2e-5)),
      );
      [x, labelsTensor].forEach((t) => t.dispose());
      tfOptimizer.dispose();
      tfModel.dispose();
    });
  }

  it('applyPlainStep clips the applied gradient to norm c, and leaves the weights on a non-finite one', () => {
    const model = PlainMlp.create({ sizes: [2, 2], activation: 'linear', seed: 0 });
    const before = Array.from(model.weights[0]);
    const grads = {
      weights: [Float64Array.from([3, 4, 0, 0])],
      biases: [Float64Array.from([0, 0])],
    };
    const { gradNorm } = applyPlainStep(model, new PlainOptimizer('sgd', 1), grads, {
      clipNorm: 1,
    });
    expect(gradNorm).toBe(5);
    const moved = Array.from(model.weights[0]).map((w, i) => before[i] - w);
    expect(Math.hypot(...moved)).toBeCloseTo(1, 12);
    const after = Array.from(model.weights[0]);
    const bad = { weights: [Float64Array.from([NaN, 0, 0, 0])], biases: [new Float64Array(2)] };
    expect(Number.isNaN(applyPlainStep(model, new PlainOptimizer('adam', 1), bad).gradNorm)).toBe(
      true,
    );
    expect(Array.from(model.weights[0])).toEqual(after);
    expect(() => new PlainOptimizer('sgd', 0)).toThrow(/PlainOptimizer: learning rate/);
  });

  it('addGradients sums entry by entry, and copyTo copies the parameters', () => {
    const a = { weights: [Float64Array.from([1, 2])], biases: [Float64Array.from([3])] };
    const b = { weights: [Float64Array.from([10, 20])], biases: [Float64Array.from([30])] };
    const sum = addGradients(a, b);
    expect(Array.from(sum.weights[0])).toEqual([11, 22]);
    expect(Array.from(sum.biases[0])).toEqual([33]);
    const source = PlainMlp.create({ sizes: [2, 3, 2], activation: 'relu', seed: 1 });
    const target = PlainMlp.create({ sizes: [2, 3, 2], activation: 'relu', seed: 2 });
    source.copyTo(target);
    expect(Array.from(target.weights[1])).toEqual(Array.from(source.weights[1]));
    expect(() =>
      source.copyTo(PlainMlp.create({ sizes: [2, 4, 2], activation: 'relu', seed: 1 })),
    ).toThrow(/PlainMlp.copyTo/);
  });
});

describe('plainMlpChoice', () => {
  it('prefers the plain path for the small R-Drop networks and says why', () => {
    const small = plainMlpChoice([2, 32, 32, 2], 200);
    expect(small.preferred).toBe(true);
    expect(small.reason).toMatch(/^plain TypeScript: \[2, 32, 32, 2\] on 200 rows is less work/);
    const large = plainMlpChoice([2, 512, 512, 2], 64);
    expect(large.preferred).toBe(false);
    expect(large.reason).toMatch(/^tfjs:/);
  });
});
