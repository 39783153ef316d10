import { describe, expect, it } from 'vitest';
import { SeriesRecorder } from './series';

describe('SeriesRecorder', () => {
  it('add(x, values) keeps every point while there are few, in order, with line(name) as pairs', () => {
    const s = new SeriesRecorder();
    for (let x = 1; x <= 5; x++) s.add(x, { loss: 1 / x });
    expect(s.points.map((p) => p.x)).toEqual([1, 2, 3, 4, 5]);
    expect(s.line('loss')).toEqual([
      [1, 1],
      [2, 0.5],
      [3, 1 / 3],
      [4, 0.25],
      [5, 0.2],
    ]);
    expect(s.line('missing')[0][1]).toBeNaN();
  });

  it('a second point at the same x replaces the first; an earlier x or a non-finite x is refused', () => {
    const s = new SeriesRecorder();
    s.add(1, { loss: 2 });
    s.add(2, { loss: 1 });
    expect(s.add(2, { loss: 0.5 })).toBe(true);
    expect(s.add(1, { loss: 9 })).toBe(false);
    expect(s.add(NaN, { loss: 9 })).toBe(false);
    expect(s.points).toEqual([
      { x: 1, values: { loss: 2 } },
      { x: 2, values: { loss: 0.5 } },
    ]);
  });

  it('stays within maxPoints over a long run, keeping the first and the latest point', () => {
    const s = new SeriesRecorder({ maxPoints: 50 });
    for (let x = 0; x <= 10_000; x++) {
      s.add(x, { v: x });
      expect(s.points.length).toBeLessThanOrEqual(50);
    }
    const xs = s.points.map((p) => p.x);
    expect(xs[0]).toBe(0);
    expect(xs[xs.length - 1]).toBe(10_000);
    // Evenly thinned: the kept x are the multiples of one power of two, plus the ends.
    const gaps = new Set(
      xs
        .slice(1, -1)
        .map((x, i, a) => (i ? x - a[i - 1] : null))
        .slice(1),
    );
    expect(gaps.size).toBe(1);
    expect(xs.length).toBeGreaterThan(20);
  });

  it('with every = 10 records the first point, multiples of 10 and the latest only', () => {
    const s = new SeriesRecorder({ every: 10 });
    for (let x = 1; x <= 35; x++) s.add(x, { v: x });
    expect(s.points.map((p) => p.x)).toEqual([1, 10, 20, 30, 35]);
  });

  it('the points array is replaced on every change (usable as React state), and clear() empties it', () => {
    const s = new SeriesRecorder();
    s.add(1, { v: 1 });
    const before = s.points;
    s.add(2, { v: 2 });
    expect(s.points).not.toBe(before);
    expect(before.length).toBe(1);
    s.clear();
    expect(s.points).toEqual([]);
    expect(s.add(0, { v: 0 })).toBe(true);
  });

  it('refuses a maxPoints below 4 and an every that is not a positive integer', () => {
    expect(() => new SeriesRecorder({ maxPoints: 2 })).toThrow(/maxPoints/);
    expect(() => new SeriesRecorder({ every: 0 })).toThrow(/every/);
  });
});
