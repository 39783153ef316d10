// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { FrameContext, type ComputeName, type FrameContextValue } from './frameContext';
import { useComputeBackend, type ComputeOptions } from './useComputeBackend';
import { plainMlpChoice } from '../core/mlpPlain';

afterEach(cleanup);

function Probe({ options }: { options: ComputeOptions }) {
  const compute = useComputeBackend(options);
  return (
    <p data-testid="state">
      {compute.status}
      {compute.status === 'ready' ? ` ${compute.backend.name}: ${compute.backend.reason}` : ''}
    </p>
  );
}

function withFrame(forced: ComputeName | null, options: ComputeOptions, onScreen = false) {
  const reportBackend = vi.fn();
  const frame: FrameContextValue = {
    reportBackend,
    onScreen,
    forcedBackend: forced,
    backendKey: null,
  };
  render(
    <FrameContext.Provider value={frame}>
      <Probe options={options} />
    </FrameContext.Provider>,
  );
  return reportBackend;
}

const state = () => screen.getByTestId('state').textContent ?? '';

describe('useComputeBackend with a plain path', () => {
  const small = plainMlpChoice([2, 32, 32, 2], 30);
  const large = plainMlpChoice([2, 1024, 1024, 2], 64);

  it('is ready at once on the plain path when it is preferred, and reports it to the frame', async () => {
    const report = withFrame(null, { plain: small });
    expect(state()).toMatch(/^ready plain: plain TypeScript: \[2, 32, 32, 2\] on 30 rows/);
    await waitFor(() =>
      expect(report).toHaveBeenCalledWith({ name: 'plain', reason: small.reason }),
    );
  });

  it('?backend=plain takes the plain path even where tfjs would be faster', () => {
    withFrame('plain', { plain: large });
    expect(state()).toBe('ready plain: plain TypeScript, forced by ?backend=plain');
  });

  it('a forced tfjs backend, or a network past the crossover, waits for tfjs instead', () => {
    withFrame('wasm', { plain: small });
    expect(state()).toBe('waiting');
    cleanup();
    withFrame(null, { plain: large });
    expect(state()).toBe('waiting');
    cleanup();
    // A widget without a plain path is never on it.
    withFrame('plain', {});
    expect(state()).toBe('waiting');
  });
});
