/**
 * Every number the article's prose states, each checked by a computation that does not reuse
 * the code under test where that is possible: Monte Carlo against closed forms, the core's plain
 * double-precision attention on seeded vectors, an independent quadrature in t = cos φ, and the
 * table of the original post.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index';
import {
  attentionEntropies,
  attentionEntropy,
  attentionWeights,
  entropyInvariantScale,
  meanFieldEntropy,
  meanFieldEntropyGap,
  sampleAttentionVectors,
  standardScale,
} from './math';
import { integrate1D } from '../../src/core/quadrature';
import { seededStreams } from './widgets/shared';
import { traceLengths } from './widgets/OneQuery';

const LN512 = Math.log(512);

/** Mean of the per-query entropies. */
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * K(λ) = ln E[e^{λX}] for the sphere model, by quadrature in t = cos φ with the density
 * ∝ (1 − t²)^{(d−3)/2} (independent of the core, which integrates in φ).
 */
function sphereCgf(lambda: number, d: number, spread = 1): number {
  const a = lambda * spread * spread * d;
  const base = (t: number) => Math.pow(Math.max(0, 1 - t * t), (d - 3) / 2);
  const opts = { panels: 400, order: 10 };
  const z = integrate1D((t) => base(t) * Math.exp(a * (t - 1)), -1, 1, opts);
  const z0 = integrate1D(base, -1, 1, opts);
  return a + Math.log(z / z0);
}

/** The widgets' vectors for a seed: the first n queries and keys of its two streams. */
function widgetVectors(n: number, d: number, seed: number, spread = 1) {
  const streams = seededStreams(seed);
  return {
    queries: sampleAttentionVectors(streams.queries, n, d, { spread }),
    keys: sampleAttentionVectors(streams.keys, n, d, { spread }),
  };
}

describe('the entropy-invariant scale log₅₁₂ n / √d', () => {
  it('multiplies the standard scale by 2/3 at n = 64, 4/3 at 4096 and 14/9 at 16384, and by 1 at 512', () => {
    const d = 64;
    const ratio = (n: number) => entropyInvariantScale(n, d) / standardScale(d);
    expect(ratio(64)).toBeCloseTo(2 / 3, 14);
    expect(ratio(512)).toBeCloseTo(1, 14);
    expect(ratio(4096)).toBeCloseTo(4 / 3, 14);
    expect(ratio(16384)).toBeCloseTo(14 / 9, 14);
  });

  it('under the 0.24 line: literal invariance needs λ = ln 512/(0.24·64) ≈ 0.41 ≈ 3.2/√d, and the pinned scale leaves H ≈ 0.69 ln n', () => {
    const lambda = LN512 / (0.24 * 64);
    expect(lambda).toBeCloseTo(0.41, 2);
    expect(lambda / standardScale(64)).toBeCloseTo(3.2, 1);
    expect(1 - (0.24 * 8) / LN512).toBeCloseTo(0.69, 2);
  });

  it('the unnormalised ln n/√d is 6.2 times the standard scale at n = 512', () => {
    expect(LN512).toBeCloseTo(6.2, 1);
  });
});

describe('the exact identity and the mean-field step', () => {
  it('H = ln Z − Σ a s (eq. identity) equals −Σ a ln a on random logits', () => {
    const rng = createRng(3);
    const s = Array.from({ length: 50 }, () => 2 * rng.normal());
    const z = s.reduce((t, v) => t + Math.exp(v), 0);
    const a = s.map((v) => Math.exp(v) / z);
    const direct = -a.reduce((t, p) => t + p * Math.log(p), 0);
    const identity = Math.log(z) - a.reduce((t, p, j) => t + p * s[j], 0);
    expect(identity).toBeCloseTo(direct, 12);
  });

  it('Δ′(λ) = −λ Var_λ(X) ≤ 0, and −Δ is the KL divergence of the tilted law from the untilted one (d = 3)', () => {
    // d = 3: t = cos φ is uniform on [−1, 1]; the tilted density is e^{at}/Z_a on [−1, 1].
    for (const a of [0.5, 3, 12]) {
      const za = integrate1D((t) => Math.exp(a * t) / 2, -1, 1);
      const kl = integrate1D(
        (t) => {
          const p = Math.exp(a * t) / 2 / za;
          return p * Math.log(p / 0.5);
        },
        -1,
        1,
      );
      const gap = meanFieldEntropyGap(a / 3, 3);
      expect(-gap.gap).toBeCloseTo(kl, 9);
      expect(gap.slope).toBeLessThan(0);
    }
  });

  it('Gaussian logits: Var Z/(E Z)² = (e^{β²} − 1)/n (Monte Carlo, 4 SE)', () => {
    const rng = createRng(5);
    for (const [beta, n] of [
      [0.7, 20],
      [1.2, 50],
    ]) {
      const reps = 40_000;
      const zs = Array.from({ length: reps }, () => {
        let z = 0;
        for (let j = 0; j < n; j++) z += Math.exp(beta * rng.normal());
        return z / (n * Math.exp((beta * beta) / 2));
      });
      const m = mean(zs);
      const v = zs.reduce((t, x) => t + (x - m) ** 2, 0) / (reps - 1);
      const m4 = zs.reduce((t, x) => t + (x - m) ** 4, 0) / reps;
      const seVar = Math.sqrt((m4 - v * v) / reps);
      expect(Math.abs(v - (Math.exp(beta * beta) - 1) / n)).toBeLessThan(4 * seVar);
    }
  });

  it('for Gaussian logits the mean field ln n − β²/2 reaches zero at β = √(2 ln n)', () => {
    const n = 4096;
    const d = 64;
    const beta = Math.sqrt(2 * Math.log(n));
    // Gaussian model: β = λσ²√d for a query of typical length.
    const lambda = beta / Math.sqrt(d);
    expect(meanFieldEntropy(n, lambda, d, { model: 'gaussian' })).toBeCloseTo(0, 12);
  });
});

