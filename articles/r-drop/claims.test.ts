/**
 * Every number and identity that index.mdx states, each checked by a computation that does not
 * reuse the formula it checks: probabilities worked by hand, a re-implementation of Su's Keras
 * loss on duplicated rows, exhaustive enumeration of dropout masks, finite differences, and
 * training runs of the pair the widgets train (plain TypeScript, which widgets.test.ts checks
 * against tfjs step by step), with the widgets' default settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createOptimizer,
  createRng,
  initBackend,
  loadTf,
  Mlp,
  trainStep,
  type Tf,
} from '../../src/core/index';
import {
  dropoutGapStatistics,
  dropoutMaskDistributions,
  exactDropoutAverage,
  mlpLogits,
  rdropLoss,
  rdropLossParts,
  rdropLossTensor,
  type DenseLayer,
} from './math';
import { blobData, moonsData } from './widgets/data';
import { meanGap } from './widgets/maskView';
import { evaluateLogits, PlainRdropPair, type PairConfig } from './widgets/training';

let tf: Tf;
beforeAll(async () => {
  await initBackend({ candidates: ['cpu'] });
  tf = await loadTf();
}, 60_000);

const ln = Math.log;
const kl = (p: readonly number[], q: readonly number[]) =>
  p.reduce((s, pi, i) => s + (pi > 0 ? pi * ln(pi / q[i]) : 0), 0);
const softmax = (z: readonly number[]) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

const P1 = [0.7, 0.2, 0.1];
const P2 = [0.6, 0.1, 0.3];

describe('the loss and its worked example', () => {
  it('L^CE = −ln 0.42 = 0.867501, KLs 0.136674 and 0.167779, L^KL = 0.152226, L = 1.476405 at α = 4', () => {
    const ce = -ln(0.7) - ln(0.6);
    expect(ce).toBeCloseTo(-ln(0.42), 15);
    expect(ce).toBeCloseTo(0.867501, 6);
    // KL(P¹‖P²) and KL(P²‖P¹) term by term.
    const kl12 = 0.7 * ln(0.7 / 0.6) + 0.2 * ln(0.2 / 0.1) + 0.1 * ln(0.1 / 0.3);
    const kl21 = 0.6 * ln(0.6 / 0.7) + 0.1 * ln(0.1 / 0.2) + 0.3 * ln(0.3 / 0.1);
    expect(kl12).toBeCloseTo(0.136674, 6);
    expect(kl21).toBeCloseTo(0.167779, 6);
    expect((kl12 + kl21) / 2).toBeCloseTo(0.152226, 6);
    expect(ce + 4 * ((kl12 + kl21) / 2)).toBeCloseTo(1.476405, 6);
    // The core function, fed logits ln P (softmax(ln P) = P), gives the same.
    const parts = rdropLossParts([P1.map(ln)], [P2.map(ln)], [0], 4);
    expect(parts.crossEntropy).toBeCloseTo(ce, 14);
    expect(parts.klAB).toBeCloseTo(kl12, 14);
    expect(parts.klBA).toBeCloseTo(kl21, 14);
    expect(parts.total).toBeCloseTo(ce + 2 * (kl12 + kl21), 14);
  });

  it('Su’s Keras loss on 2B duplicated rows is exactly ½L (0.738203 on the example), for any batch and α', () => {
    /** The Keras snippet: mean CE over 2B rows + mean over pairs of (KL₁₂ + KL₂₁)/4·α, with Keras’s clipping. */
    const keras = (rows: number[][], labels: number[], alpha: number) => {
      const eps = 1e-7;
      const clip = (p: number[]) => p.map((v) => Math.min(1, Math.max(eps, v)));
      const kld = (t: number[], p: number[]) => {
        const ct = clip(t);
        const cp = clip(p);
        return ct.reduce((s, v, i) => s + v * ln(v / cp[i]), 0);
      };
      const ce = rows.reduce((s, p, r) => s - ln(p[labels[r]]), 0) / rows.length;
      let pairs = 0;
      for (let i = 0; i < rows.length; i += 2)
        pairs += kld(rows[i], rows[i + 1]) + kld(rows[i + 1], rows[i]);
      return ce + (pairs / (rows.length / 2) / 4) * alpha;
    };
    expect(keras([P1, P2], [0, 0], 4)).toBeCloseTo(0.738203, 6);
    expect(keras([P1, P2], [0, 0], 4)).toBeCloseTo(
      rdropLoss([P1.map(ln)], [P2.map(ln)], [0], 4) / 2,
      12,
    );
    const rng = createRng(3);
    const A = Array.from({ length: 5 }, () =>
      softmax([rng.normal(), rng.normal(), rng.normal(), rng.normal()]),
    );
    const B = Array.from({ length: 5 }, () =>
      softmax([rng.normal(), rng.normal(), rng.normal(), rng.normal()]),
    );
    const y = [3, 0, 1, 2, 1];
    const interleaved = A.flatMap((a, i) => [a, B[i]]);
    const labels2 = y.flatMap((v) => [v, v]);
    for (const alpha of [0, 1, 4]) {
      expect(keras(interleaved, labels2, alpha)).toBeCloseTo(
        rdropLoss(
          A.map((p) => p.map(ln)),
          B.map((p) => p.map(ln)),
          y,
          alpha,
        ) / 2,
        12,
      );
    }
  });

  it('½(KL + KL) = ½Σ_c (P¹_c − P²_c)(ln P¹_c − ln P²_c), every summand ≥ 0 (eq:kl-sum)', () => {
    const rng = createRng(8);
    for (let trial = 0; trial < 20; trial++) {
      const p = softmax([3 * rng.normal(), rng.normal(), rng.normal(), 2 * rng.normal()]);
      const q = softmax([rng.normal(), 3 * rng.normal(), rng.normal(), rng.normal()]);
      const terms = p.map((pc, c) => (pc - q[c]) * (ln(pc) - ln(q[c])));
      terms.forEach((t) => expect(t).toBeGreaterThanOrEqual(0));
      expect(terms.reduce((a, b) => a + b, 0) / 2).toBeCloseTo((kl(p, q) + kl(q, p)) / 2, 13);
    }
  });

  it('the gradient in the first pass’s logits is eq:grad (central finite differences)', () => {
    const z1 = [0.4, -0.9, 1.3, 0.2];
    const z2 = [-0.2, 0.7, 0.5, -1.1];
    const y = 1;
    const alpha = 4;
    const p = softmax(z1);
    const q = softmax(z2);
    const h = 1e-6;
    p.forEach((pj, j) => {
      const formula =
        pj - (j === y ? 1 : 0) + (alpha / 2) * (pj * (ln(pj / q[j]) - kl(p, q)) + pj - q[j]);
      const up = z1.map((v, k) => (k === j ? v + h : v));
      const down = z1.map((v, k) => (k === j ? v - h : v));
      const fd =
        (rdropLoss([up], [z2], [y], alpha) - rdropLoss([down], [z2], [y], alpha)) / (2 * h);
      expect(formula).toBeCloseTo(fd, 8);
    });
  });

  it('SGD on ½L at rate η takes exactly the steps of SGD on L at rate η/2; Adam barely notices the ½', async () => {
    const X = tf.tensor2d([
      [0.5, -1],
      [1.5, 0.3],
      [-0.7, 1.8],
      [0.1, 0.2],
    ]);
    const y = tf.tensor1d([0, 1, 2, 1], 'int32');
    const run = async (optimizer: 'sgd' | 'adam', lr: number, scale: number) => {
      const model = await Mlp.create({ sizes: [2, 8, 3], activation: 'relu', seed: 5 });
      const opt = createOptimizer(tf, optimizer, lr);
      for (let t = 0; t < 25; t++) {
        await trainStep(model, opt, () =>
          tf.tidy(() =>
            tf.mul(
              scale,
              rdropLossTensor(
                tf,
                model.forward(X, { dropRate: 0.3, maskSeed: 2 * t }),
                model.forward(X, { dropRate: 0.3, maskSeed: 2 * t + 1 }),
                y,
                4,
              ),
            ),
          ),
        );
      }
      const weights = (await Promise.all(model.variables.map((v) => v.data()))).flatMap((d) =>
        Array.from(d),
      );
      model.dispose();
      opt.dispose();
      return weights;
    };
    const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    expect(maxDiff(await run('sgd', 0.1, 0.5), await run('sgd', 0.05, 1))).toBeLessThan(1e-6);
    // Adam: the same trajectory up to its ε = 1e-7 in the denominator.
    expect(maxDiff(await run('adam', 0.01, 0.5), await run('adam', 0.01, 1))).toBeLessThan(1e-4);
    // …whereas SGD with the same rate on ½L really does move differently.
    expect(maxDiff(await run('sgd', 0.1, 0.5), await run('sgd', 0.1, 1))).toBeGreaterThan(1e-3);
    tf.dispose([X, y]);
  });
});

