import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, loadTf, tensorMemory, type Tf } from '../../src/core/backend';
import { createRng } from '../../src/core/random';
import { sampleMoons } from '../../src/core/datasets';
import { createOptimizer, Mlp, softmaxCrossEntropy } from '../../src/core/mlp';
import {
  adaptiveStepSize,
  clipByNorm,
  clippingThreshold,
  COSH_OBJECTIVE,
  effectiveLearningRate,
  fitLine,
  gradientStep,
  halfMeanSquaredError,
  hardClipFactor,
  hardClippedStep,
  QUARTIC_OBJECTIVE,
  runScalarDescent,
  softClipFactor,
  softClippedStep,
  trainStepWithSmoothness,
  type ScalarObjective,
  type UpdateRule,
} from './math';

/** Euclidean norm written out with Math.hypot, independent of the core's scaled norm. */
const hypot = (v: readonly number[]) => Math.hypot(...v);

/** Log-spaced grid of n points from 10^a to 10^b. */
const logGrid = (a: number, b: number, n: number) =>
  Array.from({ length: n }, (_, i) => 10 ** (a + ((b - a) * i) / (n - 1)));

describe('clipByNorm(g, maxNorm)', () => {
  it('returns a copy of g unchanged when ‖g‖ ≤ maxNorm', () => {
    const g = [0.3, -0.4];
    const out = clipByNorm(g, 0.5);
    expect(out).toEqual(g);
    expect(out).not.toBe(g);
    expect(clipByNorm([3, 4], Infinity)).toEqual([3, 4]);
  });

  it('scales g to norm exactly maxNorm and keeps its direction when ‖g‖ > maxNorm', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 50; trial++) {
      const g = Array.from({ length: 1 + (trial % 6) }, () => 10 * rng.normal());
      const c = 0.1 + rng.uniform();
      const out = clipByNorm(g, c);
      const norm = hypot(g);
      if (norm <= c) continue;
      expect(Math.abs(hypot(out) - c)).toBeLessThan(1e-12 * c);
      // Same direction: every entry is g_i · c/‖g‖.
      out.forEach((v, i) => expect(Math.abs(v - (g[i] * c) / norm)).toBeLessThan(1e-12));
    }
  });

  it('clipByNorm([3, 4], 1) = [0.6, 0.8]', () => {
    const out = clipByNorm([3, 4], 1);
    expect(out[0]).toBeCloseTo(0.6, 15);
    expect(out[1]).toBeCloseTo(0.8, 15);
  });

  it('does not overflow where the naive sum of squares does (entries ±1e300)', () => {
    const g = [1e300, -1e300, 1e300];
    expect(g.reduce((s, v) => s + v * v, 0)).toBe(Infinity);
    const out = clipByNorm(g, 2);
    const expected = 2 / Math.sqrt(3);
    out.forEach((v, i) => expect(Math.abs(v - Math.sign(g[i]) * expected)).toBeLessThan(1e-15));
  });

  it('handles ±1000 and tiny (1e-300) entries exactly', () => {
    const out = clipByNorm([1000, -1000], 1);
    expect(out[0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(out[1]).toBeCloseTo(-Math.SQRT1_2, 15);
    expect(clipByNorm([1e-300, -1e-300], 1)).toEqual([1e-300, -1e-300]);
  });

  it('throws a RangeError naming clipByNorm and the argument for NaN, empty or bad maxNorm', () => {
    expect(() => clipByNorm([1, NaN], 1)).toThrow(RangeError);
    expect(() => clipByNorm([1, NaN], 1)).toThrow(/clipByNorm: g\[1\]/);
    expect(() => clipByNorm([Infinity], 1)).toThrow(/clipByNorm: g\[0\]/);
    expect(() => clipByNorm([], 1)).toThrow(/clipByNorm: g must be a non-empty array/);
    expect(() => clipByNorm([1], 0)).toThrow(/clipByNorm: maxNorm/);
    expect(() => clipByNorm([1], -1)).toThrow(/clipByNorm: maxNorm/);
    expect(() => clipByNorm([1], NaN)).toThrow(/clipByNorm: maxNorm/);
  });
});

