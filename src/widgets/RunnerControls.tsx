import type { FrameRunner } from './useFrameRunner';

export interface RunnerControlsProps {
  /** The runner these buttons drive. */
  runner: FrameRunner;
  /** What one step is called, singular and plural, e.g. ['epoch', 'epochs']. */
  stepName?: readonly [string, string];
  /** Disable the buttons (for example while tfjs loads). */
  disabled?: boolean;
}

/** Play / pause, step and reset for a frame-budgeted computation, with its status. */
export function RunnerControls({
  runner,
  stepName = ['step', 'steps'],
  disabled = false,
}: RunnerControlsProps) {
  const running = runner.status === 'running';
  const finished = runner.status === 'done' || runner.status === 'failed';
  return (
    <div className="runner-controls" role="group" aria-label="Run controls">
      <button
        type="button"
        onClick={running ? runner.pause : runner.play}
        disabled={disabled || finished}
        data-action={running ? 'pause' : 'play'}
      >
        {running ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        onClick={runner.stepOnce}
        disabled={disabled || running || finished}
        data-action="step"
      >
        Step
      </button>
      <button type="button" onClick={runner.reset} disabled={disabled} data-action="reset-run">
        Restart
      </button>
      <span className="runner-status" role="status" data-status={runner.status}>
        {runner.steps} {runner.steps === 1 ? stepName[0] : stepName[1]} · {runner.status}
      </span>
      {runner.message && (
        <p className="runner-message" role="alert">
          {runner.message}
        </p>
      )}
    </div>
  );
}
