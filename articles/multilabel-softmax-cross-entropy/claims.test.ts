/**
 * Every number and identity stated in index.mdx, and the numbers the two closed-form widgets
 * show, each checked by a computation that does not reuse the core's formula: sums written out
 * term by term, brute-force enumeration of label sets, a golden-section minimiser, and a
 * softmax computed from its definition.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index';
import {
  binaryCrossEntropyGradient,
  binaryCrossEntropyWithLogits,
  multilabelCrossEntropy,
  multilabelCrossEntropyGradient,
  multilabelCrossEntropyParts,
  scaledMultilabelLoss,
} from './math';
import { defaultValues, type ParamSchema, type ParamValues } from '../../src/widgets/params';
import { widgets } from './widgets/index';
import {
  integerDigits,
  lossAgainstGamma,
  scoreBoard,
  smoothMax,
  targetsFrom,
} from './widgets/readouts';

const EXAMPLE = [2, 1, -1, 0.5, -3];
/** Targets {1, 4} in the article's 1-based numbering. */
const EXAMPLE_TARGETS = [1, 0, 0, 1, 0];

const exp = Math.exp;
const ln = Math.log;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** All k-subsets of {0, …, n−1}. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k - 1).map((s) => [...s, n - 1]), ...subsets(n - 1, k)];
}

/** ln(1 + Σ_{i∈neg, j∈pos} e^{s_i − s_j}), optionally with the threshold terms for s₀. */
function pairwise(s: number[], y: number[], s0: number | null): number {
  let total = 1;
  s.forEach((si, i) => {
    if (y[i] !== 0) return;
    s.forEach((sj, j) => {
      if (y[j] === 1) total += exp(si - sj);
    });
  });
  if (s0 !== null) {
    s.forEach((v, k) => {
      total += y[k] === 1 ? exp(s0 - v) : exp(v - s0);
    });
  }
  return ln(total);
}

/** Golden-section search for the minimiser of a unimodal f on [a, b]. */
function argmin(f: (x: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let [lo, hi] = [a, b];
  for (let i = 0; i < 200; i++) {
    const c = hi - r * (hi - lo);
    const d = lo + r * (hi - lo);
    if (f(c) < f(d)) hi = d;
    else lo = c;
  }
  return (lo + hi) / 2;
}

/** The data-value of a readout in rendered markup. */
function readoutIn(html: string, name: string): number {
  const tag = new RegExp(`<[^>]*data-readout="${name}"[^>]*>`).exec(html)?.[0] ?? '';
  const match = /data-value="([^"]+)"/.exec(tag);
  if (!match) throw new Error(`no readout "${name}" in the rendered widget`);
  return Number(match[1]);
}

function render(id: string, patch: Record<string, unknown> = {}): string {
  const widget = widgets.find((w) => w.id === id)!;
  const values = { ...defaultValues(widget.params), ...patch } as ParamValues<ParamSchema>;
  return renderToStaticMarkup(
    createElement(widget.Component, { values, set: () => {}, present: false }),
  );
}

describe('single-label cross-entropy as a smooth hinge (eq. ce-margins, lse-bounds)', () => {
  it('−ln softmax(s)_t = ln(1 + Σ_{i≠t} e^{s_i − s_t}) = 0.4993 for s = (2, 1, −1, 0.5, −3), t = class 1', () => {
    const softmaxT = exp(EXAMPLE[0]) / sum(EXAMPLE.map(exp));
    const margins = ln(1 + sum(EXAMPLE.slice(1).map((v) => exp(v - EXAMPLE[0]))));
    expect(-ln(softmaxT)).toBeCloseTo(margins, 14);
    expect(margins).toBeCloseTo(0.49928, 5);
    expect(margins).toBeCloseTo(ln(1 + exp(-1) + exp(-3) + exp(-1.5) + exp(-5)), 15);
  });

  it('max x ≤ lse(x) ≤ max x + ln m for random vectors', () => {
    const rng = createRng(11);
    for (let t = 0; t < 200; t++) {
      const m = 1 + Math.floor(rng.uniform() * 12);
      const x = Array.from({ length: m }, () => 10 * rng.normal());
      const max = Math.max(...x);
      const lse = max + ln(sum(x.map((v) => exp(v - max))));
      expect(lse).toBeGreaterThanOrEqual(max);
      expect(lse).toBeLessThanOrEqual(max + ln(m) + 1e-12);
    }
  });
});

