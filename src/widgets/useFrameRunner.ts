import { useCallback, useEffect, useRef, useState } from 'react';
import { useFrame } from './frameContext';

/** What one step of a long computation reports back. */
export interface StepResult {
  /** Numbers to check for NaN/Inf (a loss, a norm); any non-finite value stops the run. */
  watch?: number[];
  /** True when the computation has finished (for example N reached). */
  done?: boolean;
}

export interface FrameRunnerOptions {
  /** One unit of work; may be async (a tfjs read-back). */
  step: () => StepResult | Promise<StepResult>;
  /** Called by reset(): the widget puts its computation back at the start. */
  onReset?: () => void;
  /** Milliseconds of work per animation frame before yielding to the page (default 8). */
  budgetMs?: number;
  /** Upper bound on steps per frame (default 50). */
  maxStepsPerFrame?: number;
}

export type RunnerStatus = 'idle' | 'running' | 'paused' | 'done' | 'failed';

export interface FrameRunner {
  status: RunnerStatus;
  /** Steps taken since the last reset. */
  steps: number;
  /** Why the run stopped, when it failed. */
  message: string | null;
  play: () => void;
  pause: () => void;
  /** One step, when paused or idle. */
  stepOnce: () => void;
  reset: () => void;
}

/**
 * Runs a computation a few steps per animation frame, within a time budget, so the page stays
 * responsive. It pauses while the widget is off-screen and stops on NaN or Infinity with a
 * message instead of plotting garbage.
 */
export function useFrameRunner({
  step,
  onReset,
  budgetMs = 8,
  maxStepsPerFrame = 50,
}: FrameRunnerOptions): FrameRunner {
  const { onScreen } = useFrame();
  const [status, setStatus] = useState<RunnerStatus>('idle');
  const [steps, setSteps] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const stepRef = useRef(step);
  const stepsRef = useRef(0);
  const busy = useRef(false);

  useEffect(() => {
    stepRef.current = step;
  }, [step]);

  /** Runs one step; returns the status to continue with. */
  const runStep = useCallback(async (): Promise<RunnerStatus | null> => {
    let result: StepResult;
    try {
      result = await stepRef.current();
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
      return 'failed';
    }
    stepsRef.current += 1;
    const bad = result.watch?.find((x) => !Number.isFinite(x));
    if (bad !== undefined) {
      setMessage(
        `Stopped at step ${stepsRef.current}: a value became ${Number.isNaN(bad) ? 'NaN' : 'infinite'} ` +
          '(the computation diverged). Lower the step size or reset.',
      );
      return 'failed';
    }
    return result.done ? 'done' : null;
  }, []);

  useEffect(() => {
    if (status !== 'running' || !onScreen) return;
    let frame = 0;
    let cancelled = false;
    const tick = async () => {
      if (busy.current) return;
      busy.current = true;
      const start = performance.now();
      let next: RunnerStatus | null = null;
      for (let i = 0; i < maxStepsPerFrame && !cancelled; i++) {
        next = await runStep();
        if (next || performance.now() - start > budgetMs) break;
      }
      busy.current = false;
      if (cancelled) return;
      setSteps(stepsRef.current);
      if (next) setStatus(next);
      else frame = requestAnimationFrame(() => void tick());
    };
    frame = requestAnimationFrame(() => void tick());
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
    };
  }, [status, onScreen, runStep, budgetMs, maxStepsPerFrame]);

  const play = useCallback(() => {
    setMessage(null);
    setStatus((s) => (s === 'failed' || s === 'done' ? s : 'running'));
  }, []);
  const pause = useCallback(() => setStatus((s) => (s === 'running' ? 'paused' : s)), []);
  const stepOnce = useCallback(() => {
    if (busy.current) return;
    busy.current = true;
    void runStep().then((next) => {
      busy.current = false;
      setSteps(stepsRef.current);
      setStatus((s) => next ?? (s === 'idle' ? 'paused' : s));
    });
  }, [runStep]);
  const reset = useCallback(() => {
    stepsRef.current = 0;
    setSteps(0);
    setMessage(null);
    setStatus('idle');
    onReset?.();
  }, [onReset]);

  return { status, steps, message, play, pause, stepOnce, reset };
}
