/**
 * The closed forms of logistic and softmax regression against independent computations: exact
 * fractions for a seven-point example, explicit 2×2 inverses, Newton's method for the maximum
 * likelihood, Monte Carlo for expected accuracies, finite differences for the quadratic term of
 * the log-odds, mathjs's erf, and a plain float64 Adam for the batched tfjs trainer.
 */
import { erf } from 'mathjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, loadTf, tensorMemory, type Tf } from '../../src/core/backend';
import { createOptimizer } from '../../src/core/mlp';
import { createRng, sampleGaussian } from '../../src/core/random';
import {
  BatchedSoftmaxRegression,
  binaryFromSoftmax,
  classStatistics,
  classifierAccuracy,
  experimentDataset,
  gaussianLogOdds,
  gaussianLogOddsFunction,
  linearLogits,
  linearRuleAccuracy,
  logisticClosedForm,
  meanCrossEntropy,
  predictClasses,
  sampleExperimentTask,
  sampleFromTask,
  softmaxClosedForm,
  standardNormalCdf,
  type GaussianClassModel,
} from './math';
import { TOY_X, TOY_Y, adamReference, newtonLogistic } from './reference';

type Mat = number[][];

// ---------- independent helpers ----------

const inv2 = (m: Mat): Mat => {
  const det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
  return [
    [m[1][1] / det, -m[0][1] / det],
    [-m[1][0] / det, m[0][0] / det],
  ];
};
const mulVec = (a: Mat, x: number[]) => a.map((row) => row.reduce((s, v, k) => s + v * x[k], 0));
const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);

describe('classStatistics', () => {
  it('gives the pooled within-class covariance with 1/N: Σ = [[5/21, −1/21], [−1/21, 5/21]] for the seven points', () => {
    const s = classStatistics(TOY_X, TOY_Y, 2);
    expect(s.counts).toEqual([4, 3]);
    expect(s.priors[0]).toBeCloseTo(4 / 7, 15);
    expect(s.means[0]).toEqual([0.5, 0.5]);
    expect(s.means[1][0]).toBeCloseTo(7 / 3, 14);
    const expected = [
      [5 / 21, -1 / 21],
      [-1 / 21, 5 / 21],
    ];
    for (let a = 0; a < 2; a++)
      for (let c = 0; c < 2; c++)
        expect(Math.abs(s.pooledCovariance[a][c] - expected[a][c])).toBeLessThan(1e-15);
  });

  it('pooled within-class covariance = total covariance − between-class scatter, on random data with 4 classes in 5-D', () => {
    const rng = createRng(12);
    const X = Array.from({ length: 97 }, () => Array.from({ length: 5 }, () => 3 * rng.normal()));
    const y = X.map((_, i) => (i * 7) % 4);
    const s = classStatistics(X, y, 4);
    for (let a = 0; a < 5; a++) {
      for (let c = 0; c < 5; c++) {
        const diff = s.totalCovariance[a][c] - s.betweenScatter[a][c] - s.pooledCovariance[a][c];
        expect(Math.abs(diff)).toBeLessThan(1e-13);
      }
    }
  });

  it('rejects an empty class, naming it', () => {
    expect(() => classStatistics(TOY_X, [0, 0, 0, 0, 0, 0, 0], 2)).toThrow(
      /classStatistics: class 1 has no points/,
    );
  });
});