describe('hardClipFactor and softClipFactor', () => {
  it('hard = min(1, γ/‖g‖) and soft = γ/(‖g‖ + γ) at hand-checked points', () => {
    expect(hardClipFactor(1, 2)).toBe(1);
    expect(hardClipFactor(8, 2)).toBe(0.25);
    expect(hardClipFactor(0, 2)).toBe(1);
    expect(softClipFactor(2, 2)).toBe(0.5);
    expect(softClipFactor(6, 2)).toBe(0.25);
    expect(softClipFactor(0, 2)).toBe(1);
  });

  it('γ = Infinity switches both off (factor 1)', () => {
    expect(hardClipFactor(1e300, Infinity)).toBe(1);
    expect(softClipFactor(1e300, Infinity)).toBe(1);
  });

  it('sandwich: ½·hard ≤ soft ≤ hard for ‖g‖/γ from 1e-6 to 1e6, with soft/hard = ½ only at ‖g‖ = γ', () => {
    for (const gamma of [0.01, 1, 2, 50]) {
      for (const t of logGrid(-6, 6, 241)) {
        const g = t * gamma;
        const hard = hardClipFactor(g, gamma);
        const soft = softClipFactor(g, gamma);
        expect(soft).toBeLessThanOrEqual(hard * (1 + 1e-15));
        expect(soft).toBeGreaterThanOrEqual(0.5 * hard * (1 - 1e-15));
        // The ratio written out case by case: 1/(1+t) for t ≤ 1, t/(1+t) for t ≥ 1.
        const ratio = t <= 1 ? 1 / (1 + t) : t / (1 + t);
        expect(Math.abs(soft / hard - ratio)).toBeLessThan(1e-12);
      }
      expect(softClipFactor(gamma, gamma) / hardClipFactor(gamma, gamma)).toBe(0.5);
    }
  });

  it('soft/hard is symmetric under ‖g‖/γ ↦ γ/‖g‖', () => {
    for (const t of logGrid(-4, 4, 81)) {
      const r = (s: number) => softClipFactor(s, 1) / hardClipFactor(s, 1);
      expect(Math.abs(r(t) - r(1 / t))).toBeLessThan(1e-12);
    }
  });

  it('throws a RangeError naming the function for a negative or NaN norm and a bad γ', () => {
    expect(() => hardClipFactor(-1, 1)).toThrow(/hardClipFactor: gradNorm/);
    expect(() => softClipFactor(NaN, 1)).toThrow(/softClipFactor: gradNorm/);
    expect(() => softClipFactor(Infinity, 1)).toThrow(/softClipFactor: gradNorm/);
    expect(() => hardClipFactor(1, 0)).toThrow(/hardClipFactor: gamma/);
    expect(() => softClipFactor(1, NaN)).toThrow(/softClipFactor: gamma/);
  });
});

