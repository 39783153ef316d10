/**
 * The life of a training or sampling run inside a widget, owned by the kit so that no widget
 * writes it again: the run's state (a model, its optimizer, its data: tensors or plain arrays)
 * is created on the first step, never synchronously on input; every step belongs to one
 * generation and a step of an older one shows nothing; the state is disposed exactly once, after
 * the last step still using it, on a restart and on unmount; a new `key` restarts the run (and
 * plays it unless the reader prefers less motion); a non-finite value or an error stops the run
 * with a message in the runner, which the frame's controls show.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { SeriesRecorder, type SeriesOptions, type SeriesPoint } from './series';
import { useFrame } from './frameContext';
import { useFrameRunner, type FrameRunner } from './useFrameRunner';
import { usePrefersReducedMotion } from './usePrefersReducedMotion';

/** What one step of a session reports. */
export interface SessionStep<V> {
  /** Numbers to check: a NaN or an infinity stops the run with a message. */
  watch?: readonly number[];
  /** True when the run has finished (besides reaching `maxSteps`). */
  done?: boolean;
  /** What the widget shows now: a value, or an update of the previous one. Omitted: unchanged. */
  view?: V | ((previous: V | null) => V);
  /** Values to add to the history at this step (x = the step count after this step). */
  record?: Readonly<Record<string, number>>;
}

/** What a step is told about the run. */
export interface StepContext {
  /** Steps completed before this one (0 for the first). */
  step: number;
  /** The run's `maxSteps`, or Infinity. */
  maxSteps: number;
  /** False once the run was restarted or the widget left: work after an await may stop early. */
  isCurrent: () => boolean;
}

export interface TrainingSessionOptions<S, V> {
  /**
   * The settings of a run, as a string (e.g. JSON of the values it reads): a new key ends the run
   * and starts a fresh one. Everything `create` and `step` read from the widget must be in it.
   */
  key: string;
  /** Whether a run may start (tfjs ready, data to train on); it plays by itself once true. */
  ready: boolean;
  /** Builds a run's state; called on the run's first step (or for `initialView`), once per run. */
  create: () => S | Promise<S>;
  /** One unit of work on the run's state. */
  step: (state: S, context: StepContext) => SessionStep<V> | Promise<SessionStep<V>>;
  /** Releases what `create` made. Called once per run, never while a step is using it. */
  dispose?: (state: S) => void;
  /**
   * What to show of a fresh run before its first step (an untrained network's regions). When
   * given, each run is created as soon as it may start, in a task of its own after the input.
   */
  initialView?: (state: S) => V | Promise<V>;
  /** The run is done after this many steps (default: when a step says `done`). */
  maxSteps?: number;
  /** Play a fresh run by itself when `ready` (default true; never under reduced motion). */
  autoplay?: boolean;
  /** The history's thinning (see SeriesRecorder). */
  history?: SeriesOptions;
  /** Milliseconds of steps per animation frame (default 8). */
  budgetMs?: number;
  /** The most steps per frame at first; the reader can change it (default 50). */
  stepsPerFrame?: number;
}

export interface TrainingSession<V> {
  /** Play, pause, step, restart, the status and its message. */
  runner: FrameRunner;
  /** What the latest step of the current run showed, or null before any. */
  view: V | null;
  /** The history of the current run (what steps recorded), thinned. */
  history: readonly SeriesPoint[];
  /** One recorded value of the history as [step, value] pairs, for a LinePath. */
  line: (name: string) => [number, number][];
  /** The most steps per animation frame, and its setter (the speed control). */
  stepsPerFrame: number;
  setStepsPerFrame: (n: number) => void;
}

/** One run: its state once created, who is using it, and whether it has been left. */
interface Run<S> {
  state: S | null;
  creating: Promise<S> | null;
  users: number;
  retired: boolean;
  disposed: boolean;
  steps: number;
}

