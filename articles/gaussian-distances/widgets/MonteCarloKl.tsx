import { bhattacharyyaCoefficient, klDivergence } from '../../../src/core/index';
import type { MonteCarloKlResult } from '../../../src/core/index';
import { seedParam, selectParam, stepsParam } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { autoDomain, Axes, Band, HorizontalRule, LinePath, Plot } from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { TrainingControls } from '../../../src/widgets/TrainingControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { useTrainingSession } from '../../../src/widgets/useTrainingSession';
import {
  batchCount,
  createMonteCarloRun,
  PAIR_NAMES,
  PAIRS,
  pairOf,
  type MonteCarloRun,
} from './monteCarloRun';

const params = {
  pair: selectParam({
    options: PAIR_NAMES,
    optionLabels: PAIR_NAMES.map((n) => PAIRS[n].label),
    default: 'example',
    label: 'Gaussians',
    description: 'Which pair of Gaussians p and q to sample from.',
  }),
  direction: selectParam({
    options: ['pq', 'qp'],
    optionLabels: ['KL(p‖q), sampling p', 'KL(q‖p), sampling q'],
    default: 'pq',
    label: 'Direction',
    description: 'Which KL divergence to estimate; the samples come from its first argument.',
  }),
  n: stepsParam({
    min: 100,
    max: 1_000_000,
    default: 200_000,
    label: 'N samples',
    description: 'Number of samples to draw in total.',
  }),
  seed: seedParam('Seed of the random number generator; the same seed gives the same samples.', {
    max: 999_999,
  }),
} as const;

function MonteCarloKl({ values, set }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const { from, to } = pairOf(values);
  const exact = klDivergence(from, to);
  const exactBc = bhattacharyyaCoefficient(from, to);
  const session = useTrainingSession<MonteCarloRun, MonteCarloKlResult>({
    key: JSON.stringify(values), // pair, direction, n and seed: all the run reads
    ready: compute.status === 'ready',
    maxSteps: batchCount(values.n),
    create: () => createMonteCarloRun(values),
    step: async (run, { step }) => {
      const result = await run.next(step);
      return result ? { watch: [result.kl.mean], view: result } : { done: true };
    },
  });

  const result = session.view;
  const path = result?.klPath ?? [];
  const line = path.map((e) => [e.n, e.mean] as const);
  const band = path
    .filter((e) => e.n >= 10)
    .map((e) => [e.n, e.mean - 2 * e.stdError, e.mean + 2 * e.stdError] as const);
  const estimate = result?.kl;
  const zScore =
    estimate && estimate.stdError > 0 ? (estimate.mean - exact) / estimate.stdError : NaN;
  const name = values.direction === 'pq' ? 'KL(p‖q)' : 'KL(q‖p)';

  return (
    <div className="monte-carlo-widget">
      <ParamControls schema={params} values={values} onChange={set} />
      <TrainingControls session={session} compute={compute} stepName={['batch', 'batches']} />
      <Plot
        width={560}
        height={320}
        x={{ domain: [10, values.n], log: true, label: 'N (samples drawn)' }}
        // The closed form ±60%, at least one nat tall: the estimate settles in the middle.
        y={{
          domain: autoDomain([0.4 * exact, 1.6 * exact], { minSpan: 1, pad: 0 }),
          label: `estimate of ${name}`,
        }}
        title={`Monte Carlo estimate of ${name} as the number of samples grows`}
        description={`The closed form is ${exact.toFixed(4)}. ${estimate ? `After ${estimate.n} samples the estimate is ${estimate.mean.toFixed(4)} with standard error ${estimate.stdError.toFixed(4)}.` : 'No samples drawn yet.'}`}
      >
        <Axes grid />
        <Band data={band} color="var(--series-1)" opacity={0.18} label="±2 standard errors" />
        <HorizontalRule y={exact} label="closed form" color="var(--series-2)" dash="6 4" />
        <LinePath data={line} color="var(--series-1)" label="running estimate" />
      </Plot>
      <Readouts label="Monte Carlo against the closed form">
        <Readout
          name="kl_exact"
          label={`${name}, closed form`}
          value={exact}
          digits={6}
          color="var(--series-2)"
        />
        <Readout
          name="kl_mc"
          label={`${name}, sampled`}
          value={estimate?.mean ?? NaN}
          digits={6}
          color="var(--series-1)"
        />
        <Readout name="kl_se" label="standard error" value={estimate?.stdError ?? NaN} digits={3} />
        <Readout name="z_score" label="(sampled − exact) / SE" value={zScore} digits={3} />
        <Readout name="bc_exact" label="e^(−D_B), closed form" value={exactBc} digits={6} />
        <Readout
          name="bc_mc"
          label="E[√(q/p)], sampled"
          value={result?.bhattacharyyaCoefficient.mean ?? NaN}
          digits={6}
        />
        <Readout name="n_drawn" label="samples drawn" value={estimate?.n ?? 0} digits={7} />
      </Readouts>
    </div>
  );
}

export default defineWidget({
  id: 'monte-carlo',
  params,
  Component: MonteCarloKl,
  compute: 'tfjs',
  embedHeight: 760,
});
