// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { defaultValues, type ParamSchema } from '../params';
import { ParamControls } from './ParamControls';

afterEach(cleanup);

const schema = {
  sigma: {
    type: 'number',
    label: 'σ',
    description: 'Spread of q.',
    min: 0.1,
    max: 3,
    step: 0.1,
    default: 1,
  },
  n: {
    type: 'integer',
    label: 'N',
    description: 'Number of samples.',
    min: 10,
    max: 1e5,
    default: 1000,
    log: true,
  },
  show: {
    type: 'boolean',
    label: 'Show samples',
    description: 'Draw the samples.',
    default: false,
  },
  kind: {
    type: 'select',
    label: 'Divergence',
    description: 'Which divergence.',
    options: ['kl', 'js'],
    optionLabels: ['KL', 'JS'],
    default: 'kl',
  },
  mu: {
    type: 'vector',
    label: 'μ',
    description: 'Mean of p.',
    length: 2,
    min: -3,
    max: 3,
    step: 0.1,
    default: [0, 1],
  },
  cov: {
    type: 'matrix',
    label: 'Σ',
    description: 'Covariance of p.',
    rows: 2,
    cols: 2,
    min: -2,
    max: 2,
    step: 0.1,
    default: [
      [1, 0],
      [0, 1],
    ],
  },
} satisfies ParamSchema;

const root = (container: HTMLElement, name: string) =>
  container.querySelector(`[data-param="${name}"]`)!;

describe('ParamControls', () => {
  it('renders one control per schema entry, of the type the spec asks for', () => {
    const { container } = render(
      <ParamControls schema={schema} values={defaultValues(schema)} onChange={() => {}} />,
    );
    const roots = Array.from(container.querySelectorAll('.param-controls > [data-param]')).map(
      (e) => e.getAttribute('data-param'),
    );
    expect(roots).toEqual(['sigma', 'n', 'show', 'kind', 'mu', 'cov']);
    expect(root(container, 'sigma').querySelector('input[type=range]')).not.toBeNull();
    expect(root(container, 'n').querySelector('input[type=range]')!.getAttribute('max')).toBe('5');
    expect(root(container, 'show').querySelector('[role=switch]')).not.toBeNull();
    expect(root(container, 'kind').querySelector('select')).not.toBeNull();
    expect(root(container, 'mu').querySelectorAll('input[type=range]')).toHaveLength(2);
    expect(root(container, 'cov').querySelectorAll('input[type=number]')).toHaveLength(4);
    // Labels and descriptions come from the spec.
    expect(screen.getByRole('slider', { name: 'σ' })).toBeTruthy();
    expect(screen.getByRole('slider', { name: 'μ[1]' })).toBeTruthy();
    expect(screen.getByText('Spread of q.')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'μ' })).toBe(root(container, 'mu'));
  });

  it('calls onChange with a patch holding only the changed parameter', () => {
    const onChange = vi.fn();
    render(<ParamControls schema={schema} values={defaultValues(schema)} onChange={onChange} />);
    fireEvent.change(screen.getByRole('slider', { name: 'σ' }), { target: { value: '0.7' } });
    expect(onChange).toHaveBeenLastCalledWith({ sigma: 0.7 });
    fireEvent.change(screen.getByRole('slider', { name: 'N' }), { target: { value: '2' } });
    expect(onChange).toHaveBeenLastCalledWith({ n: 100 });
    fireEvent.click(screen.getByRole('switch', { name: 'Show samples' }));
    expect(onChange).toHaveBeenLastCalledWith({ show: true });
    fireEvent.change(screen.getByRole('combobox', { name: 'Divergence' }), {
      target: { value: 'js' },
    });
    expect(onChange).toHaveBeenLastCalledWith({ kind: 'js' });
    fireEvent.change(screen.getByRole('slider', { name: 'μ[1]' }), { target: { value: '-2' } });
    expect(onChange).toHaveBeenLastCalledWith({ mu: [0, -2] });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Σ row 2 column 1' }), {
      target: { value: '0.4' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      cov: [
        [1, 0],
        [0.4, 1],
      ],
    });
    expect(onChange).toHaveBeenCalledTimes(6);
  });

  it('symmetric matrices mirror their edits', () => {
    const onChange = vi.fn();
    render(
      <ParamControls
        schema={schema}
        values={defaultValues(schema)}
        onChange={onChange}
        symmetric={['cov']}
      />,
    );
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Σ row 1 column 2' }), {
      target: { value: '0.4' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      cov: [
        [1, 0.4],
        [0.4, 1],
      ],
    });
  });

  it('only renders the listed parameters, in the listed order', () => {
    const { container } = render(
      <ParamControls
        schema={schema}
        values={defaultValues(schema)}
        onChange={() => {}}
        only={['kind', 'sigma']}
      />,
    );
    const roots = Array.from(container.querySelectorAll('.param-controls > [data-param]')).map(
      (e) => e.getAttribute('data-param'),
    );
    expect(roots).toEqual(['kind', 'sigma']);
  });

  it('folds the `more` parameters into a "More settings" group after the others', () => {
    const { container } = render(
      <ParamControls
        schema={schema}
        values={defaultValues(schema)}
        onChange={() => {}}
        only={['kind', 'sigma']}
        more={['n', 'show']}
      />,
    );
    const shown = (selector: string) =>
      Array.from(container.querySelectorAll(selector)).map((e) => e.getAttribute('data-param'));
    expect(shown(':scope > .param-controls > [data-param]')).toEqual(['kind', 'sigma']);
    const folded = container.querySelector('details.widget-more')!;
    expect(folded.querySelector('summary')!.textContent).toBe('More settings');
    expect(shown('details .param-controls > [data-param]')).toEqual(['n', 'show']);
    cleanup();
    // Without `only`: every parameter not folded, in schema order, then the folded ones.
    const all = render(
      <ParamControls
        schema={schema}
        values={defaultValues(schema)}
        onChange={() => {}}
        more={['sigma']}
        moreLabel="Sampling"
      />,
    ).container;
    expect(all.querySelector('summary')!.textContent).toBe('Sampling');
    expect(all.querySelectorAll('details [data-param="sigma"]')).toHaveLength(1);
    expect(all.querySelectorAll('[data-param="sigma"]')).toHaveLength(1);
  });

  it('shows the current values', () => {
    const values = { ...defaultValues(schema), sigma: 2.5, show: true, kind: 'js' as const };
    render(<ParamControls schema={schema} values={values} onChange={() => {}} />);
    expect((screen.getByRole('spinbutton', { name: 'σ value' }) as HTMLInputElement).value).toBe(
      '2.5',
    );
    expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    expect((screen.getByRole('combobox') as HTMLSelectElement).value).toBe('js');
  });

  it('renders on the server (prerendered pages) with every control in the HTML', () => {
    const html = renderToString(
      <ParamControls schema={schema} values={defaultValues(schema)} onChange={() => {}} />,
    );
    for (const name of Object.keys(schema)) expect(html).toContain(`data-param="${name}"`);
  });
});
