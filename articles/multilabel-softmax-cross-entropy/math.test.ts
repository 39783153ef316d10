import { beforeAll, describe, expect, it } from 'vitest';
import type * as TfCore from '@tensorflow/tfjs-core';
import { initBackend, loadTf, tensorMemory, type Tf } from '../../src/core/backend';
import { createRng } from '../../src/core/random';
import {
  binaryCrossEntropyGradient,
  binaryCrossEntropyPerClass,
  binaryCrossEntropyWithLogits,
  binaryCrossEntropyWithLogitsTensor,
  confusionPerClass,
  f1FromCounts,
  macroF1,
  microF1,
  multilabelCrossEntropy,
  multilabelCrossEntropyGradient,
  multilabelCrossEntropyParts,
  multilabelCrossEntropyTensor,
  multilabelHingeLimit,
  multilabelPrototypes,
  multilabelTermCount,
  sampleMultilabelData,
  scaledMultilabelLoss,
  sigmoid,
  thresholdPredictions,
} from './math';

let tf: Tf;
beforeAll(async () => {
  await initBackend({ candidates: ['cpu'] });
  tf = await loadTf();
});

/** The loss summed term by term, as in its pairwise form with s₀ = 0 (fine for moderate scores). */
function pairwiseWithThreshold(s: number[], y: number[], gamma = 1): number {
  let sum = 1;
  s.forEach((si, i) => {
    if (y[i] === 0) sum += Math.exp(gamma * si);
    else sum += Math.exp(-gamma * si);
    s.forEach((sj, j) => {
      if (y[i] === 0 && y[j] === 1) sum += Math.exp(gamma * (si - sj));
    });
  });
  return Math.log(sum) / gamma;
}

/** The Circle-loss form without a threshold class, term by term. */
function pairwiseRanking(s: number[], y: number[], gamma = 1): number {
  let sum = 1;
  s.forEach((si, i) =>
    s.forEach((sj, j) => {
      if (y[i] === 0 && y[j] === 1) sum += Math.exp(gamma * (si - sj));
    }),
  );
  return Math.log(sum) / gamma;
}

/** Random scores in [−a, a] and labels with at least one of each kind when n ≥ 2. */
function randomCase(seed: number, n: number, a = 4): { s: number[]; y: number[] } {
  const rng = createRng(seed);
  const s = Array.from({ length: n }, () => a * (2 * rng.uniform() - 1));
  const y = Array.from({ length: n }, () => (rng.uniform() < 0.35 ? 1 : 0));
  if (n >= 2) {
    y[0] = 1;
    y[n - 1] = 0;
  }
  return { s, y };
}

function centralDifference(f: (s: number[]) => number, s: number[], k: number, h = 1e-5) {
  const up = [...s];
  const down = [...s];
  up[k] += h;
  down[k] -= h;
  return (f(up) - f(down)) / (2 * h);
}

