import { beforeAll, describe, expect, it } from 'vitest';
import {
  attentionEntropies,
  attentionEntropy,
  attentionEntropyTf,
  attentionLogits,
  attentionWeights,
  createAttentionEntropyScan,
  defaultRowChunk,
  entropyInvariantScale,
  meanFieldEntropy,
  meanFieldEntropyGap,
  sampleAttentionVectors,
  scaledDotProductAttention,
  softmaxEntropy,
  standardScale,
} from './math';
import type { VectorModelOptions } from './math';
import { initBackend, tensorMemory } from '../../src/core/backend';
import { createRng } from '../../src/core/random';

/** Softmax and entropy the textbook way (fine for moderate logits): −Σ p ln p. */
function naiveEntropy(logits: number[]): number {
  const e = logits.map(Math.exp);
  const z = e.reduce((a, b) => a + b, 0);
  return -e.reduce((h, v) => h + (v / z) * Math.log(v / z), 0);
}

function randomMatrix(seed: number, rows: number, cols: number, sd = 1): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => sd * rng.normal()));
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('entropyInvariantScale(n, d, trainLength = 512) = ln n / (ln trainLength · √d)', () => {
  it('equals the standard 1/√d at n = trainLength, for several d and training lengths', () => {
    for (const d of [1, 16, 64, 128]) {
      expect(entropyInvariantScale(512, d)).toBeCloseTo(1 / Math.sqrt(d), 15);
      expect(entropyInvariantScale(64, d, 64)).toBeCloseTo(standardScale(d), 15);
    }
  });

  it('multiplies the standard scale by log₅₁₂ n: 2/3 at n = 64, 4/3 at n = 4096, 14/9 at 16384', () => {
    const d = 64;
    expect(entropyInvariantScale(64, d) / standardScale(d)).toBeCloseTo(2 / 3, 14);
    expect(entropyInvariantScale(4096, d) / standardScale(d)).toBeCloseTo(4 / 3, 14);
    expect(entropyInvariantScale(16384, d) / standardScale(d)).toBeCloseTo(14 / 9, 14);
    expect(entropyInvariantScale(20, 1)).toBeCloseTo(Math.log(20) / Math.log(512), 15);
  });

  it('is 0 at n = 1 and grows like ln n', () => {
    expect(entropyInvariantScale(1, 64)).toBe(0);
    const a = entropyInvariantScale(100, 9);
    const b = entropyInvariantScale(10_000, 9);
    expect(b / a).toBeCloseTo(2, 14);
  });

  it('rejects n < 1, NaN, d ≤ 0 and trainLength ≤ 1 with a RangeError naming the argument', () => {
    expect(() => entropyInvariantScale(0.5, 64)).toThrow(/entropyInvariantScale: n/);
    expect(() => entropyInvariantScale(NaN, 64)).toThrow(RangeError);
    expect(() => entropyInvariantScale(64, 0)).toThrow(/entropyInvariantScale: d/);
    expect(() => entropyInvariantScale(64, 64, 1)).toThrow(/entropyInvariantScale: trainLength/);
    expect(() => standardScale(-1)).toThrow(/standardScale: d/);
  });
});

describe('softmaxEntropy(logits)', () => {
  it('is ln n for equal logits and agrees with −Σ p ln p for moderate ones', () => {
    expect(softmaxEntropy([3, 3, 3, 3, 3])).toBeCloseTo(Math.log(5), 15);
    const s = [0.3, -1.2, 2.5, 0, 0.7];
    expect(softmaxEntropy(s)).toBeCloseTo(naiveEntropy(s), 14);
  });

  it('is unchanged by adding a constant to every logit', () => {
    const s = [0.3, -1.2, 2.5];
    expect(softmaxEntropy(s.map((v) => v + 500))).toBeCloseTo(softmaxEntropy(s), 12);
  });

  it('stays finite and exact at ±1000, where e^s overflows or underflows', () => {
    expect(softmaxEntropy([1000, 1000])).toBeCloseTo(Math.log(2), 12);
    expect(softmaxEntropy([-1000, -1000, -1000])).toBeCloseTo(Math.log(3), 12);
    expect(softmaxEntropy([1000, 0, -1000])).toBe(0);
    expect(naiveEntropy([1000, 1000])).toBeNaN();
  });

  it('matches H(p) = ln 2 − p₁ ln(p₁/p₂) … for two logits: binary entropy of σ(s₁ − s₂)', () => {
    const p = 1 / (1 + Math.exp(-1.5));
    expect(softmaxEntropy([1.5, 0])).toBeCloseTo(-p * Math.log(p) - (1 - p) * Math.log(1 - p), 15);
  });

  it('rejects empty and non-finite logits', () => {
    expect(() => softmaxEntropy([])).toThrow(/softmaxEntropy/);
    expect(() => softmaxEntropy([1, NaN])).toThrow(RangeError);
  });
});