describe('view 1: model average against weight average', () => {
  it('squared error splits into ‖y − f̄‖² + E‖f − f̄‖² over all masks (eq:bias-variance)', () => {
    // A 2-3-2 ReLU net with dropout on its three hidden units, enumerated exactly.
    const layers: DenseLayer[] = [
      {
        weights: [
          [1, -0.5, 0.8],
          [0.3, 1.2, -0.7],
        ],
        bias: [0.1, -0.2, 0.3],
      },
      {
        weights: [
          [0.9, -0.4],
          [-0.6, 1.1],
          [0.5, 0.7],
        ],
        bias: [0, 0.2],
      },
    ];
    const x = [0.6, -0.4];
    const target = [1, -0.5];
    const f = (m: number[]) => mlpLogits(layers, 'relu', x, [m]);
    const sq = (m: number[]) => [f(m).reduce((s, v, c) => s + (target[c] - v) ** 2, 0)];
    const expectedLoss = exactDropoutAverage(sq, 3, 0.3).modelAverage[0];
    const mean = exactDropoutAverage(f, 3, 0.3).modelAverage;
    const variance = exactDropoutAverage(
      (m) => [f(m).reduce((s, v, c) => s + (v - mean[c]) ** 2, 0)],
      3,
      0.3,
    ).modelAverage[0];
    const bias = mean.reduce((s, v, c) => s + (target[c] - v) ** 2, 0);
    expect(expectedLoss).toBeCloseTo(bias + variance, 13);
    expect(variance).toBeGreaterThan(0.01);
  });

  it('h²: model average x²/q = 1.111111 against 1 at x = 1, q = 0.9', () => {
    const r = exactDropoutAverage(([m]) => [m * m], 1, 0.1);
    expect(r.modelAverage[0]).toBeCloseTo(0.9 * (1 / 0.9) ** 2, 14);
    expect(r.modelAverage[0]).toBeCloseTo(1.111111, 6);
    expect(r.weightAverage[0]).toBe(1);
  });

  it('relu(h₁ + h₂ − 1) at x = (0.8, 0.8), q = 0.9: 0.63 against 0.60; any dropped input switches it off', () => {
    const f = (m: number[]) => [Math.max(0, 0.8 * m[0] + 0.8 * m[1] - 1)];
    expect(f([1 / 0.9, 0])[0]).toBe(0);
    expect(0.8 / 0.9).toBeLessThan(1);
    const r = exactDropoutAverage(f, 2, 0.1);
    expect(r.modelAverage[0]).toBeCloseTo(0.63, 12);
    expect(r.weightAverage[0]).toBeCloseTo(0.6, 14);
  });

  it('dropout only before a linear read-out: mean logits = dropout-off logits, yet the probabilities differ', () => {
    const rng = createRng(4);
    const layers: DenseLayer[] = [
      {
        weights: [0, 1].map(() => [0, 1, 2, 3, 4].map(() => rng.normal())),
        bias: [0, 1, 2, 3, 4].map(() => rng.normal()),
      },
      {
        weights: [0, 1, 2, 3, 4].map(() => [0, 1, 2].map(() => 2 * rng.normal())),
        bias: [0, 0, 0],
      },
    ];
    const x = [0.7, -1.1];
    const logits = exactDropoutAverage((m) => mlpLogits(layers, 'relu', x, [m]), 5, 0.3);
    logits.modelAverage.forEach((v, c) => expect(v).toBeCloseTo(logits.weightAverage[c], 13));
    const probs = exactDropoutAverage((m) => softmax(mlpLogits(layers, 'relu', x, [m])), 5, 0.3);
    const tv =
      probs.modelAverage.reduce((s, v, c) => s + Math.abs(v - probs.weightAverage[c]), 0) / 2;
    expect(tv).toBeGreaterThan(1e-3);
  });

  it('E over two independent masks of L^KL is Σ_c Cov(P_c, ln P_c) ≥ 0, zero when nothing depends on the mask (eq:expected)', () => {
    const rng = createRng(6);
    const layers: DenseLayer[] = [
      { weights: [0, 1].map(() => [0, 1, 2].map(() => rng.normal())), bias: [0.2, -0.1, 0.4] },
      {
        weights: [0, 1, 2].map(() => [0, 1, 2, 3].map(() => rng.normal())),
        bias: [0, 0.1, 0, -0.2],
      },
      { weights: [0, 1, 2, 3].map(() => [0, 1, 2].map(() => rng.normal())), bias: [0, 0, 0] },
    ];
    const x = [1.1, 0.3];
    const units = 7;
    const probsOf = (m: number[]) =>
      softmax(mlpLogits(layers, 'relu', x, [m.slice(0, 3), m.slice(3)]));
    // The double sum over all 128 × 128 mask pairs, weighted by their probabilities.
    const q = 0.75;
    const masks = Array.from({ length: 2 ** units }, (_, k) =>
      Array.from({ length: units }, (_, j) => ((k >> j) & 1) / q),
    );
    const weight = (m: number[]) => m.reduce((w, v) => w * (v > 0 ? q : 1 - q), 1);
    let pairs = 0;
    for (const a of masks)
      for (const b of masks) {
        const pa = probsOf(a);
        const pb = probsOf(b);
        pairs += weight(a) * weight(b) * 0.5 * (kl(pa, pb) + kl(pb, pa));
      }
    const covariance = [0, 1, 2].reduce((s, c) => {
      const ep = exactDropoutAverage((m) => [probsOf(m)[c]], units, 1 - q).modelAverage[0];
      const elog = exactDropoutAverage((m) => [ln(probsOf(m)[c])], units, 1 - q).modelAverage[0];
      const eplog = exactDropoutAverage((m) => [probsOf(m)[c] * ln(probsOf(m)[c])], units, 1 - q)
        .modelAverage[0];
      return s + eplog - ep * elog;
    }, 0);
    expect(covariance).toBeCloseTo(pairs, 12);
    expect(pairs).toBeGreaterThan(0);
    const stats = dropoutGapStatistics(dropoutMaskDistributions(layers, 'relu', x, 1 - q));
    expect(stats.expectedSymmetricKl).toBeCloseTo(pairs, 12);
    expect(
      dropoutGapStatistics(dropoutMaskDistributions(layers, 'relu', x, 0)).expectedSymmetricKl,
    ).toBeCloseTo(0, 15);
  });
});

