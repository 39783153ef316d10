/**
 * The functions behind the widgets' readouts, each checked against an independent computation,
 * and the training pair's use of memory.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, initBackend, tensorMemory } from '../../src/core/index';
import { mlpLayers, mlpLogits, rdropLoss, type DenseLayer } from './math';
import { blobData, gridPoints, moonsData, MOONS_TEST_SIZE } from './widgets/data';
import { maskDistribution, maskPairView, meanGap, sampleMasks, ternary } from './widgets/maskView';
import { decisionBoundary, SIDE_BY_SIDE_SIZES } from './widgets/SideBySide';
import { MASK_NET_SIZES, netMaskView } from './widgets/DropoutMasks';
import { evaluateLogits, maskSeeds, PlainRdropPair, RdropPair } from './widgets/training';

beforeAll(async () => {
  await initBackend({ candidates: ['cpu'] });
}, 60_000);

const softmax = (z: readonly number[]) => {
  const e = z.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

describe('evaluateLogits(logits, labels)', () => {
  it('gives the mean of −ln softmax(z)_y and the fraction of argmax hits', () => {
    const logits = [
      [2, 0],
      [0.5, 1.5],
      [-1, -3],
      [1000, -1000],
    ];
    const labels = [0, 0, 1, 0];
    const { loss, accuracy } = evaluateLogits(logits, labels);
    const expected =
      (-Math.log(softmax([2, 0])[0]) -
        Math.log(softmax([0.5, 1.5])[0]) -
        Math.log(softmax([-1, -3])[1]) +
        0) /
      4;
    expect(loss).toBeCloseTo(expected, 12);
    expect(accuracy).toBe(0.5);
    expect(() => evaluateLogits([[0, 1]], [0, 1])).toThrow(/evaluateLogits/);
  });
});

describe('datasets', () => {
  it('moonsData flips about the requested fraction of training labels and keeps the test labels clean', () => {
    const d = moonsData(3, 200, 0.2, 0.25);
    const flipped = d.flipped.filter(Boolean).length;
    // Binomial(200, 0.25): mean 50, sd ≈ 6.1.
    expect(Math.abs(flipped - 50)).toBeLessThan(4 * Math.sqrt(200 * 0.25 * 0.75));
    expect(d.test.X.length).toBe(MOONS_TEST_SIZE);
    expect(d.test.y.filter((v) => v === 1).length).toBe(MOONS_TEST_SIZE / 2);
    expect(moonsData(3, 200, 0.2, 0)).toEqual({ ...moonsData(3, 200, 0.2, 0) });
    expect(moonsData(3, 50, 0.2, 0).flipped.some(Boolean)).toBe(false);
  });

  it('blobData is reproducible from its seed and has 24 points of three classes', () => {
    expect(blobData(5)).toEqual(blobData(5));
    expect(blobData(5).X.length).toBe(24);
    expect(new Set(blobData(5).y)).toEqual(new Set([0, 1, 2]));
  });

  it('gridPoints lays out cell centres row by row from the bottom', () => {
    const g = gridPoints(4, 2, [0, 4], [0, 2]);
    expect(g[0]).toEqual([0.5, 0.5]);
    expect(g[3]).toEqual([3.5, 0.5]);
    expect(g[4]).toEqual([0.5, 1.5]);
  });
});

describe('decisionBoundary(values)', () => {
  it('finds the 0.5 level of a field that crosses it along x = 0.4 (within one grid cell)', () => {
    // The side-by-side grid: 56 × 42 cells over [−2, 2] × [−1.5, 1.5].
    const g = gridPoints(56, 42, [-2, 2], [-1.5, 1.5]);
    const values = g.map(([x]) => 1 / (1 + Math.exp(-5 * (x - 0.4))));
    const rings = decisionBoundary(values);
    expect(rings.length).toBe(1);
    expect(rings[0].length).toBeGreaterThan(40);
    // Every vertex lies on the level line x = 0.4: within a tenth of a grid cell inside the
    // grid, within one cell at the two ends, where d3 cuts the corner to the grid's edge.
    const cell = 4 / 56;
    rings[0].forEach(([x], i) => {
      const end = i === 0 || i === rings[0].length - 1;
      expect(Math.abs(x - 0.4)).toBeLessThan(end ? cell : 0.1 * cell);
    });
    // A field that never reaches 0.5 has no boundary at all.
    expect(decisionBoundary(g.map(() => 0.2))).toEqual([]);
  });
});

describe('the dropout-masks view', () => {
  const rng = createRng(9);
  const layers: DenseLayer[] = MASK_NET_SIZES.slice(0, -1).map((n, l) => ({
    weights: Array.from({ length: n }, () =>
      Array.from({ length: MASK_NET_SIZES[l + 1] }, () => rng.normal()),
    ),
    bias: Array.from({ length: MASK_NET_SIZES[l + 1] }, () => 0.2 * rng.normal()),
  }));

  it('ternary() puts the three pure distributions at the corners of a unit triangle', () => {
    expect(ternary([1, 0, 0])).toEqual([0, 0]);
    expect(ternary([0, 1, 0])).toEqual([1, 0]);
    const [x, y] = ternary([0, 0, 1]);
    expect(x).toBe(0.5);
    expect(y).toBeCloseTo(Math.sqrt(3) / 2, 15);
    // The uniform distribution sits at the centroid.
    const c = ternary([1 / 3, 1 / 3, 1 / 3]);
    expect(c[0]).toBeCloseTo(0.5, 15);
    expect(c[1]).toBeCloseTo(Math.sqrt(3) / 6, 15);
  });

  it('sampleMasks keeps each unit with probability 1 − p (within 4 standard errors)', () => {
    const masks = sampleMasks(4, 10, 0.3, 4000);
    const kept = masks.reduce((s, m) => s + ((m >> 3) & 1), 0);
    expect(Math.abs(kept / 4000 - 0.7)).toBeLessThan(4 * Math.sqrt((0.7 * 0.3) / 4000));
    expect(sampleMasks(4, 10, 0, 5)).toEqual([1023, 1023, 1023, 1023, 1023]);
  });

  it('maskPairView’s distributions are the network’s softmax under those masks, and its loss is rdropLoss of them', () => {
    const x = [0.4, -1.2];
    const pair: [number, number] = [0b1011011101, 0b0111110110];
    const view = maskPairView(layers, 'relu', x, 2, 0.3, pair, 4);
    const multipliers = (mask: number) => {
      const m = Array.from({ length: 10 }, (_, j) => ((mask >> j) & 1) / 0.7);
      return [m.slice(0, 5), m.slice(5)];
    };
    const z1 = mlpLogits(layers, 'relu', x, multipliers(pair[0]));
    const z2 = mlpLogits(layers, 'relu', x, multipliers(pair[1]));
    softmax(z1).forEach((v, c) => expect(view.first[c]).toBeCloseTo(v, 13));
    softmax(z2).forEach((v, c) => expect(view.second[c]).toBeCloseTo(v, 13));
    expect(view.loss.total).toBeCloseTo(rdropLoss([z1], [z2], [2], 4), 12);
    expect(view.loss.crossEntropy).toBeCloseTo(
      -Math.log(view.first[2]) - Math.log(view.second[2]),
      12,
    );
    expect(maskDistribution(view.distributions, pair[0])).toEqual(view.first);
  });

  it('netMaskView draws its mask pair from the “pair” seed and its cloud from the data seed', () => {
    const values = { drop_rate: 0.3, pair: 7, alpha: 2, seed: 1 };
    const v = netMaskView(layers, [0.1, 0.2], 0, values);
    const [a, b] = sampleMasks(7, 10, 0.3, 2);
    const view = maskPairView(layers, 'relu', [0.1, 0.2], 0, 0.3, [a, b], 2);
    expect(v.first).toEqual(view.first);
    expect(v.second).toEqual(view.second);
    expect(v.cloud.length).toBe(200);
    v.cloud.forEach(([px, py]) => {
      expect(py).toBeGreaterThanOrEqual(-1e-12);
      expect(py).toBeLessThanOrEqual(Math.sqrt(3) * Math.min(px, 1 - px) + 1e-9);
    });
  });

  it('meanGap is the mean of the per-input statistics', () => {
    const X = [
      [0.3, 0.1],
      [-1, 0.5],
      [0.8, -0.8],
    ];
    const each = X.map((x) => maskPairView(layers, 'relu', x, 0, 0.3, [0, 1], 1).stats);
    const m = meanGap(layers, 'relu', X, 0.3);
    expect(m.gap).toBeCloseTo(each.reduce((s, e) => s + e.gap, 0) / 3, 14);
    expect(m.expectedSymmetricKl).toBeCloseTo(
      each.reduce((s, e) => s + e.expectedSymmetricKl, 0) / 3,
      14,
    );
  });
});

describe('RdropPair', () => {
  const data = moonsData(2, 20, 0.25, 0.1);
  const config = {
    sizes: SIDE_BY_SIDE_SIZES,
    activation: 'relu' as const,
    seed: 2,
    dropRate: 0.3,
    alpha: 4,
    optimizer: 'adam' as const,
    learningRate: 0.01,
    X: data.train.X,
    y: data.train.y,
  };

  it('starts both networks from the same weights and uses the same two mask seeds for both', async () => {
    const pair = await RdropPair.create(config);
    const a = await mlpLayers(pair.plain);
    const b = await mlpLayers(pair.rdrop);
    expect(b).toEqual(a);
    expect(maskSeeds(2, 0)).toEqual([2_000_006, 2_000_007]);
    expect(maskSeeds(2, 5)[0]).not.toBe(maskSeeds(2, 4)[1]);
    pair.dispose();
  });

  it('the first step’s losses are the plain and R-Drop losses of the two dropout passes', async () => {
    const pair = await RdropPair.create(config);
    const [seedA, seedB] = maskSeeds(2, 0);
    const za = await pair.plain.predictLogits(data.train.X, { dropRate: 0.3, maskSeed: seedA });
    const zb = await pair.plain.predictLogits(data.train.X, { dropRate: 0.3, maskSeed: seedB });
    const losses = await pair.step();
    expect(losses.plain).toBeCloseTo(rdropLoss(za, zb, data.train.y, 0), 5);
    expect(losses.rdrop).toBeCloseTo(rdropLoss(za, zb, data.train.y, 4), 5);
    expect(losses.rdrop).toBeGreaterThan(losses.plain);
    pair.dispose();
  });

  it('releases everything on dispose with SGD with momentum too (a tfjs optimizer that leaks a scalar by itself)', async () => {
    const before = (await tensorMemory()).numTensors;
    for (let i = 0; i < 3; i++) {
      const pair = await RdropPair.create({ ...config, optimizer: 'momentum', learningRate: 0.05 });
      await pair.step();
      pair.dispose();
    }
    expect((await tensorMemory()).numTensors).toBe(before);
  });

  it('keeps tf.memory().numTensors flat across 50 steps and releases everything on dispose', async () => {
    const before = (await tensorMemory()).numTensors;
    const pair = await RdropPair.create(config);
    await pair.step();
    await pair.logits(data.test.X);
    const afterFirst = (await tensorMemory()).numTensors;
    let first = NaN;
    let last = NaN;
    for (let t = 0; t < 50; t++) {
      const r = await pair.step();
      if (t === 0) first = r.plain;
      last = r.plain;
      await pair.logits(data.train.X);
    }
    expect((await tensorMemory()).numTensors).toBe(afterFirst);
    expect(last).toBeLessThan(first);
    pair.dispose();
    expect((await tensorMemory()).numTensors).toBe(before);
  }, 60_000);
});

describe('PlainRdropPair, the pair the widgets train without tfjs', () => {
  const data = moonsData(2, 20, 0.25, 0.1);
  const config = {
    sizes: SIDE_BY_SIDE_SIZES,
    activation: 'relu' as const,
    seed: 2,
    dropRate: 0.3,
    alpha: 4,
    optimizer: 'adam' as const,
    learningRate: 0.01,
    X: data.train.X,
    y: data.train.y,
  };

  for (const optimizer of ['adam', 'momentum'] as const) {
    it(`takes RdropPair's steps on tfjs (${optimizer}): losses within 1e-5, weights within 1e-4 after 30 steps`, async () => {
      const tfjs = await RdropPair.create({ ...config, optimizer });
      const plain = new PlainRdropPair({ ...config, optimizer });
      for (let t = 0; t < 30; t++) {
        const [a, b] = [await tfjs.step(), await plain.step()];
        expect(Math.abs(a.plain - b.plain)).toBeLessThan(1e-5);
        expect(Math.abs(a.rdrop - b.rdrop)).toBeLessThan(1e-5);
        expect(Math.abs(a.rdropGradNorm - b.rdropGradNorm)).toBeLessThan(1e-4 * a.rdropGradNorm);
      }
      const [x, y] = [await tfjs.layers(), await plain.layers()];
      for (const net of ['plain', 'rdrop'] as const) {
        x[net].forEach((layer, l) =>
          layer.weights
            .flat()
            .forEach((w, i) =>
              expect(Math.abs(y[net][l].weights.flat()[i] - w)).toBeLessThan(1e-4),
            ),
        );
      }
      const [lx, ly] = [await tfjs.logits(data.test.X), await plain.logits(data.test.X)];
      lx.rdrop
        .flat()
        .forEach((v, i) => expect(Math.abs(ly.rdrop.flat()[i] - v)).toBeLessThan(1e-3));
      tfjs.dispose();
    }, 60_000);
  }

  it('starts both networks from the same weights, and its layers are the weights in DenseLayer layout', async () => {
    const pair = new PlainRdropPair(config);
    const { plain, rdrop } = await pair.layers();
    expect(rdrop).toEqual(plain);
    expect(plain.map((l) => [l.weights.length, l.weights[0].length])).toEqual([
      [2, 32],
      [32, 32],
      [32, 2],
    ]);
    // The logits the enumeration code computes from the layers are the network's own.
    const direct = (await pair.logits([data.test.X[0]])).plain[0];
    mlpLogits(plain, 'relu', data.test.X[0]).forEach((v, c) =>
      expect(v).toBeCloseTo(direct[c], 10),
    );
  });
});