describe('the update rules as step functions', () => {
  const theta = [1, 2];
  const g = [3, 4]; // ‖g‖ = 5

  it('gradientStep(θ, g, η) = θ − ηg', () => {
    const out = gradientStep(theta, g, 0.1);
    expect(out[0]).toBeCloseTo(0.7, 15);
    expect(out[1]).toBeCloseTo(1.6, 15);
  });

  it('hardClippedStep(θ, g, η, γ) = θ − η·(γ/‖g‖)·g when ‖g‖ > γ, and θ − ηg otherwise', () => {
    const out = hardClippedStep(theta, g, 0.1, 2);
    expect(out[0]).toBeCloseTo(1 - 0.1 * 0.4 * 3, 15);
    expect(out[1]).toBeCloseTo(2 - 0.1 * 0.4 * 4, 15);
    expect(hardClippedStep(theta, g, 0.1, 10)).toEqual(gradientStep(theta, g, 0.1));
  });

  it('softClippedStep(θ, g, η, γ) = θ − η·γ/(‖g‖ + γ)·g', () => {
    const out = softClippedStep(theta, g, 0.1, 2);
    expect(out[0]).toBeCloseTo(1 - (0.1 * 2 * 3) / 7, 15);
    expect(out[1]).toBeCloseTo(2 - (0.1 * 2 * 4) / 7, 15);
  });

  it('both clipped steps move θ by at most ηγ, however large the gradient', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 100; trial++) {
      const scale = 10 ** (6 * rng.uniform() - 3);
      const gv = [scale * rng.normal(), scale * rng.normal(), scale * rng.normal()];
      const [eta, gamma] = [0.01 + rng.uniform(), 0.01 + 3 * rng.uniform()];
      for (const stepFn of [hardClippedStep, softClippedStep]) {
        const moved = hypot(stepFn([0, 0, 0], gv, eta, gamma));
        expect(moved).toBeLessThanOrEqual(eta * gamma * (1 + 1e-12));
        expect(moved).toBeLessThanOrEqual(eta * hypot(gv) * (1 + 1e-12));
      }
    }
  });

  it('throws a RangeError naming the function for mismatched lengths, NaN and bad rates', () => {
    expect(() => hardClippedStep([1, 2], [1], 0.1, 1)).toThrow(
      /hardClippedStep: theta has 2 entries but g has 1/,
    );
    expect(() => softClippedStep([1], [NaN], 0.1, 1)).toThrow(/softClippedStep: g\[0\]/);
    expect(() => gradientStep([NaN], [1], 0.1)).toThrow(/gradientStep: theta\[0\]/);
    expect(() => gradientStep([1], [1], 0)).toThrow(/gradientStep: eta/);
    expect(() => hardClippedStep([1], [1], 0.1, -2)).toThrow(/gamma/);
  });

  it('effectiveLearningRate gives η, η·min(1, γ/‖g‖) and η·γ/(‖g‖+γ)', () => {
    const rules: [UpdateRule, number][] = [
      [{ clip: 'none', eta: 0.3 }, 0.3],
      [{ clip: 'hard', eta: 0.3, gamma: 2 }, 0.3 * 0.25],
      [{ clip: 'soft', eta: 0.3, gamma: 2 }, 0.3 * 0.2],
    ];
    for (const [rule, expected] of rules) {
      expect(effectiveLearningRate(rule, 8)).toBeCloseTo(expected, 15);
    }
    expect(effectiveLearningRate({ clip: 'hard', eta: 0.3 }, 8)).toBe(0.3);
  });
});

describe('adaptiveStepSize and clippingThreshold', () => {
  it('1/(L₀ + L₁‖g‖) equals soft clipping with η = 1/L₀ and γ = L₀/L₁', () => {
    for (const [L0, L1] of [
      [2, 1],
      [4, 2],
      [0.3, 7],
    ]) {
      const gamma = clippingThreshold(L0, L1);
      expect(gamma).toBeCloseTo(L0 / L1, 15);
      for (const g of logGrid(-5, 5, 41)) {
        const adaptive = adaptiveStepSize(g, L0, L1);
        expect(Math.abs(adaptive - 1 / (L0 + L1 * g))).toBeLessThan(1e-15 * (1 + adaptive));
        const soft = effectiveLearningRate({ clip: 'soft', eta: 1 / L0, gamma }, g);
        expect(Math.abs(soft - adaptive) / adaptive).toBeLessThan(1e-14);
      }
    }
  });

  it('γ is infinite for L₁ = 0 (an L-smooth function needs no clipping) and errors name the function', () => {
    expect(clippingThreshold(2, 0)).toBe(Infinity);
    expect(adaptiveStepSize(1e6, 2, 0)).toBe(0.5);
    expect(() => clippingThreshold(0, 1)).toThrow(/clippingThreshold: L0/);
    expect(() => clippingThreshold(1, -1)).toThrow(/clippingThreshold: L1/);
    expect(() => adaptiveStepSize(-1, 1, 1)).toThrow(/adaptiveStepSize: gradNorm/);
  });
});

