/**
 * Every number and claim of index.mdx, each checked by a computation that does not reuse the
 * formula under test: exact fractions, Gaussian elimination, Newton's method for maximum
 * likelihood, a float64 Adam written in ./reference.ts, Simpson quadrature for Φ, Monte Carlo,
 * and a whitening done by hand. The widgets' data generators are used as inputs only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { covarianceFromAxes, createRng, initBackend, sampleGaussian } from '../../src/core/index';
import {
  BatchedSoftmaxRegression,
  experimentDataset,
  linearRuleAccuracy,
  softmaxClosedForm,
} from './math';
import type { ExperimentScenario, GaussianClassModel } from './math';
import { defaultValues } from '../../src/widgets/params';
import { widgets } from './widgets/index';
import { pointsOf } from './widgets/TwoClassPlayground';
import { AGREEMENT_GRID, softmaxPoints } from './widgets/SoftmaxRegions';
import { decisionRegions, regionAgreement } from './widgets/fits';
import {
  accuracyReference,
  adamReference,
  dot,
  gaussSolve,
  ldaReference,
  logLossReference,
  newtonLogistic,
  normalCdfByQuadrature,
  TOY_X,
  TOY_Y,
  type Mat,
} from './reference';

const ARTICLE = fs.readFileSync(path.join(__dirname, 'index.mdx'), 'utf8');

type TwoClassValues = Parameters<typeof pointsOf>[0];
type RegionValues = Parameters<typeof softmaxPoints>[0];
const twoClassDefaults = defaultValues(widgets[0].params) as unknown as TwoClassValues;
const regionDefaults = defaultValues(widgets[1].params) as unknown as RegionValues;

const asData = (points: readonly { x: number; y: number; cls: number }[]) => ({
  X: points.map((p) => [p.x, p.y]),
  y: points.map((p) => p.cls),
});
const inv2 = (m: Mat): Mat => {
  const det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
  return [
    [m[1][1] / det, -m[0][1] / det],
    [-m[1][0] / det, m[0][0] / det],
  ];
};
const mulVec = (a: Mat, x: number[]) => a.map((row) => dot(row, x));

/** Exact expected accuracy of a binary linear rule on two Gaussian classes, with Φ by quadrature. */
function ruleAccuracyByQuadrature(
  w: number[],
  b: number,
  classes: readonly GaussianClassModel[],
): number {
  const total = classes[0].weight + classes[1].weight;
  const side = (k: 0 | 1) => {
    const c = classes[k];
    const m = dot(w, c.mean) + b;
    const s = Math.sqrt(dot(w, mulVec(c.cov, w)));
    return normalCdfByQuadrature(((k === 1 ? 1 : -1) * m) / s);
  };
  return (classes[1].weight * side(1) + classes[0].weight * side(0)) / total;
}

/**
 * The closed form with unlimited data from two equally likely Gaussian classes: the true means
 * and the average of the two covariances, w = Σ⁻¹(μ₁ − μ₀), b = ½(μ₀ᵀΣ⁻¹μ₀ − μ₁ᵀΣ⁻¹μ₁).
 */
function populationClosedForm(classes: readonly GaussianClassModel[]) {
  const [c0, c1] = classes;
  const P = inv2(c0.cov.map((row, a) => row.map((v, c) => 0.5 * (v + c1.cov[a][c]))));
  const w = mulVec(
    P,
    c1.mean.map((v, a) => v - c0.mean[a]),
  );
  const b = 0.5 * (dot(c0.mean, mulVec(P, c0.mean)) - dot(c1.mean, mulVec(P, c1.mean)));
  return { w, b };
}

