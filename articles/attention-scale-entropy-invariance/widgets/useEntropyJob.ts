import { useComputeBackend, type ComputeState } from '../../../src/widgets/useComputeBackend';
import { useTrainingSession, type TrainingSession } from '../../../src/widgets/useTrainingSession';
import { EntropyJob, type EntropyJobSettings, type EntropyTask } from './entropyJob';

/**
 * An EntropyJob on tfjs, as the state of the kit's training session: a new job whenever the
 * vectors' settings or the tasks change, disposed by the session; after each step `show` turns
 * the job into what the widget shows (undefined: unchanged).
 */
export function useEntropyJob<V>(
  { d, spread, model, seed }: EntropyJobSettings,
  tasks: readonly EntropyTask[],
  show: (job: EntropyJob) => V | undefined,
): { compute: ComputeState; session: TrainingSession<V> } {
  const compute = useComputeBackend();
  const settings: EntropyJobSettings = { d, spread, model, seed };
  const session = useTrainingSession<EntropyJob, V>({
    // The job reads these only: the settings of its vectors and its tasks with their scales.
    key: JSON.stringify([settings, tasks]),
    ready: compute.status === 'ready',
    create: () => new EntropyJob(settings, tasks),
    step: async (job) => {
      const { done, watch } = await job.step();
      return { done, watch, view: show(job) };
    },
    dispose: (job) => job.dispose(),
  });
  return { compute, session };
}
