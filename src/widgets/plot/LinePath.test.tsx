// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { Plot } from './Plot';
import { LinePath } from './LinePath';
import { Band } from './Band';
import { Scatter } from './Scatter';
import { VerticalRule } from './VerticalRule';

afterEach(cleanup);

/** 100 × 100 plot with no margins: data (x, y) ↦ pixel (x, 100 − y). */
function IdentityPlot({ children }: { children: React.ReactNode }) {
  return (
    <Plot
      width={100}
      height={100}
      margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
      x={{ domain: [0, 100] }}
      y={{ domain: [0, 100] }}
      title="t"
    >
      {children}
    </Plot>
  );
}

describe('LinePath', () => {
  it('LinePath draws the points through the scales', () => {
    const { container } = render(
      <IdentityPlot>
        <LinePath
          data={[
            [0, 0],
            [50, 25],
            [100, 100],
          ]}
        />
      </IdentityPlot>,
    );
    expect(container.querySelector('.plot-line')!.getAttribute('d')).toBe('M0,100L50,75L100,0');
  });

  it('LinePath breaks the line at a NaN: two M commands', () => {
    const { container } = render(
      <IdentityPlot>
        <LinePath
          data={[
            [0, 0],
            [10, 10],
            [20, NaN],
            [30, 30],
            [40, 40],
          ]}
        />
      </IdentityPlot>,
    );
    const d = container.querySelector('.plot-line')!.getAttribute('d')!;
    expect(d.match(/M/g)?.length).toBe(2);
    expect(d).toBe('M0,100L10,90M30,70L40,60');
  });

  it('LinePath on a log axis breaks where x ≤ 0 has no position', () => {
    const { container } = render(
      <Plot
        width={100}
        height={100}
        x={{ domain: [1, 100], log: true }}
        y={{ domain: [0, 1] }}
        title="t"
      >
        <LinePath
          data={[
            [1, 0],
            [10, 0.5],
            [-1, 0.5],
            [50, 1],
            [100, 1],
          ]}
        />
      </Plot>,
    );
    const d = container.querySelector('.plot-line')!.getAttribute('d')!;
    expect(d.match(/M/g)?.length).toBe(2);
  });

  it('LinePath is clipped to a clipPath of the plot that exists in the same svg', () => {
    const { container } = render(
      <IdentityPlot>
        <LinePath
          data={[
            [0, 0],
            [1, 1],
          ]}
          label="p"
          color="red"
          dash="4 2"
        />
      </IdentityPlot>,
    );
    const path = container.querySelector('.plot-line')!;
    const id = /^url\(#(.+)\)$/.exec(path.getAttribute('clip-path')!)![1];
    const clip = container.querySelector('clipPath')!;
    expect(clip.id).toBe(id);
    expect(clip.querySelector('rect')!.getAttribute('width')).toBe('100');
    expect(path.getAttribute('data-label')).toBe('p');
    expect(path.getAttribute('stroke')).toBe('red');
    expect(path.getAttribute('stroke-dasharray')).toBe('4 2');
  });

  it('two plots get different clipPath ids', () => {
    const { container } = render(
      <>
        <IdentityPlot>
          <LinePath
            data={[
              [0, 0],
              [1, 1],
            ]}
          />
        </IdentityPlot>
        <IdentityPlot>
          <LinePath
            data={[
              [0, 0],
              [1, 1],
            ]}
          />
        </IdentityPlot>
      </>,
    );
    const ids = Array.from(container.querySelectorAll('clipPath')).map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('Band', () => {
  it('Band(data [x, lower, upper]) fills between the curves: upper edge forward, lower edge back', () => {
    const { container } = render(
      <IdentityPlot>
        <Band
          data={[
            [0, 10, 20],
            [50, 30, 60],
            [100, 40, 80],
          ]}
        />
      </IdentityPlot>,
    );
    expect(container.querySelector('.plot-band')!.getAttribute('d')).toBe(
      'M0,80L50,40L100,20L100,60L50,70L0,90Z',
    );
  });

  it('Band leaves a gap at a non-finite row (two closed pieces)', () => {
    const { container } = render(
      <IdentityPlot>
        <Band
          data={[
            [0, 0, 1],
            [10, 0, 1],
            [20, NaN, 1],
            [30, 0, 1],
            [40, 0, 1],
          ]}
        />
      </IdentityPlot>,
    );
    const d = container.querySelector('.plot-band')!.getAttribute('d')!;
    expect(d.match(/M/g)?.length).toBe(2);
    expect(d.match(/Z/g)?.length).toBe(2);
  });
});

describe('Scatter', () => {
  it('Scatter draws one circle per finite point at its scaled position', () => {
    const { container } = render(
      <IdentityPlot>
        <Scatter
          points={[
            [10, 20],
            [Infinity, 5],
            [30, NaN],
            [40, 50],
          ]}
          radius={3}
        />
      </IdentityPlot>,
    );
    const circles = Array.from(container.querySelectorAll('.plot-scatter circle'));
    expect(
      circles.map((c) => [c.getAttribute('cx'), c.getAttribute('cy'), c.getAttribute('r')]),
    ).toEqual([
      ['10', '80', '3'],
      ['40', '50', '3'],
    ]);
  });

  it('Scatter handles 5,000 points', () => {
    const points = Array.from({ length: 5000 }, (_, i): [number, number] => [
      i % 100,
      (i * 7) % 100,
    ]);
    const { container } = render(
      <IdentityPlot>
        <Scatter points={points} />
      </IdentityPlot>,
    );
    expect(container.querySelectorAll('.plot-scatter circle').length).toBe(5000);
  });

  it('merged Scatter draws every finite point into one path of two half-circle arcs each', () => {
    const { container } = render(
      <IdentityPlot>
        <Scatter
          points={[
            [10, 20],
            [NaN, 5],
            [40, 50],
          ]}
          radius={3}
          merged
        />
      </IdentityPlot>,
    );
    expect(container.querySelectorAll('.plot-scatter circle').length).toBe(0);
    const paths = container.querySelectorAll('.plot-scatter path');
    expect(paths.length).toBe(1);
    const d = paths[0].getAttribute('d')!;
    // Each dot starts at its left edge (cx − r, cy) and returns there after two arcs of radius r
    // whose relative end points are ±2r along x: a full circle of radius r around (cx, cy).
    expect(d).toBe('M7,80a3,3 0 1,0 6,0a3,3 0 1,0 -6,0M37,50a3,3 0 1,0 6,0a3,3 0 1,0 -6,0');
  });

  it('merged Scatter with no finite point draws nothing', () => {
    const { container } = render(
      <IdentityPlot>
        <Scatter points={[[NaN, NaN]]} merged />
      </IdentityPlot>,
    );
    expect(container.querySelectorAll('.plot-scatter path').length).toBe(0);
  });
});

describe('VerticalRule', () => {
  it('spans the plotting area at x, with its label 4 px right of it', () => {
    const { container } = render(
      <IdentityPlot>
        <VerticalRule x={25} label="n = 512" />
      </IdentityPlot>,
    );
    const line = container.querySelector('.plot-rule line')!;
    expect(['x1', 'x2', 'y1', 'y2'].map((a) => line.getAttribute(a))).toEqual([
      '25',
      '25',
      '0',
      '100',
    ]);
    const text = container.querySelector('.plot-rule text')!;
    expect([text.getAttribute('x'), text.getAttribute('y'), text.textContent]).toEqual([
      '29',
      '12',
      'n = 512',
    ]);
    expect(container.querySelector('.plot-rule')!.getAttribute('aria-hidden')).toBe('true');
  });

  it('counts a negative labelY from the bottom, draws no text without a label, nothing at NaN', () => {
    const { container } = render(
      <IdentityPlot>
        <VerticalRule x={10} label="a" labelY={-6} />
        <VerticalRule x={20} />
        <VerticalRule x={NaN} label="b" />
      </IdentityPlot>,
    );
    const rules = container.querySelectorAll('.plot-rule');
    expect(rules.length).toBe(2);
    expect(rules[0].querySelector('text')!.getAttribute('y')).toBe('94');
    expect(rules[1].querySelector('text')).toBeNull();
  });
});