describe('attention weights, entropy and output on plain arrays', () => {
  const q = randomMatrix(1, 5, 4);
  const k = randomMatrix(2, 7, 4);
  const v = randomMatrix(3, 7, 3);
  const scale = 0.8;

  it('attentionLogits(q, k, λ)[i][j] = λ q_i·k_j', () => {
    const s = attentionLogits(q, k, scale);
    expect(s.length).toBe(5);
    expect(s[2][6]).toBeCloseTo(scale * dot(q[2], k[6]), 14);
  });

  it('attentionWeights rows are the textbook softmax and sum to one', () => {
    const a = attentionWeights(q, k, scale);
    for (let i = 0; i < q.length; i++) {
      const e = k.map((kj) => Math.exp(scale * dot(q[i], kj)));
      const z = e.reduce((x, y) => x + y, 0);
      a[i].forEach((aij, j) => expect(aij).toBeCloseTo(e[j] / z, 14));
      expect(a[i].reduce((x, y) => x + y, 0)).toBeCloseTo(1, 14);
    }
  });

  it('attentionEntropy is the mean of the rows’ −Σ a ln a', () => {
    const rows = q.map((qi) => naiveEntropy(k.map((kj) => scale * dot(qi, kj))));
    const each = attentionEntropies(q, k, scale);
    each.forEach((h, i) => expect(h).toBeCloseTo(rows[i], 13));
    expect(attentionEntropy(q, k, scale)).toBeCloseTo(rows.reduce((a, b) => a + b, 0) / 5, 13);
  });

  it('scale 0 gives the uniform distribution: entropy ln n and the mean of the values', () => {
    expect(attentionEntropy(q, k, 0)).toBeCloseTo(Math.log(7), 14);
    const out = scaledDotProductAttention(q, k, v, 0);
    for (let c = 0; c < 3; c++) {
      const mean = v.reduce((s, row) => s + row[c], 0) / 7;
      out.forEach((row) => expect(row[c]).toBeCloseTo(mean, 14));
    }
  });

  it('a huge scale turns attention into a lookup of the best-matching key (entropy → 0)', () => {
    const out = scaledDotProductAttention(q, k, v, 1e4);
    q.forEach((qi, i) => {
      const scores = k.map((kj) => dot(qi, kj));
      const best = scores.indexOf(Math.max(...scores));
      v[best].forEach((x, c) => expect(out[i][c]).toBeCloseTo(x, 10));
    });
    expect(attentionEntropy(q, k, 1e4)).toBeLessThan(1e-10);
  });

  it('scaledDotProductAttention equals Σ_j a_ij v_j and is equivariant to permuting keys with values', () => {
    const a = attentionWeights(q, k, scale);
    const out = scaledDotProductAttention(q, k, v, scale);
    for (let i = 0; i < 5; i++)
      for (let c = 0; c < 3; c++)
        expect(out[i][c]).toBeCloseTo(
          a[i].reduce((s, aij, j) => s + aij * v[j][c], 0),
          14,
        );
    const order = [3, 0, 6, 1, 5, 2, 4];
    const permuted = scaledDotProductAttention(
      q,
      order.map((j) => k[j]),
      order.map((j) => v[j]),
      scale,
    );
    permuted.forEach((row, i) => row.forEach((x, c) => expect(x).toBeCloseTo(out[i][c], 14)));
  });

  it('logits of ±1000 stay finite: q = (1000), k = (1), (1), (−1) gives entropy ln 2 and output (v₀+v₁)/2', () => {
    const kk = [[1], [1], [-1]];
    expect(attentionEntropy([[1000]], kk, 1)).toBeCloseTo(Math.log(2), 12);
    expect(attentionEntropy([[-1000]], kk, 1)).toBe(0);
    const out = scaledDotProductAttention([[1000]], kk, [[2], [4], [100]], 1);
    expect(out[0][0]).toBeCloseTo(3, 11);
  });

  it('rejects wrong shapes and non-finite entries with RangeErrors that name the argument', () => {
    expect(() => attentionEntropy([], k, 1)).toThrow(/attentionEntropy: q must be a non-empty/);
    expect(() => attentionEntropy(q, [k[0], [1, 2]], 1)).toThrow(
      /attentionEntropy: k\[1\] has length 2, expected 4/,
    );
    expect(() => attentionEntropy([[1, NaN, 0, 0]], k, 1)).toThrow(/attentionEntropy: q\[0\]\[1\]/);
    expect(() => attentionEntropy(q, k, Infinity)).toThrow(/attentionEntropy: scale/);
    expect(() => scaledDotProductAttention(q, k, v.slice(1), 1)).toThrow(
      /scaledDotProductAttention: v has 6 rows but k has 7/,
    );
    expect(() => attentionWeights(q, [[1, 2, 3, Infinity]], 1)).toThrow(RangeError);
  });
});

