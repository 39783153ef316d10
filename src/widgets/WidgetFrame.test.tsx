// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { defineWidget, type WidgetProps } from './defineWidget';
import { embedCode, WidgetFrame } from './WidgetFrame';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

const params = {
  level: {
    type: 'number',
    min: 0,
    max: 10,
    step: 0.5,
    default: 2,
    label: 'Level',
    description: 'A level.',
  },
} as const;

function Counter({ values, set }: WidgetProps<typeof params>) {
  if (values.level === 9) throw new Error('level nine is not allowed');
  return (
    <div>
      <span data-readout="level" data-value={values.level}>
        {values.level}
      </span>
      <button type="button" onClick={() => set({ level: values.level + 1 })}>
        up
      </button>
    </div>
  );
}

const widget = defineWidget({
  id: 'counter',
  params,
  Component: Counter,
  compute: 'js',
  embedHeight: 400,
});

const renderFrame = (mode: 'article' | 'embed' = 'embed') =>
  render(
    <WidgetFrame
      slug="demo"
      definition={widget}
      title={'Demo "widget" <b>'}
      description="A demo."
      mode={mode}
    />,
  );

describe('WidgetFrame', () => {
  it('marks its root with data-widget="<slug>/<id>" and starts from the defaults', () => {
    const { container } = renderFrame();
    expect(container.querySelector('[data-widget="demo/counter"]')).not.toBeNull();
    expect(screen.getByText('2')).toBeTruthy();
  });

  it('reads its state from the query string (prefixed with the widget id on article pages)', () => {
    window.history.replaceState(null, '', '/articles/demo/?counter.level=6.5');
    renderFrame('article');
    expect(screen.getByText('6.5')).toBeTruthy();
  });

  it('shows a notice naming a parameter whose URL value was bad, as text', () => {
    window.history.replaceState(null, '', '/embed/demo/counter/?level=%3Cb%3Ehi%3C/b%3E');
    const { container } = renderFrame();
    const notice = container.querySelector('[data-notice-param="level"]');
    expect(notice?.textContent).toContain('"<b>hi</b>" is not a number');
    expect(container.querySelector('.widget-notices b')).toBeNull();
  });

  it('writes changed state back into the address, and Reset restores the defaults', async () => {
    vi.useFakeTimers();
    window.history.replaceState(null, '', '/embed/demo/counter/');
    renderFrame();
    fireEvent.click(screen.getByText('up'));
    await act(async () => {
      vi.advanceTimersByTime(300);
    });
    expect(window.location.search).toBe('?level=3');
    fireEvent.click(screen.getByText('Reset'));
    expect(screen.getByText('2')).toBeTruthy();
    vi.useRealTimers();
  });

  it('catches a widget that throws and offers a reset instead of a blank page', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    window.history.replaceState(null, '', '/embed/demo/counter/?level=9');
    renderFrame();
    expect(screen.getByRole('alert').textContent).toContain('level nine is not allowed');
    fireEvent.click(screen.getByText('Reset to defaults'));
    expect(screen.getByText('2')).toBeTruthy();
  });

  it('toggles present mode with aria-pressed', () => {
    const { container } = renderFrame();
    const button = screen.getByText('Present');
    fireEvent.click(button);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(container.querySelector('.widget.present')).not.toBeNull();
  });
});

describe('embedCode', () => {
  it('is an iframe with an escaped title and the given height', () => {
    const code = embedCode('http://h/embed/a/b/?x=1&y=2', 'A "quoted" <title>', 480);
    expect(code).toBe(
      '<iframe src="http://h/embed/a/b/?x=1&amp;y=2" title="A &quot;quoted&quot; &lt;title&gt; (interactive)" ' +
        'width="100%" height="480" style="border:0;max-width:960px" loading="lazy" allow="clipboard-write"></iframe>',
    );
  });
});