describe('why maximum likelihood has no formula', () => {
  beforeAll(() => initBackend({ candidates: ['cpu'] }), 60_000);

  it('on separable data scaling a separating (w, b) by 2 always raises the likelihood, and gradient descent’s weights keep growing while the closed form stays finite', async () => {
    const points = pointsOf({ ...twoClassDefaults, mu0: [-3, -1.5], mu1: [3, 1.5] }).points;
    const { X, y } = asData(points);
    const lda = ldaReference(X, y, 2);
    expect(accuracyReference(lda, X, y)).toBe(1); // the closed-form line separates the classes
    const w = lda.W[1].map((v, a) => v - lda.W[0][a]);
    const b = lda.b[1] - lda.b[0];
    const logLik = (s: number) =>
      X.reduce((acc, x, i) => {
        const t = s * (dot(w, x) + b);
        return acc - Math.log1p(Math.exp(y[i] === 1 ? -t : t));
      }, 0);
    expect(logLik(2)).toBeGreaterThan(logLik(1));
    expect(logLik(4)).toBeGreaterThan(logLik(2));
    expect(Number.isFinite(Math.hypot(...w))).toBe(true);

    const trainer = await BatchedSoftmaxRegression.create([{ X, y }], 2, {
      optimizer: 'sgd',
      learningRate: 1,
    });
    const norms: number[] = [];
    const losses: number[] = [];
    for (const steps of [100, 900]) {
      const [loss] = await trainer.train(steps);
      const [model] = await trainer.parameters();
      norms.push(Math.hypot(...model.W[1].map((v, a) => v - model.W[0][a])));
      losses.push(loss);
    }
    trainer.dispose();
    expect(norms[1]).toBeGreaterThan(norms[0] * 1.3);
    expect(losses[1]).toBeLessThan(losses[0]);
  });
});

describe('a detour through linear regression', () => {
  it('least squares equals the Gaussian conditional mean W = Σ_yx Σ_xx⁻¹, b = μ_y − Wμ_x (to 1e-10)', () => {
    const rng = createRng(4);
    const X = Array.from({ length: 200 }, () => [rng.normal(), 2 * rng.normal() + 1, rng.normal()]);
    const Y = X.map((x) => 0.5 * x[0] - x[1] + 0.3 * x[2] + 2 + 0.7 * rng.normal());
    // Least squares through the normal equations of [x, 1].
    const A = Array.from({ length: 4 }, (_, a) =>
      Array.from({ length: 4 }, (_, c) => X.reduce((s, x) => s + [...x, 1][a] * [...x, 1][c], 0)),
    );
    const rhs = Array.from({ length: 4 }, (_, a) =>
      X.reduce((s, x, i) => s + [...x, 1][a] * Y[i], 0),
    );
    const ls = gaussSolve(A, rhs);
    // The conditional mean from the sample moments.
    const n = X.length;
    const mx = [0, 1, 2].map((a) => X.reduce((s, x) => s + x[a], 0) / n);
    const my = Y.reduce((s, v) => s + v, 0) / n;
    const Sxx = [0, 1, 2].map((a) =>
      [0, 1, 2].map((c) => X.reduce((s, x) => s + (x[a] - mx[a]) * (x[c] - mx[c]), 0) / n),
    );
    const Sxy = [0, 1, 2].map(
      (a) => X.reduce((s, x, i) => s + (x[a] - mx[a]) * (Y[i] - my), 0) / n,
    );
    const W = gaussSolve(Sxx, Sxy);
    const b = my - dot(W, mx);
    W.forEach((v, a) => expect(Math.abs(v - ls[a])).toBeLessThan(1e-10));
    expect(Math.abs(b - ls[3])).toBeLessThan(1e-10);
  });
});

describe('Bayes’ rule turns the question around', () => {
  const c0: GaussianClassModel = {
    mean: [0.5, -1],
    cov: [
      [1.2, 0.4],
      [0.4, 0.8],
    ],
    weight: 0.35,
  };
  const logRatio = (x: number[], c1: GaussianClassModel) => {
    const logN = (c: GaussianClassModel) => {
      const P = inv2(c.cov);
      const d = x.map((v, j) => v - c.mean[j]);
      const det = c.cov[0][0] * c.cov[1][1] - c.cov[0][1] ** 2;
      return Math.log(c.weight) - 0.5 * Math.log(det) - 0.5 * dot(d, mulVec(P, d));
    };
    return logN(c1) - logN(c0);
  };

  it('with a shared covariance the log-odds are exactly wᵀx + b of equation (5)', () => {
    const c1 = { ...c0, mean: [2, 1], weight: 0.65 };
    const P = inv2(c0.cov);
    const w = mulVec(P, [1.5, 2]);
    const b =
      0.5 * (dot(c0.mean, mulVec(P, c0.mean)) - dot(c1.mean, mulVec(P, c1.mean))) +
      Math.log(0.65 / 0.35);
    for (const x of [
      [0, 0],
      [3, -2],
      [-5, 4],
    ]) {
      expect(Math.abs(logRatio(x, c1) - (dot(w, x) + b))).toBeLessThan(1e-12);
    }
  });

  it('with unequal covariances the log-odds have the quadratic term ½xᵀ(Σ₀⁻¹ − Σ₁⁻¹)x of equation (4)', () => {
    const c1: GaussianClassModel = {
      mean: [2, 1],
      cov: [
        [0.5, -0.1],
        [-0.1, 2],
      ],
      weight: 0.65,
    };
    const Q = inv2(c0.cov).map((row, a) => row.map((v, c) => 0.5 * (v - inv2(c1.cov)[a][c])));
    // f(x) − xᵀQx must be affine: its second differences vanish.
    const g = (x: number[]) => logRatio(x, c1) - dot(x, mulVec(Q, x));
    const h = 0.7;
    for (const x of [
      [0, 0],
      [1, -3],
    ]) {
      for (const e of [
        [h, 0],
        [0, h],
        [h, h],
      ]) {
        const plus = g([x[0] + e[0], x[1] + e[1]]);
        const minus = g([x[0] - e[0], x[1] - e[1]]);
        expect(Math.abs(plus + minus - 2 * g(x))).toBeLessThan(1e-10);
      }
    }
    expect(Math.abs(Q[0][0]) + Math.abs(Q[1][1])).toBeGreaterThan(0.1);
  });
});