describe('view 2 and view 3', () => {
  it('for small logit differences δ, L^KL ≈ ½ δᵀ(diag P − PPᵀ)δ = ½ Var_{c∼P}(δ_c), error O(|δ|³) (eq:quadratic)', () => {
    const z = [0.3, -1, 1.4, 0.2];
    const u = [0.5, -1.2, 0.3, 0.9];
    const errors = [1e-1, 1e-2].map((t) => {
      const delta = u.map((v) => t * v);
      const exact = rdropLossParts([z.map((v, c) => v + delta[c])], [z], [0], 1).symmetricKl;
      const p = softmax(z);
      const mean = p.reduce((s, pc, c) => s + pc * delta[c], 0);
      const quadratic = 0.5 * p.reduce((s, pc, c) => s + pc * (delta[c] - mean) ** 2, 0);
      // ½δᵀ(diag P − PPᵀ)δ written out as a matrix product
      const fisher = p.map((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj));
      const form =
        0.5 *
        delta.reduce(
          (s, di, i) => s + di * fisher[i].reduce((t2, f, j) => t2 + f * delta[j], 0),
          0,
        );
      expect(form).toBeCloseTo(quadratic, 15);
      return Math.abs(exact - quadratic);
    });
    // Ten times smaller δ: the error falls by about a thousand.
    expect(errors[0] / errors[1]).toBeGreaterThan(500);
    // A common shift of all logits costs nothing.
    expect(rdropLossParts([z.map((v) => v + 3)], [z], [0], 1).symmetricKl).toBeCloseTo(0, 13);
  });

  it('P = (0.5, 0.2, 0.3) and Q = (0.5, 0.3, 0.2): equal cross-entropy ln 2 = 0.693147, KL both ways 0.1 ln 1.5 = 0.040547', () => {
    const P = [0.5, 0.2, 0.3];
    const Q = [0.5, 0.3, 0.2];
    expect(-ln(P[0])).toBeCloseTo(0.693147, 6);
    expect(-ln(Q[0])).toBe(-ln(P[0]));
    expect(kl(P, Q)).toBeCloseTo(0.1 * ln(1.5), 15);
    expect(kl(Q, P)).toBeCloseTo(0.1 * ln(1.5), 15);
    expect(kl(P, Q)).toBeCloseTo(0.040547, 6);
  });
});