describe('the softmax over label sets (eq. newton)', () => {
  /** Z_k by Newton's identities kZ_k = Σ_j (−1)^{j−1} Z_{k−j} S_j. */
  function newtonZ(s: number[], kMax: number): number[] {
    const S = (j: number) => sum(s.map((v) => exp(j * v)));
    const Z = [1];
    for (let k = 1; k <= kMax; k++) {
      let acc = 0;
      for (let j = 1; j <= k; j++) acc += (j % 2 === 1 ? 1 : -1) * Z[k - j] * S(j);
      Z.push(acc / k);
    }
    return Z;
  }

  it('Z₁, Z₂, Z₃ = 12.1737, 41.6781, 48.6799 by Newton’s identities and by summing 5, 10, 10 subsets', () => {
    const Z = newtonZ(EXAMPLE, 3);
    const expected = [12.1737, 41.6781, 48.6799];
    [1, 2, 3].forEach((k) => {
      const sets = subsets(5, k);
      expect(sets.length).toBe([5, 10, 10][k - 1]);
      const brute = sum(sets.map((set) => exp(sum(set.map((i) => EXAMPLE[i])))));
      expect(Z[k]).toBeCloseTo(brute, 10);
      expect(Z[k]).toBeCloseTo(expected[k - 1], 4);
    });
  });

  it('the set-softmax loss for targets {1, 4}, k = 2, is ln Z₂ − 2.5 = 1.2300', () => {
    const Z2 = sum(subsets(5, 2).map((set) => exp(sum(set.map((i) => EXAMPLE[i])))));
    const target = EXAMPLE[0] + EXAMPLE[3];
    expect(target).toBe(2.5);
    expect(ln(Z2) - target).toBeCloseTo(1.23, 4);
    // It is the ordinary cross-entropy over the 10 sets.
    const scores = subsets(5, 2).map((set) => sum(set.map((i) => EXAMPLE[i])));
    const index = subsets(5, 2).findIndex((set) => set.includes(0) && set.includes(3));
    expect(-ln(exp(scores[index]) / sum(scores.map(exp)))).toBeCloseTo(ln(Z2) - 2.5, 12);
  });
});

describe('pairwise margins and the threshold class (eqs. pairwise, with-threshold, zlpr)', () => {
  it('with a single target the pairwise loss is the single-label cross-entropy', () => {
    const y = [1, 0, 0, 0, 0];
    const ce = -ln(exp(EXAMPLE[0]) / sum(EXAMPLE.map(exp)));
    expect(pairwise(EXAMPLE, y, null)).toBeCloseTo(ce, 14);
  });

  it('the pairwise loss without a threshold does not change when every score moves by the same constant', () => {
    const shifted = EXAMPLE.map((v) => v - 3.7);
    expect(pairwise(shifted, EXAMPLE_TARGETS, null)).toBeCloseTo(
      pairwise(EXAMPLE, EXAMPLE_TARGETS, null),
      13,
    );
    // The loss with a fixed threshold s₀ = 0 does change.
    expect(
      Math.abs(
        multilabelCrossEntropy(shifted, EXAMPLE_TARGETS) -
          multilabelCrossEntropy(EXAMPLE, EXAMPLE_TARGETS),
      ),
    ).toBeGreaterThan(1);
  });

  it('the product (e^{s₀} + Σ e^{s_i})(e^{−s₀} + Σ e^{−s_j}) expands to the sum in eq. with-threshold, for any s₀', () => {
    const rng = createRng(4);
    for (let t = 0; t < 50; t++) {
      const s = Array.from({ length: 6 }, () => 2 * rng.normal());
      const y = s.map(() => (rng.uniform() < 0.4 ? 1 : 0));
      const s0 = rng.normal();
      const neg = s.filter((_, k) => y[k] === 0);
      const pos = s.filter((_, k) => y[k] === 1);
      const product = (exp(s0) + sum(neg.map(exp))) * (exp(-s0) + sum(pos.map((v) => exp(-v))));
      expect(ln(product)).toBeCloseTo(pairwise(s, y, s0), 12);
      // Moving every score and s₀ together changes nothing, so s₀ = 0 loses no generality.
      expect(
        pairwise(
          s.map((v) => v - s0),
          y,
          0,
        ),
      ).toBeCloseTo(pairwise(s, y, s0), 12);
    }
  });

  it('for s = (2, 1, −1, 0.5, −3) and targets {1, 4}: terms 1.4197 and 0.5550, total 1.9747 = the pairwise form with s₀ = 0', () => {
    const { negative, positive } = multilabelCrossEntropyParts(EXAMPLE, EXAMPLE_TARGETS);
    expect(negative).toBeCloseTo(ln(1 + exp(1) + exp(-1) + exp(-3)), 14);
    expect(positive).toBeCloseTo(ln(1 + exp(-2) + exp(-0.5)), 14);
    expect(negative).toBeCloseTo(1.4197, 4);
    expect(positive).toBeCloseTo(0.555, 4);
    expect(negative + positive).toBeCloseTo(1.9747, 4);
    expect(pairwise(EXAMPLE, EXAMPLE_TARGETS, 0)).toBeCloseTo(negative + positive, 13);
  });

  it('without the threshold terms the example costs 1.2019; class 2 sits above zero and target 4 half a unit above it', () => {
    expect(pairwise(EXAMPLE, EXAMPLE_TARGETS, null)).toBeCloseTo(1.2019, 4);
    expect(EXAMPLE[1]).toBeGreaterThan(0);
    expect(EXAMPLE[3] - 0).toBe(0.5);
  });

  it('all five scores at zero with two targets: ln 4 + ln 3 = ln 12 = 2.4849', () => {
    expect(pairwise([0, 0, 0, 0, 0], [1, 1, 0, 0, 0], 0)).toBeCloseTo(ln(12), 14);
    expect(ln(12)).toBeCloseTo(2.4849, 4);
  });
});