describe('softmaxClosedForm(X, y, K)', () => {
  it('gives W₀ = (2.625, 2.625), W₁ = (12.25, 12.25), b₀ = ln(4/7) − 21/16, b₁ = ln(3/7) − 343/12 for the seven points', () => {
    const { W, b } = softmaxClosedForm(TOY_X, TOY_Y, 2);
    expect(W[0][0]).toBeCloseTo(2.625, 12);
    expect(W[0][1]).toBeCloseTo(2.625, 12);
    expect(W[1][0]).toBeCloseTo(12.25, 12);
    expect(W[1][1]).toBeCloseTo(12.25, 12);
    // μ₀ᵀΣ⁻¹μ₀ = 0.5·2.625·2 = 2.625 and μ₁ᵀΣ⁻¹μ₁ = (7/3)·12.25·2 = 343/6.
    expect(b[0]).toBeCloseTo(Math.log(4 / 7) - 2.625 / 2, 12);
    expect(b[1]).toBeCloseTo(Math.log(3 / 7) - 343 / 12, 12);
    expect(b[0]).toBeCloseTo(-1.872116, 6);
    expect(b[1]).toBeCloseTo(-29.430631, 6);
  });

  it('row k equals Σ⁻¹μ_k computed with an explicit 2×2 inverse, for 3 classes on random data', () => {
    const rng = createRng(3);
    const X = Array.from({ length: 60 }, (_, i) => [rng.normal() + (i % 3), 2 * rng.normal()]);
    const y = X.map((_, i) => i % 3);
    const s = classStatistics(X, y, 3);
    const inv = inv2(s.pooledCovariance);
    const { W, b } = softmaxClosedForm(X, y, 3);
    for (let k = 0; k < 3; k++) {
      const w = mulVec(inv, s.means[k]);
      expect(Math.abs(W[k][0] - w[0])).toBeLessThan(1e-12);
      expect(Math.abs(W[k][1] - w[1])).toBeLessThan(1e-12);
      expect(Math.abs(b[k] - (Math.log(1 / 3) - 0.5 * dot(s.means[k], w)))).toBeLessThan(1e-12);
    }
  });

  it('its logits differ from the Gaussian model’s log posterior only by a constant per point', () => {
    const rng = createRng(8);
    const X = Array.from({ length: 40 }, (_, i) => [
      rng.normal() + (i % 2),
      rng.normal() - (i % 2),
    ]);
    const y = X.map((_, i) => i % 2);
    const s = classStatistics(X, y, 2);
    const model = softmaxClosedForm(X, y, 2);
    const classes: [GaussianClassModel, GaussianClassModel] = [
      { mean: s.means[0], cov: s.pooledCovariance, weight: s.priors[0] },
      { mean: s.means[1], cov: s.pooledCovariance, weight: s.priors[1] },
    ];
    for (const x of [
      [0, 0],
      [2, -3],
      [-4, 5],
    ]) {
      const [l0, l1] = linearLogits(model.W, model.b, [x])[0];
      expect(Math.abs(l1 - l0 - gaussianLogOdds(x, classes))).toBeLessThan(1e-10);
    }
  });

  it('is affine equivariant: the closed form fitted to {Ax_i + c} gives Ax + c the same logit differences as x had', () => {
    const rng = createRng(21);
    const X = Array.from({ length: 50 }, (_, i) => [
      rng.normal() + (i % 3),
      rng.normal(),
      rng.normal() * 2,
    ]);
    const y = X.map((_, i) => i % 3);
    const A = [
      [2, 0.5, 0],
      [-1, 1, 0.3],
      [0, 0.2, 5],
    ];
    const c = [10, -3, 1000];
    const map = (x: number[]) => mulVec(A, x).map((v, j) => v + c[j]);
    const before = softmaxClosedForm(X, y, 3);
    const after = softmaxClosedForm(X.map(map), y, 3);
    const probe = [
      [0.3, -0.2, 1],
      [5, 5, -5],
    ];
    const l1 = linearLogits(before.W, before.b, probe);
    const l2 = linearLogits(after.W, after.b, probe.map(map));
    // Each logit shifts by the same amount for every class, so the differences (and the
    // posterior probabilities) are unchanged.
    for (let i = 0; i < probe.length; i++)
      for (let k = 1; k < 3; k++)
        expect(Math.abs(l1[i][k] - l1[i][0] - (l2[i][k] - l2[i][0]))).toBeLessThan(1e-8);
  });

  it('with 200,000 samples of μ₀ = (0,0), μ₁ = (2,1), Σ = [[1,.5],[.5,1]] lands within 0.03 of the population answer w = (2, 0), b = −2', () => {
    const rng = createRng(2021);
    const cov = [
      [1, 0.5],
      [0.5, 1],
    ];
    const a0 = sampleGaussian(rng, [0, 0], cov, 100_000);
    const a1 = sampleGaussian(rng, [2, 1], cov, 100_000);
    const X: Mat = [];
    const y: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      X.push([a0[2 * i], a0[2 * i + 1]], [a1[2 * i], a1[2 * i + 1]]);
      y.push(0, 1);
    }
    const { w, b } = logisticClosedForm(X, y);
    expect(Math.abs(w[0] - 2)).toBeLessThan(0.03);
    expect(Math.abs(w[1])).toBeLessThan(0.03);
    expect(Math.abs(b + 2)).toBeLessThan(0.03);
  });

  it('throws a RangeError that says Σ is singular, instead of NaN, with fewer than d + K points or collinear classes', () => {
    expect(() =>
      softmaxClosedForm(
        [
          [0, 0],
          [1, 1],
          [3, 0],
        ],
        [0, 0, 1],
        2,
      ),
    ).toThrow(/softmaxClosedForm: the pooled within-class covariance is singular \(N = 3 points/);
    // Enough points, but every class lies on the same line: singular to working precision.
    const line = [0, 1, 2, 3, 4, 5].map((t) => [t, 2 * t + 1]);
    expect(() => softmaxClosedForm(line, [0, 0, 0, 1, 1, 1], 2)).toThrow(/singular.*shrinkage/);
    // Every point at its class mean.
    expect(() =>
      logisticClosedForm(
        [
          [0, 0],
          [0, 0],
          [1, 1],
          [1, 1],
          [1, 1],
        ],
        [0, 0, 1, 1, 1],
      ),
    ).toThrow(/logisticClosedForm: .*singular \(N = 5 points.*|logisticClosedForm: .*every point/);
  });

  it('with shrinkage λ = 0.5 the collinear case gets finite weights from (1−λ)Σ + λ(tr Σ/d)I', () => {
    const line = [0, 1, 2, 3, 4, 5].map((t) => [t, 2 * t + 1]);
    const y = [0, 0, 0, 1, 1, 1];
    const model = softmaxClosedForm(line, y, 2, { shrinkage: 0.5 });
    expect(model.W.flat().every(Number.isFinite)).toBe(true);
    const s = classStatistics(line, y, 2);
    const S = s.pooledCovariance;
    const tr = (S[0][0] + S[1][1]) / 2;
    const shrunk = S.map((row, a) => row.map((v, c) => 0.5 * v + (a === c ? 0.5 * tr : 0)));
    const w1 = mulVec(inv2(shrunk), s.means[1]);
    expect(Math.abs(model.W[1][0] - w1[0])).toBeLessThan(1e-10);
    expect(Math.abs(model.W[1][1] - w1[1])).toBeLessThan(1e-10);
    expect(() => softmaxClosedForm(line, y, 2, { shrinkage: 1.5 })).toThrow(
      /softmaxClosedForm: shrinkage must be in \[0, 1\]/,
    );
  });

  it('rejects malformed input with a RangeError naming the function and the argument', () => {
    expect(() => softmaxClosedForm([], [], 2)).toThrow(/softmaxClosedForm: X must be a non-empty/);
    expect(() => softmaxClosedForm([[0, 1], [2]], [0, 1], 2)).toThrow(
      /softmaxClosedForm: X is ragged \(row 1/,
    );
    expect(() => softmaxClosedForm([[0, NaN]], [0], 2)).toThrow(
      /softmaxClosedForm: X\[0\]\[1\] is NaN/,
    );
    expect(() => softmaxClosedForm([[0, Infinity]], [0], 2)).toThrow(/X\[0\]\[1\] is Infinity/);
    expect(() => softmaxClosedForm([[0], [1]], [0], 2)).toThrow(
      /softmaxClosedForm: y must have one label per row of X \(2\), got 1/,
    );
    expect(() => softmaxClosedForm([[0], [1]], [0, 2], 2)).toThrow(
      /softmaxClosedForm: y\[1\] = 2 is not a class index in 0…1/,
    );
    expect(() => softmaxClosedForm([[0], [1]], [0, 0.5], 2)).toThrow(/y\[1\] = 0.5/);
    expect(() => softmaxClosedForm([[0], [1]], [0, 1], 1)).toThrow(
      /softmaxClosedForm: numClasses must be an integer ≥ 2/,
    );
    expect(() => logisticClosedForm([[0], [1]], [0, 3])).toThrow(
      /logisticClosedForm: y\[1\] = 3 is not a class index in 0…1/,
    );
  });

  it('stays accurate for coordinates of size 1e6 (w scales by 1/1e6, the logits do not change)', () => {
    const scaled = TOY_X.map((x) => x.map((v) => v * 1e6));
    const small = logisticClosedForm(TOY_X, TOY_Y);
    const large = logisticClosedForm(scaled, TOY_Y);
    expect(large.w[0] * 1e6).toBeCloseTo(small.w[0], 6);
    expect(large.b).toBeCloseTo(small.b, 5);
  });
});

describe('logisticClosedForm(X, y)', () => {
  it('is the difference of the two softmax rows: w = (9.625, 9.625), b = −27.558515, logit 1.316485 at (1.5, 1.5)', () => {
    const { w, b } = logisticClosedForm(TOY_X, TOY_Y);
    const soft = binaryFromSoftmax(softmaxClosedForm(TOY_X, TOY_Y, 2));
    expect(w[0]).toBeCloseTo(9.625, 12);
    expect(w[1]).toBeCloseTo(9.625, 12);
    expect(b).toBeCloseTo(-27.558515, 6);
    expect(Math.abs(b - soft.b)).toBeLessThan(1e-14);
    const logit = 1.5 * w[0] + 1.5 * w[1] + b;
    expect(logit).toBeCloseTo(1.316485, 6);
    expect(1 / (1 + Math.exp(-logit))).toBeCloseTo(0.788596, 6);
  });

  it('on a large non-separable sample from equal-covariance Gaussians agrees with Newton’s maximum likelihood to 0.05', () => {
    const rng = createRng(77);
    const cov = [
      [1, 0.5],
      [0.5, 1],
    ];
    const a0 = sampleGaussian(rng, [0, 0], cov, 10_000);
    const a1 = sampleGaussian(rng, [2, 1], cov, 10_000);
    const X: Mat = [];
    const y: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      X.push([a0[2 * i], a0[2 * i + 1]], [a1[2 * i], a1[2 * i + 1]]);
      y.push(0, 1);
    }
    const lda = logisticClosedForm(X, y);
    const mle = newtonLogistic(X, y);
    expect(Math.abs(lda.w[0] - mle.w[0])).toBeLessThan(0.05);
    expect(Math.abs(lda.w[1] - mle.w[1])).toBeLessThan(0.05);
    expect(Math.abs(lda.b - mle.b)).toBeLessThan(0.05);
  });
});

describe('meanCrossEntropy, predictClasses, classifierAccuracy', () => {
  it('meanCrossEntropy stays finite for logits of ±1000: loss 0 when right, 2000 when wrong', () => {
    const model = { W: [[-1], [1]], b: [0, 0] };
    expect(meanCrossEntropy(model, [[1000], [-1000]], [1, 0])).toBe(0);
    expect(meanCrossEntropy(model, [[1000]], [0])).toBe(2000);
  });

  it('meanCrossEntropy equals −mean ln σ(±logit) for two classes', () => {
    const model = {
      W: [
        [0.3, -1],
        [1.2, 0.4],
      ],
      b: [0.1, -0.2],
    };
    const X = [
      [0.5, 1],
      [-2, 0.25],
      [1, -1],
    ];
    const y = [1, 0, 1];
    const { w, b } = binaryFromSoftmax(model);
    const expected =
      -X.reduce((s, x, i) => {
        const z = dot(w, x) + b;
        return s + Math.log(y[i] === 1 ? 1 / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z)));
      }, 0) / 3;
    expect(meanCrossEntropy(model, X, y)).toBeCloseTo(expected, 14);
  });

  it('predictClasses takes the argmax of the logits and classifierAccuracy counts matches', () => {
    const model = {
      W: [
        [1, 0],
        [0, 1],
        [-1, -1],
      ],
      b: [0, 0, 0],
    };
    const X = [
      [2, 1],
      [0, 3],
      [-1, -1],
      [1, 1],
    ];
    expect(predictClasses(model.W, model.b, X)).toEqual([0, 1, 2, 0]);
    expect(classifierAccuracy(model, X, [0, 1, 2, 1])).toBe(0.75);
  });

  it('linearLogits rejects a point with the wrong number of coordinates', () => {
    expect(() => linearLogits([[1, 2]], [0], [[1]])).toThrow(/linearLogits: X\[0\] has 1/);
  });
});

