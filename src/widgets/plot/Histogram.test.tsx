// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { Plot } from './Plot';
import { Histogram, binValues } from './Histogram';

afterEach(cleanup);

describe('binValues', () => {
  it('counts values into [start + iw, start + (i+1)w) and the counts sum to the number of finite values', () => {
    const bins = binValues([-0.4, 0, 0.2, 0.49, 0.5, 1.7, Number.NaN, Infinity], {
      start: -0.5,
      width: 1,
      count: 3,
    });
    expect(bins.map((b) => [b.x0, b.x1, b.count])).toEqual([
      [-0.5, 0.5, 4],
      [0.5, 1.5, 1],
      [1.5, 2.5, 1],
    ]);
  });

  it('puts values outside the range into the edge bins', () => {
    const bins = binValues([-100, 100], { start: 0, width: 1, count: 2 });
    expect(bins.map((b) => b.count)).toEqual([1, 1]);
  });

  it('counts a value a rounding error below an edge, like 100 × (563/1000 − 558/1000), in the upper bin', () => {
    const difference = 100 * (563 / 1000 - 558 / 1000); // 0.49999999999998934, 0.5 on paper
    expect(difference).toBeLessThan(0.5);
    const bins = binValues([difference], { start: -0.5, width: 1, count: 2 });
    expect(bins[1].count).toBe(1);
  });

  it('rejects a layout without a positive width or a whole count', () => {
    expect(() => binValues([1], { start: 0, width: 0, count: 2 })).toThrow(/binValues/);
    expect(() => binValues([1], { start: 0, width: 1, count: 1.5 })).toThrow(RangeError);
  });
});

describe('Histogram', () => {
  it('draws one bar per non-empty bin from y = 0 to its count, with the count in data-count', () => {
    const { container } = render(
      <Plot
        width={200}
        height={100}
        margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
        x={{ domain: [0, 4] }}
        y={{ domain: [0, 10] }}
        title="t"
      >
        <Histogram
          gap={0}
          bins={[
            { x0: 0, x1: 1, count: 5 },
            { x0: 1, x1: 2, count: 0 },
            { x0: 2, x1: 3, count: 10 },
          ]}
        />
      </Plot>,
    );
    const rects = [...container.querySelectorAll('.plot-histogram rect')];
    expect(rects.map((r) => r.getAttribute('data-count'))).toEqual(['5', '10']);
    // x: 50 px per unit; y: 10 px per count, from the bottom at 100.
    expect(rects[0].getAttribute('x')).toBe('0');
    expect(rects[0].getAttribute('width')).toBe('50');
    expect(rects[0].getAttribute('y')).toBe('50');
    expect(rects[0].getAttribute('height')).toBe('50');
    expect(rects[1].getAttribute('x')).toBe('100');
    expect(rects[1].getAttribute('height')).toBe('100');
  });
});
