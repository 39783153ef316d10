import { describe, expect, it } from 'vitest';
import { isLastBitHydrationNoise } from '../e2e/hydrationNoise';

const report = (lines: string[]) =>
  [
    "A tree hydrated but some attributes of the server rendered HTML didn't match the client properties.",
    '  <circle',
    ...lines,
    '  >',
  ].join('\n');

describe('isLastBitHydrationNoise', () => {
  it('accepts attributes that differ only in the last bits of a number', () => {
    expect(
      isLastBitHydrationNoise(
        report([
          '+   cy={109.40297646411791}',
          '-   cy="109.40297646411788"',
          '+ data-value="0.5549569196419907"',
          '- data-value="0.5549569196419908"',
        ]),
      ),
    ).toBe(true);
  });

  it('rejects a number that differs by more than 1e-12 relative', () => {
    expect(isLastBitHydrationNoise(report(['+   cy={109.4}', '-   cy="109.5"']))).toBe(false);
  });

  it('rejects text, unpaired lines, other names and other errors', () => {
    expect(isLastBitHydrationNoise(report(['+   class={a}', '-   class="b"']))).toBe(false);
    expect(isLastBitHydrationNoise(report(['+   cy={1}']))).toBe(false);
    expect(isLastBitHydrationNoise(report(['+   cx={1}', '-   cy="1"']))).toBe(false);
    expect(isLastBitHydrationNoise('Hydration failed because the server rendered text')).toBe(
      false,
    );
  });
});