describe('keys on a sphere, d = 64', () => {
  it('E[t²] = 1/d, so Var X = σ⁴d (quadrature with the density ∝ (1 − t²)^{(d−3)/2})', () => {
    for (const d of [5, 64]) {
      const base = (t: number) => Math.pow(1 - t * t, (d - 3) / 2);
      const et2 =
        integrate1D((t) => t * t * base(t), -1, 1, { panels: 200 }) /
        integrate1D(base, -1, 1, { panels: 200 });
      expect(et2).toBeCloseTo(1 / d, 12);
    }
  });

  it('at the standard scale the gap is 0.489 (vs ½ for small λ), and H = 3.6699, 5.7493, 7.8288 against ln n = 4.1589, 6.2383, 8.3178', () => {
    expect(-meanFieldEntropyGap(1 / 8, 64).gap).toBeCloseTo(0.489, 3);
    // Independently: ln n + K − λK′ with K from the t-quadrature and K′ by a central difference.
    const h = 1e-5;
    const k = sphereCgf(1 / 8, 64);
    const k1 = (sphereCgf(1 / 8 + h, 64) - sphereCgf(1 / 8 - h, 64)) / (2 * h);
    for (const [n, value, logN] of [
      [64, 3.6699, 4.1589],
      [512, 5.7493, 6.2383],
      [4096, 7.8288, 8.3178],
    ]) {
      expect(Math.log(n)).toBeCloseTo(logN, 4);
      expect(Math.log(n) + k - (k1 * 1) / 8).toBeCloseTo(value, 4);
      expect(meanFieldEntropy(n, 1 / 8, 64)).toBeCloseTo(value, 4);
    }
  });

  it('the slope per unit a = λσ²d is −0.031, −0.120, −0.212, −0.244, −0.295 at a = 2, 8, 16, 20, 32 (finite differences of the t-quadrature)', () => {
    const d = 64;
    const gap = (lambda: number) => {
      const h = 1e-5;
      const k1 = (sphereCgf(lambda + h, d) - sphereCgf(lambda - h, d)) / (2 * h);
      return sphereCgf(lambda, d) - lambda * k1;
    };
    for (const [a, slope] of [
      [2, -0.031],
      [8, -0.12],
      [16, -0.212],
      [20, -0.244],
      [32, -0.295],
    ]) {
      const da = 0.01;
      const numeric = (gap((a + da) / d) - gap((a - da) / d)) / (2 * da);
      expect(numeric).toBeCloseTo(slope, 3);
      expect(meanFieldEntropyGap(a / d, d).slope / d).toBeCloseTo(slope, 3);
    }
  });

  it('at a = 20 (λ√d = 2.5) the mean-field entropy is about ln n − 2.75', () => {
    expect(meanFieldEntropyGap(2.5 / 8, 64).gap).toBeCloseTo(-2.75, 2);
  });

  it('the slope magnitude S(a) never exceeds about 0.31 for d = 16, 64, 128, so full cancellation needs σ²√d ≳ 20', () => {
    for (const d of [16, 64, 128]) {
      let best = 0;
      for (let a = 0.5; a <= 400; a += 0.5)
        best = Math.max(best, -meanFieldEntropyGap(a / d, d).slope / d);
      expect(best).toBeGreaterThan(0.3);
      expect(best).toBeLessThan(0.31);
    }
    expect(LN512 / 0.31).toBeCloseTo(20, 0);
  });

  it('dH/d ln n along λ_E equals 1 − (σ²√d/ln 512)·S(a) (eq. rate), checked by finite differences', () => {
    for (const [n, spread] of [
      [2048, 1],
      [1024, 1.5],
    ]) {
      const d = 64;
      const h = 1e-4;
      const hAt = (logN: number) =>
        meanFieldEntropy(Math.exp(logN), entropyInvariantScale(Math.exp(logN), d), d, { spread });
      const numeric = (hAt(Math.log(n) + h) - hAt(Math.log(n) - h)) / (2 * h);
      const s2 = spread * spread;
      const slopePerA =
        meanFieldEntropyGap(entropyInvariantScale(n, d), d, { spread }).slope / (s2 * d);
      expect(numeric).toBeCloseTo(1 + ((s2 * Math.sqrt(d)) / LN512) * slopePerA, 6);
    }
  });

  it('the finite sum sits above the mean field where they part (n = 128, 512, 2048, λ√d ≥ 2)', () => {
    for (const n of [128, 512, 2048]) {
      const streams = seededStreams(1);
      const queries = sampleAttentionVectors(streams.queries, 128, 64);
      const keys = sampleAttentionVectors(streams.keys, n, 64);
      for (const c of [2, 3, 4]) {
        const h = attentionEntropy(queries, keys, c / 8);
        expect(h).toBeGreaterThan(meanFieldEntropy(n, c / 8, 64) + 0.02);
      }
    }
  });
});