describe('sampleAttentionVectors(rng, count, d, { model, spread })', () => {
  it('sphere: every row has length σ√d exactly', () => {
    const rows = sampleAttentionVectors(createRng(5), 50, 16, { spread: 1.5 });
    rows.forEach((r) => expect(Math.sqrt(dot(r, r))).toBeCloseTo(1.5 * 4, 12));
  });

  it('gaussian: components have mean 0 and variance σ² (4 standard errors)', () => {
    const sigma = 0.7;
    const flat = sampleAttentionVectors(createRng(6), 4000, 8, {
      model: 'gaussian',
      spread: sigma,
    }).flatMap((r) => Array.from(r));
    const m = flat.reduce((a, b) => a + b, 0) / flat.length;
    const v2 = flat.reduce((a, b) => a + b * b, 0) / flat.length;
    const m4 = flat.reduce((a, b) => a + b ** 4, 0) / flat.length;
    expect(Math.abs(m)).toBeLessThan(4 * Math.sqrt(v2 / flat.length));
    expect(Math.abs(v2 - sigma ** 2)).toBeLessThan(4 * Math.sqrt((m4 - v2 * v2) / flat.length));
  });

  it('sphere: the cosine t between two independent rows has E t² = 1/d and E t⁴ = 3/(d(d+2))', () => {
    const d = 10;
    const a = sampleAttentionVectors(createRng(7), 20_000, d);
    const b = sampleAttentionVectors(createRng(8), 20_000, d);
    const t = a.map((x, i) => dot(x, b[i]) / d);
    const t2 = t.map((x) => x * x);
    const t4 = t.map((x) => x ** 4);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const se = (xs: number[]) => {
      const m = mean(xs);
      return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) / xs.length);
    };
    expect(Math.abs(mean(t2) - 1 / d)).toBeLessThan(4 * se(t2));
    expect(Math.abs(mean(t4) - 3 / (d * (d + 2)))).toBeLessThan(4 * se(t4));
  });

  it('the first m rows of a longer draw are a draw of m rows (so curves over n are nested)', () => {
    const long = sampleAttentionVectors(createRng(9), 30, 5);
    const short = sampleAttentionVectors(createRng(9), 12, 5);
    short.forEach((r, i) => expect(Array.from(r)).toEqual(Array.from(long[i])));
  });

  it('rejects a bad count, d, model or spread', () => {
    const rng = createRng(1);
    expect(() => sampleAttentionVectors(rng, -1, 4)).toThrow(/sampleAttentionVectors: count/);
    expect(() => sampleAttentionVectors(rng, 3, 1)).toThrow(/sampleAttentionVectors: d/);
    expect(() => sampleAttentionVectors(rng, 3, 4, { spread: 0 })).toThrow(/spread/);
    expect(() =>
      sampleAttentionVectors(rng, 3, 4, { model: 'cube' as unknown as 'sphere' }),
    ).toThrow(/model/);
  });
});

