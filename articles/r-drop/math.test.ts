import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, loadTf, tensorMemory, type Tf } from '../../src/core/backend';
import { Mlp } from '../../src/core/mlp';
import { createRng } from '../../src/core/random';
import {
  dropoutGapStatistics,
  dropoutMaskDistributions,
  exactDropoutAverage,
  mlpLayers,
  mlpLogits,
  rdropLoss,
  rdropLossGradient,
  rdropLossParts,
  rdropLossTensor,
  type DenseLayer,
} from './math';

let tf: Tf;
beforeAll(async () => {
  await initBackend({ candidates: ['cpu'] });
  tf = await loadTf();
}, 60_000);

// ---------- independent reference computations, straight from probabilities ----------

const kl = (p: number[], q: number[]) =>
  p.reduce((s, pi, i) => s + (pi > 0 ? pi * Math.log(pi / q[i]) : 0), 0);
const softmaxNaive = (z: number[]) => {
  const e = z.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
/** The formula, term by term, for one example given its two probability vectors. */
const referenceLoss = (p: number[], q: number[], y: number, alpha: number) =>
  -Math.log(p[y]) - Math.log(q[y]) + (alpha / 2) * (kl(p, q) + kl(q, p));

const randomLogits = (seed: number, rows: number, classes: number, scale = 2) => {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: classes }, () => scale * rng.normal()),
  );
};

