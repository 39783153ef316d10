// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { roundedInterpolate, Plot, equalAspectDomains, usePlot, type PlotContext } from './Plot';
import { DraggablePoint } from './DraggablePoint';

afterEach(cleanup);

/** Renders nothing; hands the plot context to the test. */
function Probe({ onContext }: { onContext: (context: PlotContext) => void }) {
  onContext(usePlot());
  return null;
}

function renderProbe(props: Partial<Parameters<typeof Plot>[0]> = {}): PlotContext {
  let context: PlotContext | null = null;
  render(
    <Plot
      width={400}
      height={200}
      margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
      x={{ domain: [0, 1] }}
      y={{ domain: [0, 1] }}
      title="probe"
      {...props}
    >
      <Probe onContext={(c) => (context = c)} />
    </Plot>,
  );
  if (!context) throw new Error('no context');
  return context;
}

describe('Plot', () => {
  it('Plot renders an accessible svg: role img, <title> as its name, <desc>, viewBox', () => {
    render(
      <Plot
        width={300}
        height={150}
        x={{ domain: [0, 1] }}
        y={{ domain: [0, 1] }}
        title="Two Gaussians"
        description="p in blue, q in orange"
      >
        <g />
      </Plot>,
    );
    const svg = screen.getByRole('img', { name: 'Two Gaussians' });
    expect(svg.getAttribute('viewBox')).toBe('0 0 300 150');
    expect(svg.getAttribute('class')).toBe('plot');
    const descId = svg.getAttribute('aria-describedby');
    expect(descId && document.getElementById(descId)?.textContent).toBe('p in blue, q in orange');
  });

  it('Plot scales map the domains onto the area inside the margins, y pointing up', () => {
    const c = renderProbe({ margin: { top: 10, right: 20, bottom: 30, left: 40 } });
    expect(c.innerWidth).toBe(340);
    expect(c.innerHeight).toBe(160);
    expect(c.xScale(0)).toBe(0);
    expect(c.xScale(1)).toBe(340);
    expect(c.yScale(0)).toBe(160);
    expect(c.yScale(1)).toBe(0);
  });

  it('Plot with equalAspect gives one data unit the same length on both axes', () => {
    const c = renderProbe({ x: { domain: [-1, 1] }, y: { domain: [-3, 3] }, equalAspect: true });
    const pxPerUnitX = c.xScale(1) - c.xScale(0);
    const pxPerUnitY = c.yScale(0) - c.yScale(1);
    expect(pxPerUnitX).toBeCloseTo(pxPerUnitY, 12);
    // y needs 6 units in 200 px; x is widened about its centre to 400 / (200 / 6) = 12 units.
    expect(c.x.domain[0]).toBeCloseTo(-6, 12);
    expect(c.x.domain[1]).toBeCloseTo(6, 12);
    expect(c.y.domain).toEqual([-3, 3]);
  });

  it('equalAspectDomains widens y when x is the tighter axis, and keeps reversed axes reversed', () => {
    const d = equalAspectDomains([0, 10], [1, 0], 100, 100);
    expect(d.x).toEqual([0, 10]);
    expect(d.y[0]).toBeCloseTo(5.5, 12);
    expect(d.y[1]).toBeCloseTo(-4.5, 12);
  });

  it('Plot with a log axis uses a log scale', () => {
    const c = renderProbe({ x: { domain: [1, 1000], log: true } });
    // Positions come rounded to 1/100 of a viewBox unit.
    expect(c.xScale(10)).toBe(133.33);
    expect(c.xScale(100)).toBe(266.67);
  });

  it('roundedInterpolate(a, b) goes from a to b in steps of 0.01, so server and browser agree', () => {
    const f = roundedInterpolate(0, 400);
    expect(f(0)).toBe(0);
    expect(f(1)).toBe(400);
    expect(f(1 / 3)).toBe(133.33);
    // Inputs one ulp apart, as Node and Chromium may compute them, give the same position.
    expect(f(0.27352941176470585)).toBe(f(0.2735294117647059));
  });

  it('toData falls back to the bounding box when getScreenCTM is unavailable (jsdom)', () => {
    const c = renderProbe({ margin: { top: 0, right: 0, bottom: 0, left: 0 } });
    // jsdom: no CTM and an empty bounding box, so client pixels are taken as viewBox units.
    const [x, y] = c.toData(100, 50);
    expect(x).toBeCloseTo(0.25, 12);
    expect(y).toBeCloseTo(0.75, 12);
  });

  it('toData applies the inverse screen CTM when there is one', () => {
    const c = renderProbe();
    const svg = c.svgRef.current!;
    // The SVG is drawn at half size, 10 px from the left and 20 px from the top of the screen.
    const ctm = { a: 0.5, b: 0, c: 0, d: 0.5, e: 10, f: 20 };
    const inverse = { a: 2, b: 0, c: 0, d: 2, e: -20, f: -40 };
    Object.assign(svg, { getScreenCTM: () => ({ ...ctm, inverse: () => inverse }) });
    const [x, y] = c.toData(10 + 100, 20 + 50);
    expect(x).toBeCloseTo(200 / 400, 12);
    expect(y).toBeCloseTo(1 - 100 / 200, 12);
  });

  it('Plot becomes role="group" while it holds a focusable DraggablePoint', () => {
    const { rerender } = render(
      <Plot width={100} height={100} x={{ domain: [0, 1] }} y={{ domain: [0, 1] }} title="Drag me">
        <DraggablePoint x={0.5} y={0.5} onChange={() => {}} label="Centre" />
      </Plot>,
    );
    expect(screen.getByRole('group', { name: 'Drag me' })).toBeTruthy();
    rerender(
      <Plot width={100} height={100} x={{ domain: [0, 1] }} y={{ domain: [0, 1] }} title="Drag me">
        <g />
      </Plot>,
    );
    expect(screen.getByRole('img', { name: 'Drag me' })).toBeTruthy();
  });

  it('usePlot outside a Plot throws a message naming the cause', () => {
    expect(() => render(<Probe onContext={() => {}} />)).toThrow(/inside a <Plot>/);
  });
});
