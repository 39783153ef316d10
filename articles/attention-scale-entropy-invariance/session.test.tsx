// @vitest-environment jsdom
/**
 * The two tfjs widgets as a reader runs them: the kit's training session plays each EntropyJob
 * to the end on the CPU backend, the numbers match the plain double-precision computation, and
 * every tensor of a run is released when the run restarts and when the widget leaves the page.
 */
import { createElement } from 'react';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tensorMemory } from '../../src/core/index';
import { FrameContext, type FrameContextValue } from '../../src/widgets/frameContext';
import { defaultValues } from '../../src/widgets/params';
import type { AnyWidgetDefinition } from '../../src/widgets/defineWidget';
import { attentionEntropy, entropyInvariantScale, sampleAttentionVectors } from './math';
import { widgets } from './widgets/index';
import { seededStreams } from './widgets/shared';

// float32 on the CPU backend against float64 here.
const FLOAT32 = 2e-4;

const frame: FrameContextValue = {
  reportBackend: () => {},
  onScreen: true,
  forcedBackend: 'cpu',
  backendKey: null,
};

/** Renders a widget of the article at its defaults with `patch`, as the frame would. */
function show(id: string, patch: Record<string, string | number | boolean>) {
  const widget = widgets.find((w) => w.id === id) as AnyWidgetDefinition;
  const values = { ...defaultValues(widget.params), ...patch };
  return render(
    createElement(
      FrameContext.Provider,
      { value: frame },
      createElement(widget.Component, { values, set: () => {}, present: false }),
    ),
  );
}

const readout = (name: string) =>
  Number(document.querySelector(`[data-readout="${name}"]`)?.getAttribute('data-value'));
const status = () => screen.getByRole('status').getAttribute('data-status');
const done = () => waitFor(() => expect(status()).toBe('done'), { timeout: 30_000 });

/** The seed's first queries and keys, as the widgets draw them. */
function vectors(nq: number, nk: number, d: number, seed: number) {
  const streams = seededStreams(seed);
  return {
    queries: sampleAttentionVectors(streams.queries, nq, d),
    keys: sampleAttentionVectors(streams.keys, nk, d),
  };
}

beforeAll(() => initBackend({ force: 'cpu' }), 60_000);
afterEach(cleanup);

describe('entropy-vs-length, run by the training session', () => {
  it('plays the sweep by itself to n × n entropies that match float64, and leaves no tensor behind on restart or unmount', async () => {
    const before = (await tensorMemory()).numTensors;
    const { unmount } = show('entropy-vs-length', { max_n: '64', d: 8, seed: 3, show_logn: true });
    await done();
    const { queries, keys } = vectors(64, 64, 8, 3);
    for (const n of [16, 32, 64]) {
      const q = queries.slice(0, n);
      const k = keys.slice(0, n);
      for (const [rule, scale] of [
        ['standard', 1 / Math.sqrt(8)],
        ['invariant', entropyInvariantScale(n, 8)],
        ['logn', Math.log(n) / Math.sqrt(8)],
      ] as const) {
        expect(Math.abs(readout(`h_${rule}_${n}`) - attentionEntropy(q, k, scale))).toBeLessThan(
          FLOAT32,
        );
      }
    }
    expect(readout('last_n')).toBe(64);
    expect((await tensorMemory()).numTensors).toBe(before);
    fireEvent.click(screen.getByText('Restart'));
    expect(Number.isNaN(readout('h_standard_16'))).toBe(true);
    fireEvent.click(screen.getByText('Play'));
    await done();
    expect(readout('last_n')).toBe(64);
    // Unmounted once a run has begun: the session disposes its job after the step in flight.
    fireEvent.click(screen.getByText('Restart'));
    fireEvent.click(screen.getByText('Play'));
    await waitFor(() => expect(screen.getByRole('status').textContent).not.toMatch(/^0 /));
    unmount();
    await new Promise((r) => setTimeout(r, 200));
    expect((await tensorMemory()).numTensors).toBe(before);
  }, 60_000);
});

describe('approximation, run by the training session', () => {
  it('measures the 33 scales of its one task to match float64 at the read-off scale', async () => {
    show('approximation', { n: 64, queries: 32, d: 16, seed: 2, at: 1.5 });
    await done();
    const { queries, keys } = vectors(32, 64, 16, 2);
    expect(readout('multiplier')).toBe(1.5);
    expect(Math.abs(readout('measured') - attentionEntropy(queries, keys, 1.5 / 4))).toBeLessThan(
      FLOAT32,
    );
  }, 60_000);
});