/** The side-by-side widget's default settings, for one seed. */
function sideBySideConfig(seed: number, overrides: Partial<PairConfig> = {}, n = 30) {
  const data = moonsData(seed, n, 0.25, 0.1);
  const config: PairConfig = {
    sizes: [2, 32, 32, 2],
    activation: 'relu',
    seed,
    dropRate: 0.3,
    alpha: 4,
    optimizer: 'adam',
    learningRate: 0.01,
    X: data.train.X,
    y: data.train.y,
    ...overrides,
  };
  return { data, config };
}

async function trainAndEvaluate(seed: number, steps: number, n = 30) {
  const { data, config } = sideBySideConfig(seed, {}, n);
  const pair = new PlainRdropPair(config);
  let plainTestHalfway = NaN;
  for (let t = 0; t < steps; t++) {
    await pair.step();
    if (t + 1 === steps / 2)
      plainTestHalfway = evaluateLogits((await pair.logits(data.test.X)).plain, data.test.y).loss;
  }
  const train = await pair.logits(data.train.X);
  const test = await pair.logits(data.test.X);
  pair.dispose();
  return {
    plainTestHalfway,
    plainTrain: evaluateLogits(train.plain, data.train.y).loss,
    rdropTrain: evaluateLogits(train.rdrop, data.train.y).loss,
    plainTest: evaluateLogits(test.plain, data.test.y).loss,
    rdropTest: evaluateLogits(test.rdrop, data.test.y).loss,
  };
}

