// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Plot } from './Plot';
import { HorizontalRule } from './HorizontalRule';
import { Marker, markerPath } from './Marker';
import { PlotText } from './PlotText';

afterEach(cleanup);

/** A 100 × 100 plot without margins over [0, 10]²: x → 10x, y → 100 − 10y. */
const plot = (children: ReactNode) =>
  render(
    <Plot
      width={100}
      height={100}
      margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
      x={{ domain: [0, 10] }}
      y={{ domain: [0, 10] }}
      title="t"
    >
      {children}
    </Plot>,
  ).container;

describe('plot marks', () => {
  it('HorizontalRule(y, label) spans the plotting area at y, labelled at the right end', () => {
    const c = plot(<HorizontalRule y={3} label="s = 0" />);
    const line = c.querySelector('.plot-rule line')!;
    expect([line.getAttribute('x1'), line.getAttribute('x2')]).toEqual(['0', '100']);
    expect([line.getAttribute('y1'), line.getAttribute('y2')]).toEqual(['70', '70']);
    const text = c.querySelector('.plot-rule text')!;
    expect(text.textContent).toBe('s = 0');
    expect(text.getAttribute('text-anchor')).toBe('end');
    expect(c.querySelector('.plot-rule')!.getAttribute('aria-hidden')).toBe('true');
  });

  it('HorizontalRule at a non-finite y draws nothing', () => {
    expect(plot(<HorizontalRule y={NaN} label="x" />).querySelector('.plot-rule')).toBeNull();
  });

  it('PlotText(x, y) anchors its text at the point plus the offset, as plain text', () => {
    const c = plot(
      <PlotText x={5} y={5} anchor="middle" offset={[2, -3]}>
        {'<b>vertex</b>'}
      </PlotText>,
    );
    const text = c.querySelector('.plot-text')!;
    expect([text.getAttribute('x'), text.getAttribute('y')]).toEqual(['52', '47']);
    expect(text.getAttribute('text-anchor')).toBe('middle');
    expect(text.textContent).toBe('<b>vertex</b>');
    expect(text.querySelector('b')).toBeNull();
    expect(
      plot(
        <PlotText x={Infinity} y={0}>
          x
        </PlotText>,
      ).querySelector('.plot-text'),
    ).toBeNull();
  });

  it('Marker draws its shape centred on the point; open shapes are stroked, filled ones filled', () => {
    const c = plot(
      <>
        <Marker x={2} y={8} shape="cross" color="red" size={3} label="optimum" />
        <Marker x={2} y={8} shape="dot" color="blue" />
      </>,
    );
    const [cross, dot] = Array.from(c.querySelectorAll('.plot-marker'));
    expect(cross.getAttribute('d')).toBe('M17,17L23,23M17,23L23,17');
    expect(cross.getAttribute('fill')).toBe('none');
    expect(cross.getAttribute('aria-label')).toBe('optimum');
    expect(dot.getAttribute('fill')).toBe('blue');
    expect(dot.getAttribute('aria-hidden')).toBe('true');
  });

  it('markerPath: a diamond has its four vertices at distance r from the centre', () => {
    expect(markerPath('diamond', 10, 10, 2)).toBe('M10,8L12,10L10,12L8,10Z');
    expect(markerPath('ring', 0, 0, 1)).toBe('M-1,0a1,1 0 1,0 2,0a1,1 0 1,0 -2,0');
  });
});