describe('multilabelCrossEntropy', () => {
  it('multilabelCrossEntropy(0⁵, two targets) = ln 4 + ln 3 = ln 12', () => {
    expect(multilabelCrossEntropy([0, 0, 0, 0, 0], [1, 1, 0, 0, 0])).toBeCloseTo(Math.log(12), 14);
  });

  it('multilabelCrossEntropy((2, 1, −1, 0.5, −3), targets {1, 4}) = 1.974674 (the brief’s value)', () => {
    expect(multilabelCrossEntropy([2, 1, -1, 0.5, -3], [1, 0, 0, 1, 0])).toBeCloseTo(1.974674, 6);
  });

  it('equals the pairwise sum with a threshold class s₀ = 0 written out term by term', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { s, y } = randomCase(seed, 2 + (seed % 9));
      expect(multilabelCrossEntropy(s, y)).toBeCloseTo(pairwiseWithThreshold(s, y), 12);
    }
  });

  it('is the sum of its two parts, each ln(1 + Σ e^…) of its own group', () => {
    const s = [0.3, -1.2, 2.5, 0];
    const y = [1, 0, 1, 0];
    const { negative, positive } = multilabelCrossEntropyParts(s, y);
    expect(negative).toBeCloseTo(Math.log(1 + Math.exp(-1.2) + Math.exp(0)), 15);
    expect(positive).toBeCloseTo(Math.log(1 + Math.exp(-0.3) + Math.exp(-2.5)), 15);
    expect(multilabelCrossEntropy(s, y)).toBe(negative + positive);
  });

  it('handles an example with no targets or with only targets (an empty group contributes ln 1 = 0)', () => {
    expect(multilabelCrossEntropy([1, -2], [0, 0])).toBeCloseTo(
      Math.log(1 + Math.exp(1) + Math.exp(-2)),
      15,
    );
    expect(multilabelCrossEntropy([1, -2], [1, 1])).toBeCloseTo(
      Math.log(1 + Math.exp(-1) + Math.exp(2)),
      15,
    );
    expect(multilabelCrossEntropy([], [])).toBe(0);
  });

  it('is finite and exact for scores of magnitude 1000, where e^s overflows', () => {
    // A non-target at +1000: ln(1 + e^1000) = 1000 to double precision.
    expect(multilabelCrossEntropy([1000, 5], [0, 1])).toBeCloseTo(
      1000 + Math.log1p(Math.exp(-5)),
      9,
    );
    // A target at −1000: the positive term is 1000.
    expect(multilabelCrossEntropy([-1000, -5], [1, 0])).toBeCloseTo(
      1000 + Math.log1p(Math.exp(-5)),
      9,
    );
    // Everything on the right side by 1000: the loss underflows to 0, not NaN.
    expect(multilabelCrossEntropy([1000, -1000], [1, 0])).toBe(0);
    expect(multilabelCrossEntropy([-1000, -1000, 1000], [0, 0, 0])).toBeCloseTo(1000, 9);
  });

  it('propagates NaN scores as NaN', () => {
    expect(multilabelCrossEntropy([NaN, 1], [1, 0])).toBeNaN();
    expect(multilabelCrossEntropy([0, NaN], [1, 0])).toBeNaN();
  });

  it('rejects labels of the wrong length or outside {0, 1} with a RangeError naming the function and argument', () => {
    expect(() => multilabelCrossEntropy([1, 2], [1])).toThrow(
      /multilabelCrossEntropy: labels has length 1 but scores has length 2/,
    );
    expect(() => multilabelCrossEntropy([1, 2], [1, 0.5])).toThrow(
      /multilabelCrossEntropy: labels must be 0 or 1, got 0.5 at index 1/,
    );
    expect(() => multilabelCrossEntropy([1, 2], [1, NaN])).toThrow(RangeError);
    expect(() => multilabelCrossEntropy('12' as unknown as number[], [1, 0])).toThrow(
      /multilabelCrossEntropy: scores must be an array of numbers/,
    );
    expect(() => multilabelCrossEntropyGradient([1], [2])).toThrow(
      /multilabelCrossEntropyGradient: labels/,
    );
  });
});