describe('the side-by-side experiment, with the widget’s defaults', () => {
  it('in each of seeds 1–4, after 400 steps R-Drop has the lower test loss and the higher training loss, while dropout alone’s test loss climbs', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const r = await trainAndEvaluate(seed, 400);
      expect(r.plainTest, `seed ${seed}`).toBeGreaterThan(r.plainTestHalfway);
      expect(r.rdropTest, `seed ${seed}`).toBeLessThan(r.plainTest);
      expect(r.rdropTrain, `seed ${seed}`).toBeGreaterThan(r.plainTrain);
    }
  }, 240_000);

  it('with 200 training points the two networks’ test losses end up closer than with 30', async () => {
    const small = await trainAndEvaluate(4, 400, 30);
    const large = await trainAndEvaluate(4, 400, 200);
    expect(Math.abs(large.plainTest - large.rdropTest)).toBeLessThan(
      Math.abs(small.plainTest - small.rdropTest),
    );
  }, 240_000);

  it('with α = 0 the two networks take identical steps', async () => {
    const { config } = sideBySideConfig(4, { alpha: 0 });
    const pair = new PlainRdropPair(config);
    for (let t = 0; t < 30; t++) {
      const losses = await pair.step();
      expect(losses.rdrop).toBe(losses.plain);
    }
    const { plain, rdrop } = await pair.layers();
    expect(rdrop).toEqual(plain);
    pair.dispose();
  }, 60_000);

  it('SGD with momentum at learning rate 10 overflows the gradient norm within a few steps', async () => {
    const { config } = sideBySideConfig(4, { optimizer: 'momentum', learningRate: 10 });
    const pair = new PlainRdropPair(config);
    let steps = 0;
    for (; steps < 20; steps++) {
      const r = await pair.step();
      if (![r.plain, r.rdrop, r.plainGradNorm, r.rdropGradNorm].every(Number.isFinite)) break;
    }
    expect(steps).toBeLessThan(20);
    pair.dispose();
  }, 60_000);
});

