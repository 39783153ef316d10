// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { Legend } from './Legend';

afterEach(cleanup);

describe('Legend', () => {
  it('draws each entry’s sample (line, dashed line, dot, box) before its name', () => {
    const { container } = render(
      <Legend
        entries={[
          { label: 'solid', color: 'red' },
          { label: 'dashed', color: 'blue', dash: '6 4', width: 3 },
          { label: 'dot', color: 'green', mark: 'dot' },
          { label: 'box', color: 'black', mark: 'box' },
        ]}
      />,
    );
    const items = Array.from(container.querySelectorAll('li'));
    expect(items.map((li) => li.textContent)).toEqual(['solid', 'dashed', 'dot', 'box']);
    const solid = items[0].querySelector('line')!;
    expect([solid.getAttribute('stroke'), solid.getAttribute('stroke-width')]).toEqual([
      'red',
      '2.5',
    ]);
    expect(solid.getAttribute('stroke-dasharray')).toBeNull();
    const dashed = items[1].querySelector('line')!;
    expect([dashed.getAttribute('stroke-dasharray'), dashed.getAttribute('stroke-width')]).toEqual([
      '6 4',
      '3',
    ]);
    expect(items[2].querySelector('circle')!.getAttribute('fill')).toBe('green');
    expect(items[3].querySelector('rect')!.getAttribute('fill')).toBe('black');
  });

  it('shows an entry without a colour as words only, and hides the legend from screen readers', () => {
    const { container } = render(<Legend entries={[{ label: 'solid: test · dashed: train' }]} />);
    expect(container.querySelector('li svg')).toBeNull();
    expect(container.querySelector('ul')!.getAttribute('aria-hidden')).toBe('true');
  });
});