describe('multilabelCrossEntropyGradient', () => {
  it('matches central finite differences to 1e-8', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const { s, y } = randomCase(100 + seed, 2 + (seed % 8));
      const g = multilabelCrossEntropyGradient(s, y);
      s.forEach((_, k) => {
        const fd = centralDifference((v) => multilabelCrossEntropy(v, y), s, k);
        expect(Math.abs(g[k] - fd)).toBeLessThan(1e-8);
      });
    }
  });

  it('at |s| = 1000 gives the analytic limit: 1 for the runaway non-target, −1 for the sunken target, 0 elsewhere', () => {
    const g = multilabelCrossEntropyGradient([1000, 2, -1, 0.5], [0, 0, 1, 1]);
    expect(g[0]).toBe(1);
    expect(g[1]).toBe(0); // e^{2 − 1000} underflows to 0, its true value to 400 digits
    const h = multilabelCrossEntropyGradient([-1000, 2, -3], [1, 1, 0]);
    expect(h[0]).toBe(-1);
    expect(Math.abs(h[1])).toBe(0);
    expect(h[2]).toBeCloseTo(Math.exp(-3) / (1 + Math.exp(-3)), 15);
    // Two runaway non-targets share the push equally (to the rounding of 1000 + ln 2, ~1e-13).
    const two = multilabelCrossEntropyGradient([1000, 1000, 0], [0, 0, 1]);
    expect(two[0]).toBeCloseTo(0.5, 12);
    expect(two[1]).toBeCloseTo(0.5, 12);
  });

  it('each non-target weight is in (0, 1), each target weight in (−1, 0), and each group sums to below 1 in size', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const { s, y } = randomCase(300 + seed, 2 + (seed % 30), 12);
      const g = multilabelCrossEntropyGradient(s, y);
      const negSum = g.reduce((a, v, k) => (y[k] === 0 ? a + v : a), 0);
      const posSum = g.reduce((a, v, k) => (y[k] === 1 ? a + v : a), 0);
      g.forEach((v, k) => {
        if (y[k] === 0) expect(v >= 0 && v < 1).toBe(true);
        else expect(v <= 0 && v > -1).toBe(true);
      });
      expect(negSum).toBeLessThan(1);
      expect(posSum).toBeGreaterThan(-1);
      // The total push on the non-targets is 1 − 1/(1 + Σ e^{s_i}).
      const z = s.reduce((a, v, k) => (y[k] === 0 ? a + Math.exp(v) : a), 0);
      expect(negSum).toBeCloseTo(1 - 1 / (1 + z), 12);
    }
  });

  it('propagates a NaN score to the gradient of its group', () => {
    const g = multilabelCrossEntropyGradient([NaN, 1, 2], [0, 0, 1]);
    expect(g[0]).toBeNaN();
    expect(g[1]).toBeNaN();
    expect(Number.isFinite(g[2])).toBe(true);
  });
});

describe('scaledMultilabelLoss, multilabelHingeLimit and multilabelTermCount', () => {
  it('at γ = 1 with the threshold is multilabelCrossEntropy', () => {
    const s = [2, 1, -1, 0.5, -3];
    const y = [1, 0, 0, 1, 0];
    expect(scaledMultilabelLoss(s, y)).toBe(multilabelCrossEntropy(s, y));
  });

  it('matches the term-by-term pairwise sums with and without the threshold class at several γ', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { s, y } = randomCase(500 + seed, 2 + (seed % 7), 2);
      for (const gamma of [0.25, 1, 3]) {
        expect(scaledMultilabelLoss(s, y, { scale: gamma })).toBeCloseTo(
          pairwiseWithThreshold(s, y, gamma),
          11,
        );
        expect(scaledMultilabelLoss(s, y, { scale: gamma, threshold: false })).toBeCloseTo(
          pairwiseRanking(s, y, gamma),
          11,
        );
      }
    }
  });

  it('lies between the hinge h and h + ln T/γ, and approaches h as γ grows', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { s, y } = randomCase(700 + seed, 2 + (seed % 12), 5);
      for (const threshold of [true, false]) {
        const h = multilabelHingeLimit(s, y, { threshold });
        const T = multilabelTermCount(y, { threshold });
        for (const gamma of [0.1, 0.5, 1, 4, 30, 300]) {
          const L = scaledMultilabelLoss(s, y, { scale: gamma, threshold });
          expect(L).toBeGreaterThanOrEqual(h - 1e-12);
          expect(L).toBeLessThanOrEqual(h + Math.log(T) / gamma + 1e-12);
        }
        expect(scaledMultilabelLoss(s, y, { scale: 1e4, threshold }) - h).toBeLessThan(1e-3);
      }
    }
  });

  it('the hinge with the threshold is max(0, a) + max(0, b) = max(0, a, b, a + b), a = max s_neg, b = −min s_pos', () => {
    const s = [2, -1.5, 1, -2.5, -0.5, -3];
    const y = [1, 0, 0, 0, 1, 0];
    expect(multilabelHingeLimit(s, y)).toBe(1.5);
    expect(multilabelHingeLimit(s, y, { threshold: false })).toBe(1.5);
    for (let seed = 1; seed <= 30; seed++) {
      const c = randomCase(900 + seed, 3 + (seed % 6));
      const a = Math.max(...c.s.filter((_, k) => c.y[k] === 0));
      const b = -Math.min(...c.s.filter((_, k) => c.y[k] === 1));
      expect(multilabelHingeLimit(c.s, c.y)).toBeCloseTo(Math.max(0, a, b, a + b), 14);
      expect(multilabelHingeLimit(c.s, c.y, { threshold: false })).toBeCloseTo(
        Math.max(0, a + b),
        14,
      );
    }
  });

  it('counts (1 + |neg|)(1 + |pos|) terms with the threshold and 1 + |neg||pos| without', () => {
    expect(multilabelTermCount([1, 0, 0, 0, 1, 0])).toBe(15);
    expect(multilabelTermCount([1, 0, 0, 0, 1, 0], { threshold: false })).toBe(9);
  });

  it('stays finite for γs in the thousands and for an empty group', () => {
    expect(scaledMultilabelLoss([5, -5], [0, 1], { scale: 400 })).toBeCloseTo(10, 9);
    expect(scaledMultilabelLoss([5, -5], [0, 0], { threshold: false })).toBe(0);
    expect(multilabelHingeLimit([5, -5], [1, 1], { threshold: false })).toBe(0);
  });

  it('rejects a scale that is not a positive finite number', () => {
    expect(() => scaledMultilabelLoss([1], [1], { scale: 0 })).toThrow(
      /scaledMultilabelLoss: scale must be a positive finite number/,
    );
    expect(() => scaledMultilabelLoss([1], [1], { scale: NaN })).toThrow(RangeError);
  });
});