describe('estimating the ingredients', () => {
  it('class frequencies, class means and the pooled covariance (1/N) maximise the joint likelihood of the generative model', () => {
    const rng = createRng(17);
    const X = Array.from({ length: 60 }, (_, i) => [rng.normal() + (i % 2), 0.5 * rng.normal()]);
    const y = X.map((_, i) => (i % 3 === 0 ? 1 : 0));
    const n = X.length;
    const counts = [0, 1].map((k) => y.filter((v) => v === k).length);
    const means = [0, 1].map((k) =>
      [0, 1].map((a) => X.filter((_, i) => y[i] === k).reduce((s, x) => s + x[a], 0) / counts[k]),
    );
    const S = [0, 1].map((a) =>
      [0, 1].map(
        (c) => X.reduce((s, x, i) => s + (x[a] - means[y[i]][a]) * (x[c] - means[y[i]][c]), 0) / n,
      ),
    );
    const logLik = (pi1: number, mu: Mat, cov: Mat) => {
      const P = inv2(cov);
      const det = cov[0][0] * cov[1][1] - cov[0][1] * cov[1][0];
      return X.reduce((s, x, i) => {
        const d = x.map((v, a) => v - mu[y[i]][a]);
        const prior = y[i] === 1 ? pi1 : 1 - pi1;
        return (
          s +
          Math.log(prior) -
          Math.log(2 * Math.PI) -
          0.5 * Math.log(det) -
          0.5 * dot(d, mulVec(P, d))
        );
      }, 0);
    };
    const best = logLik(counts[1] / n, means, S);
    const eps = 1e-3;
    expect(logLik(counts[1] / n + eps, means, S)).toBeLessThan(best);
    expect(logLik(counts[1] / n - eps, means, S)).toBeLessThan(best);
    expect(logLik(counts[1] / n, [[means[0][0] + eps, means[0][1]], means[1]], S)).toBeLessThan(
      best,
    );
    for (const [a, c] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ]) {
      for (const sign of [1, -1]) {
        const T = S.map((row) => [...row]);
        T[a][c] += sign * eps;
        T[c][a] = T[a][c];
        expect(logLik(counts[1] / n, means, T)).toBeLessThan(best);
      }
    }
    // The (N−1)-normalised covariance is not the maximum.
    expect(
      logLik(
        counts[1] / n,
        means,
        S.map((row) => row.map((v) => (v * n) / (n - 1))),
      ),
    ).toBeLessThan(best);
  });

  it('Σ = total covariance − between-class scatter (7), and equals Su’s Σ̃ + μ̃μ̃ᵀ − Σ π_k μ_k μ_kᵀ, on the small example', () => {
    const n = 7;
    const mean = [0, 1].map((a) => TOY_X.reduce((s, x) => s + x[a], 0) / n);
    const total = [0, 1].map((a) =>
      [0, 1].map((c) => TOY_X.reduce((s, x) => s + (x[a] - mean[a]) * (x[c] - mean[c]), 0) / n),
    );
    const mu = [
      [0.5, 0.5],
      [7 / 3, 7 / 3],
    ];
    const pi = [4 / 7, 3 / 7];
    const between = [0, 1].map((a) =>
      [0, 1].map((c) =>
        pi.reduce((s, p, k) => s + p * (mu[k][a] - mean[a]) * (mu[k][c] - mean[c]), 0),
      ),
    );
    const su = [0, 1].map((a) =>
      [0, 1].map(
        (c) =>
          total[a][c] + mean[a] * mean[c] - pi.reduce((s, p, k) => s + p * mu[k][a] * mu[k][c], 0),
      ),
    );
    const expected = [
      [5 / 21, -1 / 21],
      [-1 / 21, 5 / 21],
    ];
    for (let a = 0; a < 2; a++) {
      for (let c = 0; c < 2; c++) {
        expect(Math.abs(total[a][c] - between[a][c] - expected[a][c])).toBeLessThan(1e-15);
        expect(Math.abs(su[a][c] - expected[a][c])).toBeLessThan(1e-15);
      }
    }
  });

  it('the small example: scatter 5/3 and −1/3, Σ⁻¹ = (7/8)[[5,1],[1,5]], w = (9.625, 9.625), b ≈ −27.5585, log-odds 1.3165 and p ≈ 0.789 at (1.5, 1.5)', () => {
    const scatter = [
      [1 + 2 / 3, 0 - 1 / 3],
      [0 - 1 / 3, 1 + 2 / 3],
    ];
    expect(scatter[0][0]).toBeCloseTo(5 / 3, 15);
    const Sigma = scatter.map((row) => row.map((v) => v / 7));
    const P = inv2(Sigma);
    expect(P[0][0]).toBeCloseTo((7 / 8) * 5, 12);
    expect(P[0][1]).toBeCloseTo(7 / 8, 12);
    const w = mulVec(P, [7 / 3 - 0.5, 7 / 3 - 0.5]);
    expect(w[0]).toBeCloseTo(9.625, 12);
    const mu0 = [0.5, 0.5];
    const mu1 = [7 / 3, 7 / 3];
    const b = 0.5 * (dot(mu0, mulVec(P, mu0)) - dot(mu1, mulVec(P, mu1))) + Math.log(3 / 4);
    expect(b.toFixed(4)).toBe('-27.5585');
    const logit = dot(w, [1.5, 1.5]) + b;
    expect(logit.toFixed(4)).toBe('1.3165');
    expect((1 / (1 + Math.exp(-logit))).toFixed(3)).toBe('0.789');
    // The core gives the same.
    const core = softmaxClosedForm(TOY_X, TOY_Y, 2);
    expect(core.W[1][0] - core.W[0][0]).toBeCloseTo(9.625, 12);
    // Class 1 wins at (1.5, 1.5) because the point is nearer to μ₁ in the metric of Σ.
    const d0 = [1, 1];
    const d1 = [1.5 - 7 / 3, 1.5 - 7 / 3];
    expect(dot(d1, mulVec(P, d1))).toBeLessThan(dot(d0, mulVec(P, d0)));
    expect(3 / 7).toBeLessThan(4 / 7);
  });

  it('the pooled covariance has rank at most N − K; with fewer than d + K points there is no closed form', () => {
    // Three points, two classes, d = 2: rank ≤ 1, singular.
    expect(() =>
      softmaxClosedForm(
        [
          [0, 0],
          [1, 2],
          [5, 5],
        ],
        [0, 0, 1],
        2,
      ),
    ).toThrow(/singular/);
    // Every class on one line: singular as well.
    expect(() =>
      softmaxClosedForm(
        [
          [0, 0],
          [1, 1],
          [2, 2],
          [3, 3],
        ],
        [0, 0, 1, 1],
        2,
      ),
    ).toThrow(/singular/);
    // d + K = 4 points in general position are enough.
    expect(() =>
      softmaxClosedForm(
        [
          [0, 0],
          [1, 0.5],
          [3, 3],
          [4, 2],
        ],
        [0, 0, 1, 1],
        2,
      ),
    ).not.toThrow();
  });

  it('shrinkage (8) keeps the trace and makes every eigenvalue positive', () => {
    const S = [
      [1, 1],
      [1, 1],
    ]; // singular
    const lambda = 0.2;
    const shrunk = S.map((row, a) => row.map((v, c) => (1 - lambda) * v + (a === c ? lambda : 0)));
    expect(shrunk[0][0] + shrunk[1][1]).toBeCloseTo(2, 15);
    const det = shrunk[0][0] * shrunk[1][1] - shrunk[0][1] ** 2;
    expect(det).toBeGreaterThan(0);
    expect(shrunk[0][0]).toBeGreaterThan(0);
  });
});