describe('standardNormalCdf', () => {
  it('matches ½(1 + erf(z/√2)) from mathjs to 1e-15 absolute on [−6, 6]', () => {
    for (let z = -6; z <= 6; z += 0.0625) {
      const expected = 0.5 * (1 + erf(z / Math.SQRT2));
      expect(Math.abs(standardNormalCdf(z) - expected)).toBeLessThan(1e-15);
    }
  });

  it('keeps relative accuracy in the lower tail: Φ(−10) = 7.619853024160527e−24, Φ(−30) = 4.906713927148187e−198', () => {
    expect(standardNormalCdf(-10) / 7.619853024160527e-24 - 1).toBeLessThan(1e-13);
    expect(Math.abs(standardNormalCdf(-30) / 4.906713927148187e-198 - 1)).toBeLessThan(1e-12);
    expect(standardNormalCdf(-1000)).toBe(0);
    expect(standardNormalCdf(1000)).toBe(1);
    expect(standardNormalCdf(Number.NaN)).toBeNaN();
    expect(standardNormalCdf(0)).toBe(0.5);
  });

  it('is symmetric: Φ(z) + Φ(−z) = 1', () => {
    for (const z of [0.1, 1, 2.19, 2.21, 3.7, 8]) {
      expect(Math.abs(standardNormalCdf(z) + standardNormalCdf(-z) - 1)).toBeLessThan(2e-16);
    }
  });
});

