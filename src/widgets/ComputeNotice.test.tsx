// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { ComputeNotice } from './ComputeNotice';
import type { BackendChoice } from '../core/index';

afterEach(cleanup);

describe('ComputeNotice', () => {
  it('says TensorFlow.js is starting while it waits or loads', () => {
    for (const status of ['waiting', 'loading'] as const) {
      const { container } = render(<ComputeNotice compute={{ status }} />);
      expect(container.textContent).toMatch(/^Starting TensorFlow\.js/);
      expect(screen.queryByRole('alert')).toBeNull();
      cleanup();
    }
  });

  it('alerts with the reason, as text, when it cannot start', () => {
    render(<ComputeNotice compute={{ status: 'error', message: '<b>no wasm</b>' }} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('TensorFlow.js could not start here: <b>no wasm</b>');
    expect(alert.querySelector('b')).toBeNull();
  });

  it('shows nothing once ready', () => {
    const backend = { name: 'cpu', reason: 'r', timings: {}, cached: false } as BackendChoice;
    const { container } = render(<ComputeNotice compute={{ status: 'ready', backend }} />);
    expect(container.innerHTML).toBe('');
  });
});