describe('watching both fits (the two-classes widget at its defaults)', () => {
  const { points, classes } = pointsOf(twoClassDefaults);
  const { X, y } = asData(points);
  const lda = ldaReference(X, y, 2);
  const ldaRule = { w: lda.W[1].map((v, a) => v - lda.W[0][a]), b: lda.b[1] - lda.b[0] };
  const mle = newtonLogistic(X, y);

  it('accuracy on new data (9) matches the same formula with Φ by quadrature, and a Monte Carlo of 200,000 points', () => {
    const formula = linearRuleAccuracy(ldaRule, classes);
    expect(
      Math.abs(formula - ruleAccuracyByQuadrature(ldaRule.w, ldaRule.b, classes)),
    ).toBeLessThan(1e-9);
    const rng = createRng(5);
    let right = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const k = rng.uniform() < classes[1].weight ? 1 : 0;
      const x = sampleGaussian(rng, classes[k].mean, classes[k].cov, 1);
      if (dot(ldaRule.w, [x[0], x[1]]) + ldaRule.b > 0 === (k === 1)) right++;
    }
    expect(Math.abs(right / n - formula)).toBeLessThan(
      4 * Math.sqrt((formula * (1 - formula)) / n),
    );
  });

  it('maximum likelihood has the lower training log-loss, as it must, and no better accuracy on new data', () => {
    const mleModel = { W: [[0, 0], mle.w], b: [0, mle.b] };
    const lossMle = logLossReference(mleModel, X, y);
    const lossLda = logLossReference(lda, X, y);
    expect(lossMle).toBeLessThan(lossLda);
    expect(ruleAccuracyByQuadrature(mle.w, mle.b, classes)).toBeLessThanOrEqual(
      ruleAccuracyByQuadrature(ldaRule.w, ldaRule.b, classes),
    );
  });

  it('renders the closed-form readouts of these points on first paint', () => {
    const html = renderToStaticMarkup(
      createElement(widgets[0].Component, {
        values: twoClassDefaults as never,
        set: () => {},
        present: false,
      }),
    );
    const readout = (name: string) => {
      const tag = new RegExp(`<[^>]*data-readout="${name}"[^>]*>`).exec(html)?.[0] ?? '';
      return Number(/data-value="([^"]+)"/.exec(tag)?.[1]);
    };
    expect(readout('n_points')).toBe(80);
    expect(Math.abs(readout('cf_accuracy') - accuracyReference(lda, X, y))).toBeLessThan(1e-12);
    expect(Math.abs(readout('cf_log_loss') - logLossReference(lda, X, y))).toBeLessThan(1e-12);
    expect(
      Math.abs(
        readout('cf_new_accuracy') - ruleAccuracyByQuadrature(ldaRule.w, ldaRule.b, classes),
      ),
    ).toBeLessThan(1e-9);
    expect(readout('gd_accuracy')).toBeNaN(); // no training on the server
  });

  it('with the shared Σ broken (mismatch 1) and unlimited data: closed form 90.7% on new data, best logistic regression 94.6%', () => {
    const broken = pointsOf({ ...twoClassDefaults, mismatch: 1, n: 0 }).classes;
    const { w, b } = populationClosedForm(broken);
    expect(ruleAccuracyByQuadrature(w, b, broken).toFixed(3)).toBe('0.907');
    // Maximum likelihood on 100,000 points per class stands in for unlimited data.
    const rng = createRng(11);
    const X2: Mat = [];
    const y2: number[] = [];
    for (const k of [0, 1] as const) {
      const s = sampleGaussian(rng, broken[k].mean, broken[k].cov, 100_000);
      for (let i = 0; i < 100_000; i++) {
        X2.push([s[2 * i], s[2 * i + 1]]);
        y2.push(k);
      }
    }
    const best = newtonLogistic(X2, y2);
    expect(Math.abs(ruleAccuracyByQuadrature(best.w, best.b, broken) - 0.946)).toBeLessThan(0.002);
    // With the shared Σ intact the two agree on new data (both about 82.7%).
    const intact = pointsOf({ ...twoClassDefaults, n: 0 }).classes;
    const rule = populationClosedForm(intact);
    expect(ruleAccuracyByQuadrature(rule.w, rule.b, intact).toFixed(3)).toBe('0.827');
  });
});