describe('one query with one matching key (the first widget’s default draw: d = 64, σ = 1, seed 1)', () => {
  const d = 64;
  const streams = seededStreams(1);
  const [q] = sampleAttentionVectors(streams.queries, 1, d);
  const keys = sampleAttentionVectors(streams.keys, 16384, d);
  const withMatch = (n: number) => [q, ...keys.slice(1, n)];
  const weight = (n: number, scale: number) => attentionWeights([q], withMatch(n), scale)[0][0];
  const entropy = (n: number, scale: number) => attentionEntropy([q], withMatch(n), scale);

  it('standard scale: the matching key’s weight falls 0.99 → 0.78 → 0.10 at n = 16, 512, 16384; the entropy climbs 0.10 → 8.6', () => {
    expect(weight(16, 1 / 8)).toBeCloseTo(0.99, 2);
    expect(weight(512, 1 / 8)).toBeCloseTo(0.78, 2);
    expect(weight(16384, 1 / 8)).toBeCloseTo(0.1, 2);
    expect(entropy(16, 1 / 8)).toBeCloseTo(0.1, 2);
    expect(entropy(16384, 1 / 8)).toBeCloseTo(8.6, 1);
  });

  it('entropy-invariant scale: over the traced lengths the weight stays in [0.63, 0.83] and the entropy in [1.6, 1.9] (to one decimal)', () => {
    const ws: number[] = [];
    const hs: number[] = [];
    for (const n of traceLengths(16384)) {
      const scale = entropyInvariantScale(n, d);
      ws.push(weight(n, scale));
      hs.push(entropy(n, scale));
    }
    expect(Math.min(...ws)).toBeCloseTo(0.63, 2);
    expect(Math.max(...ws)).toBeCloseTo(0.83, 2);
    expect(Math.min(...hs)).toBeCloseTo(1.6, 1);
    expect(Math.max(...hs)).toBeCloseTo(1.9, 1);
  });

  it('the log-odds formula λσ²d − ln(n − 1) − K(λ) (eq. odds) predicts the weight to 0.15 in log-odds for n ≥ 512', () => {
    for (const n of [512, 2048, 8192, 16384]) {
      for (const scale of [1 / 8, entropyInvariantScale(n, d)]) {
        const w = weight(n, scale);
        const predicted = scale * d - Math.log(n - 1) - sphereCgf(scale, d);
        expect(Math.abs(Math.log(w / (1 - w)) - predicted)).toBeLessThan(0.15);
      }
    }
  });

  it('under λ_E the matching key’s logit grows at 8/ln 512 ≈ 1.28 times the rate of ln n', () => {
    expect(8 / LN512).toBeCloseTo(1.28, 2);
  });
});

