import { describe, expect, it } from 'vitest';
import { autoDomain } from './autoDomain';

describe('autoDomain', () => {
  it('autoDomain(values) covers the values with 5% of the span at each end', () => {
    const [a, b] = autoDomain([2, 7, 4]);
    expect(a).toBeCloseTo(2 - 0.25, 12);
    expect(b).toBeCloseTo(7 + 0.25, 12);
  });

  it('skips NaN and infinities, and includes what `include` names', () => {
    const [a, b] = autoDomain([NaN, 3, Infinity, 5, -Infinity], { include: [0], pad: 0 });
    expect([a, b]).toEqual([0, 5]);
  });

  it('widens a flat series to minSpan about its value', () => {
    expect(autoDomain([3, 3, 3], { minSpan: 2, pad: 0 })).toEqual([2, 4]);
    const [a, b] = autoDomain([1]);
    expect(b - a).toBeGreaterThan(0);
  });

  it('on a log axis pads the logarithms, ignores values ≤ 0, and stays positive', () => {
    const [a, b] = autoDomain([0, -1, 1, 100], { log: true, pad: 0.5 });
    expect(Math.log10(a)).toBeCloseTo(-1, 12);
    expect(Math.log10(b)).toBeCloseTo(3, 12);
    const [c, d] = autoDomain([5], { log: true, pad: 0 });
    expect(d / c).toBeCloseTo(10, 9);
    expect(Math.sqrt(c * d)).toBeCloseTo(5, 9);
  });

  it('falls back when nothing finite is given', () => {
    expect(autoDomain([])).toEqual([0, 1]);
    expect(autoDomain([NaN], { log: true })).toEqual([0.1, 10]);
    expect(autoDomain([], { fallback: [-2, 2] })).toEqual([-2, 2]);
  });
});