describe('more than two classes', () => {
  it('softmax of the closed-form logits (10) is the Bayes posterior π_k N(x; μ_k, Σ) / Σ_j π_j N(x; μ_j, Σ)', () => {
    const cov = covarianceFromAxes(1.3, 0.6, 0.4);
    const P = inv2(cov);
    const means = [
      [-2, -1],
      [2, -2],
      [0, 2.5],
    ];
    const pri = [0.2, 0.5, 0.3];
    for (const x of [
      [0, 0],
      [1, 3],
      [-4, 1],
    ]) {
      const dens = means.map((m, k) => {
        const d = x.map((v, a) => v - m[a]);
        return pri[k] * Math.exp(-0.5 * dot(d, mulVec(P, d)));
      });
      const z = dens.reduce((s, v) => s + v, 0);
      const logits = means.map(
        (m, k) => dot(mulVec(P, m), x) + Math.log(pri[k]) - 0.5 * dot(m, mulVec(P, m)),
      );
      const mx = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - mx));
      const ze = e.reduce((s, v) => s + v, 0);
      dens.forEach((v, k) => expect(Math.abs(v / z - e[k] / ze)).toBeLessThan(1e-12));
    }
  });

  it('the small example’s rows: w₀ = (2.625, 2.625), w₁ = (12.25, 12.25), b₀ ≈ −1.8721, b₁ ≈ −29.4306, whose differences are w and b', () => {
    const { W, b } = ldaReference(TOY_X, TOY_Y, 2);
    expect(W[0][0]).toBeCloseTo(2.625, 12);
    expect(W[1][1]).toBeCloseTo(12.25, 12);
    expect(b[0].toFixed(4)).toBe('-1.8721');
    expect(b[1].toFixed(4)).toBe('-29.4306');
    expect((b[1] - b[0]).toFixed(4)).toBe('-27.5585');
  });

  it('adding one vector to every row and one number to every bias changes no probability', () => {
    const { W, b } = ldaReference(TOY_X, TOY_Y, 2);
    const shifted = {
      W: W.map((row) => row.map((v, a) => v + [3, -7][a])),
      b: b.map((v) => v + 11),
    };
    expect(logLossReference(shifted, TOY_X, TOY_Y)).toBeCloseTo(
      logLossReference({ W, b }, TOY_X, TOY_Y),
      10,
    );
  });

  it('in the decision-region widget the maps agree on about 96% of the plane with a shared Σ, the disagreement sits away from the data, and breaking Σ makes them part', () => {
    const agreementAt = (mismatch: number) => {
      const pts = softmaxPoints({ ...regionDefaults, mismatch });
      const { X, y } = asData(pts);
      const cf = ldaReference(X, y, regionDefaults.classes);
      const gd = adamReference(X, y, regionDefaults.classes, 1000, 0.05);
      const a = decisionRegions(cf, AGREEMENT_GRID);
      const g = decisionRegions(gd, AGREEMENT_GRID);
      // Share of cells more than one unit from every data point, among all and among disagreements.
      let far = 0;
      let farDisagree = 0;
      let disagree = 0;
      for (let i = 0; i < a.length; i++) {
        const r = Math.floor(i / AGREEMENT_GRID.cols);
        const c = i % AGREEMENT_GRID.cols;
        const u = -6 + ((c + 0.5) * 12) / AGREEMENT_GRID.cols;
        const v = -6 + ((r + 0.5) * 12) / AGREEMENT_GRID.rows;
        const isFar = X.every((x) => Math.hypot(x[0] - u, x[1] - v) > 1);
        if (isFar) far++;
        if (a[i] !== g[i]) {
          disagree++;
          if (isFar) farDisagree++;
        }
      }
      return {
        agreement: regionAgreement(a, g),
        farShare: far / a.length,
        farDisagreeShare: farDisagree / disagree,
      };
    };
    const shared = agreementAt(0);
    expect(shared.agreement).toBeGreaterThan(0.94);
    expect(shared.farDisagreeShare).toBeGreaterThan(0.5);
    expect(shared.farDisagreeShare).toBeGreaterThan(shared.farShare);
    const broken = agreementAt(1);
    expect(broken.agreement).toBeLessThan(shared.agreement - 0.03);
  });
});

