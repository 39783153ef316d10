// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { FrameContext } from './frameContext';
import { TrainingControls } from './TrainingControls';
import { useTrainingSession, type SessionStep } from './useTrainingSession';

afterEach(cleanup);

/** A run's state: which run it is, how many steps it took, whether it was released. */
interface Model {
  id: number;
  steps: number;
  disposed: boolean;
}

/** Everything the fake runs did, to check creation, disposal and what was shown. */
class Ledger {
  created: Model[] = [];
  stepsOnDisposed = 0;
  /** A step ran on a state already released (never allowed). */
  steppedOnDisposed = () => {
    this.stepsOnDisposed += 1;
  };
  disposals = new Map<number, number>();
  create = () => {
    const model = { id: this.created.length + 1, steps: 0, disposed: false };
    this.created.push(model);
    return model;
  };
  dispose = (m: Model) => {
    this.disposals.set(m.id, (this.disposals.get(m.id) ?? 0) + 1);
    m.disposed = true;
  };
  get live() {
    return this.created.filter((m) => !m.disposed).length;
  }
}

interface HarnessProps {
  ledger: Ledger;
  settings?: string;
  ready?: boolean;
  delayMs?: number;
  maxSteps?: number;
  autoplay?: boolean;
  overflowAt?: number;
  failCreate?: boolean;
  withInitialView?: boolean;
}

function Harness({
  ledger,
  settings = 'a',
  ready = true,
  delayMs = 0,
  maxSteps = 5,
  autoplay = false,
  overflowAt = Infinity,
  failCreate = false,
  withInitialView = false,
}: HarnessProps) {
  const session = useTrainingSession<Model, string>({
    key: settings,
    ready,
    maxSteps,
    autoplay,
    create: async () => {
      if (failCreate) throw new Error('There are no points to train on.');
      return ledger.create();
    },
    step: async (model, { step }): Promise<SessionStep<string>> => {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (model.disposed) ledger.steppedOnDisposed();
      model.steps += 1;
      const loss = model.steps >= overflowAt ? Infinity : 1 / model.steps;
      return {
        watch: [loss],
        view: `run ${model.id} (${settings}) after ${step + 1}`,
        record: { loss },
      };
    },
    dispose: ledger.dispose,
    initialView: withInitialView ? (m) => `run ${m.id} untrained` : undefined,
  });
  return (
    <>
      <TrainingControls session={session} />
      <p data-testid="view">{session.view ?? 'nothing'}</p>
      <p data-testid="history">
        {session
          .line('loss')
          .map(([x]) => x)
          .join(',')}
      </p>
    </>
  );
}

/** The harness with a button that changes its settings, as a reader moving a slider would. */
function Changing(props: Omit<HarnessProps, 'settings'>) {
  const [n, setN] = useState(0);
  return (
    <>
      <button type="button" onClick={() => setN((k) => k + 1)}>
        change
      </button>
      <Harness {...props} settings={`s${n}`} />
    </>
  );
}

const status = () => screen.getByRole('status').getAttribute('data-status');
const view = () => screen.getByTestId('view').textContent;

