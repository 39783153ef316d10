// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { Plot } from './Plot';
import { DraggableBars, type DraggableBarsProps } from './DraggableBars';

afterEach(cleanup);

beforeAll(() => {
  // jsdom has no PointerEvent; a MouseEvent with pointerId/pointerType is what React reads.
  if (!('PointerEvent' in window)) {
    class PointerEventShim extends MouseEvent {
      pointerId: number;
      pointerType: string;
      constructor(type: string, init: PointerEventInit = {}) {
        super(type, init);
        this.pointerId = init.pointerId ?? 1;
        this.pointerType = init.pointerType ?? 'mouse';
      }
    }
    Object.defineProperty(window, 'PointerEvent', { value: PointerEventShim, configurable: true });
  }
});

/**
 * 300 × 200 plot without margins, x ∈ [−0.5, 2.5] (three bars at 0, 1, 2), y ∈ [−5, 5]:
 * y pixel = 20 (5 − y). In jsdom client pixels equal viewBox pixels.
 */
function Harness(
  props: Partial<DraggableBarsProps> & { onMove?: (index: number, value: number) => void },
) {
  const [values, setValues] = useState([1, -2, 0.5]);
  const { onMove, ...rest } = props;
  return (
    <Plot
      width={300}
      height={200}
      margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
      x={{ domain: [-0.5, 2.5] }}
      y={{ domain: [-5, 5] }}
      title="t"
    >
      <DraggableBars
        values={values}
        labels={['Score of class 1', 'Score of class 2', 'Score of class 3']}
        {...rest}
        onChange={(index, value) => {
          onMove?.(index, value);
          setValues((v) => v.map((x, i) => (i === index ? value : x)));
        }}
      />
    </Plot>
  );
}

const bar = (n: number) => screen.getByRole('slider', { name: `Score of class ${n}` });

describe('DraggableBars', () => {
  it('renders one named, focusable vertical slider per bar with its value and range', () => {
    render(<Harness />);
    expect(screen.getAllByRole('slider')).toHaveLength(3);
    const b = bar(2);
    expect(b.getAttribute('tabindex')).toBe('0');
    expect(b.getAttribute('aria-orientation')).toBe('vertical');
    expect(b.getAttribute('aria-valuenow')).toBe('-2');
    expect(b.getAttribute('aria-valuetext')).toBe('-2.00');
    expect(b.getAttribute('aria-valuemin')).toBe('-5');
    expect(b.getAttribute('aria-valuemax')).toBe('5');
    // The plot becomes a group so that the sliders are exposed.
    expect(document.querySelector('svg')!.getAttribute('role')).toBe('group');
  });

  it('draws each bar from the baseline to its value (y = 1 → pixels 80 to 100)', () => {
    render(<Harness />);
    const fill = bar(1).querySelector('.plot-bar-fill')!;
    expect(Number(fill.getAttribute('y'))).toBeCloseTo(80, 9);
    expect(Number(fill.getAttribute('height'))).toBeCloseTo(20, 9);
    // Bar 2 (value −2) hangs below the baseline: pixels 100 to 140.
    const down = bar(2).querySelector('.plot-bar-fill')!;
    expect(Number(down.getAttribute('y'))).toBeCloseTo(100, 9);
    expect(Number(down.getAttribute('height'))).toBeCloseTo(40, 9);
  });

  it('arrow keys move by step, Shift and PageUp/PageDown by 10 steps, Home and End to the ends', () => {
    const onMove = vi.fn();
    render(<Harness step={0.1} onMove={onMove} />);
    fireEvent.keyDown(bar(1), { key: 'ArrowUp' });
    expect(onMove.mock.lastCall![0]).toBe(0);
    expect(onMove.mock.lastCall![1]).toBeCloseTo(1.1, 12);
    fireEvent.keyDown(bar(1), { key: 'ArrowDown', shiftKey: true });
    expect(onMove.mock.lastCall![1]).toBeCloseTo(0.1, 12);
    fireEvent.keyDown(bar(3), { key: 'PageUp' });
    expect(onMove.mock.lastCall).toEqual([2, expect.closeTo(1.5, 12)]);
    fireEvent.keyDown(bar(3), { key: 'End' });
    expect(onMove.mock.lastCall).toEqual([2, 5]);
    fireEvent.keyDown(bar(3), { key: 'Home' });
    expect(onMove.mock.lastCall).toEqual([2, -5]);
    expect(bar(3).getAttribute('aria-valuenow')).toBe('-5');
  });

  it('default-prevents the keys it handles and ignores others', () => {
    const onMove = vi.fn();
    render(<Harness onMove={onMove} />);
    expect(fireEvent.keyDown(bar(1), { key: 'ArrowUp' })).toBe(false);
    expect(fireEvent.keyDown(bar(1), { key: 'a' })).toBe(true);
    expect(onMove).toHaveBeenCalledTimes(1);
    // Without step a key moves 1% of the y range: 0.1.
    expect(onMove.mock.lastCall![1]).toBeCloseTo(1.1, 12);
  });

  it('clamps to [min, max] and snaps to multiples of snap', () => {
    const onMove = vi.fn();
    render(<Harness step={0.123} snap={0.05} max={1.2} onMove={onMove} />);
    fireEvent.keyDown(bar(3), { key: 'ArrowUp' }); // 0.623 → 0.6
    expect(onMove.mock.lastCall![1]).toBe(0.6);
    fireEvent.keyDown(bar(3), { key: 'ArrowUp', shiftKey: true }); // 1.83 → clamped 1.2
    expect(onMove.mock.lastCall![1]).toBe(1.2);
  });

  it('a press in a bar’s column sets its height to the pointer, and dragging follows until pointerup', () => {
    const onMove = vi.fn();
    render(<Harness onMove={onMove} />);
    const b = bar(2) as unknown as SVGGElement;
    const setPointerCapture = vi.fn();
    Object.assign(b, {
      setPointerCapture,
      hasPointerCapture: () => true,
      releasePointerCapture: vi.fn(),
    });
    // Pixel y = 40 is the value 3.
    fireEvent.pointerDown(b, {
      pointerId: 3,
      pointerType: 'mouse',
      clientX: 150,
      clientY: 40,
      button: 0,
    });
    expect(setPointerCapture).toHaveBeenCalledWith(3);
    expect(document.activeElement).toBe(b);
    expect(onMove.mock.lastCall).toEqual([1, expect.closeTo(3, 12)]);
    fireEvent.pointerMove(b, { pointerId: 3, clientX: 150, clientY: 150 });
    expect(onMove.mock.lastCall).toEqual([1, expect.closeTo(-2.5, 12)]);
    // Beyond the plot: clamped to the domain.
    fireEvent.pointerMove(b, { pointerId: 3, clientX: 150, clientY: 400 });
    expect(onMove.mock.lastCall).toEqual([1, -5]);
    fireEvent.pointerUp(b, { pointerId: 3 });
    const calls = onMove.mock.calls.length;
    fireEvent.pointerMove(b, { pointerId: 3, clientX: 150, clientY: 10 });
    expect(onMove.mock.calls.length).toBe(calls);
  });

  it('ignores a right-button press', () => {
    const onMove = vi.fn();
    render(<Harness onMove={onMove} />);
    fireEvent.pointerDown(bar(1), {
      pointerId: 1,
      pointerType: 'mouse',
      clientX: 50,
      clientY: 10,
      button: 2,
    });
    expect(onMove).not.toHaveBeenCalled();
  });
});