describe('the one-dimensional objectives', () => {
  const objectives: ScalarObjective[] = [COSH_OBJECTIVE, QUARTIC_OBJECTIVE];

  it.each(objectives)('$label: f′ and f″ match central finite differences', (obj) => {
    const h = 1e-5;
    for (let x = -3; x <= 3; x += 0.25) {
      const df = (obj.f(x + h) - obj.f(x - h)) / (2 * h);
      const d2f = (obj.df(x + h) - obj.df(x - h)) / (2 * h);
      expect(Math.abs(df - obj.df(x))).toBeLessThan(1e-6 * (1 + Math.abs(df)));
      expect(Math.abs(d2f - obj.d2f(x))).toBeLessThan(1e-6 * (1 + Math.abs(d2f)));
    }
  });

  it.each(objectives)(
    '$label: |f″| ≤ L₀ + L₁|f′| on a grid of 40,001 points in [−20, 20]',
    (obj) => {
      for (let i = -20000; i <= 20000; i++) {
        const x = i / 1000;
        expect(Math.abs(obj.d2f(x))).toBeLessThanOrEqual(
          (obj.L0 + obj.L1 * Math.abs(obj.df(x))) * (1 + 1e-12),
        );
      }
    },
  );

  it('the constants are tight: 2 cosh x has f″(0) = L₀ and f″/|f′| → L₁ = 1; x⁴ touches the bound at |x| = 1', () => {
    expect(COSH_OBJECTIVE.d2f(0)).toBe(COSH_OBJECTIVE.L0);
    expect(COSH_OBJECTIVE.d2f(30) / COSH_OBJECTIVE.df(30)).toBeCloseTo(1, 12);
    expect(QUARTIC_OBJECTIVE.d2f(1)).toBe(QUARTIC_OBJECTIVE.L0 + QUARTIC_OBJECTIVE.L1 * 4);
  });

  it('neither objective is L-smooth: f″ exceeds any bound far enough out', () => {
    expect(COSH_OBJECTIVE.d2f(20)).toBeGreaterThan(1e8);
    expect(QUARTIC_OBJECTIVE.d2f(1e4)).toBeGreaterThan(1e8);
  });
});

/** Plain gradient descent written out once more, without the core's loop. */
function independentIterations(
  df: (x: number) => number,
  x0: number,
  rate: (absGrad: number) => number,
  tolerance: number,
  maxIterations: number,
): number | 'diverged' | 'max' {
  let x = x0;
  for (let k = 0; k <= maxIterations; k++) {
    const g = df(x);
    if (!Number.isFinite(g) || !Number.isFinite(x)) return 'diverged';
    if (Math.abs(g) <= tolerance) return k;
    x -= rate(Math.abs(g)) * g;
  }
  return 'max';
}