describe('whitening, and a shortcut to avoid', () => {
  /** Whitens with the 1/N total covariance: z = Λ^{-1/2} Uᵀ (x − μ̃), by a 2×2 eigen-decomposition. */
  function whiten(X: Mat) {
    const n = X.length;
    const mean = [0, 1].map((a) => X.reduce((s, x) => s + x[a], 0) / n);
    const C = [0, 1].map((a) =>
      [0, 1].map((c) => X.reduce((s, x) => s + (x[a] - mean[a]) * (x[c] - mean[c]), 0) / n),
    );
    const half = (C[0][0] + C[1][1]) / 2;
    const r = Math.sqrt(((C[0][0] - C[1][1]) / 2) ** 2 + C[0][1] ** 2);
    const lambdas = [half + r, half - r];
    const vectors = lambdas.map((l) => {
      const v =
        Math.abs(C[0][1]) > 1e-14 ? [C[0][1], l - C[0][0]] : l === C[0][0] ? [1, 0] : [0, 1];
      const norm = Math.hypot(...v);
      return v.map((t) => t / norm);
    });
    return (x: number[]) =>
      vectors.map((u, k) => dot(u, [x[0] - mean[0], x[1] - mean[1]]) / Math.sqrt(lambdas[k]));
  }

  function whitenedClosedForm(X: Mat, y: number[], shortcut: boolean) {
    const map = whiten(X);
    const Z = X.map(map);
    const n = Z.length;
    const pi = [0, 1].map((k) => y.filter((v) => v === k).length / n);
    const mu = [0, 1].map((k) =>
      [0, 1].map((a) => Z.filter((_, i) => y[i] === k).reduce((s, z) => s + z[a], 0) / (pi[k] * n)),
    );
    const Sigma = shortcut
      ? [
          [1, 0],
          [0, 1],
        ]
      : [0, 1].map((a) =>
          [0, 1].map(
            (c) => (a === c ? 1 : 0) - pi.reduce((s, p, k) => s + p * mu[k][a] * mu[k][c], 0),
          ),
        );
    const P = inv2(Sigma);
    const w = mulVec(P, [mu[1][0] - mu[0][0], mu[1][1] - mu[0][1]]);
    const b =
      0.5 * (dot(mu[0], mulVec(P, mu[0])) - dot(mu[1], mulVec(P, mu[1]))) + Math.log(pi[1] / pi[0]);
    return { logit: (x: number[]) => dot(w, map(x)) + b, w, map };
  }

  it('the whitened data has mean 0 and identity covariance', () => {
    const map = whiten(TOY_X);
    const Z = TOY_X.map(map);
    const m = [0, 1].map((a) => Z.reduce((s, z) => s + z[a], 0) / 7);
    m.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-14));
    const C = [0, 1].map((a) => [0, 1].map((c) => Z.reduce((s, z) => s + z[a] * z[c], 0) / 7));
    expect(C[0][0]).toBeCloseTo(1, 12);
    expect(C[1][1]).toBeCloseTo(1, 12);
    expect(C[0][1]).toBeCloseTo(0, 12);
  });

  it('with Σ = I − Σ π_k μ_k μ_kᵀ the whitened closed form gives the same log-odds 1.3165 at (1.5, 1.5); the shortcut Σ ≈ I gives −0.1213', () => {
    const right = whitenedClosedForm(TOY_X, TOY_Y, false);
    expect(right.logit([1.5, 1.5])).toBeCloseTo(1.316485, 6);
    const shortcut = whitenedClosedForm(TOY_X, TOY_Y, true);
    expect(shortcut.logit([1.5, 1.5])).toBeCloseTo(-0.121324, 6);
  });

  it('for two classes the shortcut’s w is parallel to the right one; with equal class sizes the boundaries coincide, with unequal ones they do not', () => {
    const right = whitenedClosedForm(TOY_X, TOY_Y, false);
    const shortcut = whitenedClosedForm(TOY_X, TOY_Y, true);
    const cross = right.w[0] * shortcut.w[1] - right.w[1] * shortcut.w[0];
    expect(Math.abs(cross)).toBeLessThan(
      1e-10 * Math.hypot(...right.w) * Math.hypot(...shortcut.w),
    );
    // Unequal sizes (4 and 3): the boundary crosses the line x₁ = x₂ at different places.
    const zero = (f: (x: number[]) => number) => {
      let lo = 0;
      let hi = 3;
      for (let i = 0; i < 100; i++) {
        const mid = (lo + hi) / 2;
        if (f([mid, mid]) > 0) hi = mid;
        else lo = mid;
      }
      return lo;
    };
    expect(Math.abs(zero(right.logit) - zero(shortcut.logit))).toBeGreaterThan(0.05);
    // Equal sizes: drop one point of class 0.
    const X4 = TOY_X.slice(1);
    const y4 = TOY_Y.slice(1);
    const r4 = whitenedClosedForm(X4, y4, false);
    const s4 = whitenedClosedForm(X4, y4, true);
    expect(Math.abs(zero(r4.logit) - zero(s4.logit))).toBeLessThan(1e-9);
  });
});

