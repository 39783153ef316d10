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
  const { onScreen, backendKey } = useFrame();
  const [status, setStatus] = useState<RunnerStatus>('idle');
  const statusRef = useRef(status);
  const lastBackend = useRef(backendKey);
  const [steps, setSteps] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const stepRef = useRef(step);
  const stepsRef = useRef(0);
  // Each reset starts a new generation; a step still in flight from an older one is ignored.
  const generation = useRef(0);
  // The generation as state: a reset re-runs the scheduling effect even when the status before
  // and after it is 'running' in one render (a run that had just reported 'done' and was then
  // reset and played again before React rendered 'done' would otherwise have no frame loop).
  const [epoch, setEpoch] = useState(0);
  const inFlight = useRef<number | null>(null);

  useEffect(() => {
    stepRef.current = step;
  }, [step]);

  /** Runs one step; returns the status to continue with, or 'stale' after a reset. */
  const runStep = useCallback(async (gen: number): Promise<RunnerStatus | 'stale' | null> => {
    let result: StepResult;
    try {
      result = await stepRef.current();
    } catch (error) {
      if (gen !== generation.current) return 'stale';
      setMessage(error instanceof Error ? error.message : String(error));
      return 'failed';
    }
    if (gen !== generation.current) return 'stale';
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
      const gen = generation.current;
      if (inFlight.current === gen) {
        // A step of this run is still going (started before a pause): wait for it.
        frame = requestAnimationFrame(() => void tick());
        return;
      }
      inFlight.current = gen;
      const start = performance.now();
      let next: RunnerStatus | 'stale' | null = null;
      for (let i = 0; i < maxStepsPerFrame && !cancelled; i++) {
        next = await runStep(gen);
        if (next || performance.now() - start > budgetMs) break;
      }
      if (inFlight.current === gen) inFlight.current = null;
      if (cancelled) {
        // This loop was replaced while its step ran (a restart, a pause): the run's end must not
        // be lost with it, or the replacement loop would step a finished run again.
        if ((next === 'done' || next === 'failed') && gen === generation.current) {
          setSteps(stepsRef.current);
          setStatus(next);
        }
        return;
      }
      if (next === 'stale') {
        // Reset and played again within one render: keep going, now for the new run.
        frame = requestAnimationFrame(() => void tick());
        return;
      }
      setSteps(stepsRef.current);
      if (next) setStatus(next);
      else frame = requestAnimationFrame(() => void tick());
    };
    frame = requestAnimationFrame(() => void tick());
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
    };
  }, [status, onScreen, runStep, budgetMs, maxStepsPerFrame, epoch]);

  const play = useCallback(() => {
    setMessage(null);
    setStatus((s) => (s === 'failed' || s === 'done' ? s : 'running'));
  }, []);
  const pause = useCallback(() => setStatus((s) => (s === 'running' ? 'paused' : s)), []);
  const stepOnce = useCallback(() => {
    const gen = generation.current;
    if (inFlight.current === gen) return;
    inFlight.current = gen;
    void runStep(gen).then((next) => {
      if (inFlight.current === gen) inFlight.current = null;
      if (next === 'stale') return;
      setSteps(stepsRef.current);
      setStatus((s) => next ?? (s === 'idle' ? 'paused' : s));
    });
  }, [runStep]);
  const reset = useCallback(() => {
    generation.current += 1;
    setEpoch(generation.current);
    stepsRef.current = 0;
    setSteps(0);
    setMessage(null);
    setStatus('idle');
    onReset?.();
  }, [onReset]);

  useEffect(() => {
    statusRef.current = status;
  }, [status]);

  // The backend changed under the computation (a lost GPU device): start again on the new one,
  // and keep going if it was going.
  useEffect(() => {
    const previous = lastBackend.current;
    lastBackend.current = backendKey;
    if (previous === null || previous === backendKey) return;
    const resume = statusRef.current === 'running' || statusRef.current === 'failed';
    reset();
    if (resume) play();
  }, [backendKey, reset, play]);

  return { status, steps, message, play, pause, stepOnce, reset };
}
