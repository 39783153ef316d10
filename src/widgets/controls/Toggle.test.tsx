// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { Toggle } from './Toggle';

afterEach(cleanup);

function Harness({ onSpy }: { onSpy: (v: boolean) => void }) {
  const [on, setOn] = useState(false);
  return (
    <Toggle
      name="show_samples"
      label="Show samples"
      description="Draw 500 samples from p."
      value={on}
      onChange={(v) => {
        onSpy(v);
        setOn(v);
      }}
    />
  );
}

describe('Toggle', () => {
  it('is a labelled switch with aria-checked, described, with data-param', () => {
    const { container } = render(<Harness onSpy={() => {}} />);
    const sw = screen.getByRole('switch', { name: 'Show samples' }) as HTMLInputElement;
    expect(sw.type).toBe('checkbox');
    expect(sw.getAttribute('aria-checked')).toBe('false');
    expect(document.getElementById(sw.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Draw 500 samples from p.',
    );
    expect(container.querySelector('[data-param="show_samples"]')).not.toBeNull();
  });

  it('Space toggles it and aria-checked follows; the key is default-prevented so the browser does not toggle again', () => {
    const spy = vi.fn();
    render(<Harness onSpy={spy} />);
    const sw = screen.getByRole('switch', { name: 'Show samples' });
    expect(fireEvent.keyDown(sw, { key: ' ' })).toBe(false);
    expect(fireEvent.keyUp(sw, { key: ' ' })).toBe(false);
    expect(spy).toHaveBeenLastCalledWith(true);
    expect(sw.getAttribute('aria-checked')).toBe('true');
    expect((sw as HTMLInputElement).checked).toBe(true);
    fireEvent.keyDown(sw, { key: ' ' });
    expect(spy).toHaveBeenLastCalledWith(false);
    expect(sw.getAttribute('aria-checked')).toBe('false');
    // Holding Space down (auto-repeat) does not flicker.
    fireEvent.keyDown(sw, { key: ' ', repeat: true });
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('a click (or a click on its label) toggles it', () => {
    const spy = vi.fn();
    render(<Harness onSpy={spy} />);
    fireEvent.click(screen.getByText('Show samples'));
    expect(spy).toHaveBeenLastCalledWith(true);
    expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('true');
  });
});
