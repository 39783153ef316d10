/**
 * Every number and inequality stated in index.mdx, checked by computations that do not reuse the
 * core's formulas: gradient descent loops written out here, grids of points, closed forms solved
 * by hand, and (for the network) the training run of the widget on the tfjs cpu backend.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/core/index';
import { defaultValues, type ParamSchema, type ParamValues } from '../../src/widgets/params';
import { SeriesRecorder } from '../../src/widgets/series';
import { widgets } from './widgets/index';
import {
  createTrainingRun,
  MAX_STEPS,
  recordsOf,
  recordValues,
  smoothnessFit,
  type StepRecord,
  type TrainingConfig,
} from './widgets/training';

// ---------------------------------------------------------------- an independent descent loop

type Rate = (absGrad: number) => number;
const fixed =
  (eta: number): Rate =>
  () =>
    eta;
const hard =
  (eta: number, gamma: number): Rate =>
  (a) =>
    a > gamma ? (eta * gamma) / a : eta;
const soft =
  (eta: number, gamma: number): Rate =>
  (a) =>
    (eta * gamma) / (a + gamma);

const coshGrad = (x: number) => 2 * Math.sinh(x);
const quarticGrad = (x: number) => 4 * x * x * x;

/** Steps until |f′| ≤ ε, or 'overflow k' when f′(x_k) stops being a finite number. */
function stepsToTolerance(
  df: (x: number) => number,
  x0: number,
  rate: Rate,
  eps = 1e-3,
): number | string {
  let x = x0;
  for (let k = 0; k < 5_000_000; k++) {
    const g = df(x);
    if (!Number.isFinite(g)) return `overflow ${k}`;
    if (Math.abs(g) <= eps) return k;
    x -= rate(Math.abs(g)) * g;
  }
  return 'never';
}

/** The points of a grid where a claimed inequality fails (the first few), for one expect per claim. */
function failures(xs: readonly number[], holds: (x: number) => boolean): number[] {
  const bad: number[] = [];
  for (const x of xs) if (!holds(x) && bad.length < 5) bad.push(x);
  return bad;
}

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

// ---------------------------------------------------------------- the widgets' first paint

function readouts(
  id: string,
  values: Partial<ParamValues<ParamSchema>> = {},
): (name: string) => { value: number; text: string } {
  const widget = widgets.find((w) => w.id === id)!;
  const html = renderToStaticMarkup(
    createElement(widget.Component, {
      values: { ...defaultValues(widget.params), ...values } as ParamValues<ParamSchema>,
      set: () => {},
      present: false,
    }),
  );
  return (name) => {
    const start = html.indexOf(`data-readout="${name}"`);
    if (start < 0) throw new Error(`no readout "${name}"`);
    const tag = html.slice(html.lastIndexOf('<', start), html.indexOf('>', start) + 1);
    const value = Number(/data-value="([^"]+)"/.exec(tag)![1]);
    const text = html.slice(start, html.indexOf('</div>', start)).replace(/<[^>]+>/g, ' ');
    return { value, text };
  };
}

