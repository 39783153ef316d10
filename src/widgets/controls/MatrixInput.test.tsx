// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { MatrixInput, type MatrixInputProps } from './MatrixInput';

afterEach(cleanup);

function Harness({
  onSpy,
  ...props
}: Partial<MatrixInputProps> & { onSpy: (m: number[][]) => void }) {
  const [m, setM] = useState<number[][]>([
    [1, 0],
    [0, 1],
  ]);
  return (
    <MatrixInput
      name="sigma_p"
      label="Σ"
      min={-2}
      max={2}
      step={0.05}
      symmetric
      {...props}
      value={m}
      onChange={(next) => {
        onSpy(next);
        setM(next);
      }}
    />
  );
}

const cell = (row: number, col: number) =>
  screen.getByRole('spinbutton', { name: `Σ row ${row} column ${col}` }) as HTMLInputElement;

describe('MatrixInput', () => {
  it('labels each cell "Σ row i column j" inside a group named Σ', () => {
    const { container } = render(<Harness onSpy={() => {}} description="Covariance of p." />);
    expect(screen.getByRole('group', { name: 'Σ' })).toBe(
      container.querySelector('[data-param="sigma_p"]'),
    );
    expect(screen.getAllByRole('spinbutton')).toHaveLength(4);
    expect(cell(1, 2).value).toBe('0');
  });

  it('symmetric editing of (1, 2) also sets (2, 1), whose input is read-only', () => {
    const spy = vi.fn();
    render(<Harness onSpy={spy} />);
    fireEvent.change(cell(1, 2), { target: { value: '0.3' } });
    expect(spy).toHaveBeenLastCalledWith([
      [1, 0.3],
      [0.3, 1],
    ]);
    expect(cell(2, 1).value).toBe('0.3');
    expect(cell(2, 1).readOnly).toBe(true);
    expect(cell(1, 2).readOnly).toBe(false);
  });

  it('rejects "abc": keeps the last good matrix and marks the cell aria-invalid until blur', () => {
    const spy = vi.fn();
    render(<Harness onSpy={spy} />);
    fireEvent.change(cell(1, 1), { target: { value: '1.5' } });
    expect(spy).toHaveBeenCalledTimes(1);
    fireEvent.change(cell(1, 1), { target: { value: 'abc' } });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(cell(1, 1).getAttribute('aria-invalid')).toBe('true');
    fireEvent.blur(cell(1, 1));
    expect(cell(1, 1).value).toBe('1.5');
    expect(cell(1, 1).getAttribute('aria-invalid')).toBeNull();
  });

  it('clamps an out-of-range entry to [min, max] and flags the typed text', () => {
    const spy = vi.fn();
    render(<Harness onSpy={spy} />);
    fireEvent.change(cell(2, 2), { target: { value: '5' } });
    expect(spy).toHaveBeenLastCalledWith([
      [1, 0],
      [0, 2],
    ]);
    expect(cell(2, 2).getAttribute('aria-invalid')).toBe('true');
    fireEvent.blur(cell(2, 2));
    expect(cell(2, 2).value).toBe('2');
  });

  it('a non-symmetric matrix edits one cell; row and column labels name the cells', () => {
    const spy = vi.fn();
    render(<Harness onSpy={spy} symmetric={false} rowLabels={['x', 'y']} colLabels={['u', 'v']} />);
    const xv = screen.getByRole('spinbutton', { name: 'Σ row x column v' });
    fireEvent.change(xv, { target: { value: '-0.5' } });
    expect(spy).toHaveBeenLastCalledWith([
      [1, -0.5],
      [0, 1],
    ]);
  });

  it('onChange receives a fresh copy, never the value it was given', () => {
    const value = [
      [1, 0],
      [0, 1],
    ];
    const spy = vi.fn();
    render(
      <MatrixInput name="a" label="Σ" value={value} onChange={spy} min={-2} max={2} step={0.1} />,
    );
    fireEvent.change(cell(1, 1), { target: { value: '0.5' } });
    expect(value[0][0]).toBe(1);
    expect(spy.mock.lastCall![0]).not.toBe(value);
  });
});
