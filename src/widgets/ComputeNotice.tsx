import type { ComputeState } from './useComputeBackend';

/**
 * What a widget on tfjs says until it can compute: a note while TensorFlow.js loads, and an
 * alert with the reason when it cannot start. Nothing once it is ready.
 */
export function ComputeNotice({ compute }: { compute: ComputeState }) {
  if (compute.status === 'ready') return null;
  if (compute.status === 'error')
    return (
      <p className="widget-warning" role="alert">
        TensorFlow.js could not start here: {compute.message}
      </p>
    );
  return (
    <p className="widget-note">
      Starting TensorFlow.js (it loads only when this widget is on screen)…
    </p>
  );
}
