// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { Comparison, ComparisonPanel } from './Comparison';
import { formatNumber, ReadoutGrid } from './Readout';

afterEach(cleanup);

describe('ReadoutGrid', () => {
  const table = {
    plain: { test_loss: 0.412345, accuracy: 0.9 },
    rdrop: { test_loss: 0.3, accuracy: NaN },
  } as Record<string, Record<string, number>>;

  it('renders a row per quantity and a column per arm, each cell with data-readout and the full value', () => {
    const { container } = render(
      <ReadoutGrid
        label="Held-out scores"
        columns={[
          { key: 'plain', label: 'dropout', color: 'red' },
          { key: 'rdrop', label: 'R-Drop' },
        ]}
        rows={[
          { key: 'test_loss', label: 'test loss', unit: 'nats', digits: 3 },
          { key: 'accuracy', label: 'accuracy' },
        ]}
        value={(row, column) => table[column][row]}
      />,
    );
    expect(screen.getByRole('table', { name: 'Held-out scores' })).toBeTruthy();
    const cell = container.querySelector('[data-readout="plain_test_loss"]')!;
    expect(cell.getAttribute('data-value')).toBe('0.412345');
    expect(cell.textContent).toBe('0.412 nats');
    expect(container.querySelector('[data-readout="rdrop_accuracy"]')!.textContent).toBe('—');
    expect(screen.getAllByRole('rowheader').map((h) => h.textContent)).toEqual([
      'test loss',
      'accuracy',
    ]);
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'dropout',
      'R-Drop',
    ]);
  });
});

describe('Comparison', () => {
  it('lays out its panels with their names, titles and colours', () => {
    const { container } = render(
      <Comparison>
        <ComparisonPanel name="plain" title="Dropout only" color="red">
          <p>left</p>
        </ComparisonPanel>
        <ComparisonPanel name="rdrop" title="R-Drop">
          <p>right</p>
        </ComparisonPanel>
      </Comparison>,
    );
    const panels = Array.from(container.querySelectorAll('[data-panel]'));
    expect(panels.map((p) => p.getAttribute('data-panel'))).toEqual(['plain', 'rdrop']);
    expect(screen.getByRole('region', { name: 'Dropout only' }).textContent).toContain('left');
    expect((panels[0].querySelector('.comparison-title') as HTMLElement).style.color).toBe('red');
  });
});

describe('formatNumber', () => {
  it('shows whole numbers as integers (counts), others to the significant digits asked', () => {
    expect(formatNumber(80)).toBe('80');
    expect(formatNumber(-3)).toBe('−3');
    expect(formatNumber(123_456)).toBe('123,456');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(2.5, 3)).toBe('2.50');
    expect(formatNumber(1e-6)).toBe('1.000e−6');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
});
