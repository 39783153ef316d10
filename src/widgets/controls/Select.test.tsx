// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Select } from './Select';

afterEach(cleanup);

describe('Select', () => {
  it('Select(options, optionLabels) shows the labels, submits the values, and reports the choice', () => {
    const spy = vi.fn();
    const { container } = render(
      <Select
        name="divergence"
        label="Divergence"
        value="kl"
        options={['kl', 'js', 'w2']}
        optionLabels={['Kullback–Leibler', 'Jensen–Shannon', 'Wasserstein-2']}
        description="Which distance to plot."
        onChange={spy}
      />,
    );
    const select = screen.getByRole('combobox', { name: 'Divergence' }) as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => [o.value, o.textContent])).toEqual([
      ['kl', 'Kullback–Leibler'],
      ['js', 'Jensen–Shannon'],
      ['w2', 'Wasserstein-2'],
    ]);
    expect(select.value).toBe('kl');
    fireEvent.change(select, { target: { value: 'w2' } });
    expect(spy).toHaveBeenCalledExactlyOnceWith('w2');
    expect(document.getElementById(select.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Which distance to plot.',
    );
    expect(container.querySelector('[data-param="divergence"]')).not.toBeNull();
  });

  it('Select without optionLabels shows the values', () => {
    render(<Select name="m" label="Mode" value="b" options={['a', 'b']} onChange={() => {}} />);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['a', 'b']);
  });
});
