import { useCallback, useEffect } from 'react';
import { useFrameRunner, type FrameRunner } from '../../../src/widgets/useFrameRunner';
import { usePrefersReducedMotion } from '../../../src/widgets/usePrefersReducedMotion';
import type { PairSession } from './pairSession';
import type { PairConfig, RdropPair } from './training';

export interface PairRunnerOptions {
  session: PairSession;
  config: PairConfig;
  maxSteps: number;
  /** tfjs has started. */
  ready: boolean;
  /** Reads the pair and shows it; `done` is true after the last step. Stable across renders. */
  refresh: (pair: RdropPair, done: boolean) => Promise<void>;
  /** Refresh after every this many steps (and after the last, a non-finite value, or 250 ms). */
  refreshEvery: number;
  /** Clears what the widget shows of the previous run. Stable across renders. */
  clear: () => void;
}

/**
 * The runner of an R-Drop widget that trains the two networks of a {@link PairSession} side by
 * side: one step of both per runner step, stopped when a loss or a gradient norm stops being
 * finite; a fresh pair for new settings, shown untrained at once and played unless the reader
 * prefers less motion; the networks released when the widget goes away.
 */
export function usePairRunner({
  session,
  config,
  maxSteps,
  ready,
  refresh,
  refreshEvery,
  clear,
}: PairRunnerOptions): FrameRunner {
  const reducedMotion = usePrefersReducedMotion();

  const step = useCallback(async () => {
    const pair = await session.get(config);
    if (!session.isCurrent(pair)) return {};
    return session.use(async () => {
      const losses = await pair.step();
      const done = pair.steps >= maxSteps;
      // The losses and the float32 gradient norms: an overflowing norm means the run diverged.
      const watch = [losses.plain, losses.rdrop, losses.plainGradNorm, losses.rdropGradNorm];
      if (
        pair.steps % refreshEvery === 0 ||
        done ||
        !watch.every(Number.isFinite) ||
        performance.now() - session.lastRefresh > 250
      ) {
        await refresh(pair, done);
      }
      return { watch, done };
    });
  }, [session, config, maxSteps, refresh, refreshEvery]);

  const onReset = useCallback(() => {
    session.reset();
    clear();
  }, [session, clear]);

  const runner = useFrameRunner({ step, onReset });
  const { reset, play } = runner;

  useEffect(() => {
    reset();
    if (!ready) return;
    void session.get(config).then((pair) => {
      if (session.isCurrent(pair) && pair.steps === 0)
        return session.use(() => refresh(pair, false));
    });
    if (!reducedMotion) play();
  }, [session, config, maxSteps, ready, reducedMotion, reset, play, refresh]);

  useEffect(() => () => session.reset(), [session]);

  return runner;
}
