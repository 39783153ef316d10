// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { scaleLinear, scaleLog } from 'd3';
import { Plot } from './Plot';
import { Axes, axisTicks, powerOfTen } from './Axes';

afterEach(cleanup);

function tickLabels(container: HTMLElement, axis: 'x' | 'y'): string[] {
  return Array.from(container.querySelectorAll(`.plot-axis-${axis} g text`)).map(
    (t) => t.textContent ?? '',
  );
}

describe('Axes', () => {
  it('powerOfTen writes the exponent in superscript digits', () => {
    expect(powerOfTen(2)).toBe('10²');
    expect(powerOfTen(-3)).toBe('10⁻³');
    expect(powerOfTen(10)).toBe('10¹⁰');
  });

  it('Axes on a log axis labels the powers of ten as 10ⁿ and leaves the minor ticks unlabelled', () => {
    const { container } = render(
      <Plot
        width={400}
        height={300}
        x={{ domain: [1, 1e4], log: true }}
        y={{ domain: [0, 1] }}
        title="log"
      >
        <Axes xTicks={10} />
      </Plot>,
    );
    expect(tickLabels(container, 'x')).toEqual(['10⁰', '10¹', '10²', '10³', '10⁴']);
    // 1, 2, …, 9, 10, 20, …, 10000: 37 tick marks in all.
    expect(container.querySelectorAll('.plot-axis-x > g').length).toBe(37);
  });

  it("axisTicks on a log scale over many decades keeps d3's thinned powers of ten, all labelled", () => {
    const ticks = axisTicks(scaleLog().domain([1e-3, 1e3]).range([0, 100]), 4, true);
    expect(ticks.map((t) => t.label)).toEqual(['10⁻²', '10⁰', '10²']);
  });

  it('axisTicks on a log scale within one decade labels every tick with ~g', () => {
    const ticks = axisTicks(scaleLog().domain([2, 8]).range([0, 100]), 5, true);
    expect(ticks.map((t) => t.label)).toEqual(['2', '3', '4', '5', '6', '7', '8']);
  });

  it('Axes on linear axes labels ticks with d3-format at the precision of the step', () => {
    const { container } = render(
      <Plot width={400} height={300} x={{ domain: [0, 1] }} y={{ domain: [-2, 2] }} title="lin">
        <Axes xTicks={5} yTicks={4} />
      </Plot>,
    );
    expect(tickLabels(container, 'x')).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(tickLabels(container, 'y')).toEqual(['−2', '−1', '0', '1', '2']);
  });

  it('axisTicks places each tick at scale(value)', () => {
    const scale = scaleLinear().domain([0, 10]).range([0, 200]);
    for (const t of axisTicks(scale, 5, false)) expect(t.position).toBe(scale(t.value));
  });

  it('Axes draws grid lines and the axis labels of Plot when asked', () => {
    const { container } = render(
      <Plot
        width={400}
        height={300}
        x={{ domain: [0, 1], label: 'x' }}
        y={{ domain: [0, 1], label: 'density' }}
        title="g"
      >
        <Axes grid xTicks={5} yTicks={5} />
      </Plot>,
    );
    expect(container.querySelectorAll('.plot-grid line').length).toBe(12);
    const labels = Array.from(container.querySelectorAll('.plot-axis-label')).map(
      (t) => t.textContent,
    );
    expect(labels).toEqual(['x', 'density']);
  });
});