describe('binary cross-entropy with logits', () => {
  it('equals −Σ [y ln σ(s) + (1 − y) ln(1 − σ(s))] computed naively for moderate scores', () => {
    const s = [2, 1, -1, 0.5, -3];
    const y = [1, 0, 0, 1, 0];
    const naive = s.reduce((acc, v, k) => {
      const p = 1 / (1 + Math.exp(-v));
      return acc - (y[k] ? Math.log(p) : Math.log(1 - p));
    }, 0);
    expect(binaryCrossEntropyWithLogits(s, y)).toBeCloseTo(naive, 13);
    expect(binaryCrossEntropyWithLogits(s, y)).toBeCloseTo(2.276115721833267, 12);
    expect(binaryCrossEntropyPerClass(s, y).reduce((a, b) => a + b, 0)).toBeCloseTo(naive, 13);
  });

  it('is exact at |s| = 1000, where the naive form gives Infinity or NaN', () => {
    expect(binaryCrossEntropyWithLogits([1000], [0])).toBe(1000);
    expect(binaryCrossEntropyWithLogits([1000], [1])).toBe(0);
    expect(binaryCrossEntropyWithLogits([-1000], [1])).toBe(1000);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(binaryCrossEntropyGradient([1000, -1000], [0, 1])).toEqual([1, -1]);
  });

  it('its gradient σ(s) − y matches central finite differences', () => {
    const { s, y } = randomCase(42, 8);
    const g = binaryCrossEntropyGradient(s, y);
    s.forEach((_, k) => {
      const fd = centralDifference((v) => binaryCrossEntropyWithLogits(v, y), s, k);
      expect(Math.abs(g[k] - fd)).toBeLessThan(1e-8);
    });
  });

  it('rejects mismatched labels', () => {
    expect(() => binaryCrossEntropyWithLogits([1, 2], [1])).toThrow(
      /binaryCrossEntropyWithLogits: labels has length 1/,
    );
  });
});