describe('linearRuleAccuracy', () => {
  const classes: [GaussianClassModel, GaussianClassModel] = [
    {
      mean: [-1, 0.5],
      cov: [
        [1.5, 0.3],
        [0.3, 0.6],
      ],
      weight: 0.4,
    },
    {
      mean: [1, 1],
      cov: [
        [0.5, -0.2],
        [-0.2, 2],
      ],
      weight: 0.6,
    },
  ];
  const rule = { w: [1.3, -0.4], b: 0.2 };

  it('is within 4 standard errors of the accuracy on 400,000 sampled points', () => {
    const rng = createRng(99);
    let right = 0;
    const n = 400_000;
    for (let i = 0; i < n; i++) {
      const k = rng.uniform() < 0.6 ? 1 : 0;
      const x = sampleGaussian(rng, classes[k].mean, classes[k].cov, 1);
      const positive = rule.w[0] * x[0] + rule.w[1] * x[1] + rule.b > 0;
      if (positive === (k === 1)) right++;
    }
    const p = right / n;
    const exact = linearRuleAccuracy(rule, classes);
    expect(Math.abs(p - exact)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });

  it('gives the prior of the predicted class for a constant rule (w = 0)', () => {
    expect(linearRuleAccuracy({ w: [0, 0], b: 1 }, classes)).toBeCloseTo(0.6, 15);
    expect(linearRuleAccuracy({ w: [0, 0], b: -1 }, classes)).toBeCloseTo(0.4, 15);
  });

  it('rejects a rule with NaN weights and classes of the wrong dimension', () => {
    expect(() => linearRuleAccuracy({ w: [NaN, 0], b: 0 }, classes)).toThrow(
      /linearRuleAccuracy: rule has a non-finite/,
    );
    expect(() => linearRuleAccuracy({ w: [1], b: 0 }, classes)).toThrow(/class 0 has dimension 2/);
  });
});

describe('gaussianLogOddsFunction', () => {
  const classes: [GaussianClassModel, GaussianClassModel] = [
    {
      mean: [0.5, -1],
      cov: [
        [1.5, 0.4],
        [0.4, 0.8],
      ],
      weight: 0.35,
    },
    {
      mean: [-1, 2],
      cov: [
        [0.6, -0.2],
        [-0.2, 2.1],
      ],
      weight: 0.65,
    },
  ];
  /** ln(π N(x; μ, Σ)) with the 2 × 2 inverse and determinant written out. */
  const logWeightedDensity = (x: number[], c: GaussianClassModel) => {
    const inv = inv2(c.cov);
    const det = c.cov[0][0] * c.cov[1][1] - c.cov[0][1] * c.cov[1][0];
    const d = [x[0] - c.mean[0], x[1] - c.mean[1]];
    const q =
      d[0] * (inv[0][0] * d[0] + inv[0][1] * d[1]) + d[1] * (inv[1][0] * d[0] + inv[1][1] * d[1]);
    return Math.log(c.weight) - Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q;
  };

  it('matches the explicit 2-D log density ratio within 1e-12 at 200 random points', () => {
    const f = gaussianLogOddsFunction(classes);
    const rng = createRng(31);
    for (let i = 0; i < 200; i++) {
      const x = [4 * rng.normal(), 4 * rng.normal()];
      const expected = logWeightedDensity(x, classes[1]) - logWeightedDensity(x, classes[0]);
      expect(Math.abs(f(x) - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
    }
  });

  it('gives exactly what gaussianLogOdds gives point by point', () => {
    const f = gaussianLogOddsFunction(classes);
    for (const x of [
      [0, 0],
      [3, -2],
      [-1.25, 7.5],
    ])
      expect(f(x)).toBe(gaussianLogOdds(x, classes));
  });

  it('refuses a covariance that is not positive definite, when it is made', () => {
    const bad: GaussianClassModel = {
      ...classes[0],
      cov: [
        [1, 2],
        [2, 1],
      ],
    };
    expect(() => gaussianLogOddsFunction([bad, classes[1]])).toThrow(/not positive definite/);
  });
});

describe('gaussianLogOdds', () => {
  const c0: GaussianClassModel = {
    mean: [0, 0],
    cov: [
      [1, 0.5],
      [0.5, 1],
    ],
    weight: 0.5,
  };
  it('is exactly 2x₁ − 2 for μ₀ = (0,0), μ₁ = (2,1), Σ = [[1,.5],[.5,1]], equal priors', () => {
    const c1 = { ...c0, mean: [2, 1] };
    for (const x of [
      [0, 0],
      [1, 7],
      [-3, 2],
    ]) {
      expect(gaussianLogOdds(x, [c0, c1])).toBeCloseTo(2 * x[0] - 2, 12);
    }
  });

  it('with unequal covariances has Hessian Σ₀⁻¹ − Σ₁⁻¹ (central second differences, h = 1e-3)', () => {
    const c1: GaussianClassModel = {
      mean: [1, -1],
      cov: [
        [2, -0.3],
        [-0.3, 0.5],
      ],
      weight: 0.3,
    };
    const expected = [0, 1].map((a) => [0, 1].map((c) => inv2(c0.cov)[a][c] - inv2(c1.cov)[a][c]));
    const f = (x: number[]) => gaussianLogOdds(x, [c0, c1]);
    const h = 1e-3;
    const at = [0.7, -0.4];
    for (let a = 0; a < 2; a++) {
      for (let c = 0; c < 2; c++) {
        const e = (i: number, s: number) => at.map((v, j) => v + (j === i ? s : 0));
        const shift = (sa: number, sc: number) => {
          const x = e(a, sa);
          x[c] += sc;
          return f(x);
        };
        const second = (shift(h, h) - shift(h, -h) - shift(-h, h) + shift(-h, -h)) / (4 * h * h);
        expect(Math.abs(second - expected[a][c])).toBeLessThan(1e-5);
      }
    }
  });
});

describe('random tasks for the repeated experiment', () => {
  it('the same seed and index give the same dataset; another index gives another', () => {
    const settings = { dim: 3, classes: 3, scenario: 'unequal' as const, separation: 1.5 };
    const a = experimentDataset(5, 2, settings, 30, 10);
    const b = experimentDataset(5, 2, settings, 30, 10);
    const c = experimentDataset(5, 3, settings, 30, 10);
    expect(a).toEqual(b);
    expect(a.train.X).not.toEqual(c.train.X);
    expect(a.train.y).toEqual(Array.from({ length: 30 }, (_, i) => i % 3));
  });

  it('class means have E‖μ_k − μ_l‖² = 2s² in any dimension (mean of 4,000 tasks within 4 standard errors)', () => {
    for (const dim of [2, 10]) {
      const rng = createRng(dim);
      const values: number[] = [];
      for (let t = 0; t < 4000; t++) {
        const task = sampleExperimentTask(rng, {
          dim,
          classes: 2,
          scenario: 'shared',
          separation: 1.5,
        });
        values.push(task[0].mean.reduce((s, v, j) => s + (v - task[1].mean[j]) ** 2, 0));
      }
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
      expect(Math.abs(mean - 2 * 1.5 ** 2)).toBeLessThan((4 * sd) / Math.sqrt(values.length));
    }
  });

  it('a shared-covariance class has sample covariance within 4 standard errors of its scale matrix', () => {
    const rng = createRng(4);
    const task = sampleExperimentTask(rng, {
      dim: 2,
      classes: 2,
      scenario: 'shared',
      separation: 1,
    });
    expect(task[0].scale).toEqual(task[1].scale);
    const data = sampleFromTask(rng, task, 100_000);
    const pts = data.X.filter((_, i) => data.y[i] === 0);
    const S = task[0].scale;
    const n = pts.length;
    for (const [a, c] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ]) {
      const m =
        pts.reduce((s, x) => s + (x[a] - task[0].mean[a]) * (x[c] - task[0].mean[c]), 0) / n;
      const se = Math.sqrt((S[a][a] * S[c][c] + S[a][c] ** 2) / n);
      expect(Math.abs(m - S[a][c])).toBeLessThan(4 * se);
    }
  });

  it('heavy-tailed classes are Student t with ν = 3: covariance 3 × scale, and more far points than a Gaussian', () => {
    const rng = createRng(6);
    const task = sampleExperimentTask(rng, {
      dim: 1,
      classes: 2,
      scenario: 'heavy',
      separation: 1,
    });
    expect(task[0].dof).toBe(3);
    const data = sampleFromTask(rng, task, 200_000);
    const z = data.X.filter((_, i) => data.y[i] === 0).map(
      (x) => (x[0] - task[0].mean[0]) / Math.sqrt(task[0].scale[0][0]),
    );
    // P(|t₃| > 5) = 0.01539 (t distribution with 3 degrees of freedom); a Gaussian gives 5.7e-7.
    const tail = z.filter((v) => Math.abs(v) > 5).length / z.length;
    expect(Math.abs(tail - 0.015392)).toBeLessThan(4 * Math.sqrt((0.0154 * 0.9846) / z.length));
  });

  it('rejects settings outside their ranges', () => {
    const rng = createRng(1);
    expect(() =>
      sampleExperimentTask(rng, { dim: 0, classes: 2, scenario: 'shared', separation: 1 }),
    ).toThrow(/sampleExperimentTask: dim/);
    expect(() =>
      sampleExperimentTask(rng, { dim: 2, classes: 1, scenario: 'shared', separation: 1 }),
    ).toThrow(/sampleExperimentTask: classes/);
    expect(() =>
      sampleExperimentTask(rng, { dim: 2, classes: 2, scenario: 'odd' as 'shared', separation: 1 }),
    ).toThrow(/sampleExperimentTask: scenario/);
  });
});

describe('BatchedSoftmaxRegression on the tfjs cpu backend', () => {
  let tf: Tf;
  beforeAll(async () => {
    await initBackend({ candidates: ['cpu'] });
    tf = await loadTf();
  }, 60_000);

  const settings = { dim: 3, classes: 3, scenario: 'shared' as const, separation: 1.5 };
  const datasets = [0, 1, 2].map((j) => experimentDataset(9, j, settings, 24, 0).train);

  it('trains D datasets together exactly as D separate runs (to float32 rounding)', async () => {
    const together = await BatchedSoftmaxRegression.create(datasets, 3, {
      optimizer: 'adam',
      learningRate: 0.05,
    });
    await together.train(40);
    const joint = await together.parameters();
    together.dispose();
    for (let j = 0; j < 3; j++) {
      const alone = await BatchedSoftmaxRegression.create([datasets[j]], 3, {
        optimizer: 'adam',
        learningRate: 0.05,
      });
      await alone.train(40);
      const [single] = await alone.parameters();
      alone.dispose();
      single.W.flat().forEach((v, i) =>
        expect(Math.abs(v - joint[j].W.flat()[i])).toBeLessThan(1e-5),
      );
      single.b.forEach((v, k) => expect(Math.abs(v - joint[j].b[k])).toBeLessThan(1e-5));
    }
  });

  it('follows a float64 Adam written here step for step (weights within 2e-4 after 100 steps)', async () => {
    // 25 points in 3 classes: unbalanced, so no gradient entry starts at exactly zero, where
    // Adam's g/√v would turn float32 rounding noise into a full step of size lr.
    const unbalanced = [0, 1, 2].map((j) => experimentDataset(9, j, settings, 25, 0).train);
    const trainer = await BatchedSoftmaxRegression.create(unbalanced, 3, {
      optimizer: 'adam',
      learningRate: 0.05,
    });
    await trainer.train(60);
    await trainer.train(40);
    const params = await trainer.parameters();
    trainer.dispose();
    unbalanced.forEach((data, j) => {
      const ref = adamReference(data.X, data.y, 3, 100, 0.05);
      ref.W.flat().forEach((v, i) =>
        expect(Math.abs(v - params[j].W.flat()[i])).toBeLessThan(2e-4),
      );
      ref.b.forEach((v, k) => expect(Math.abs(v - params[j].b[k])).toBeLessThan(2e-4));
    });
  });

  it('reports each dataset’s loss, which falls from ln K and matches meanCrossEntropy of its weights', async () => {
    const trainer = await BatchedSoftmaxRegression.create(datasets, 3, {
      optimizer: 'sgd',
      learningRate: 0.1,
    });
    const first = await trainer.train(1);
    first.forEach((l) => expect(l).toBeCloseTo(Math.log(3), 6));
    await trainer.train(50);
    const params = await trainer.parameters();
    const next = await trainer.train(1);
    trainer.dispose();
    next.forEach((l, j) => {
      expect(l).toBeLessThan(Math.log(3) - 0.05);
      expect(Math.abs(l - meanCrossEntropy(params[j], datasets[j].X, datasets[j].y))).toBeLessThan(
        1e-5,
      );
    });
  });

  it('converges to Newton’s maximum likelihood on non-separable binary data', async () => {
    const rng = createRng(31);
    const X: Mat = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const k = i % 2;
      X.push([rng.normal() + k, rng.normal() - 0.5 * k]);
      y.push(k);
    }
    const trainer = await BatchedSoftmaxRegression.create([{ X, y }], 2, {
      optimizer: 'sgd',
      learningRate: 1,
    });
    for (let i = 0; i < 8; i++) await trainer.train(100);
    const [model] = await trainer.parameters();
    trainer.dispose();
    const gd = binaryFromSoftmax(model);
    const mle = newtonLogistic(X, y);
    expect(Math.abs(gd.w[0] - mle.w[0])).toBeLessThan(1e-3);
    expect(Math.abs(gd.w[1] - mle.w[1])).toBeLessThan(1e-3);
    expect(Math.abs(gd.b - mle.b)).toBeLessThan(1e-3);
  });

  it('leaves tf.memory().numTensors where it was after 30 create/train/dispose cycles', async () => {
    const warm = await BatchedSoftmaxRegression.create(datasets, 3, {
      optimizer: 'momentum',
      learningRate: 0.05,
    });
    await warm.train(2);
    warm.dispose();
    const before = (await tensorMemory()).numTensors;
    for (let i = 0; i < 30; i++) {
      const t = await BatchedSoftmaxRegression.create(datasets, 3, {
        optimizer: (['sgd', 'momentum', 'adam'] as const)[i % 3],
        learningRate: 0.05,
      });
      await t.train(3);
      await t.parameters();
      t.dispose();
    }
    expect((await tensorMemory()).numTensors).toBe(before);
  });

  it('rejects datasets of different sizes and bad labels, naming the dataset', async () => {
    await expect(
      BatchedSoftmaxRegression.create([datasets[0], { X: [[0, 0, 0]], y: [0] }], 3, {
        optimizer: 'sgd',
        learningRate: 0.1,
      }),
    ).rejects.toThrow(/BatchedSoftmaxRegression.create: dataset 1 is 1×3, dataset 0 is 24×3/);
    await expect(
      BatchedSoftmaxRegression.create([{ X: [[0]], y: [5] }], 3, {
        optimizer: 'sgd',
        learningRate: 0.1,
      }),
    ).rejects.toThrow(/dataset 0: y\[0\] = 5/);
    await expect(
      BatchedSoftmaxRegression.create([], 3, { optimizer: 'sgd', learningRate: 1 }),
    ).rejects.toThrow(/datasets is empty/);
  });

  it('gradient descent on the log-loss cannot overflow: with SGD at learning rate 1000 every step moves the weights by at most lr·√2·max‖(x, 1)‖', async () => {
    // ∂L/∂(W, b) = (1/N) Σ_i (p_i − e_{y_i}) (x_i, 1)ᵀ and ‖p − e_y‖ ≤ √2, so the step is bounded.
    const data = datasets[0];
    const bound = 1000 * Math.SQRT2 * Math.max(...data.X.map((x) => Math.hypot(...x, 1)));
    const trainer = await BatchedSoftmaxRegression.create([data], 3, {
      optimizer: 'sgd',
      learningRate: 1000,
    });
    let previous = (await trainer.parameters())[0];
    for (let i = 0; i < 50; i++) {
      const [loss] = await trainer.train(1);
      expect(Number.isFinite(loss)).toBe(true);
      const next = (await trainer.parameters())[0];
      const moved = Math.hypot(
        ...next.W.flat().map((v, k) => v - previous.W.flat()[k]),
        ...next.b.map((v, k) => v - previous.b[k]),
      );
      expect(moved).toBeLessThanOrEqual(bound * (1 + 1e-5));
      previous = next;
    }
    trainer.dispose();
    // The optimizer factory itself refuses a learning rate that is not a positive number.
    expect(() => createOptimizer(tf, 'sgd', Number.NaN)).toThrow(RangeError);
  });
});