describe('the dropout-masks widget, with its defaults', () => {
  async function trainMasks(alpha: number) {
    const data = blobData(1);
    const pair = new PlainRdropPair({
      sizes: [2, 5, 5, 3],
      activation: 'relu',
      seed: 1,
      dropRate: 0.3,
      alpha,
      optimizer: 'adam',
      learningRate: 0.02,
      X: data.X,
      y: data.y,
    });
    for (let t = 0; t < 1500; t++) await pair.step();
    const { plain: plainLayers, rdrop: rdropLayers } = await pair.layers();
    const fit = (layers: DenseLayer[]) =>
      evaluateLogits(
        data.X.map((x) => mlpLogits(layers, 'relu', x)),
        data.y,
      );
    return {
      plain: { ...meanGap(plainLayers, 'relu', data.X, 0.3), ...fit(plainLayers) },
      rdrop: { ...meanGap(rdropLayers, 'relu', data.X, 0.3), ...fit(rdropLayers) },
    };
  }

  it('after 1,500 steps at α = 2 the mean gap is several times, and the expected R-Drop term dozens of times, larger without R-Drop; both classify all 24 points, R-Drop with a far higher loss', async () => {
    const { plain, rdrop } = await trainMasks(2);
    expect(plain.gap).toBeGreaterThan(3 * rdrop.gap);
    expect(plain.expectedSymmetricKl).toBeGreaterThan(20 * rdrop.expectedSymmetricKl);
    expect(plain.accuracy).toBe(1);
    expect(rdrop.accuracy).toBe(1);
    expect(rdrop.loss).toBeGreaterThan(5 * plain.loss);
  }, 240_000);

  it('at α = 4 the R-Drop network gets some training points wrong', async () => {
    const { plain, rdrop } = await trainMasks(4);
    expect(rdrop.accuracy).toBeLessThan(1);
    expect(plain.accuracy).toBe(1);
  }, 240_000);
});

describe('the numbers as printed in the article', () => {
  const mdx = fs.readFileSync(path.join(__dirname, 'index.mdx'), 'utf8');
  const P = [0.5, 0.2, 0.3];
  const Q = [0.5, 0.3, 0.2];
  const printed: [string, number, number][] = [
    ['0.867501', -ln(0.42), 6],
    ['0.136674', kl(P1, P2), 6],
    ['0.167779', kl(P2, P1), 6],
    ['0.152226', (kl(P1, P2) + kl(P2, P1)) / 2, 6],
    ['1.476405', -ln(0.42) + 2 * (kl(P1, P2) + kl(P2, P1)), 6],
    ['0.738203', (-ln(0.42) + 2 * (kl(P1, P2) + kl(P2, P1))) / 2, 6],
    ['1.111111', 1 / 0.9, 6],
    ['0.63', 0.81 * (1.6 / 0.9 - 1), 2],
    ['0.60', 0.6, 2],
    ['0.693147', ln(2), 6],
    ['0.040547', kl(P, Q), 6],
  ];
  it.each(printed)('prints %s, the value computed here', (text, value, digits) => {
    expect(mdx).toContain(text);
    expect(Number(text)).toBeCloseTo(value, digits);
  });

  it('quotes the paper’s WMT14 results, 30.91 and 43.95 BLEU (arXiv 2106.14448, abstract)', () => {
    expect(mdx).toContain('30.91 BLEU on English→German and 43.95 on English→French');
  });
});