describe('useTrainingSession', () => {
  beforeEach(() => vi.useRealTimers());

  it('creates a run’s state on its first step, not on render or when the settings change', async () => {
    const ledger = new Ledger();
    render(<Changing ledger={ledger} />);
    fireEvent.click(screen.getByText('change'));
    fireEvent.click(screen.getByText('change'));
    await new Promise((r) => setTimeout(r, 30));
    expect(ledger.created.length).toBe(0);
    fireEvent.click(screen.getByText('Step'));
    await waitFor(() => expect(view()).toBe('run 1 (s2) after 1'));
    expect(ledger.created.length).toBe(1);
  });

  it('plays to maxSteps, showing each step and recording the history at steps 1…n', async () => {
    const ledger = new Ledger();
    render(<Harness ledger={ledger} maxSteps={5} />);
    fireEvent.click(screen.getByText('Play'));
    await waitFor(() => expect(status()).toBe('done'));
    expect(view()).toBe('run 1 (a) after 5');
    expect(screen.getByTestId('history').textContent).toBe('1,2,3,4,5');
  });

  it('a restart while a step is in flight shows nothing of the old run and disposes it after that step', async () => {
    const ledger = new Ledger();
    render(<Changing ledger={ledger} delayMs={40} maxSteps={3} />);
    fireEvent.click(screen.getByText('Play'));
    await waitFor(() => expect(ledger.created.length).toBe(1));
    // The first run's step is now waiting 40 ms; a new setting ends that run.
    fireEvent.click(screen.getByText('change'));
    expect(ledger.created[0].disposed).toBe(false);
    fireEvent.click(screen.getByText('Play'));
    await waitFor(() => expect(status()).toBe('done'), { timeout: 3000 });
    expect(view()).toBe('run 2 (s1) after 3');
    expect(ledger.disposals.get(1)).toBe(1);
    expect(ledger.stepsOnDisposed).toBe(0);
    expect(screen.getByTestId('history').textContent).toBe('1,2,3');
  });

  it('disposes every run exactly once: after 200 rapid restarts and on unmount, none is left', async () => {
    const ledger = new Ledger();
    const { unmount } = render(<Changing ledger={ledger} delayMs={2} maxSteps={1000} />);
    for (let i = 0; i < 200; i++) {
      fireEvent.click(screen.getByText('change'));
      fireEvent.click(screen.getByText('Play'));
      // Some restarts land before the run has had a frame, others while a step is in flight.
      await new Promise((r) => setTimeout(r, i % 3 === 0 ? 20 : 1));
    }
    await waitFor(() => expect(ledger.created.length).toBeGreaterThan(5));
    unmount();
    await new Promise((r) => setTimeout(r, 60));
    expect(ledger.live).toBe(0);
    expect([...ledger.disposals.values()].every((n) => n === 1)).toBe(true);
    expect(ledger.disposals.size).toBe(ledger.created.length);
    expect(ledger.stepsOnDisposed).toBe(0);
  });

  it('stops on a non-finite watched value with the runner’s message', async () => {
    const ledger = new Ledger();
    render(<Harness ledger={ledger} overflowAt={3} />);
    fireEvent.click(screen.getByText('Play'));
    await waitFor(() => expect(status()).toBe('failed'));
    expect(screen.getByRole('alert').textContent).toMatch(
      /Stopped at step 3: a value became infinite/,
    );
  });

  it('an error in create fails the run with its message and no unhandled rejection', async () => {
    const ledger = new Ledger();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      render(<Harness ledger={ledger} failCreate withInitialView />);
      fireEvent.click(screen.getByText('Step'));
      await waitFor(() => expect(status()).toBe('failed'));
      expect(screen.getByRole('alert').textContent).toBe('There are no points to train on.');
      fireEvent.click(screen.getByText('Restart'));
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('plays by itself once ready, unless the reader prefers less motion', async () => {
    const ledger = new Ledger();
    const { rerender } = render(<Harness ledger={ledger} ready={false} autoplay />);
    await new Promise((r) => setTimeout(r, 20));
    expect(status()).toBe('idle');
    rerender(<Harness ledger={ledger} ready autoplay />);
    await waitFor(() => expect(status()).toBe('done'));
    cleanup();

    const matchMedia = vi.fn().mockReturnValue({
      matches: true,
      addEventListener: () => {},
      removeEventListener: () => {},
    });
    vi.stubGlobal('matchMedia', matchMedia);
    try {
      render(<Harness ledger={new Ledger()} ready autoplay />);
      await new Promise((r) => setTimeout(r, 30));
      expect(status()).toBe('idle');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('initialView shows a fresh run before its first step, and the run keeps that state', async () => {
    const ledger = new Ledger();
    render(<Harness ledger={ledger} withInitialView />);
    await waitFor(() => expect(view()).toBe('run 1 untrained'));
    fireEvent.click(screen.getByText('Step'));
    await waitFor(() => expect(view()).toBe('run 1 (a) after 1'));
    expect(ledger.created.length).toBe(1);
  });

  it('the speed control bounds the steps taken per animation frame', async () => {
    const ledger = new Ledger();
    render(<Harness ledger={ledger} maxSteps={1000} />);
    fireEvent.change(screen.getByLabelText('Speed'), { target: { value: '1' } });
    fireEvent.click(screen.getByText('Play'));
    // Frames are ~16 ms apart in jsdom: at one step a frame, 100 ms hold fewer than 20 steps.
    await act(() => new Promise((r) => setTimeout(r, 100)));
    fireEvent.click(screen.getByText('Pause'));
    const steps = Number(/(\d+) steps/.exec(screen.getByRole('status').textContent ?? '')?.[1]);
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThan(20);
  });

  it('a new backend (a lost GPU device) starts a fresh run, shown untrained again', async () => {
    const ledger = new Ledger();
    const framed = (backendKey: string) => (
      <FrameContext.Provider
        value={{ reportBackend: () => {}, onScreen: true, forcedBackend: null, backendKey }}
      >
        <Harness ledger={ledger} withInitialView />
      </FrameContext.Provider>
    );
    const { rerender } = render(framed('webgpu'));
    await waitFor(() => expect(view()).toBe('run 1 untrained'));
    fireEvent.click(screen.getByText('Step'));
    await waitFor(() => expect(view()).toBe('run 1 (a) after 1'));
    rerender(framed('wasm'));
    await waitFor(() => expect(view()).toBe('run 2 untrained'));
    expect(ledger.disposals.get(1)).toBe(1);
  });
});