describe('Two ways to clip a gradient', () => {
  const hardFactor = (t: number) => Math.min(1, 1 / t);
  const softFactor = (t: number) => 1 / (1 + t);

  it('½·min(1, γ/‖g‖) ≤ γ/(‖g‖+γ) ≤ min(1, γ/‖g‖) on 10,001 log-spaced ratios t = ‖g‖/γ in [1e-5, 1e5]', () => {
    for (let i = 0; i <= 10_000; i++) {
      const t = 10 ** (-5 + i / 1000);
      expect(softFactor(t)).toBeLessThanOrEqual(hardFactor(t));
      expect(softFactor(t)).toBeGreaterThanOrEqual(hardFactor(t) / 2);
    }
  });

  it('soft/hard = 1/(1 + min(t, 1/t)): ½ exactly at ‖g‖ = γ, symmetric in t ↔ 1/t, → 1 at both ends', () => {
    expect(softFactor(1) / hardFactor(1)).toBe(0.5);
    for (const t of [1e-4, 0.01, 0.3, 2, 50, 1e4]) {
      const ratio = softFactor(t) / hardFactor(t);
      expect(ratio).toBeCloseTo(1 / (1 + Math.min(t, 1 / t)), 14);
      expect(ratio).toBeCloseTo(softFactor(1 / t) / hardFactor(1 / t), 14);
    }
    expect(softFactor(1e-4) / hardFactor(1e-4)).toBeGreaterThan(0.9998);
    expect(softFactor(1e4) / hardFactor(1e4)).toBeGreaterThan(0.9998);
  });

  it('both steps have length at most ηγ: η·min(‖g‖, γ) and ηγ‖g‖/(‖g‖+γ)', () => {
    for (let i = 0; i <= 100; i++) {
      const t = 10 ** (-5 + i / 10);
      expect(hardFactor(t) * t).toBeCloseTo(Math.min(t, 1), 14);
      expect(softFactor(t) * t).toBeLessThan(1);
    }
  });

  it('the sandwich widget shows hard 1, soft ½ and ratio ½ at its default ‖g‖/γ = 1, and the right values elsewhere', () => {
    let read = readouts('sandwich');
    expect(read('hard').value).toBe(1);
    expect(read('soft').value).toBe(0.5);
    expect(read('lower').value).toBe(0.5);
    expect(read('ratio').value).toBe(0.5);
    read = readouts('sandwich', { ratio: 40 });
    expect(read('hard').value).toBeCloseTo(1 / 40, 15);
    expect(read('soft').value).toBeCloseTo(1 / 41, 15);
    expect(read('ratio').value).toBeCloseTo(40 / 41, 15);
    expect(read('step_hard').value).toBeCloseTo(1, 15);
    expect(read('step_soft').value).toBeCloseTo(40 / 41, 15);
  });
});

describe('The classical step size and its catch', () => {
  it('the descent bound f − (η − Lη²/2)‖g‖² is best at η = 1/L and positive below 2/L', () => {
    const L = 3.7;
    const gain = (eta: number) => eta - (L * eta * eta) / 2;
    for (const eta of [0.1, 0.2, 0.25, 0.3, 0.5])
      expect(gain(1 / L)).toBeGreaterThanOrEqual(gain(eta));
    expect(gain(1.999 / L)).toBeGreaterThan(0);
    expect(gain(2.001 / L)).toBeLessThan(0);
    expect(gain(1 / L)).toBeCloseTo(1 / (2 * L), 15);
  });

  it('2 cosh 10 ≈ 22,000, and the safe step 1/f″(10) ≈ 4.5e-5', () => {
    expect(2 * Math.cosh(10)).toBeGreaterThan(22_000);
    expect(2 * Math.cosh(10)).toBeLessThan(22_100);
    expect(1 / (2 * Math.cosh(10))).toBeCloseTo(4.54e-5, 7);
  });

  it('the safe fixed step needs steps in proportion to cosh x₀ (8.0 to 8.4 times cosh x₀ for x₀ = 4 … 10)', () => {
    for (const x0 of [4, 6, 8, 10]) {
      const n = stepsToTolerance(coshGrad, x0, fixed(1 / (2 * Math.cosh(x0)))) as number;
      expect(n / Math.cosh(x0)).toBeGreaterThan(8);
      expect(n / Math.cosh(x0)).toBeLessThan(8.4);
    }
  });
});