describe('rdropLoss(logitsA, logitsB, labels, alpha)', () => {
  const P1 = [0.7, 0.2, 0.1];
  const P2 = [0.6, 0.1, 0.3];

  it('gives the brief’s worked example: L^CE = 0.867501, L^KL = 0.152226, L = 1.476405 at α = 4', () => {
    const parts = rdropLossParts([P1.map(Math.log)], [P2.map(Math.log)], [0], 4);
    expect(parts.crossEntropy).toBeCloseTo(0.867501, 6);
    expect(parts.symmetricKl).toBeCloseTo(0.152226, 6);
    expect(parts.total).toBeCloseTo(1.476405, 6);
    // −ln 0.7 − ln 0.6 and the two KLs by hand.
    expect(parts.crossEntropy).toBeCloseTo(-Math.log(0.42), 14);
    expect(parts.klAB).toBeCloseTo(
      0.7 * Math.log(7 / 6) + 0.2 * Math.log(2) + 0.1 * Math.log(1 / 3),
      14,
    );
    expect(parts.klBA).toBeCloseTo(
      0.6 * Math.log(6 / 7) + 0.1 * Math.log(0.5) + 0.3 * Math.log(3),
      14,
    );
    expect(rdropLoss([P1.map(Math.log)], [P2.map(Math.log)], [0], 4)).toBeCloseTo(
      referenceLoss(P1, P2, 0, 4),
      13,
    );
  });

  it('is the issue’s formula averaged over the batch, for random logits', () => {
    const A = randomLogits(1, 7, 5);
    const B = randomLogits(2, 7, 5);
    const y = [0, 4, 2, 2, 1, 3, 0];
    for (const alpha of [0, 0.5, 4, 10]) {
      const expected =
        A.reduce(
          (s, a, i) => s + referenceLoss(softmaxNaive(a), softmaxNaive(B[i]), y[i], alpha),
          0,
        ) / 7;
      expect(rdropLoss(A, B, y, alpha)).toBeCloseTo(expected, 12);
    }
  });

  it('cannot tell apart two distributions with the same target probability, while the KL term can', () => {
    const P = [0.5, 0.2, 0.3];
    const Q = [0.5, 0.3, 0.2];
    const parts = rdropLossParts([P.map(Math.log)], [Q.map(Math.log)], [0], 1);
    expect(parts.crossEntropy).toBeCloseTo(2 * Math.LN2, 14);
    expect(parts.klAB).toBeCloseTo(0.1 * Math.log(1.5), 14);
    expect(parts.klBA).toBeCloseTo(0.1 * Math.log(1.5), 14);
    expect(parts.klAB).toBeCloseTo(0.040547, 6);
  });

  it('is symmetric in the two passes, invariant to shifting a logit row, and 2·CE for equal passes', () => {
    const A = randomLogits(3, 4, 3);
    const B = randomLogits(4, 4, 3);
    const y = [2, 0, 1, 1];
    expect(rdropLoss(B, A, y, 3)).toBeCloseTo(rdropLoss(A, B, y, 3), 13);
    const shifted = A.map((row, i) => row.map((v) => v + 10 * i - 7));
    expect(rdropLoss(shifted, B, y, 3)).toBeCloseTo(rdropLoss(A, B, y, 3), 11);
    const same = rdropLossParts(A, A, y, 5);
    expect(same.symmetricKl).toBe(0);
    const meanCe = A.reduce((s, a, i) => s - Math.log(softmaxNaive(a)[y[i]]), 0) / A.length;
    expect(same.total).toBeCloseTo(2 * meanCe, 13);
  });

  it('stays finite and exact at logits ±1000, where the naive softmax overflows', () => {
    const parts = rdropLossParts([[1000, -1000]], [[-1000, 1000]], [0], 1);
    // p_A = (1, e^{−2000}), p_B = (e^{−2000}, 1): CE = 0 + 2000, each KL = 2000.
    expect(parts.crossEntropy).toBeCloseTo(2000, 9);
    expect(parts.klAB).toBeCloseTo(2000, 9);
    expect(parts.klBA).toBeCloseTo(2000, 9);
    expect(parts.total).toBeCloseTo(4000, 9);
    expect(rdropLoss([[1000, 1000]], [[-1000, -1000]], [1], 4)).toBeCloseTo(2 * Math.LN2, 12);
  });

  it('returns NaN for a NaN or infinite logit, so that a training loop stops', () => {
    expect(rdropLoss([[NaN, 0]], [[0, 0]], [0], 1)).toBeNaN();
    expect(rdropLoss([[0, 0]], [[Infinity, 0]], [0], 1)).toBeNaN();
  });

  it('rejects wrong shapes, labels and alpha with a RangeError naming the argument', () => {
    const A = [[0, 1]];
    expect(() => rdropLoss([], [], [], 1)).toThrow(/rdropLoss: logitsA/);
    expect(() =>
      rdropLoss(
        A,
        [
          [0, 1],
          [1, 0],
        ],
        [0],
        1,
      ),
    ).toThrow(/rdropLoss: logitsB has 2 rows/);
    expect(() => rdropLoss(A, [[0, 1, 2]], [0], 1)).toThrow(/rdropLoss: logitsB row 0/);
    expect(() =>
      rdropLoss(
        [[0, 1], [0]],
        [
          [0, 1],
          [0, 1],
        ],
        [0, 0],
        1,
      ),
    ).toThrow(/rdropLoss: logitsA row 1/);
    expect(() => rdropLoss(A, A, [0, 1], 1)).toThrow(/rdropLoss: labels has 2 entries/);
    expect(() => rdropLoss(A, A, [2], 1)).toThrow(/rdropLoss: labels\[0\] = 2/);
    expect(() => rdropLoss(A, A, [0.5], 1)).toThrow(RangeError);
    expect(() => rdropLoss(A, A, [0], -1)).toThrow(/rdropLoss: alpha/);
    expect(() => rdropLoss(A, A, [0], NaN)).toThrow(/rdropLoss: alpha/);
  });
});