describe('entropy against length (the second widget’s vectors: d = 64, seed 1, n queries × n keys)', () => {
  const d = 64;
  const entropyAt = (v: ReturnType<typeof widgetVectors>, n: number, scale: number) =>
    mean(attentionEntropies(v.queries.slice(0, n), v.keys.slice(0, n), scale));

  it('σ = 1: the standard curve sits about ½ nat below ln n and gains ≈ ln 2 per doubling; λ_E gains ≈ 0.57 around n = 2048', () => {
    const v = widgetVectors(2048, d, 1);
    const o1 = entropyAt(v, 1024, 1 / 8);
    const o2 = entropyAt(v, 2048, 1 / 8);
    expect(Math.log(2048) - o2).toBeCloseTo(0.5, 1);
    expect(o2 - o1).toBeCloseTo(Math.LN2, 2);
    const e1 = entropyAt(v, 1024, entropyInvariantScale(1024, d));
    const e2 = entropyAt(v, 2048, entropyInvariantScale(2048, d));
    expect(e2 - e1).toBeCloseTo(0.57, 2);
    // The two curves cross exactly at n = 512.
    expect(entropyAt(v, 512, entropyInvariantScale(512, d))).toBe(entropyAt(v, 512, 1 / 8));
  }, 30_000);

  it('σ = 1.5: between n = 1024 and 2048 λ_E gains about 0.2 nats and 1/√d about 0.65; a = 18 at the standard scale', () => {
    expect((1 / 8) * 2.25 * 64).toBe(18);
    const v = widgetVectors(2048, d, 1, 1.5);
    const gainE =
      entropyAt(v, 2048, entropyInvariantScale(2048, d)) -
      entropyAt(v, 1024, entropyInvariantScale(1024, d));
    const gainO = entropyAt(v, 2048, 1 / 8) - entropyAt(v, 1024, 1 / 8);
    expect(gainE).toBeCloseTo(0.2, 1);
    expect(gainO).toBeCloseTo(0.65, 1);
  }, 30_000);

  it('σ = 2: from n = 16 to 1024 λ_E goes 1.8 → 2.2 nats while 1/√d goes 0.9 → 2.6', () => {
    const v = widgetVectors(1024, d, 1, 2);
    expect(entropyAt(v, 16, entropyInvariantScale(16, d))).toBeCloseTo(1.8, 1);
    expect(entropyAt(v, 1024, entropyInvariantScale(1024, d))).toBeCloseTo(2.2, 1);
    expect(entropyAt(v, 16, 1 / 8)).toBeCloseTo(0.9, 1);
    expect(entropyAt(v, 1024, 1 / 8)).toBeCloseTo(2.6, 1);
  }, 30_000);

  it('σ = 1: ln n/√d holds the entropy near 1.2 nats (about 3.3 keys in use) for n = 256 … 2048', () => {
    const v = widgetVectors(2048, d, 1);
    for (const n of [256, 512, 1024, 2048]) {
      expect(entropyAt(v, n, Math.log(n) / 8)).toBeCloseTo(1.2, 1);
    }
    // About e^{1.2} ≈ 3.3 keys in use.
    expect(Math.exp(1.2)).toBeCloseTo(3.3, 1);
  }, 60_000);

  it('the n × n matrix at n = 16384 has 268 million entries', () => {
    expect(16384 ** 2).toBe(268_435_456);
  });
});

describe('the post’s experiment (masked-LM accuracy, %, trained at length 64)', () => {
  const lengths = [64, 128, 256, 512, 1024];
  const standard = [43.27, 36.53, 23.02, 15.12, 11.54];
  const invariant = [43.11, 41.17, 34.04, 20.15, 13.58];

  it('the two agree within 0.16 points at the training length; at 128 E loses 1.94 points and O 6.74; at 256 E keeps 34.04 vs 23.02', () => {
    expect(lengths).toHaveLength(standard.length);
    expect(standard[0] - invariant[0]).toBeCloseTo(0.16, 10);
    expect(invariant[0] - invariant[1]).toBeCloseTo(1.94, 10);
    expect(standard[0] - standard[1]).toBeCloseTo(6.74, 10);
    expect(invariant[2]).toBe(34.04);
    expect(standard[2]).toBe(23.02);
  });

  it('is the table the article prints', () => {
    const source = readFileSync(new URL('./index.mdx', import.meta.url), 'utf8');
    expect(source).toContain(`| standard $1/\\sqrt d$ | ${standard.join(' | ')} |`);
    expect(source).toContain(
      `| entropy-invariant $\\log_{512}n/\\sqrt d$ | ${invariant.join(' | ')} |`,
    );
  });

  it('both degrade with length, and E is ahead at every length beyond the training one', () => {
    for (let i = 1; i < lengths.length; i++) {
      expect(standard[i]).toBeLessThan(standard[i - 1]);
      expect(invariant[i]).toBeLessThan(invariant[i - 1]);
      expect(invariant[i]).toBeGreaterThan(standard[i]);
    }
  });
});