describe('batched tfjs versions', () => {
  const S = [
    [2, 1, -1, 0.5, -3],
    [0, 0, 0, 0, 0],
    [1000, -1000, 3, -2, 0.25],
    [-4, 2.5, 0.5, 1, -1],
  ];
  const Y = [
    [1, 0, 0, 1, 0],
    [1, 1, 0, 0, 0],
    [0, 1, 1, 0, 0],
    [1, 1, 1, 1, 1],
  ];
  const mean = (f: (s: number[], y: number[]) => number) =>
    S.reduce((a, s, r) => a + f(s, Y[r]), 0) / S.length;

  it('multilabelCrossEntropyTensor is the batch mean of multilabelCrossEntropy, also at |s| = 1000', async () => {
    const value = tf.tidy(() => multilabelCrossEntropyTensor(tf, tf.tensor2d(S), tf.tensor2d(Y)));
    const got = (await value.data())[0];
    value.dispose();
    expect(
      Math.abs(got - mean(multilabelCrossEntropy)) / mean(multilabelCrossEntropy),
    ).toBeLessThan(1e-6);
  });

  it('binaryCrossEntropyWithLogitsTensor is the batch mean of the summed binary cross-entropy', async () => {
    const value = tf.tidy(() =>
      binaryCrossEntropyWithLogitsTensor(tf, tf.tensor2d(S), tf.tensor2d(Y)),
    );
    const got = (await value.data())[0];
    value.dispose();
    const want = mean(binaryCrossEntropyWithLogits);
    expect(Math.abs(got - want) / want).toBeLessThan(1e-6);
  });

  it('their tfjs gradients are the plain gradients divided by the batch size', async () => {
    const cases: [
      (tf: Tf, s: TfCore.Tensor2D, y: TfCore.Tensor2D) => TfCore.Scalar,
      (s: number[], y: number[]) => number[],
    ][] = [
      [multilabelCrossEntropyTensor, multilabelCrossEntropyGradient],
      [binaryCrossEntropyWithLogitsTensor, binaryCrossEntropyGradient],
    ];
    for (const [lossTensor, gradient] of cases) {
      const g = tf.tidy(() => {
        const y = tf.tensor2d(Y);
        return tf.grad((s: TfCore.Tensor) => lossTensor(tf, s as TfCore.Tensor2D, y))(
          tf.tensor2d(S),
        );
      });
      const got = (await g.array()) as number[][];
      g.dispose();
      S.forEach((s, r) => {
        const want = gradient(s, Y[r]);
        want.forEach((w, k) => expect(Math.abs(got[r][k] - w / S.length)).toBeLessThan(1e-6));
      });
    }
  });

  it('reject tensors of the wrong rank or shape with a RangeError naming the function', () => {
    const s = tf.tensor2d([[1, 2]]);
    const y = tf.tensor2d([[1, 0, 0]]);
    const v = tf.tensor1d([1, 2]);
    expect(() => multilabelCrossEntropyTensor(tf, s, y)).toThrow(
      /multilabelCrossEntropyTensor: labels must have the shape of scores \[1,2\], got \[1,3\]/,
    );
    expect(() =>
      binaryCrossEntropyWithLogitsTensor(tf, v as unknown as TfCore.Tensor2D, s),
    ).toThrow(/binaryCrossEntropyWithLogitsTensor: scores must have shape \[batch, classes\]/);
    tf.dispose([s, y, v]);
  });

  it('leave tf.memory().numTensors where it was after 100 calls and gradients', async () => {
    const s = tf.tensor2d(S);
    const y = tf.tensor2d(Y);
    const before = (await tensorMemory()).numTensors;
    for (let i = 0; i < 100; i++) {
      const a = multilabelCrossEntropyTensor(tf, s, y);
      const b = binaryCrossEntropyWithLogitsTensor(tf, s, y);
      const g = tf.grad((t: TfCore.Tensor) =>
        multilabelCrossEntropyTensor(tf, t as TfCore.Tensor2D, y),
      )(s);
      tf.dispose([a, b, g]);
    }
    expect((await tensorMemory()).numTensors).toBe(before);
    tf.dispose([s, y]);
  });
});