describe('how the loss pushes each score (eq. gradient)', () => {
  it('every partial derivative of either loss is strictly between −1 and 1, and each group’s total is below 1', () => {
    const rng = createRng(8);
    for (let t = 0; t < 300; t++) {
      const n = 2 + Math.floor(rng.uniform() * 40);
      const s = Array.from({ length: n }, () => 20 * rng.normal());
      const y = s.map(() => (rng.uniform() < 0.2 ? 1 : 0));
      const g = multilabelCrossEntropyGradient(s, y);
      const b = binaryCrossEntropyGradient(s, y);
      for (const v of [...g, ...b]) expect(Math.abs(v)).toBeLessThanOrEqual(1);
      // Exactly 1 − 1/(1 + Σ e^{s_i}) < 1; the floating-point sum may round up by an ulp or two.
      expect(sum(g.filter((_, k) => y[k] === 0))).toBeLessThan(1 + 1e-12);
      expect(sum(g.filter((_, k) => y[k] === 1))).toBeGreaterThan(-1 - 1e-12);
    }
  });

  it('a non-target far above the others takes almost the whole downward push', () => {
    const s = [3, 8, -1, 0.5, -2, -0.5];
    const y = [1, 0, 0, 0, 0, 0];
    const g = multilabelCrossEntropyGradient(s, y);
    const down = sum(g.filter((_, k) => y[k] === 0));
    expect(g[1] / down).toBeGreaterThan(0.99);
    // Binary cross-entropy pushes the other non-targets by σ(s_i) whatever class 2 does.
    const lowered = [...s];
    lowered[1] = -3;
    const bceHigh = binaryCrossEntropyGradient(s, y);
    const bceLow = binaryCrossEntropyGradient(lowered, y);
    [2, 3, 4, 5].forEach((k) => {
      expect(bceHigh[k]).toBe(bceLow[k]);
      expect(bceHigh[k]).toBeCloseTo(1 / (1 + exp(-s[k])), 15);
    });
    // The softmax loss nearly stops pushing them: each gets less than 1 % of the lifted class.
    [2, 3, 4, 5].forEach((k) => expect(g[k]).toBeLessThan(0.01 * g[1]));
  });

  it('all scores 0, 30 classes, 2 targets: BCE pushes the non-targets down by 14 and the targets up by 1; the softmax loss by 28/29 ≈ 0.966 and 2/3', () => {
    const s = new Array<number>(30).fill(0);
    const y = s.map((_, k) => (k < 2 ? 1 : 0));
    const board = scoreBoard(s, y);
    expect(board.downOnNegativesBce).toBeCloseTo(14, 14);
    expect(board.upOnPositivesBce).toBeCloseTo(1, 14);
    expect(board.downOnNegativesZlpr).toBeCloseTo(28 / 29, 14);
    expect(28 / 29).toBeCloseTo(0.966, 3);
    expect(board.upOnPositivesZlpr).toBeCloseTo(2 / 3, 14);
  });

  it('a common score c settles at ln(k/(n−k)) = −2.64 under BCE and at half that, −1.32, under the softmax loss (k = 2, n = 30)', () => {
    const n = 30;
    const k = 2;
    const y = Array.from({ length: n }, (_, i) => (i < k ? 1 : 0));
    const constant = (c: number) => new Array<number>(n).fill(c);
    const cBce = argmin((c) => binaryCrossEntropyWithLogits(constant(c), y), -10, 10);
    const cZlpr = argmin((c) => multilabelCrossEntropy(constant(c), y), -10, 10);
    expect(cBce).toBeCloseTo(ln(k / (n - k)), 6);
    expect(cZlpr).toBeCloseTo(0.5 * ln(k / (n - k)), 6);
    expect(cBce).toBeCloseTo(-2.64, 2);
    expect(cZlpr).toBeCloseTo(-1.32, 2);
    // σ(c) = k/n at the BCE optimum, and (n−k)e^c = ke^{−c} at the softmax-loss optimum.
    expect(1 / (1 + exp(-cBce))).toBeCloseTo(k / n, 6);
    expect((n - k) * exp(cZlpr)).toBeCloseTo(k * exp(-cZlpr), 5);
  });
});

