// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { Plot } from './Plot';
import { DraggablePoint, formatCoordinate, type DraggablePointProps } from './DraggablePoint';

afterEach(cleanup);

beforeAll(() => {
  // jsdom 26 has no PointerEvent; a MouseEvent with pointerId/pointerType is what React reads.
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
 * 200 × 100 plot without margins, x ∈ [0, 2], y ∈ [0, 1]: pixel = (100 x, 100 (1 − y)).
 * In jsdom the SVG has no layout, so client pixels equal viewBox pixels (see Plot's toData).
 */
function Harness(
  props: Partial<DraggablePointProps> & { onMove?: (x: number, y: number) => void },
) {
  const [[x, y], setPoint] = useState<[number, number]>([1, 0.5]);
  const { onMove, ...rest } = props;
  return (
    <Plot
      width={200}
      height={100}
      margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
      x={{ domain: [0, 2] }}
      y={{ domain: [0, 1] }}
      title="t"
    >
      <DraggablePoint
        x={x}
        y={y}
        label="Centre of p"
        {...rest}
        onChange={(nx, ny) => {
          onMove?.(nx, ny);
          setPoint([nx, ny]);
        }}
      />
    </Plot>
  );
}

const handle = () => screen.getByRole('button', { name: /^Centre of p/ });

describe('DraggablePoint', () => {
  it('has an accessible name with the coordinates and a draggable-point role description', () => {
    render(<Harness />);
    const h = handle();
    expect(h.getAttribute('aria-label')).toBe('Centre of p, x 1.00, y 0.50');
    expect(h.getAttribute('aria-roledescription')).toBe('draggable point');
    expect(h.getAttribute('tabindex')).toBe('0');
    expect((h as unknown as SVGGElement).style.touchAction).toBe('none');
  });

  it('ArrowRight / ArrowUp move by step; Shift moves by 10 steps; the name follows', () => {
    const onMove = vi.fn();
    render(<Harness step={0.05} onMove={onMove} />);
    fireEvent.keyDown(handle(), { key: 'ArrowRight' });
    expect(onMove.mock.lastCall![0]).toBeCloseTo(1.05, 12);
    expect(onMove.mock.lastCall![1]).toBeCloseTo(0.5, 12);
    fireEvent.keyDown(handle(), { key: 'ArrowUp' });
    expect(onMove.mock.lastCall![1]).toBeCloseTo(0.55, 12);
    fireEvent.keyDown(handle(), { key: 'ArrowLeft', shiftKey: true });
    expect(onMove.mock.lastCall![0]).toBeCloseTo(0.55, 12);
    fireEvent.keyDown(handle(), { key: 'ArrowDown', shiftKey: true });
    expect(onMove.mock.lastCall![1]).toBeCloseTo(0.05, 12);
    expect(handle().getAttribute('aria-label')).toBe('Centre of p, x 0.55, y 0.05');
  });

  it('handled arrow keys are default-prevented; other keys are left alone', () => {
    const onMove = vi.fn();
    render(<Harness onMove={onMove} />);
    expect(fireEvent.keyDown(handle(), { key: 'ArrowRight' })).toBe(false);
    expect(fireEvent.keyDown(handle(), { key: 'a' })).toBe(true);
    expect(onMove).toHaveBeenCalledTimes(1);
  });

  it('without step, a key moves 1% of each domain (x ∈ [0, 2] → 0.02, y ∈ [0, 1] → 0.01)', () => {
    const onMove = vi.fn();
    render(<Harness onMove={onMove} />);
    fireEvent.keyDown(handle(), { key: 'ArrowRight' });
    expect(onMove.mock.lastCall![0]).toBeCloseTo(1.02, 12);
    fireEvent.keyDown(handle(), { key: 'ArrowUp' });
    expect(onMove.mock.lastCall![1]).toBeCloseTo(0.51, 12);
  });

  it('calls constrain with the proposed position and reports what it returns', () => {
    const onMove = vi.fn();
    const constrain = vi.fn((x: number, _y: number): [number, number] => [x, x / 2]);
    render(<Harness step={0.1} constrain={constrain} onMove={onMove} />);
    fireEvent.keyDown(handle(), { key: 'ArrowRight' });
    expect(constrain).toHaveBeenCalledTimes(1);
    expect(constrain.mock.lastCall![0]).toBeCloseTo(1.1, 12);
    expect(constrain.mock.lastCall![1]).toBeCloseTo(0.5, 12);
    expect(onMove.mock.lastCall![0]).toBeCloseTo(1.1, 12);
    expect(onMove.mock.lastCall![1]).toBeCloseTo(0.55, 12);
  });

  it('without constrain, moves are clamped to the plot domains', () => {
    const onMove = vi.fn();
    render(<Harness step={0.4} onMove={onMove} />);
    fireEvent.keyDown(handle(), { key: 'ArrowUp', shiftKey: true });
    expect(onMove.mock.lastCall).toEqual([1, 1]);
  });

  it('drags with pointer events, keeping the grab offset, and stops on pointerup', () => {
    const onMove = vi.fn();
    render(<Harness onMove={onMove} />);
    const h = handle() as unknown as SVGGElement;
    const setPointerCapture = vi.fn();
    Object.assign(h, {
      setPointerCapture,
      hasPointerCapture: () => true,
      releasePointerCapture: vi.fn(),
    });
    // The point is drawn at (100, 50); grab it 4 px right of and 2 px below its centre.
    fireEvent.pointerDown(h, {
      pointerId: 7,
      pointerType: 'touch',
      clientX: 104,
      clientY: 52,
      button: 0,
    });
    expect(setPointerCapture).toHaveBeenCalledWith(7);
    expect(document.activeElement).toBe(h);
    fireEvent.pointerMove(h, { pointerId: 7, pointerType: 'touch', clientX: 154, clientY: 22 });
    expect(onMove.mock.lastCall![0]).toBeCloseTo(1.5, 12);
    expect(onMove.mock.lastCall![1]).toBeCloseTo(0.8, 12);
    // Another pointer does not move it.
    fireEvent.pointerMove(h, { pointerId: 8, clientX: 10, clientY: 10 });
    expect(onMove).toHaveBeenCalledTimes(1);
    fireEvent.pointerUp(h, { pointerId: 7, clientX: 154, clientY: 22 });
    fireEvent.pointerMove(h, { pointerId: 7, clientX: 0, clientY: 0 });
    expect(onMove).toHaveBeenCalledTimes(1);
  });

  it('ignores a right-button mouse press', () => {
    const onMove = vi.fn();
    render(<Harness onMove={onMove} />);
    const h = handle();
    fireEvent.pointerDown(h, {
      pointerId: 1,
      pointerType: 'mouse',
      button: 2,
      clientX: 100,
      clientY: 50,
    });
    fireEvent.pointerMove(h, { pointerId: 1, pointerType: 'mouse', clientX: 120, clientY: 50 });
    expect(onMove).not.toHaveBeenCalled();
  });

  it('has a hit area of radius at least 12 and draws a square when asked', () => {
    const { container } = render(<Harness radius={3} shape="square" />);
    expect(
      Number(container.querySelector('.plot-drag-hit')!.getAttribute('r')),
    ).toBeGreaterThanOrEqual(12);
    expect(container.querySelector('rect.plot-drag-handle')!.getAttribute('width')).toBe('6');
  });

  it('formatCoordinate keeps tiny and huge values readable', () => {
    expect(formatCoordinate(1)).toBe('1.00');
    expect(formatCoordinate(-0.25)).toBe('-0.25');
    expect(formatCoordinate(0.000012)).toBe('1.20e-5');
    expect(formatCoordinate(0)).toBe('0.00');
  });
});