describe('rdropLossTensor(tf, logitsA, logitsB, labels, alpha)', () => {
  const value = async (A: number[][], B: number[][], y: number[], alpha: number) => {
    const t = tf.tidy(() =>
      rdropLossTensor(tf, tf.tensor2d(A), tf.tensor2d(B), tf.tensor1d(y, 'int32'), alpha),
    );
    const v = (await t.data())[0];
    t.dispose();
    return v;
  };

  it('equals the plain-array rdropLoss to float32 precision, and the brief’s 1.476405', async () => {
    const A = randomLogits(5, 9, 4);
    const B = randomLogits(6, 9, 4);
    const y = [0, 1, 2, 3, 3, 2, 1, 0, 2];
    for (const alpha of [0, 1, 4]) {
      expect(await value(A, B, y, alpha)).toBeCloseTo(rdropLoss(A, B, y, alpha), 5);
    }
    const worked = await value(
      [[0.7, 0.2, 0.1].map(Math.log)],
      [[0.6, 0.1, 0.3].map(Math.log)],
      [0],
      4,
    );
    expect(worked).toBeCloseTo(1.476405, 5);
  });

  it('stays finite at logits ±1000', async () => {
    expect(await value([[1000, -1000]], [[-1000, 1000]], [0], 1)).toBeCloseTo(4000, 1);
  });

  it('has the closed-form gradient p_A − e_y + (α/2)[p_A⊙(ln p_A − ln p_B − KL(p_A‖p_B)) + p_A − p_B] in logitsA', async () => {
    const a = [0.3, -1.2, 0.8];
    const b = [-0.4, 0.5, 0.1];
    const y = 2;
    const alpha = 3;
    const grad = tf.tidy(() =>
      tf.grad((za) =>
        rdropLossTensor(tf, za as TfTensor2D, tf.tensor2d([b]), tf.tensor1d([y], 'int32'), alpha),
      )(tf.tensor2d([a])),
    );
    const g = Array.from(await grad.data());
    grad.dispose();
    const p = softmaxNaive(a);
    const q = softmaxNaive(b);
    const klPQ = kl(p, q);
    const expected = p.map(
      (pj, j) =>
        pj -
        (j === y ? 1 : 0) +
        (alpha / 2) * (pj * (Math.log(pj) - Math.log(q[j]) - klPQ) + pj - q[j]),
    );
    g.forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
    // and a central finite difference of the plain-array loss
    const h = 1e-5;
    g.forEach((v, j) => {
      const up = a.map((x, k) => (k === j ? x + h : x));
      const down = a.map((x, k) => (k === j ? x - h : x));
      const fd = (rdropLoss([up], [b], [y], alpha) - rdropLoss([down], [b], [y], alpha)) / (2 * h);
      expect(v).toBeCloseTo(fd, 5);
    });
  });

  it('rejects mismatched shapes and a bad alpha with a RangeError naming the argument', () => {
    tf.tidy(() => {
      const A = tf.tensor2d([[0, 1]]);
      const y = tf.tensor1d([0], 'int32');
      expect(() => rdropLossTensor(tf, A, tf.tensor2d([[0, 1, 2]]), y, 1)).toThrow(
        /rdropLossTensor: logitsB has shape \[1, 3\]/,
      );
      expect(() => rdropLossTensor(tf, A, A, tf.tensor1d([0, 1], 'int32'), 1)).toThrow(
        /rdropLossTensor: labels has shape \[2\]/,
      );
      expect(() => rdropLossTensor(tf, A, A, y, -2)).toThrow(/rdropLossTensor: alpha/);
      expect(() =>
        rdropLossTensor(tf, tf.tensor1d([0, 1]) as unknown as TfTensor2D, A, y, 1),
      ).toThrow(/rdropLossTensor: logitsA and logitsB must be \[B, K\]/);
    });
  });

  it('releases every intermediate: 200 calls leave tf.memory().numTensors where it was', async () => {
    const A = tf.tensor2d(randomLogits(7, 16, 3));
    const B = tf.tensor2d(randomLogits(8, 16, 3));
    const y = tf.tensor1d(
      Array.from({ length: 16 }, (_, i) => i % 3),
      'int32',
    );
    const before = (await tensorMemory()).numTensors;
    for (let i = 0; i < 200; i++) rdropLossTensor(tf, A, B, y, 2).dispose();
    expect((await tensorMemory()).numTensors).toBe(before);
    tf.dispose([A, B, y]);
  });
});