describe('meanFieldEntropyGap: Δ(λ) = K(λ) − λK′(λ), the mean-field entropy minus ln n', () => {
  it('reproduces the sphere-model table for d = 64 (1-D quadrature, 4 decimals)', () => {
    const d = 64;
    const rows: [number, number, number][] = [
      [64, 3.6699, 3.9389],
      [512, 5.7493, 5.7493],
      [4096, 7.8288, 7.4628],
    ];
    for (const [n, o, e] of rows) {
      expect(meanFieldEntropy(n, 1 / 8, d)).toBeCloseTo(o, 4);
      expect(meanFieldEntropy(n, entropyInvariantScale(n, d), d)).toBeCloseTo(e, 4);
    }
  });

  it('d = 3, where cos φ is uniform on [−1, 1]: Δ = ln(sinh a / a) − a coth a + 1 with a = λσ²d', () => {
    for (const [scale, spread] of [
      [0.1, 1],
      [1, 1],
      [2.5, 0.8],
      [20, 1],
    ]) {
      const a = scale * spread * spread * 3;
      const exact = Math.log(Math.sinh(a) / a) - a / Math.tanh(a) + 1;
      expect(meanFieldEntropyGap(scale, 3, { spread }).gap).toBeCloseTo(exact, 11);
    }
  });

  it('its slope is −λ Var_λ(X): matches a central finite difference, and the d = 64 values per unit λd', () => {
    const d = 64;
    const expected: [number, number][] = [
      [2, -0.031],
      [4, -0.062],
      [8, -0.12],
      [16, -0.212],
      [20, -0.244],
      [24, -0.268],
      [32, -0.295],
    ];
    for (const [ld, slope] of expected) {
      const g = meanFieldEntropyGap(ld / d, d);
      expect(g.slope / d).toBeCloseTo(slope, 3);
      const h = 1e-5;
      const fd =
        (meanFieldEntropyGap(ld / d + h, d).gap - meanFieldEntropyGap(ld / d - h, d).gap) / (2 * h);
      expect(g.slope).toBeCloseTo(fd, 6);
    }
  });

  it('for small λ both models give Δ ≈ −λ²σ⁴d/2 (Var X = σ⁴d); the gaussian model exactly', () => {
    for (const d of [4, 64, 128]) {
      const lam = 1e-3;
      const sphere = meanFieldEntropyGap(lam, d, { spread: 1.3 }).gap;
      const quadratic = -0.5 * lam * lam * 1.3 ** 4 * d;
      expect(sphere / quadratic).toBeCloseTo(1, 4);
      expect(meanFieldEntropyGap(0.3, d, { model: 'gaussian', spread: 1.3 }).gap).toBeCloseTo(
        -0.5 * 0.09 * 1.3 ** 4 * d,
        12,
      );
    }
  });

  it('large a = λσ²d: Δ + ((d−1)/2) ln a → ln Γ(α) + α + ln C_d + (α−1) ln 2 with α = (d−1)/2 (Gamma tilt)', () => {
    const lnGamma = (x: number) => {
      // Stirling series with shift: accurate to ~1e-12 for x ≥ 1.
      let shift = 0;
      while (x < 10) {
        shift -= Math.log(x);
        x += 1;
      }
      return (
        shift +
        (x - 0.5) * Math.log(x) -
        x +
        0.5 * Math.log(2 * Math.PI) +
        1 / (12 * x) -
        1 / (360 * x ** 3) +
        1 / (1260 * x ** 5)
      );
    };
    const d = 8;
    const alpha = (d - 1) / 2;
    const lnC = lnGamma(d / 2) - 0.5 * Math.log(Math.PI) - lnGamma(alpha);
    const limit = lnGamma(alpha) + alpha + lnC + (alpha - 1) * Math.log(2);
    const a = 4000;
    const gap = meanFieldEntropyGap(a / d, d).gap;
    // The next correction is O(1/a).
    expect(gap + alpha * Math.log(a)).toBeCloseTo(limit, 2);
  });

  it('is 0 at λ = 0, ≤ 0, decreasing in |λ|, even in λ, and depends on σ only through λσ²', () => {
    expect(meanFieldEntropyGap(0, 16).gap).toBeCloseTo(0, 14);
    let last = 0;
    for (const lam of [0.05, 0.1, 0.3, 1, 3]) {
      const g = meanFieldEntropyGap(lam, 16).gap;
      expect(g).toBeLessThan(last);
      expect(meanFieldEntropyGap(-lam, 16).gap).toBeCloseTo(g, 12);
      last = g;
    }
    expect(meanFieldEntropyGap(0.2, 16, { spread: 2 }).gap).toBeCloseTo(
      meanFieldEntropyGap(0.8, 16).gap,
      12,
    );
  });

  it('matches the brief’s Monte Carlo (200 queries, d = 64) to ±0.03 for both scales', () => {
    const d = 64;
    const cases: [number, number, number][] = [
      [64, 3.686, 3.947],
      [512, 5.757, 5.753],
      [4096, 7.828, 7.464],
    ];
    for (const [n, o, e] of cases) {
      const rng = createRng(100 + n);
      const keys = sampleAttentionVectors(rng, n, d);
      const queries = sampleAttentionVectors(rng, 200, d);
      expect(Math.abs(attentionEntropy(queries, keys, standardScale(d)) - o)).toBeLessThan(0.03);
      expect(
        Math.abs(attentionEntropy(queries, keys, entropyInvariantScale(n, d)) - e),
      ).toBeLessThan(0.03);
    }
  });

  /** Mean and standard error of the per-query entropies. */
  const measured = (n: number, nq: number, d: number, seed: number, opts: VectorModelOptions) => {
    const rng = createRng(seed);
    const keys = sampleAttentionVectors(rng, n, d, opts);
    const queries = sampleAttentionVectors(rng, nq, d, opts);
    const hs = attentionEntropies(queries, keys, standardScale(d));
    const mean = hs.reduce((a, b) => a + b, 0) / nq;
    const sd = Math.sqrt(hs.reduce((a, b) => a + (b - mean) ** 2, 0) / (nq - 1));
    return { mean, se: sd / Math.sqrt(nq) };
  };

  it('sphere, d = 64: measured − mean field is within 4 SE + 0.005 at n = 512 and 4096, and ≈ +0.036 at n = 64', () => {
    for (const n of [512, 4096]) {
      const m = measured(n, 200, 64, 100 + n, {});
      expect(Math.abs(m.mean - meanFieldEntropy(n, 1 / 8, 64))).toBeLessThan(4 * m.se + 0.005);
    }
    // At n = 64 the finite sum sits above its mean-field value (by more than 4 SE).
    const small = measured(64, 200, 64, 164, {});
    const bias = small.mean - meanFieldEntropy(64, 1 / 8, 64);
    expect(bias).toBeGreaterThan(4 * small.se);
    expect(bias).toBeLessThan(0.06);
  });

  it('gaussian model: the measured entropy approaches ln n − λ²σ⁴d/2 (400 queries, 4 SE + 0.005)', () => {
    const opts = { model: 'gaussian' as const, spread: 1 };
    const m = measured(2048, 400, 32, 2148, opts);
    expect(Math.abs(m.mean - meanFieldEntropy(2048, standardScale(32), 32, opts))).toBeLessThan(
      4 * m.se + 0.005,
    );
  });

  it('rejects a non-finite scale and a sphere with d < 2', () => {
    expect(() => meanFieldEntropyGap(NaN, 8)).toThrow(/meanFieldEntropyGap: scale/);
    expect(() => meanFieldEntropyGap(1, 1)).toThrow(/meanFieldEntropyGap: d/);
    expect(() => meanFieldEntropy(0, 1, 8)).toThrow(/meanFieldEntropy: n/);
  });
});