describe('A relaxed smoothness condition', () => {
  const grid = Array.from({ length: 60_001 }, (_, i) => -30 + i / 1000);

  it('2 cosh x is (2, 1)-smooth: 2 cosh x ≤ 2 + 2|sinh x|, since cosh x − |sinh x| = e^{−|x|}', () => {
    expect(
      failures(grid, (x) => 2 * Math.cosh(x) <= (2 + 2 * Math.abs(Math.sinh(x))) * (1 + 1e-14)),
    ).toEqual([]);
    const small = grid.filter((x) => Math.abs(x) < 15);
    expect(
      failures(
        small,
        (x) => Math.abs(Math.cosh(x) - Math.abs(Math.sinh(x)) - Math.exp(-Math.abs(x))) < 1e-9,
      ),
    ).toEqual([]);
  });

  it('neither constant of 2 cosh x can be lowered: f″(0) = 2, f′(0) = 0 and f″/|f′| = coth|x| → 1', () => {
    expect(2 * Math.cosh(0)).toBe(2);
    expect((2 * Math.cosh(20)) / (2 * Math.sinh(20))).toBeCloseTo(1, 15);
    // With L₁ = 0.99 the bound fails far out, with L₀ = 1.99 it fails at 0.
    expect(2 * Math.cosh(10)).toBeGreaterThan(2 + 0.99 * 2 * Math.sinh(10));
    expect(2 * Math.cosh(0)).toBeGreaterThan(1.99);
  });

  it('f″ = √(4 + f′²) for 2 cosh x', () => {
    for (const x of [-5, -1, 0, 0.3, 2, 7]) {
      expect(2 * Math.cosh(x)).toBeCloseTo(Math.sqrt(4 + (2 * Math.sinh(x)) ** 2), 10);
    }
  });

  it('x⁴ is (4, 2)-smooth: 12x² ≤ 4 + 8|x|³, with 2u³ − 3u² + 1 = (u − 1)²(2u + 1) and equality at |x| = 1', () => {
    expect(failures(grid, (x) => 12 * x * x <= (4 + 8 * Math.abs(x) ** 3) * (1 + 1e-14))).toEqual(
      [],
    );
    for (const u of [0, 0.5, 1, 1.7, 3]) {
      expect(2 * u ** 3 - 3 * u ** 2 + 1).toBeCloseTo((u - 1) ** 2 * (2 * u + 1), 12);
    }
    expect(12 * 1 * 1).toBe(4 + 8 * 1);
  });

  it('for x⁴ the smallest L₀ for a given L₁ is 16/L₁² (at |x| = 2/L₁); (12, 3) is valid but not tight', () => {
    for (const L1 of [0.5, 1, 2, 3, 8]) {
      let worst = -Infinity;
      for (let i = 0; i <= 200_000; i++) {
        const u = (i / 200_000) * (6 / L1);
        worst = Math.max(worst, 12 * u * u - 4 * L1 * u ** 3);
      }
      expect(worst).toBeCloseTo(16 / L1 ** 2, 6);
    }
    expect(failures(grid, (x) => 12 * x * x <= (12 + 12 * Math.abs(x) ** 3) * (1 + 1e-14))).toEqual(
      [],
    );
    expect(16 / 9).toBeLessThan(12);
  });

  it('neither function is L-smooth: f″ passes any bound', () => {
    expect(2 * Math.cosh(30)).toBeGreaterThan(1e12);
    expect(12 * 1e6 * 1e6).toBeGreaterThan(1e12);
  });
});