describe('computing it safely', () => {
  it('a non-target at 1000 contributes exactly 1000 and has gradient exactly 1, where e^{1000} is infinite', () => {
    expect(exp(1000)).toBe(Infinity);
    const { negative } = multilabelCrossEntropyParts([1000, -2, 3], [0, 0, 1]);
    expect(negative).toBe(1000);
    expect(multilabelCrossEntropyGradient([1000, -2, 3], [0, 0, 1])[0]).toBe(1);
    const { positive } = multilabelCrossEntropyParts([-1000, 2, -3], [1, 1, 0]);
    expect(positive).toBe(1000);
  });
});

describe('the smooth maximum with sharpness γ (eqs. scaled, hinge)', () => {
  const s = [2, -1.5, 1, -2.5, -0.5, -3];
  const y = [1, 0, 0, 0, 1, 0];

  it('the widget’s default example: h = 1.5 = max s_neg − min s_pos, loss 2.428 at γ = 1, bound 1.5 + ln 15 ≈ 4.21', () => {
    const r = smoothMax(s, y, 1, true);
    expect(r.maxNegative - r.minPositive).toBe(1.5);
    expect(r.hinge).toBe(1.5);
    expect(r.terms).toBe(15);
    const direct = ln(1 + exp(-1.5) + exp(1) + exp(-2.5) + exp(-3)) + ln(1 + exp(-2) + exp(0.5));
    expect(r.loss).toBeCloseTo(direct, 14);
    expect(r.loss).toBeCloseTo(2.428, 3);
    expect(1.5 + ln(15)).toBeCloseTo(4.21, 2);
  });

  it('at γ = 10 the loss is within 1e-3 of the hinge', () => {
    const gap = smoothMax(s, y, 10, true).loss - 1.5;
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(1e-3);
  });

  it('without the threshold, scores all below zero with the targets well on top give a small ranking loss and a large thresholded one', () => {
    const low = [-0.1, -4.8, -4.9, -5, -0.2, -5];
    const ranking = scaledMultilabelLoss(low, y, { threshold: false });
    expect(ranking).toBeLessThan(0.1);
    expect(pairwise(low, y, null)).toBeCloseTo(ranking, 13);
    expect(scaledMultilabelLoss(low, y)).toBeGreaterThan(1);
  });

  it('the plotted curve is the loss at each γ of a log grid from 0.1 to 100', () => {
    const curve = lossAgainstGamma(s, y, true, 0.1, 100, 31);
    expect(curve[0][0]).toBeCloseTo(0.1, 14);
    expect(curve[30][0]).toBeCloseTo(100, 10);
    for (const [g, L] of curve) {
      expect(L).toBeCloseTo(scaledMultilabelLoss(s, y, { scale: g }), 14);
      expect(L).toBeGreaterThanOrEqual(1.5);
      expect(L).toBeLessThanOrEqual(1.5 + ln(15) / g + 1e-12);
    }
  });
});

