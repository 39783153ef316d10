// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { Slider, type SliderProps } from './Slider';

afterEach(cleanup);

/** A controlled slider that keeps its own value and reports every change. */
function Harness({
  initial,
  onSpy,
  ...props
}: Omit<SliderProps, 'value' | 'onChange'> & { initial: number; onSpy: (v: number) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <Slider
      {...props}
      value={value}
      onChange={(v) => {
        onSpy(v);
        setValue(v);
      }}
    />
  );
}

const numberBox = (label: string) =>
  screen.getByRole('spinbutton', { name: `${label} value` }) as HTMLInputElement;
const range = (label: string) => screen.getByRole('slider', { name: label }) as HTMLInputElement;

describe('Slider', () => {
  it('is labelled, described, and carries data-param', () => {
    const { container } = render(
      <Slider
        name="sigma"
        label="σ"
        value={0.5}
        min={0}
        max={1}
        step={0.01}
        onChange={() => {}}
        description="Standard deviation of q."
      />,
    );
    const r = range('σ');
    expect(r.type).toBe('range');
    const describedBy = r.getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy)!.textContent).toBe('Standard deviation of q.');
    expect(numberBox('σ').getAttribute('aria-describedby')).toBe(describedBy);
    expect(container.querySelector('[data-param="sigma"]')).toBe(container.firstChild);
  });

  it('typed entry is clamped to [min, max] and applied on Enter', () => {
    const spy = vi.fn();
    render(<Harness name="s" label="σ" initial={0.5} min={0} max={1} step={0.01} onSpy={spy} />);
    fireEvent.change(numberBox('σ'), { target: { value: '7' } });
    expect(spy).not.toHaveBeenCalled();
    fireEvent.keyDown(numberBox('σ'), { key: 'Enter' });
    expect(spy).toHaveBeenLastCalledWith(1);
    expect(numberBox('σ').value).toBe('1');
    fireEvent.change(numberBox('σ'), { target: { value: '-3' } });
    fireEvent.keyDown(numberBox('σ'), { key: 'Enter' });
    expect(spy).toHaveBeenLastCalledWith(0);
    fireEvent.change(numberBox('σ'), { target: { value: '0.25' } });
    fireEvent.keyDown(numberBox('σ'), { key: 'Enter' });
    expect(spy).toHaveBeenLastCalledWith(0.25);
    expect(range('σ').value).toBe('0.25');
  });

  it('typed entry is applied on blur', () => {
    const spy = vi.fn();
    render(<Harness name="s" label="σ" initial={0.5} min={0} max={1} step={0.01} onSpy={spy} />);
    fireEvent.change(numberBox('σ'), { target: { value: '0.75' } });
    fireEvent.blur(numberBox('σ'));
    expect(spy).toHaveBeenCalledExactlyOnceWith(0.75);
  });

  it('invalid text reverts to the current value without calling onChange; Escape reverts too', () => {
    const spy = vi.fn();
    render(<Harness name="s" label="σ" initial={0.5} min={0} max={1} step={0.01} onSpy={spy} />);
    fireEvent.change(numberBox('σ'), { target: { value: 'abc' } });
    fireEvent.keyDown(numberBox('σ'), { key: 'Enter' });
    expect(numberBox('σ').value).toBe('0.5');
    fireEvent.change(numberBox('σ'), { target: { value: '' } });
    fireEvent.blur(numberBox('σ'));
    expect(numberBox('σ').value).toBe('0.5');
    fireEvent.change(numberBox('σ'), { target: { value: '0.9' } });
    fireEvent.keyDown(numberBox('σ'), { key: 'Escape' });
    fireEvent.blur(numberBox('σ'));
    expect(numberBox('σ').value).toBe('0.5');
    expect(spy).not.toHaveBeenCalled();
  });

  it('integer sliders round typed values', () => {
    const spy = vi.fn();
    render(
      <Harness name="k" label="k" initial={3} min={1} max={10} step={1} integer onSpy={spy} />,
    );
    fireEvent.change(numberBox('k'), { target: { value: '4.6' } });
    fireEvent.keyDown(numberBox('k'), { key: 'Enter' });
    expect(spy).toHaveBeenLastCalledWith(5);
  });

  it('the range input reports its value (snapped by the browser to step)', () => {
    const spy = vi.fn();
    render(<Harness name="s" label="σ" initial={0.5} min={0} max={1} step={0.1} onSpy={spy} />);
    fireEvent.change(range('σ'), { target: { value: '0.7' } });
    expect(spy).toHaveBeenLastCalledWith(0.7);
    expect(numberBox('σ').value).toBe('0.7');
  });

  it('ArrowUp / ArrowDown in the number box apply one step at once (Shift: 10)', () => {
    const spy = vi.fn();
    render(<Harness name="s" label="σ" initial={0.5} min={0} max={1} step={0.1} onSpy={spy} />);
    fireEvent.keyDown(numberBox('σ'), { key: 'ArrowUp' });
    expect(spy).toHaveBeenLastCalledWith(0.6);
    fireEvent.keyDown(numberBox('σ'), { key: 'ArrowUp' });
    expect(spy).toHaveBeenLastCalledWith(0.7);
    fireEvent.keyDown(numberBox('σ'), { key: 'ArrowDown', shiftKey: true });
    expect(spy).toHaveBeenLastCalledWith(0);
  });

  it('a log slider maps the range position p to the value 10^p', () => {
    const spy = vi.fn();
    render(
      <Harness
        name="n"
        label="N"
        initial={1000}
        min={10}
        max={1e6}
        step={1}
        log
        integer
        onSpy={spy}
      />,
    );
    expect(range('N').min).toBe('1');
    expect(range('N').max).toBe('6');
    expect(Number(range('N').value)).toBeCloseTo(3, 12);
    fireEvent.change(range('N'), { target: { value: '2' } });
    expect(spy).toHaveBeenLastCalledWith(100);
    fireEvent.change(range('N'), { target: { value: '4.5' } });
    expect(spy).toHaveBeenLastCalledWith(Math.round(10 ** 4.5));
    // The number box shows the real value, and screen readers hear it too.
    expect(numberBox('N').value).toBe('31623');
    expect(range('N').getAttribute('aria-valuetext')).toBe('31623');
    expect(Number(range('N').value)).toBeCloseTo(Math.log10(31623), 12);
  });

  it('a non-integer log slider keeps 3 significant digits and reaches both ends', () => {
    const spy = vi.fn();
    render(
      <Harness
        name="lr"
        label="learning rate"
        initial={0.01}
        min={1e-4}
        max={0.5}
        step={1e-4}
        log
        onSpy={spy}
      />,
    );
    fireEvent.change(range('learning rate'), { target: { value: String(Math.log10(0.5)) } });
    expect(spy).toHaveBeenLastCalledWith(0.5);
    fireEvent.change(range('learning rate'), { target: { value: '-4' } });
    expect(spy).toHaveBeenLastCalledWith(1e-4);
    fireEvent.change(range('learning rate'), { target: { value: '-2.5' } });
    expect(spy).toHaveBeenLastCalledWith(0.00316);
  });

  it('format shows the value beside the label and becomes aria-valuetext', () => {
    render(
      <Slider
        name="t"
        label="temperature"
        value={0.5}
        min={0}
        max={1}
        step={0.1}
        onChange={() => {}}
        format={(v) => `${v.toFixed(1)} K`}
      />,
    );
    expect(screen.getByText('0.5 K').tagName).toBe('OUTPUT');
    expect(range('temperature').getAttribute('aria-valuetext')).toBe('0.5 K');
  });
});