describe('The best step is a clipped step', () => {
  it('1/(L₀ + L₁‖g‖) = (1/L₀)·γ/(‖g‖ + γ) with γ = L₀/L₁, which equals L₁γ = L₀', () => {
    for (const [L0, L1] of [
      [2, 1],
      [4, 2],
      [0.5, 3],
    ]) {
      const gamma = L0 / L1;
      expect(L1 * gamma).toBeCloseTo(L0, 14);
      for (const g of [0, 0.01, 1, gamma, 100, 1e6]) {
        expect(1 / (L0 + L1 * g)).toBeCloseTo((1 / L0) * (gamma / (g + gamma)), 14);
      }
    }
  });

  it('for 2 cosh x the clipped rate 1/(2 + |f′|) lies between 1/(√2 f″) and 1/f″', () => {
    const holds = (x: number) => {
      const [g, c] = [Math.abs(2 * Math.sinh(x)), 2 * Math.cosh(x)];
      const rate = 1 / (2 + g);
      return rate <= (1 / c) * (1 + 1e-12) && rate >= (1 / (Math.SQRT2 * c)) * (1 - 1e-12);
    };
    expect(failures(range(-30, 30, 0.01), holds)).toEqual([]);
  });

  it('c·e^c < 2 for c < 0.853 and c·e^c < 1 for c < 0.567; at c = ½ the kept fraction is 1 − e^{½}/4 ≈ 58.8%', () => {
    expect(0.852 * Math.exp(0.852)).toBeLessThan(2);
    expect(0.853 * Math.exp(0.853)).toBeGreaterThan(2);
    expect(0.567 * Math.exp(0.567)).toBeLessThan(1);
    expect(0.568 * Math.exp(0.568)).toBeGreaterThan(1);
    expect(1 - Math.exp(0.5) / 4).toBeCloseTo(0.588, 3);
    expect(1 - 0.5 * Math.exp(0.5)).toBeGreaterThan(0);
  });

  it('the guarantee: every soft step with η = c/(L₀ + L₁|f′|), c = ½, lowers f by at least 58.8% of η f′², on both functions', () => {
    const fns = [
      { f: (x: number) => 2 * Math.cosh(x), df: coshGrad, L0: 2, L1: 1, width: 30 },
      { f: (x: number) => x ** 4, df: quarticGrad, L0: 4, L1: 2, width: 30 },
    ];
    for (const { f, df, L0, L1, width } of fns) {
      const holds = (x: number) => {
        const g = df(x);
        const eta = 0.5 / (L0 + L1 * Math.abs(g));
        const decrease = f(x) - f(x - eta * g);
        return decrease >= (1 - Math.exp(0.5) / 4) * eta * g * g * (1 - 1e-9) - 1e-12 * f(x);
      };
      expect(failures(range(-width, width, 0.01), holds)).toEqual([]);
    }
  });

  it('Grönwall along a ray: for 2 cosh x, f″(x + s) ≤ (2 + |f′(x)|)·e^{s} for s ≥ 0', () => {
    for (let i = -200; i <= 200; i++) {
      const x = i / 10;
      for (const s of [0, 0.1, 0.5, 1, 3]) {
        expect(2 * Math.cosh(x + s)).toBeLessThanOrEqual(
          (2 + Math.abs(2 * Math.sinh(x))) * Math.exp(s) * (1 + 1e-12),
        );
      }
    }
  });

  it('with c = 1 every soft and hard step (η = 1/L₀, γ = L₀/L₁) still lowers f, on a fine grid of both functions', () => {
    const fns = [
      { f: (x: number) => 2 * Math.cosh(x), df: coshGrad, L0: 2, L1: 1 },
      { f: (x: number) => x ** 4, df: quarticGrad, L0: 4, L1: 2 },
    ];
    for (const { f, df, L0, L1 } of fns) {
      for (const rate of [hard(1 / L0, L0 / L1), soft(1 / L0, L0 / L1)]) {
        const holds = (x: number) => x === 0 || f(x - rate(Math.abs(df(x))) * df(x)) < f(x);
        expect(failures(range(-20, 20, 0.001), holds)).toEqual([]);
      }
    }
  });
});