/** Resolves in a later task, so that the work after it does not lengthen the current one. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const newRun = <S>(): Run<S> => ({
  state: null,
  creating: null,
  users: 0,
  retired: false,
  disposed: false,
  steps: 0,
});

/** A training or sampling run driven by the frame runner (see the comment at the top). */
export function useTrainingSession<S, V>(
  options: TrainingSessionOptions<S, V>,
): TrainingSession<V> {
  const { key, ready, autoplay = true, budgetMs } = options;
  // The latest callbacks: a run uses the ones of the render that started it (the key changes
  // whenever what they read changes, and a new key starts a new run).
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const runRef = useRef<Run<S> | null>(null);
  const [view, setView] = useState<V | null>(null);
  const [recorder] = useState(() => new SeriesRecorder(options.history));
  const [history, setHistory] = useState<readonly SeriesPoint[]>([]);
  const [stepsPerFrame, setStepsPerFrame] = useState(options.stepsPerFrame ?? 50);
  const reducedMotion = usePrefersReducedMotion();
  // A new backend (a lost GPU device) starts the run again too, shown untrained where it can be.
  const { backendKey } = useFrame();

  const disposeIfIdle = useCallback((run: Run<S>) => {
    if (!run.retired || run.users > 0 || run.disposed || run.state === null) return;
    run.disposed = true;
    latest.current.dispose?.(run.state);
  }, []);

  /** The run's state, created on first use; null if the run was left meanwhile. */
  const stateOf = useCallback(
    async (run: Run<S>): Promise<S | null> => {
      if (run.state !== null) return run.state;
      run.creating ??= Promise.resolve(latest.current.create());
      const state = await run.creating;
      if (run.state === null) run.state = state;
      disposeIfIdle(run);
      return run.retired ? null : run.state;
    },
    [disposeIfIdle],
  );

  const retire = useCallback(
    (run: Run<S> | null) => {
      if (!run) return;
      run.retired = true;
      disposeIfIdle(run);
      // A state still being created is disposed as soon as it exists (stateOf sees it retired).
      if (run.creating && run.state === null)
        run.creating.then(
          () => disposeIfIdle(run),
          () => undefined, // a failed creation has nothing to dispose; its step reported it
        );
    },
    [disposeIfIdle],
  );

  const step = useCallback(async () => {
    const run = (runRef.current ??= newRun<S>());
    run.users += 1;
    try {
      const fresh = run.state === null;
      const state = await stateOf(run);
      // A run's creation (drawing its data, building its model) and its first step go in tasks
      // of their own: together they could hold the page past a frame.
      if (fresh) await nextTask();
      if (state === null || run.retired) return {};
      // A run that reached maxSteps takes no more steps, whoever asks.
      if (run.steps >= (latest.current.maxSteps ?? Infinity)) return { done: true };
      const context: StepContext = {
        step: run.steps,
        maxSteps: latest.current.maxSteps ?? Infinity,
        isCurrent: () => !run.retired,
      };
      const result = await latest.current.step(state, context);
      if (run.retired) return {};
      run.steps += 1;
      const { view: next, record } = result;
      if (next !== undefined)
        setView((previous) =>
          typeof next === 'function' ? (next as (p: V | null) => V)(previous) : next,
        );
      if (record && recorder.add(run.steps, record)) setHistory(recorder.points);
      return {
        watch: result.watch ? [...result.watch] : undefined,
        done: result.done === true || run.steps >= context.maxSteps,
      };
    } finally {
      run.users -= 1;
      disposeIfIdle(run);
    }
  }, [stateOf, disposeIfIdle, recorder]);

  const onReset = useCallback(() => {
    retire(runRef.current);
    runRef.current = null;
    recorder.clear();
    setHistory(recorder.points);
    setView(null);
  }, [retire, recorder]);

  const runner = useFrameRunner({ step, onReset, budgetMs, maxStepsPerFrame: stepsPerFrame });
  const { reset, play } = runner;

  // A new key (or tfjs becoming ready) starts a fresh run, shown untrained where the widget can.
  useEffect(() => {
    reset();
    if (!ready) return;
    const show = latest.current.initialView;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (show) {
      const run = (runRef.current ??= newRun<S>());
      // A task of its own: the input that changed the key paints first.
      timer = setTimeout(() => {
        run.users += 1;
        void stateOf(run)
          .then(async (state) => {
            if (state === null || run.retired) return;
            const initial = await show(state);
            if (!run.retired && run.steps === 0) setView(initial);
          })
          .catch(() => undefined) // the first step reports the same error through the runner
          .finally(() => {
            run.users -= 1;
            disposeIfIdle(run);
          });
      }, 0);
    }
    if (autoplay && !reducedMotion) play();
    return () => clearTimeout(timer);
  }, [key, ready, backendKey, autoplay, reducedMotion, reset, play, stateOf, disposeIfIdle]);

  // The widget leaves: its run goes with it (after a step in flight).
  useEffect(
    () => () => {
      retire(runRef.current);
      runRef.current = null;
    },
    [retire],
  );

  const line = useCallback(
    (name: string) => history.map((p): [number, number] => [p.x, p.values[name] ?? NaN]),
    [history],
  );

  return { runner, view, history, line, stepsPerFrame, setStepsPerFrame };
}