describe('the score-bars widget', () => {
  it('shows at its defaults the article’s example: 1.974674, its two terms, BCE 2.276116, and the pushes', () => {
    const html = render('score-bars');
    expect(readoutIn(html, 'zlpr')).toBeCloseTo(pairwise(EXAMPLE, EXAMPLE_TARGETS, 0), 13);
    expect(readoutIn(html, 'zlpr_negative')).toBeCloseTo(ln(1 + exp(1) + exp(-1) + exp(-3)), 13);
    expect(readoutIn(html, 'zlpr_positive')).toBeCloseTo(ln(1 + exp(-2) + exp(-0.5)), 13);
    const naiveBce = EXAMPLE.map((v, k) => {
      const p = 1 / (1 + exp(-v));
      return -(EXAMPLE_TARGETS[k] ? ln(p) : ln(1 - p));
    });
    expect(readoutIn(html, 'bce')).toBeCloseTo(sum(naiveBce), 13);
    naiveBce.forEach((b, k) => expect(readoutIn(html, `bce_${k + 1}`)).toBeCloseTo(b, 13));
    // Pushes −∂L/∂s_k from the softmax weights written out.
    const zNeg = 1 + exp(1) + exp(-1) + exp(-3);
    const zPos = 1 + exp(-2) + exp(-0.5);
    const push = EXAMPLE.map((v, k) => (EXAMPLE_TARGETS[k] ? exp(-v) / zPos : -exp(v) / zNeg));
    push.forEach((p, k) => expect(readoutIn(html, `push_zlpr_${k + 1}`)).toBeCloseTo(p, 13));
    EXAMPLE.forEach((v, k) =>
      expect(readoutIn(html, `push_bce_${k + 1}`)).toBeCloseTo(
        EXAMPLE_TARGETS[k] - 1 / (1 + exp(-v)),
        13,
      ),
    );
    expect(readoutIn(html, 'down_zlpr')).toBeCloseTo(1 - 1 / zNeg, 13);
    expect(readoutIn(html, 'up_zlpr')).toBeCloseTo(1 - 1 / zPos, 13);
    expect(readoutIn(html, 'down_bce')).toBeCloseTo(
      sum([1, -1, -3].map((v) => 1 / (1 + exp(-v)))),
      13,
    );
    // Class 2 (score 1) is a non-target above zero: one mistake.
    expect(readoutIn(html, 'mistakes')).toBe(1);
  });

  it('uses only the first n classes and counts 0.5 and above in a URL vector as a target', () => {
    expect(targetsFrom([0.5, 0.49, 1, 0], 3)).toEqual([1, 0, 1]);
    const html = render('score-bars', {
      classes: 3,
      scores: [0, 0, 0, 9, 9, 9, 9, 9, 9, 9],
      targets: [1, 0, 0, 1, 1, 1, 1, 1, 1, 1],
    });
    expect(readoutIn(html, 'zlpr')).toBeCloseTo(ln(3) + ln(2), 14);
    expect(() => readoutIn(html, 'bce_4')).toThrow();
    expect(integerDigits(12)).toBe(2);
    expect(integerDigits(0)).toBe(1);
  });
});

describe('the smooth-max widget', () => {
  it('shows at its defaults the loss 2.428, the hinge 1.5, T = 15 and the bound ln 15', () => {
    const html = render('smooth-max');
    expect(readoutIn(html, 'loss')).toBeCloseTo(
      ln(1 + exp(-1.5) + exp(1) + exp(-2.5) + exp(-3)) + ln(1 + exp(-2) + exp(0.5)),
      13,
    );
    expect(readoutIn(html, 'hinge')).toBe(1.5);
    expect(readoutIn(html, 'max_negative')).toBe(1);
    expect(readoutIn(html, 'min_positive')).toBe(-0.5);
    expect(readoutIn(html, 'terms')).toBe(15);
    expect(readoutIn(html, 'gap_bound')).toBeCloseTo(ln(15), 14);
  });

  it('without the threshold class at γ = 4 shows the Circle-loss form and its hinge max(0, a + b)', () => {
    const html = render('smooth-max', { gamma: 4, threshold: false });
    const s = [2, -1.5, 1, -2.5, -0.5, -3];
    const y = [1, 0, 0, 0, 1, 0];
    let total = 1;
    s.forEach((si, i) =>
      s.forEach((sj, j) => {
        if (y[i] === 0 && y[j] === 1) total += exp(4 * (si - sj));
      }),
    );
    expect(readoutIn(html, 'loss')).toBeCloseTo(ln(total) / 4, 13);
    expect(readoutIn(html, 'hinge')).toBe(1.5);
    expect(readoutIn(html, 'terms')).toBe(9);
    expect(readoutIn(html, 'gap_bound')).toBeCloseTo(ln(9) / 4, 14);
  });
});