describe('runScalarDescent(objective, x0, rule, options)', () => {
  const cases: { obj: ScalarObjective; x0: number; rule: UpdateRule; tol: number }[] = [];
  for (const obj of [COSH_OBJECTIVE, QUARTIC_OBJECTIVE]) {
    for (const x0 of [0.7, 3, 7.5, -4]) {
      for (const tol of obj.id === 'cosh' ? [1e-3, 1e-7] : [1e-3, 1e-4]) {
        const gamma = obj.L0 / obj.L1;
        cases.push({ obj, x0, tol, rule: { clip: 'none', eta: 1 / obj.d2f(x0) } });
        cases.push({ obj, x0, tol, rule: { clip: 'hard', eta: 1 / obj.L0, gamma } });
        cases.push({ obj, x0, tol, rule: { clip: 'soft', eta: 1 / obj.L0, gamma } });
        cases.push({ obj, x0, tol, rule: { clip: 'soft', eta: 0.3, gamma: 5 } });
      }
    }
  }

  it.each(cases)(
    'counts the same iterations as an independent loop: $obj.id x0=$x0 $rule.clip η=$rule.eta ε=$tol',
    ({ obj, x0, rule, tol }) => {
      const result = runScalarDescent(obj, x0, rule, { tolerance: tol, maxIterations: 200_000 });
      const gamma = rule.gamma ?? Infinity;
      const rate = (a: number) =>
        rule.clip === 'none'
          ? rule.eta
          : rule.clip === 'hard'
            ? rule.eta * Math.min(1, gamma / a)
            : (rule.eta * gamma) / (a + gamma);
      const expected = independentIterations(obj.df, x0, rate, tol, 200_000);
      expect(typeof expected).toBe('number');
      expect(result.status).toBe('converged');
      expect(result.iterations).toBe(expected);
      expect(Math.abs(obj.df(result.x))).toBeLessThanOrEqual(tol);
    },
  );

  it('reports divergence when f′ overflows: 2 cosh x from x₀ = 10 with η = 1/2 overflows at step 1', () => {
    const r = runScalarDescent(
      COSH_OBJECTIVE,
      10,
      { clip: 'none', eta: 0.5 },
      {
        tolerance: 1e-3,
        maxIterations: 1000,
      },
    );
    expect(r.status).toBe('diverged');
    expect(r.iterations).toBe(1);
    // x₁ = 10 − 0.5·2 sinh 10 ≈ −11003 is finite, but f′(x₁) = 2 sinh(−11003) is not.
    expect(r.x).toBeCloseTo(10 - Math.sinh(10), 9);
  });

  it('stops at maxIterations and records the start, log-spaced iterates and the last one', () => {
    const r = runScalarDescent(
      QUARTIC_OBJECTIVE,
      2,
      { clip: 'none', eta: 1e-6 },
      {
        tolerance: 1e-6,
        maxIterations: 5000,
      },
    );
    expect(r.status).toBe('max-iterations');
    expect(r.iterations).toBe(5000);
    expect(r.path[0]).toEqual({ k: 0, x: 2, grad: 32 });
    expect(r.path[r.path.length - 1].k).toBe(5000);
    for (let i = 1; i < r.path.length; i++) expect(r.path[i].k).toBeGreaterThan(r.path[i - 1].k);
    expect(r.path.length).toBeLessThan(200);
  });

  it('throws a RangeError naming the function for bad inputs', () => {
    const opts = { tolerance: 1e-3, maxIterations: 10 };
    expect(() => runScalarDescent(COSH_OBJECTIVE, NaN, { clip: 'none', eta: 1 }, opts)).toThrow(
      /runScalarDescent: x0/,
    );
    expect(() =>
      runScalarDescent(COSH_OBJECTIVE, 1, { clip: 'none', eta: 1 }, { ...opts, tolerance: 0 }),
    ).toThrow(/runScalarDescent: options.tolerance/);
    expect(() => runScalarDescent(COSH_OBJECTIVE, 1, { clip: 'soft', eta: -1 }, opts)).toThrow(
      /rule.eta/,
    );
  });
});

describe('fitLine(points)', () => {
  it('recovers an exact line with r = ±1', () => {
    const up = fitLine([
      [0, 1],
      [1, 3],
      [2, 5],
      [5, 11],
    ]);
    expect(up.intercept).toBeCloseTo(1, 12);
    expect(up.slope).toBeCloseTo(2, 12);
    expect(up.r).toBeCloseTo(1, 12);
    expect(
      fitLine([
        [0, 0],
        [1, -1],
      ]).r,
    ).toBeCloseTo(-1, 12);
  });

  it('matches the normal equations solved by hand for three points', () => {
    // Points (0,0), (1,1), (2,1): x̄ = 1, ȳ = 2/3, Sxy = 1, Sxx = 2, Syy = 2/3.
    const fit = fitLine([
      [0, 0],
      [1, 1],
      [2, 1],
    ]);
    expect(fit.slope).toBeCloseTo(0.5, 14);
    expect(fit.intercept).toBeCloseTo(2 / 3 - 0.5, 14);
    expect(fit.r).toBeCloseTo(1 / Math.sqrt(2 * (2 / 3)), 14);
  });

  it('throws a RangeError naming fitLine for fewer than two points, equal x or NaN', () => {
    expect(() => fitLine([[1, 1]])).toThrow(/fitLine: points must hold at least two/);
    expect(() =>
      fitLine([
        [1, 1],
        [1, 2],
      ]),
    ).toThrow(/fitLine: points must not all have the same x/);
    expect(() =>
      fitLine([
        [1, 1],
        [2, NaN],
      ]),
    ).toThrow(/fitLine: points\[1\]/);
  });
});

// ------------------------------------------------ the network measurement, on the cpu backend

let tf: Tf;
beforeAll(async () => {
  await initBackend({ candidates: ['cpu'] });
  tf = await loadTf();
});

type Layer = { W: number[][]; b: number[] };