type TfTensor2D = Parameters<typeof rdropLossTensor>[1];

describe('exactDropoutAverage(f, units, dropRate): model average against weight average', () => {
  it('f(h) = h², one unit, keep 0.9, x = 1: E f = x²/q = 1.111111 against f(x) = 1', () => {
    const { modelAverage, weightAverage } = exactDropoutAverage(([m]) => [m * m], 1, 0.1);
    expect(modelAverage[0]).toBeCloseTo(1 / 0.9, 14);
    expect(modelAverage[0]).toBeCloseTo(1.111111, 6);
    expect(weightAverage[0]).toBe(1);
  });

  it('relu(h₁ + h₂ − 1) at x = (0.8, 0.8), keep 0.9: model average 0.63, weight average 0.60', () => {
    const x = [0.8, 0.8];
    const f = (m: number[]) => [Math.max(0, x[0] * m[0] + x[1] * m[1] - 1)];
    const { modelAverage, weightAverage } = exactDropoutAverage(f, 2, 0.1);
    // Only the mask that keeps both units (probability 0.81) is active: 0.81·(1.6/0.9 − 1).
    expect(modelAverage[0]).toBeCloseTo(0.81 * (1.6 / 0.9 - 1), 14);
    expect(modelAverage[0]).toBeCloseTo(0.63, 12);
    expect(weightAverage[0]).toBeCloseTo(0.6, 14);
  });

  it('is exact for linear functions (inverted dropout is unbiased) and trivial at p = 0', () => {
    const w = [0.3, -2, 1.5, 0.25];
    const f = (m: number[]) => [m.reduce((s, v, i) => s + w[i] * v, 0.7)];
    const r = exactDropoutAverage(f, 4, 0.35);
    expect(r.modelAverage[0]).toBeCloseTo(r.weightAverage[0], 13);
    const g = (m: number[]) => [m[0] * m[1] * m[2]];
    const zero = exactDropoutAverage(g, 3, 0);
    expect(zero.modelAverage[0]).toBe(1);
  });

  it('rejects a bad drop rate or unit count', () => {
    expect(() => exactDropoutAverage(() => [0], 2, 1)).toThrow(/exactDropoutAverage: dropRate/);
    expect(() => exactDropoutAverage(() => [0], 17, 0.5)).toThrow(/exactDropoutAverage: units/);
  });
});

/** A random ReLU net [2, widths…, classes] as plain layers. */
function randomLayers(seed: number, sizes: number[]): DenseLayer[] {
  const rng = createRng(seed);
  return sizes.slice(0, -1).map((n, l) => ({
    weights: Array.from({ length: n }, () =>
      Array.from({ length: sizes[l + 1] }, () => rng.normal()),
    ),
    bias: Array.from({ length: sizes[l + 1] }, () => 0.3 * rng.normal()),
  }));
}

