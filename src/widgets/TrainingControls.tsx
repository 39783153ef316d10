import { useId } from 'react';
import { ComputeNotice } from './ComputeNotice';
import { RunnerControls } from './RunnerControls';
import type { ComputeState } from './useComputeBackend';
import type { TrainingSession } from './useTrainingSession';

/** The speeds the reader can choose: the most steps per animation frame, and what to call them. */
export const SPEEDS = [
  { steps: 1, label: 'one step a frame' },
  { steps: 10, label: 'up to 10 a frame' },
  { steps: 50, label: 'as many as fit a frame' },
] as const;

export interface TrainingControlsProps {
  /** The session these controls drive. */
  session: Pick<TrainingSession<unknown>, 'runner' | 'stepsPerFrame' | 'setStepsPerFrame'>;
  /** The widget's tfjs state, for the loading and failure notes; omit for plain JavaScript. */
  compute?: ComputeState;
  /** What one step is called, singular and plural, e.g. ['epoch', 'epochs']. */
  stepName?: readonly [string, string];
  /** Disable the buttons (default: while tfjs is not ready). */
  disabled?: boolean;
  /** Offer the speed control (default true). */
  speed?: boolean;
}

/**
 * The controls of every training or sampling widget: play/pause, step, restart and the status
 * line, the speed (steps per frame), and the note while tfjs loads or the reason it could not.
 */
export function TrainingControls({
  session,
  compute,
  stepName,
  disabled = compute !== undefined && compute.status !== 'ready',
  speed = true,
}: TrainingControlsProps) {
  const id = useId();
  const chosen = SPEEDS.find((s) => s.steps === session.stepsPerFrame) ?? SPEEDS[SPEEDS.length - 1];
  return (
    <div className="training-controls">
      <RunnerControls runner={session.runner} stepName={stepName} disabled={disabled} />
      {speed && (
        <label className="training-speed" htmlFor={id}>
          Speed
          <select
            id={id}
            value={chosen.steps}
            onChange={(event) => session.setStepsPerFrame(Number(event.target.value))}
            data-action="speed"
          >
            {SPEEDS.map((s) => (
              <option key={s.steps} value={s.steps}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {compute && <ComputeNotice compute={compute} />}
    </div>
  );
}
