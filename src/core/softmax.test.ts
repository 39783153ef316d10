import { describe, expect, it } from 'vitest';
import { categoricalKlFromLogits, entropy, logSoftmax, logSumExp, softmax } from './softmax';

describe('logSumExp', () => {
  it('equals ln Σ e^s for moderate scores', () => {
    const s = [0.5, -1, 2];
    expect(logSumExp(s)).toBeCloseTo(Math.log(s.reduce((t, v) => t + Math.exp(v), 0)), 14);
  });

  it('is stable at ±1000, where the naive sum overflows or underflows', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.log(2), 12);
  });

  it('lies between max s and max s + ln n', () => {
    const s = [3, 1, -2, 0.5];
    expect(logSumExp(s)).toBeGreaterThan(3);
    expect(logSumExp(s)).toBeLessThan(3 + Math.log(4));
  });
});

describe('softmax', () => {
  it('sums to one and is invariant to adding a constant', () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    softmax([101, 102, 103]).forEach((v, i) => expect(v).toBeCloseTo(p[i], 14));
  });

  it('logSoftmax of huge scores stays finite', () => {
    expect(logSoftmax([1000, 0])).toEqual([0, -1000]);
  });
});

describe('entropy and categorical KL', () => {
  it('entropy of the uniform distribution on n outcomes is ln n', () => {
    expect(entropy([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(Math.log(4), 15);
    expect(entropy([1, 0, 0])).toBe(0);
  });

  it('KL from logits matches Σ p ln(p/q) and is zero for equal distributions', () => {
    const a = [0.2, -0.5, 1];
    const b = [1, 0, -1];
    const p = softmax(a);
    const q = softmax(b);
    const direct = p.reduce((t, pi, i) => t + pi * Math.log(pi / q[i]), 0);
    expect(categoricalKlFromLogits(a, b)).toBeCloseTo(direct, 14);
    expect(
      categoricalKlFromLogits(
        a,
        a.map((v) => v + 7),
      ),
    ).toBeLessThan(1e-14);
  });

  it('rejects logits of different lengths', () => {
    expect(() => categoricalKlFromLogits([1, 2], [1])).toThrow(RangeError);
  });
});