describe('dropoutMaskDistributions and dropoutGapStatistics', () => {
  const layers = randomLayers(11, [2, 3, 4, 3]);
  const x = [0.4, -0.9];
  const p = 0.3;

  it('enumerates 2^k masks whose probabilities sum to one, each matching a direct forward pass', () => {
    const d = dropoutMaskDistributions(layers, 'relu', x, p);
    expect(d.units).toBe(7);
    expect(d.maskProbabilities.length).toBe(128);
    expect(d.maskProbabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    for (const mask of [0, 5, 77, 127]) {
      const bits = Array.from({ length: 7 }, (_, j) => ((mask >> j) & 1) / (1 - p));
      const logits = mlpLogits(layers, 'relu', x, [bits.slice(0, 3), bits.slice(3)]);
      const probs = softmaxNaive(logits);
      probs.forEach((v, c) =>
        expect(Math.exp(d.logProbabilities[mask * 3 + c])).toBeCloseTo(v, 13),
      );
      const kept = bits.filter((b) => b > 0).length;
      expect(d.maskProbabilities[mask]).toBeCloseTo(0.7 ** kept * 0.3 ** (7 - kept), 15);
    }
  });

  it('agrees with the generic exactDropoutAverage on the model average', () => {
    const stats = dropoutGapStatistics(dropoutMaskDistributions(layers, 'relu', x, p));
    const { modelAverage, weightAverage } = exactDropoutAverage(
      (m) => softmaxNaive(mlpLogits(layers, 'relu', x, [m.slice(0, 3), m.slice(3)])),
      7,
      p,
    );
    modelAverage.forEach((v, c) => expect(stats.modelAverage[c]).toBeCloseTo(v, 13));
    weightAverage.forEach((v, c) => expect(stats.dropoutOff[c]).toBeCloseTo(v, 13));
    expect(stats.gap).toBeCloseTo(
      modelAverage.reduce((s, v, c) => s + Math.abs(v - weightAverage[c]), 0) / 2,
      13,
    );
    expect(stats.gapKl).toBeCloseTo(kl(modelAverage, weightAverage), 12);
    expect(stats.gap).toBeGreaterThan(1e-3);
  });

  it('gives the expected R-Drop term Σ_c Cov(p_c, ln p_c) equal to the double sum over pairs of masks', () => {
    const d = dropoutMaskDistributions(layers, 'relu', x, p);
    const stats = dropoutGapStatistics(d);
    const probs = (m: number) => [0, 1, 2].map((c) => Math.exp(d.logProbabilities[m * 3 + c]));
    let pairs = 0;
    for (let m = 0; m < 128; m++) {
      for (let n = 0; n < 128; n++) {
        const a = probs(m);
        const b = probs(n);
        pairs += d.maskProbabilities[m] * d.maskProbabilities[n] * 0.5 * (kl(a, b) + kl(b, a));
      }
    }
    expect(stats.expectedSymmetricKl).toBeCloseTo(pairs, 13);
    // and the spread: standard deviations from a direct second pass
    const mean = stats.modelAverage;
    const variance = [0, 1, 2].map((c) =>
      Array.from(d.maskProbabilities).reduce((s, w, m) => s + w * (probs(m)[c] - mean[c]) ** 2, 0),
    );
    variance.forEach((v, c) => expect(stats.standardDeviation[c]).toBeCloseTo(Math.sqrt(v), 12));
  });

  it('with one dropout layer before a linear read-out, the mean logit is the dropout-off logit', () => {
    const one = randomLayers(12, [2, 6, 3]);
    const { modelAverage, weightAverage } = exactDropoutAverage(
      (m) => mlpLogits(one, 'relu', x, [m]),
      6,
      0.4,
    );
    modelAverage.forEach((v, c) => expect(v).toBeCloseTo(weightAverage[c], 13));
    // … yet the probabilities differ, because softmax is not linear.
    expect(dropoutGapStatistics(dropoutMaskDistributions(one, 'relu', x, 0.4)).gap).toBeGreaterThan(
      1e-3,
    );
  });

  it('has no gap and no R-Drop term at drop rate 0', () => {
    const stats = dropoutGapStatistics(dropoutMaskDistributions(layers, 'relu', x, 0));
    expect(stats.gap).toBe(0);
    expect(stats.expectedSymmetricKl).toBeCloseTo(0, 15);
    stats.standardDeviation.forEach((s) => expect(s).toBeCloseTo(0, 15));
  });

  it('rejects too many units, a bad drop rate and layers that do not chain', () => {
    expect(() => dropoutMaskDistributions(randomLayers(1, [2, 9, 9, 2]), 'relu', x, 0.2)).toThrow(
      /dropoutMaskDistributions: 18 hidden units/,
    );
    expect(() => dropoutMaskDistributions(layers, 'relu', x, -0.1)).toThrow(/dropRate/);
    expect(() => dropoutMaskDistributions(layers, 'relu', [1, 2, 3], 0.2)).toThrow(
      /dropoutMaskDistributions: layers\[0\]\.weights must be \[3\]\[3\]/,
    );
    expect(() => mlpLogits([], 'relu', x)).toThrow(/mlpLogits: layers/);
  });
});

describe('mlpLayers(model) and the tfjs network', () => {
  it('reads weights whose plain forward pass reproduces Mlp.predictLogits with dropout off', async () => {
    const model = await Mlp.create({ sizes: [2, 5, 4, 3], activation: 'relu', seed: 21 });
    const layers = await mlpLayers(model);
    const X = [
      [0.3, -0.2],
      [-1.5, 0.8],
    ];
    const tfLogits = await model.predictLogits(X);
    X.forEach((row, i) =>
      mlpLogits(layers, 'relu', row).forEach((v, c) => expect(v).toBeCloseTo(tfLogits[i][c], 5)),
    );
    model.dispose();
  });

  it('the exact model average matches the mean of softmax over sampled tfjs dropout masks within 4 SE', async () => {
    const model = await Mlp.create({ sizes: [2, 4, 4, 3], activation: 'relu', seed: 22 });
    const stats = dropoutGapStatistics(
      dropoutMaskDistributions(await mlpLayers(model), 'relu', [1.2, -0.7], 0.3),
    );
    // 4,000 copies of the input in one batch: every row gets its own masks.
    const n = 4000;
    const X = Array.from({ length: n }, () => [1.2, -0.7]);
    const logits = await model.predictLogits(X, { dropRate: 0.3, maskSeed: 5 });
    const probs = logits.map(softmaxNaive);
    for (let c = 0; c < 3; c++) {
      const mean = probs.reduce((s, r) => s + r[c], 0) / n;
      const sd = Math.sqrt(probs.reduce((s, r) => s + (r[c] - mean) ** 2, 0) / (n - 1));
      expect(Math.abs(mean - stats.modelAverage[c])).toBeLessThan((4 * sd) / Math.sqrt(n) + 1e-6);
      expect(Math.abs(sd - stats.standardDeviation[c])).toBeLessThan(
        0.1 * stats.standardDeviation[c] + 1e-6,
      );
    }
    model.dispose();
  });
});

describe('rdropLossGradient(logitsA, logitsB, labels, alpha)', () => {
  it('is the loss of rdropLoss and the gradient of its central finite differences in both passes, to 1e-8', () => {
    const rng = createRng(21);
    for (const alpha of [0, 1, 4]) {
      const A = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => 2 * rng.normal()));
      const B = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => 2 * rng.normal()));
      const y = [0, 3, 1];
      const { loss, dLogitsA, dLogitsB } = rdropLossGradient(A, B, y, alpha);
      expect(loss).toBeCloseTo(rdropLoss(A, B, y, alpha), 12);
      const h = 1e-6;
      for (const [which, grad] of [
        [A, dLogitsA],
        [B, dLogitsB],
      ] as const) {
        which.forEach((row, i) =>
          row.forEach((v, c) => {
            row[c] = v + h;
            const up = rdropLoss(A, B, y, alpha);
            row[c] = v - h;
            const down = rdropLoss(A, B, y, alpha);
            row[c] = v;
            expect(Math.abs((up - down) / (2 * h) - grad[i * 4 + c])).toBeLessThan(1e-8);
          }),
        );
      }
    }
  });

  it('rejects mismatched shapes like rdropLoss, naming the function', () => {
    expect(() => rdropLossGradient([[1, 2]], [[1]], [0], 1)).toThrow(
      /rdropLossGradient: logitsB row 0/,
    );
  });
});
