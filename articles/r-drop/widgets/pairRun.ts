/**
 * One run of a pair inside a widget's training session: the pair and when the widget last showed
 * it. Both R-Drop widgets step a pair the same way and refresh their view on the same rule.
 */
import { createPair, type PairConfig, type TrainingPair } from './training';

export interface PairRun {
  pair: TrainingPair;
  /** performance.now() of the last refresh of the view. */
  shownAt: number;
}

export async function openPairRun(config: PairConfig, path: 'tfjs' | 'plain'): Promise<PairRun> {
  return { pair: await createPair(config, path), shownAt: 0 };
}

/** Refresh at least this often while training, however slow the steps (a software GPU). */
const REFRESH_MS = 250;

/**
 * One step of both networks. `due` says the view should be refreshed: every `every` steps, at
 * the last step, when a loss or a gradient norm stopped being finite, or 250 ms after the last
 * refresh. `watch` holds the losses and gradient norms for the session's NaN check.
 */
export async function trainPair(
  run: PairRun,
  maxSteps: number,
  every: number,
): Promise<{ watch: number[]; done: boolean; due: boolean }> {
  const losses = await run.pair.step();
  const steps = run.pair.steps;
  const watch = [losses.plain, losses.rdrop, losses.plainGradNorm, losses.rdropGradNorm];
  const done = steps >= maxSteps;
  const due =
    steps % every === 0 ||
    done ||
    !watch.every(Number.isFinite) ||
    performance.now() - run.shownAt > REFRESH_MS;
  if (due) run.shownAt = performance.now();
  return { watch, done, due };
}

/** The key of a pair's run: its configuration's settings (not the data arrays) and the path. */
export function pairRunKey(settings: unknown, path: string): string {
  return JSON.stringify([settings, path]);
}

/** Resolves in a later task, so that the work after it does not lengthen the current one. */
export const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