describe('does it work? (the repeated experiment)', () => {
  /** Mean test-accuracy difference in points, and the share of datasets the closed form wins. */
  function experiment(
    scenario: ExperimentScenario,
    dim: number,
    nTrain: number,
    options: { classes?: number; shrinkage?: number; datasets?: number } = {},
  ) {
    const K = options.classes ?? 2;
    const D = options.datasets ?? 200;
    const diffs: number[] = [];
    for (let j = 0; j < D; j++) {
      const { train, test } = experimentDataset(
        1,
        j,
        { dim, classes: K, scenario, separation: 1.5 },
        nTrain,
        1000,
      );
      const cf = accuracyReference(
        ldaReference(train.X, train.y, K, options.shrinkage ?? 0),
        test.X,
        test.y,
      );
      const gd = accuracyReference(adamReference(train.X, train.y, K, 300, 0.05), test.X, test.y);
      diffs.push(100 * (cf - gd));
    }
    return {
      mean: diffs.reduce((s, v) => s + v, 0) / D,
      better: diffs.filter((v) => v > 0).length / D,
    };
  }

  it('with the defaults (shared Σ, d = 10, N = 50) the closed form is ahead by about 1.7 points and wins nearly four datasets in five', () => {
    const r = experiment('shared', 10, 50);
    expect(r.mean).toBeGreaterThan(1.5);
    expect(r.mean).toBeLessThan(1.85);
    expect(r.better).toBeGreaterThan(0.75);
    expect(r.better).toBeLessThan(0.8);
  });

  // The N = 1000 runs use the first 30 of the widget's datasets, to keep this file fast.
  it('at N = 1000 the difference is under a tenth of a point (first 30 datasets)', () => {
    expect(Math.abs(experiment('shared', 10, 1000, { datasets: 30 }).mean)).toBeLessThan(0.1);
  }, 60_000);

  it('at N = 15 in ten dimensions the closed form is about 3.6 points behind, and shrinkage 0.2 puts it about 1.7 ahead', () => {
    const plain = experiment('shared', 10, 15);
    expect(plain.mean).toBeGreaterThan(-3.9);
    expect(plain.mean).toBeLessThan(-3.3);
    const shrunk = experiment('shared', 10, 15, { shrinkage: 0.2 });
    expect(shrunk.mean).toBeGreaterThan(1.5);
    expect(shrunk.mean).toBeLessThan(1.95);
  });

  it('with unequal covariances in 2-D it is 0.2 to 0.35 points behind at N = 30, 200 and 1000', () => {
    for (const [n, datasets] of [
      [30, 200],
      [200, 200],
      [1000, 30],
    ]) {
      const r = experiment('unequal', 2, n, { datasets });
      expect(r.mean).toBeLessThan(-0.15);
      expect(r.mean).toBeGreaterThan(-0.4);
    }
  }, 60_000);

  it('heavy tails with plenty of data (d = 10, N = 1000) leave it behind as well', () => {
    expect(experiment('heavy', 10, 1000, { datasets: 30 }).mean).toBeLessThan(-0.1);
  }, 60_000);

  it('with five classes it is ahead by almost 5 points', () => {
    const r = experiment('shared', 10, 50, { classes: 5 });
    expect(r.mean).toBeGreaterThan(4.5);
    expect(r.mean).toBeLessThan(5);
  }, 30_000);

  it('the post’s numbers are quoted as the post gives them', () => {
    for (const value of [
      '93.43%',
      '71.70%',
      '56.44%',
      '51.14%',
      '72.67%',
      '66.08%',
      '65.49%',
      '49.82%',
      '26.74%',
      '22.47%',
      '15.70%',
      '15.43%',
    ]) {
      expect(ARTICLE).toContain(value);
    }
    expect(ARTICLE).toContain('https://kexue.fm/archives/8578');
    expect(ARTICLE).toContain("originalDate: '2021-07-22'");
  });
});
