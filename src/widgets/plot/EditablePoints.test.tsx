// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { Plot } from './Plot';
import {
  EditablePoints,
  type EditablePoint,
  type EditablePointsProps,
  type PointClassStyle,
} from './EditablePoints';

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

const CLASSES: PointClassStyle[] = [
  { label: 'class 0', color: 'blue', shape: 'circle' },
  { label: 'class 1', color: 'red', shape: 'triangle' },
];

/**
 * 200 × 100 plot without margins, x ∈ [0, 2], y ∈ [0, 1]: pixel = (100 x, 100 (1 − y)).
 * In jsdom the SVG has no layout, so client pixels equal viewBox pixels.
 */
function Harness(
  props: Partial<EditablePointsProps> & {
    spy?: { add?: () => void; move?: () => void; remove?: () => void };
  },
) {
  const [points, setPoints] = useState<EditablePoint[]>([
    { x: 0.5, y: 0.5, cls: 0 },
    { x: 1.5, y: 0.25, cls: 1 },
  ]);
  const { spy, ...rest } = props;
  return (
    <Plot
      width={200}
      height={100}
      margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
      x={{ domain: [0, 2] }}
      y={{ domain: [0, 1] }}
      title="t"
    >
      <EditablePoints
        points={points}
        classes={CLASSES}
        tool="add"
        addClass={1}
        label="Points"
        onAdd={(x, y, cls) => {
          spy?.add?.();
          setPoints((p) => [...p, { x, y, cls }]);
        }}
        onMove={(i, x, y) => {
          spy?.move?.();
          setPoints((p) => p.map((q, j) => (j === i ? { ...q, x, y } : q)));
        }}
        onDelete={(i) => {
          spy?.remove?.();
          setPoints((p) => p.filter((_, j) => j !== i));
        }}
        {...rest}
      />
    </Plot>
  );
}

const editor = () => screen.getByRole('application') as unknown as SVGGElement;
const markers = () =>
  [...document.querySelectorAll('.plot-editable-point')].map((e) => ({
    x: Number(e.getAttribute('data-x')),
    y: Number(e.getAttribute('data-y')),
    cls: Number(e.getAttribute('data-class')),
  }));

function withCapture(element: SVGGElement) {
  Object.assign(element, {
    setPointerCapture: vi.fn(),
    hasPointerCapture: () => true,
    releasePointerCapture: vi.fn(),
  });
}

describe('EditablePoints', () => {
  it('draws each point with its class and exposes one labelled, focusable editor', () => {
    render(<Harness />);
    expect(markers()).toEqual([
      { x: 0.5, y: 0.5, cls: 0 },
      { x: 1.5, y: 0.25, cls: 1 },
    ]);
    const e = editor();
    expect(e.getAttribute('tabindex')).toBe('0');
    expect(e.getAttribute('aria-label')).toMatch(/^Points: 2 points\. No point selected/);
  });

  it('a press on empty space with the add tool adds a point of the chosen class there', () => {
    render(<Harness />);
    const e = editor();
    withCapture(e);
    fireEvent.pointerDown(e, { pointerId: 1, clientX: 20, clientY: 80, button: 0 });
    fireEvent.pointerUp(e, { pointerId: 1 });
    expect(markers()[2].x).toBeCloseTo(0.2, 12);
    expect(markers()[2].y).toBeCloseTo(0.2, 12);
    expect(markers()[2].cls).toBe(1);
  });

  it('dragging a point moves it, keeping the grab offset, and stops on pointerup', () => {
    const spy = { add: vi.fn() };
    render(<Harness spy={spy} />);
    const e = editor();
    withCapture(e);
    // Point 0 is drawn at (50, 50); grab it 3 px to its right.
    fireEvent.pointerDown(e, { pointerId: 2, clientX: 53, clientY: 50, button: 0 });
    fireEvent.pointerMove(e, { pointerId: 2, clientX: 103, clientY: 30 });
    expect(markers()[0].x).toBeCloseTo(1, 12);
    expect(markers()[0].y).toBeCloseTo(0.7, 12);
    fireEvent.pointerUp(e, { pointerId: 2 });
    fireEvent.pointerMove(e, { pointerId: 2, clientX: 150, clientY: 10 });
    expect(markers()[0].x).toBeCloseTo(1, 12);
    expect(spy.add).not.toHaveBeenCalled();
  });

  it('the delete tool removes the point under the pointer and nothing else', () => {
    render(<Harness tool="delete" />);
    const e = editor();
    withCapture(e);
    fireEvent.pointerDown(e, { pointerId: 3, clientX: 150, clientY: 75, button: 0 });
    expect(markers()).toEqual([{ x: 0.5, y: 0.5, cls: 0 }]);
    fireEvent.pointerDown(e, { pointerId: 4, clientX: 190, clientY: 10, button: 0 });
    expect(markers()).toHaveLength(1);
  });

  it('moves are clamped to the plot domains', () => {
    render(<Harness />);
    const e = editor();
    withCapture(e);
    fireEvent.pointerDown(e, { pointerId: 5, clientX: 50, clientY: 50, button: 0 });
    fireEvent.pointerMove(e, { pointerId: 5, clientX: 500, clientY: -300 });
    expect(markers()[0]).toEqual({ x: 2, y: 1, cls: 0 });
  });

  it('keyboard: ] and [ select, arrows move by step (Shift ×10), Delete removes, Enter adds at the centre', () => {
    render(<Harness step={0.1} />);
    const e = editor();
    fireEvent.keyDown(e, { key: ']' });
    expect(e.getAttribute('aria-label')).toMatch(/Selected point 1, class 0, at x 0.50, y 0.50/);
    fireEvent.keyDown(e, { key: 'ArrowRight' });
    expect(markers()[0].x).toBeCloseTo(0.6, 12);
    fireEvent.keyDown(e, { key: 'ArrowDown', shiftKey: true });
    expect(markers()[0].y).toBeCloseTo(0, 12); // 0.5 − 1.0, clamped to the domain
    fireEvent.keyDown(e, { key: '[' });
    expect(e.getAttribute('aria-label')).toMatch(/Selected point 2, class 1/);
    fireEvent.keyDown(e, { key: 'Delete' });
    expect(markers()).toHaveLength(1);
    fireEvent.keyDown(e, { key: 'Enter' });
    expect(markers()[1]).toEqual({ x: 1, y: 0.5, cls: 1 });
    expect(e.getAttribute('aria-label')).toMatch(/Selected point 2, class 1, at x 1.00, y 0.50/);
    fireEvent.keyDown(e, { key: 'Escape' });
    expect(e.getAttribute('aria-label')).toMatch(/No point selected/);
  });

  it('without handlers nothing changes on presses or keys', () => {
    render(<Harness onAdd={undefined} onMove={undefined} onDelete={undefined} />);
    const e = editor();
    withCapture(e);
    fireEvent.pointerDown(e, { pointerId: 6, clientX: 20, clientY: 80, button: 0 });
    fireEvent.keyDown(e, { key: 'Enter' });
    expect(markers()).toHaveLength(2);
  });
});