/** Reads the MLP's weights into float64 arrays. */
async function readLayers(model: Mlp): Promise<Layer[]> {
  const layers: Layer[] = [];
  for (let l = 0; l < model.weights.length; l++) {
    const [rows, cols] = model.weights[l].shape;
    const w = Array.from(await model.weights[l].data());
    layers.push({
      W: Array.from({ length: rows }, (_, i) => w.slice(i * cols, (i + 1) * cols)),
      b: Array.from(await model.biases[l].data()),
    });
  }
  return layers;
}

/**
 * Mean softmax cross-entropy of a tanh MLP and its gradient, by hand-written backpropagation in
 * float64 (independent of tfjs).
 */
function crossEntropyGradient(layers: Layer[], X: number[][], y: number[]): Layer[] {
  const n = X.length;
  const grads: Layer[] = layers.map((L) => ({
    W: L.W.map((row) => row.map(() => 0)),
    b: L.b.map(() => 0),
  }));
  for (let s = 0; s < n; s++) {
    const acts: number[][] = [X[s]];
    for (let l = 0; l < layers.length; l++) {
      const { W, b } = layers[l];
      const pre = b.map((bj, j) => bj + acts[l].reduce((t, a, i) => t + a * W[i][j], 0));
      acts.push(l === layers.length - 1 ? pre : pre.map(Math.tanh));
    }
    const z = acts[acts.length - 1];
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const sum = e.reduce((a, b) => a + b, 0);
    let delta = e.map((v, k) => (v / sum - (k === y[s] ? 1 : 0)) / n);
    for (let l = layers.length - 1; l >= 0; l--) {
      const a = acts[l];
      for (let i = 0; i < a.length; i++)
        for (let j = 0; j < delta.length; j++) grads[l].W[i][j] += a[i] * delta[j];
      delta.forEach((d, j) => (grads[l].b[j] += d));
      if (l > 0) {
        const W = layers[l].W;
        delta = a.map((ai, i) => (1 - ai * ai) * delta.reduce((t, d, j) => t + W[i][j] * d, 0));
      }
    }
  }
  return grads;
}

const flatten = (layers: Layer[]) => layers.flatMap((L) => [...L.W.flat(), ...L.b]);