describe('The race', () => {
  it('2 cosh x from 10, ε = 1e-3: fixed 1/f″(10) needs 91,335 steps, hard clipping 10, soft clipping 14', () => {
    expect(stepsToTolerance(coshGrad, 10, fixed(1 / (2 * Math.cosh(10))))).toBe(91_335);
    expect(stepsToTolerance(coshGrad, 10, hard(0.5, 2))).toBe(10);
    expect(stepsToTolerance(coshGrad, 10, soft(0.5, 2))).toBe(14);
  });

  it('the fixed step 1/L₀ = ½ overflows at its first step: x₁ = 10 − sinh 10 ≈ −11,003', () => {
    expect(stepsToTolerance(coshGrad, 10, fixed(0.5))).toBe('overflow 1');
    expect(10 - Math.sinh(10)).toBeCloseTo(-11_003.2, 1);
    expect(Math.cosh(10 - Math.sinh(10))).toBe(Infinity);
  });

  it('far from the minimum the clipped runs move at most ηγ = 1 per step, hard clipping exactly 1', () => {
    expect(hard(0.5, 2)(2 * Math.sinh(5)) * 2 * Math.sinh(5)).toBeCloseTo(1, 14);
    expect(soft(0.5, 2)(2 * Math.sinh(5)) * 2 * Math.sinh(5)).toBeLessThan(1);
    expect(soft(0.5, 2)(2 * Math.sinh(5)) * 2 * Math.sinh(5)).toBeGreaterThan(0.98);
  });

  it('from x₀ = 4, 6, 8, 10 the safe fixed step needs 220, 1,666, 12,354, 91,335 steps and soft clipping 8, 10, 12, 14', () => {
    const expected = [
      [4, 220, 8],
      [6, 1666, 10],
      [8, 12_354, 12],
      [10, 91_335, 14],
    ];
    for (const [x0, nFixed, nSoft] of expected) {
      expect(stepsToTolerance(coshGrad, x0, fixed(1 / (2 * Math.cosh(x0))))).toBe(nFixed);
      expect(stepsToTolerance(coshGrad, x0, soft(0.5, 2))).toBe(nSoft);
    }
    // Roughly e² per 2 added to x₀.
    expect(1666 / 220).toBeGreaterThan(Math.E ** 2 * 0.95);
    expect(91_335 / 12_354).toBeLessThan(Math.E ** 2 * 1.05);
  });

  it('x⁴ from 3: the safe step 1/108 needs 3,395 steps, hard and soft clipping 126 and 128, and 1/L₀ = ¼ overflows at step 5', () => {
    expect(1 / (12 * 9)).toBeCloseTo(1 / 108, 15);
    expect(stepsToTolerance(quarticGrad, 3, fixed(1 / 108))).toBe(3395);
    expect(stepsToTolerance(quarticGrad, 3, hard(0.25, 2))).toBe(126);
    expect(stepsToTolerance(quarticGrad, 3, soft(0.25, 2))).toBe(128);
    expect(stepsToTolerance(quarticGrad, 3, fixed(0.25))).toBe('overflow 5');
  });

  it('the race widget shows these counts at its default state, and the overflow after "Fixed η = 1/L₀"', () => {
    let read = readouts('descent-race');
    expect(read('iters_fixed').value).toBe(91_335);
    expect(read('iters_hard').value).toBe(10);
    expect(read('iters_soft').value).toBe(14);
    expect(read('eta_safe').value).toBeCloseTo(1 / (2 * Math.cosh(10)), 18);
    expect(read('gamma_theory').value).toBe(2);
    expect(read('eta_theory').value).toBe(0.5);
    read = readouts('descent-race', { eta_fixed: 0.5 });
    expect(read('iters_fixed').value).toBe(Infinity);
    expect(read('iters_fixed').text).toContain('overflow at step 1');
    read = readouts('descent-race', {
      fn: 'quartic',
      x0: 3,
      eta_fixed: 1 / 108,
      eta: 0.25,
      gamma: 2,
    });
    expect(read('iters_fixed').value).toBe(3395);
    expect(read('iters_hard').value).toBe(126);
    expect(read('iters_soft').value).toBe(128);
    read = readouts('descent-race', { fn: 'quartic', x0: 3, eta_fixed: 0.25 });
    expect(read('iters_fixed').value).toBe(Infinity);
    expect(read('iters_fixed').text).toContain('overflow at step 5');
  });
});

