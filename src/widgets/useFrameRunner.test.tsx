// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useCallback, useEffect, useRef } from 'react';
import { RunnerControls } from './RunnerControls';
import { useFrameRunner } from './useFrameRunner';

afterEach(cleanup);

/** A computation whose value doubles each step; it overflows to Infinity after `limit` steps. */
function Doubling({ limit = Infinity, done = Infinity }: { limit?: number; done?: number }) {
  const value = useRef(1);
  const step = useCallback(() => {
    value.current = value.current * 2;
    const count = Math.log2(value.current);
    return { watch: [count > limit ? Infinity : value.current], done: count >= done };
  }, [limit, done]);
  const onReset = useCallback(() => {
    value.current = 1;
  }, []);
  const runner = useFrameRunner({ step, onReset, maxStepsPerFrame: 3 });
  return <RunnerControls runner={runner} stepName={['step', 'steps']} />;
}

const status = () => screen.getByRole('status').getAttribute('data-status');

/** Steps that take 30 ms each (like a GPU read-back), to reset while one is in flight. */
function Slow({ done = 3 }: { done?: number }) {
  const count = useRef(0);
  const step = useCallback(async () => {
    await new Promise((r) => setTimeout(r, 30));
    count.current += 1;
    return { watch: [count.current], done: count.current >= done };
  }, [done]);
  const onReset = useCallback(() => {
    count.current = 0;
  }, []);
  const runner = useFrameRunner({ step, onReset });
  return (
    <>
      <RunnerControls runner={runner} />
      <button
        type="button"
        onClick={() => {
          runner.reset();
          runner.play();
        }}
      >
        again
      </button>
    </>
  );
}

/** One 30 ms step that finishes the run; `limit` changes the loop's settings from outside. */
function OneSlowStep({ limit, onStep }: { limit: number; onStep: () => void }) {
  const step = useCallback(async () => {
    onStep();
    await new Promise((r) => setTimeout(r, 30));
    return { done: true };
  }, [onStep]);
  const runner = useFrameRunner({ step, maxStepsPerFrame: limit });
  return <RunnerControls runner={runner} />;
}

/**
 * A one-step computation that restarts itself once, right after its first run has reported
 * 'done' but before React has rendered that status (a reader changing a setting just then).
 */
function RestartRightAfterDone({ onStep }: { onStep: () => number }) {
  const again = useRef<() => void>(() => undefined);
  const step = useCallback(() => {
    if (onStep() === 1) {
      // A few microtask hops: after the runner has queued 'done', before React renders it.
      let p = Promise.resolve();
      for (let i = 0; i < 10; i++) p = p.then(() => undefined);
      void p.then(() => again.current());
    }
    return { done: true };
  }, [onStep]);
  const runner = useFrameRunner({ step });
  const { reset, play } = runner;
  useEffect(() => {
    again.current = () => {
      reset();
      play();
    };
  }, [reset, play]);
  return <RunnerControls runner={runner} />;
}

describe('useFrameRunner', () => {
  it('runs again when restarted between a run reporting done and that being rendered', async () => {
    let runs = 0;
    render(<RestartRightAfterDone onStep={() => ++runs} />);
    fireEvent.click(screen.getByText('Play'));
    await waitFor(() => expect(runs).toBe(2), { timeout: 2000 });
    await waitFor(() => expect(status()).toBe('done'));
    expect(screen.getByRole('status').textContent).toContain('1 step ·');
  });

  it('keeps the end of a run whose frame loop was replaced while its last step ran', async () => {
    let steps = 0;
    const onStep = () => {
      steps += 1;
    };
    const { rerender } = render(<OneSlowStep limit={5} onStep={onStep} />);
    fireEvent.click(screen.getByText('Play'));
    await waitFor(() => expect(steps).toBe(1));
    // New loop settings mid-step: the effect that owns the loop is replaced.
    rerender(<OneSlowStep limit={6} onStep={onStep} />);
    await waitFor(() => expect(status()).toBe('done'));
    await new Promise((r) => setTimeout(r, 100));
    expect(steps).toBe(1);
  });

  it('keeps running when it is reset and played again on every frame (no stall)', async () => {
    render(<Slow done={2} />);
    fireEvent.click(screen.getByText('Play'));
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 12));
      fireEvent.click(screen.getByText('again'));
    }
    await waitFor(() => expect(status()).toBe('done'), { timeout: 3000 });
  });

  it('restarting while a step is in flight neither stalls nor counts the stale step', async () => {
    render(<Slow done={3} />);
    fireEvent.click(screen.getByText('Play'));
    await new Promise((r) => setTimeout(r, 10));
    fireEvent.click(screen.getByText('again'));
    await waitFor(() => expect(status()).toBe('done'), { timeout: 3000 });
    expect(screen.getByRole('status').textContent).toContain('3 steps');
  });

  it('steps once per click on Step while paused', async () => {
    render(<Doubling />);
    fireEvent.click(screen.getByText('Step'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('1 step ·'));
    fireEvent.click(screen.getByText('Step'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('2 steps'));
  });

  it('runs a few steps per frame until done', async () => {
    render(<Doubling done={20} />);
    fireEvent.click(screen.getByText('Play'));
    await waitFor(() => expect(status()).toBe('done'));
    expect(screen.getByRole('status').textContent).toContain('20 steps');
  });

  it('stops on a non-finite value with a message, not garbage', async () => {
    render(<Doubling limit={5} />);
    fireEvent.click(screen.getByText('Play'));
    await waitFor(() => expect(status()).toBe('failed'));
    expect(screen.getByRole('alert').textContent).toMatch(
      /Stopped at step 6: a value became infinite/,
    );
    expect((screen.getByText('Play') as HTMLButtonElement).disabled).toBe(true);
  });

  it('pauses on Pause, and Restart clears the count and the message', async () => {
    render(<Doubling limit={1000} />);
    fireEvent.click(screen.getByText('Play'));
    await waitFor(() => expect(screen.getByText('Pause')).toBeTruthy());
    fireEvent.click(screen.getByText('Pause'));
    await waitFor(() => expect(status()).toBe('paused'));
    fireEvent.click(screen.getByText('Restart'));
    await waitFor(() => expect(status()).toBe('idle'));
    expect(screen.getByRole('status').textContent).toContain('0 steps');
  });
});