describe('thresholds and F1', () => {
  const predicted = [
    [1, 0, 1],
    [0, 1, 0],
  ];
  const labels = [
    [1, 1, 0],
    [0, 1, 0],
  ];

  it('thresholdPredictions keeps strictly positive scores (s > 0)', () => {
    expect(thresholdPredictions([[0.1, 0, -0.1]])).toEqual([[1, 0, 0]]);
    expect(thresholdPredictions([[0.1, 0.6]], 0.5)).toEqual([[0, 1]]);
  });

  it('confusionPerClass counts by hand: class 1 one TP, class 2 one TP and one FN, class 3 one FP', () => {
    expect(confusionPerClass(predicted, labels)).toEqual([
      { tp: 1, fp: 0, fn: 0 },
      { tp: 1, fp: 0, fn: 1 },
      { tp: 0, fp: 1, fn: 0 },
    ]);
  });

  it('microF1 pools the counts: TP 2, FP 1, FN 1 → 4/6', () => {
    expect(microF1(predicted, labels)).toBeCloseTo(2 / 3, 15);
  });

  it('macroF1 averages 1, 2/3 and 0 → 5/9', () => {
    expect(macroF1(predicted, labels)).toBeCloseTo(5 / 9, 15);
  });

  it('a class with nothing to find and nothing predicted scores `empty` (0 by default)', () => {
    const p = [
      [1, 0],
      [1, 0],
    ];
    const y = [
      [1, 0],
      [1, 0],
    ];
    expect(macroF1(p, y)).toBe(0.5);
    expect(macroF1(p, y, 1)).toBe(1);
    expect(microF1(p, y)).toBe(1);
    expect(f1FromCounts({ tp: 0, fp: 0, fn: 0 })).toBe(0);
  });

  it('rejects matrices of different shapes or with entries other than 0 and 1', () => {
    expect(() => microF1([[1, 0]], [[1, 0, 0]])).toThrow(
      /confusionPerClass: predicted is 1×2 but labels is 1×3/,
    );
    expect(() => macroF1([[1, 0.5]], [[1, 0]])).toThrow(
      /confusionPerClass: predicted row 0 has an entry other than 0 or 1/,
    );
    expect(() => microF1([], [])).toThrow(/predicted must be a non-empty array of rows/);
  });
});

describe('the synthetic multi-label task', () => {
  it('gives every example between minPositives and maxPositives targets, 2 on average for 1…3', () => {
    const rng = createRng(5);
    const prototypes = multilabelPrototypes(rng, 30, 20);
    const { X, Y } = sampleMultilabelData(rng, 3000, prototypes, {
      minPositives: 1,
      maxPositives: 3,
      noise: 0.25,
    });
    expect(X.length).toBe(3000);
    expect(X[0].length).toBe(20);
    const counts = Y.map((row) => row.reduce((a, b) => a + b, 0));
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(3);
    // k is uniform on {1, 2, 3}: mean 2, variance 2/3; 4 standard errors.
    const meanCount = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(Math.abs(meanCount - 2)).toBeLessThan(4 * Math.sqrt(2 / 3 / 3000));
  });

  it('without noise, each input is exactly the sum of its labels’ prototypes', () => {
    const rng = createRng(9);
    const prototypes = multilabelPrototypes(rng, 6, 4);
    const { X, Y } = sampleMultilabelData(rng, 20, prototypes, {
      minPositives: 1,
      maxPositives: 3,
      noise: 0,
    });
    X.forEach((x, r) => {
      const sum = prototypes[0].map((_, d) =>
        prototypes.reduce((a, mu, c) => a + Y[r][c] * mu[d], 0),
      );
      x.forEach((v, d) => expect(v).toBeCloseTo(sum[d], 14));
    });
  });

  it('prototypes have squared norm 1 on average (entries 𝒩(0, 1/d)), and the same seed gives the same task', () => {
    const prototypes = multilabelPrototypes(createRng(3), 400, 25);
    const norms = prototypes.map((mu) => mu.reduce((a, v) => a + v * v, 0));
    const mean = norms.reduce((a, b) => a + b, 0) / norms.length;
    // ‖μ‖² = χ²_d / d has variance 2/d.
    expect(Math.abs(mean - 1)).toBeLessThan(4 * Math.sqrt(2 / 25 / 400));
    expect(multilabelPrototypes(createRng(3), 2, 3)).toEqual(
      multilabelPrototypes(createRng(3), 2, 3),
    );
  });

  it('rejects impossible specs with a RangeError naming the argument', () => {
    const prototypes = multilabelPrototypes(createRng(1), 3, 2);
    expect(() =>
      sampleMultilabelData(createRng(1), 5, prototypes, {
        minPositives: 2,
        maxPositives: 4,
        noise: 0,
      }),
    ).toThrow(/sampleMultilabelData: need 1 ≤ minPositives ≤ maxPositives ≤ 3 classes/);
    expect(() =>
      sampleMultilabelData(createRng(1), 5, prototypes, {
        minPositives: 1,
        maxPositives: 2,
        noise: -1,
      }),
    ).toThrow(/sampleMultilabelData: noise/);
    expect(() => multilabelPrototypes(createRng(1), 0, 2)).toThrow(
      /multilabelPrototypes: classes must be a positive integer/,
    );
  });
});