describe('attentionEntropyTf and createAttentionEntropyScan on the tfjs cpu backend', () => {
  beforeAll(async () => {
    await initBackend({ candidates: ['cpu'] });
  });

  it('agrees with the plain double-precision attentionEntropy to float32 tolerance, for any row chunk', async () => {
    const rng = createRng(11);
    const keys = sampleAttentionVectors(rng, 300, 24);
    const queries = sampleAttentionVectors(rng, 37, 24);
    for (const scale of [0, standardScale(24), 0.9]) {
      const exact = attentionEntropy(queries, keys, scale);
      for (const rowChunk of [1, 5, 37, 100]) {
        const tf = await attentionEntropyTf(queries, keys, scale, { rowChunk });
        expect(Math.abs(tf - exact)).toBeLessThan(2e-5 * Math.max(1, exact));
      }
    }
  });

  it('one scan with several scales gives each scale’s mean, and the standard error of the rows', async () => {
    const q = randomMatrix(12, 20, 8);
    const k = randomMatrix(13, 50, 8);
    const scales = [0.1, 0.35, 1.2];
    const scan = createAttentionEntropyScan(q, k, scales, { rowChunk: 6 });
    let state = scan.progress();
    expect(state.mean.every(Number.isNaN)).toBe(true);
    while (!state.done) state = await scan.next();
    scan.dispose();
    expect(state.rowsDone).toBe(20);
    scales.forEach((s, i) => {
      const rows = attentionEntropies(q, k, s);
      const mean = rows.reduce((a, b) => a + b, 0) / rows.length;
      const sd = Math.sqrt(rows.reduce((a, b) => a + (b - mean) ** 2, 0) / (rows.length - 1));
      expect(state.mean[i]).toBeCloseTo(mean, 4);
      expect(state.stdError[i]).toBeCloseTo(sd / Math.sqrt(rows.length), 4);
    });
  });

  it('stays finite at logits of ±1000 in float32', async () => {
    const h = await attentionEntropyTf([[1000], [-1000]], [[1], [1], [-1]], 1);
    expect(h).toBeCloseTo(Math.log(2) / 2, 5);
  });

  it('keeps tf.memory().numTensors flat across chunks and releases everything on dispose', async () => {
    const q = randomMatrix(14, 40, 16);
    const k = randomMatrix(15, 64, 16);
    const before = (await tensorMemory()).numTensors;
    const scan = createAttentionEntropyScan(q, k, [0.25, 0.5], { rowChunk: 2 });
    await scan.next();
    const during = (await tensorMemory()).numTensors;
    for (let i = 0; i < 15; i++) await scan.next();
    expect((await tensorMemory()).numTensors).toBe(during);
    expect(during).toBe(before + 1); // only the key matrix lives between chunks
    scan.dispose();
    scan.dispose();
    expect((await tensorMemory()).numTensors).toBe(before);
    for (let i = 0; i < 20; i++) await attentionEntropyTf(q, k, 0.3, { rowChunk: 9 });
    expect((await tensorMemory()).numTensors).toBe(before);
    await expect(scan.next()).rejects.toThrow(/disposed/);
  });

  it('a long sequence (n = 16384, d = 128) runs in chunks of at most 2¹⁶ logits (4 rows) and matches the plain value', async () => {
    const d = 128;
    const n = 16384;
    expect(defaultRowChunk(n, d)).toBe(4);
    expect(defaultRowChunk(n, d, 3) * n).toBeLessThanOrEqual(2 ** 18);
    expect(defaultRowChunk(16, 64)).toBe(2 ** 13);
    const rng = createRng(16);
    const keys = sampleAttentionVectors(rng, n, d);
    const queries = sampleAttentionVectors(rng, 3, d);
    const scale = entropyInvariantScale(n, d);
    const tf = await attentionEntropyTf(queries, keys, scale);
    expect(Math.abs(tf - attentionEntropy(queries, keys, scale))).toBeLessThan(2e-4);
  });

  it('rejects empty scales, a bad rowChunk and mismatched key width', () => {
    const q = [[1, 2]];
    expect(() => createAttentionEntropyScan(q, [[1, 2]], [])).toThrow(/scales/);
    expect(() => createAttentionEntropyScan(q, [[1, 2]], [1], { rowChunk: 0 })).toThrow(/rowChunk/);
    expect(() => createAttentionEntropyScan(q, [[1]], [1])).toThrow(
      /createAttentionEntropyScan: k\[0\]/,
    );
    expect(() => createAttentionEntropyScan(q, [[1, 2]], [NaN])).toThrow(/scales\[0\]/);
  });
});