describe('trainStepWithSmoothness on the cpu backend', () => {
  const data = sampleMoons(createRng(5), 40, 0.15);

  it('L̂ = ‖∇f(θ − h g/‖g‖) − ∇f(θ)‖/h matches a float64 backpropagation to 1e-3 (relative)', async () => {
    const model = await Mlp.create({ sizes: [2, 6, 6, 2], activation: 'tanh', seed: 4 });
    const optimizer = createOptimizer(tf, 'sgd', 0.2);
    const x = tf.tensor2d(data.X);
    const y = tf.tensor1d(data.y, 'int32');
    const loss = () => softmaxCrossEntropy(tf, model.forward(x), y);
    for (let step = 0; step < 5; step++) {
      const layers = await readLayers(model);
      const g = flatten(crossEntropyGradient(layers, data.X, data.y));
      const gNorm = hypot(g);
      const h = 0.01;
      let offset = 0;
      const probed = layers.map((L) => {
        const W = L.W.map((row) => row.map((w) => w - (h * g[offset++]) / gNorm));
        const b = L.b.map((v) => v - (h * g[offset++]) / gNorm);
        return { W, b };
      });
      const gp = flatten(crossEntropyGradient(probed, data.X, data.y));
      const expected = hypot(gp.map((v, i) => v - g[i])) / h;
      const result = await trainStepWithSmoothness(model, optimizer, loss, { probe: h });
      expect(Math.abs(result.gradNorm - gNorm) / gNorm).toBeLessThan(1e-5);
      expect(Math.abs(result.smoothness - expected) / expected).toBeLessThan(1e-3);
      expect(result.gradChange).toBeCloseTo(result.smoothness * h, 12);
    }
    x.dispose();
    y.dispose();
    optimizer.dispose();
    model.dispose();
  });

  it('restores θ after the probe: the step equals a plain SGD step, clipped when clipNorm is set', async () => {
    const model = await Mlp.create({ sizes: [2, 5, 2], activation: 'tanh', seed: 8 });
    const x = tf.tensor2d(data.X);
    const y = tf.tensor1d(data.y, 'int32');
    const loss = () => softmaxCrossEntropy(tf, model.forward(x), y);
    for (const clipNorm of [undefined, 0.05]) {
      const optimizer = createOptimizer(tf, 'sgd', 0.5);
      const layers = await readLayers(model);
      const g = flatten(crossEntropyGradient(layers, data.X, data.y));
      const scale = clipNorm === undefined ? 1 : Math.min(1, clipNorm / hypot(g));
      const before = flatten(layers);
      await trainStepWithSmoothness(model, optimizer, loss, { clipNorm, probe: 0.05 });
      const after = flatten(await readLayers(model));
      after.forEach((v, i) =>
        expect(Math.abs(v - (before[i] - 0.5 * scale * g[i]))).toBeLessThan(2e-6),
      );
      optimizer.dispose();
    }
    x.dispose();
    y.dispose();
    model.dispose();
  });

  it('keeps tf.memory().numTensors flat over 30 steps, with and without clipping', async () => {
    const start = (await tensorMemory()).numTensors;
    const model = await Mlp.create({ sizes: [2, 8, 8, 2], activation: 'tanh', seed: 2 });
    const optimizer = createOptimizer(tf, 'sgd', 0.1);
    const x = tf.tensor2d(data.X);
    const y = tf.tensor1d(data.y, 'int32');
    const targets = tf.tidy(() => tf.cast(tf.oneHot(y, 2), 'float32')) as ReturnType<
      typeof tf.tensor2d
    >;
    const ce = () => softmaxCrossEntropy(tf, model.forward(x), y);
    const se = () => halfMeanSquaredError(tf, model.forward(x), targets);
    await trainStepWithSmoothness(model, optimizer, ce);
    const after = (await tensorMemory()).numTensors;
    for (let k = 0; k < 30; k++) {
      await trainStepWithSmoothness(model, optimizer, k % 2 ? ce : se, {
        clipNorm: k % 3 ? 0.1 : undefined,
      });
    }
    expect((await tensorMemory()).numTensors).toBe(after);
    [x, y, targets].forEach((t) => t.dispose());
    optimizer.dispose();
    model.dispose();
    expect((await tensorMemory()).numTensors).toBe(start);
  });

  it('gives NaN smoothness, and no step, when the gradient is not finite', async () => {
    const model = await Mlp.create({ sizes: [2, 3, 2], activation: 'tanh', seed: 1 });
    const optimizer = createOptimizer(tf, 'sgd', 0.1);
    const x = tf.tensor2d([[NaN, 1]]);
    const y = tf.tensor1d([0], 'int32');
    const before = flatten(await readLayers(model));
    const result = await trainStepWithSmoothness(model, optimizer, () =>
      softmaxCrossEntropy(tf, model.forward(x), y),
    );
    expect(Number.isNaN(result.smoothness)).toBe(true);
    expect(flatten(await readLayers(model))).toEqual(before);
    await expect(
      trainStepWithSmoothness(model, optimizer, () => tf.scalar(0), { probe: 0 }),
    ).rejects.toThrow(/trainStepWithSmoothness: options.probe/);
    x.dispose();
    y.dispose();
    optimizer.dispose();
    model.dispose();
  });
});

describe('halfMeanSquaredError', () => {
  it('equals ½·mean_i ‖z_i − y_i‖² computed by hand', async () => {
    const z = tf.tensor2d([
      [1, 2],
      [0, -1],
      [3, 0.5],
    ]);
    const t = tf.tensor2d([
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
    const loss = halfMeanSquaredError(tf, z, t);
    expect((await loss.data())[0]).toBeCloseTo(0.5 * ((1 + 1 + 1 + 1 + 9 + 0.25) / 3), 6);
    const wrong = tf.zeros([3, 3]) as typeof z;
    expect(() => halfMeanSquaredError(tf, z, wrong)).toThrow(
      /halfMeanSquaredError: outputs are \[3, 2\] but targets are \[3, 3\]/,
    );
    [z, t, loss, wrong].forEach((v) => v.dispose());
  });
});