describe('Does a network’s loss behave like this? (the widget’s run on the tfjs cpu backend)', () => {
  beforeAll(async () => {
    await initBackend({ candidates: ['cpu'] });
  });

  async function train(config: TrainingConfig, steps: number): Promise<StepRecord[]> {
    const run = await createTrainingRun(config);
    const records: StepRecord[] = [];
    try {
      for (let k = 0; k < steps; k++) {
        const r = await run.step();
        records.push(r);
        if (!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm)) break;
      }
    } finally {
      run.dispose();
    }
    return records;
  }

  it('the logistic loss has ℓ″ = σ(m)σ(−m) ≤ min(¼, |ℓ′|) (checked against finite differences of ln(1 + e^{−m}))', () => {
    const ell = (m: number) => Math.log1p(Math.exp(-m));
    const sigma = (m: number) => 1 / (1 + Math.exp(-m));
    for (let i = -300; i <= 300; i++) {
      const m = i / 20;
      const h = 1e-4;
      const d1 = (ell(m + h) - ell(m - h)) / (2 * h);
      const d2 = (ell(m + h) - 2 * ell(m) + ell(m - h)) / (h * h);
      expect(d1).toBeCloseTo(-sigma(-m), 6);
      expect(d2).toBeCloseTo(sigma(m) * sigma(-m), 5);
      expect(sigma(m) * sigma(-m)).toBeLessThanOrEqual(Math.min(0.25, sigma(-m)) + 1e-15);
    }
  });

  it('the widget fits every step: its history of the longest run gives back all the records, unthinned', () => {
    // The session's history as the widget configures it, fed as the session feeds it.
    const history = new SeriesRecorder({ maxPoints: MAX_STEPS });
    const records = Array.from({ length: MAX_STEPS }, (_, i): StepRecord => ({
      step: i + 1,
      loss: 1 / (i + 1),
      gradNorm: Math.exp(-i / 300),
      smoothness: i % 7 === 3 ? NaN : 0.04 + 1.9 * Math.exp(-i / 300),
    }));
    for (const r of records) history.add(r.step, recordValues(r));
    expect(recordsOf(history.points)).toEqual(records);
    expect(smoothnessFit(recordsOf(history.points))).toEqual(smoothnessFit(records));
  });

  it('the default run (cross-entropy, η = 0.1, 400 steps) fits L̂ ≈ 0.04 + 1.9‖∇f‖ with r ≈ 0.96', async () => {
    const records = await train({ loss: 'cross_entropy', lr: 0.1, points: 200, seed: 1 }, 400);
    expect(records).toHaveLength(400);
    const { points, fit } = smoothnessFit(records);
    expect(points).toHaveLength(400);
    expect(Math.abs(fit!.intercept - 0.04)).toBeLessThan(0.01);
    expect(Math.abs(fit!.slope - 1.9)).toBeLessThan(0.05);
    expect(Math.abs(fit!.r - 0.96)).toBeLessThan(0.01);
    // It starts with the largest gradient and smoothness and slides towards the origin.
    expect(records[0].gradNorm).toBe(Math.max(...records.map((r) => r.gradNorm)));
    expect(records[0].smoothness).toBeGreaterThan(
      0.9 * Math.max(...records.map((r) => r.smoothness)),
    );
    expect(records[399].loss).toBeLessThan(records[0].loss / 4);
  }, 60_000);

  it('squared error at η = 2 overflows within about 20 steps; hard clipping at γ = 0.25 trains from 1.02 to about 0.11 in 100 steps', async () => {
    const diverged = await train({ loss: 'squared', lr: 2, points: 200, seed: 1 }, 100);
    expect(diverged.length).toBeLessThanOrEqual(22);
    const last = diverged[diverged.length - 1];
    expect(Number.isFinite(last.loss) && Number.isFinite(last.gradNorm)).toBe(false);

    const clipped = await train(
      { loss: 'squared', lr: 2, points: 200, seed: 1, clipNorm: 0.25 },
      100,
    );
    expect(clipped).toHaveLength(100);
    expect(clipped[0].loss).toBeCloseTo(1.02, 2);
    expect(Math.abs(clipped[99].loss - 0.11)).toBeLessThan(0.01);
    const { fit } = smoothnessFit(clipped);
    expect(fit!.r).toBeGreaterThan(0.8);
    // "at larger gradient norms": the clipped run's late gradients exceed the default run's.
    expect(clipped[99].gradNorm).toBeGreaterThan(0.2);
  }, 60_000);
});
