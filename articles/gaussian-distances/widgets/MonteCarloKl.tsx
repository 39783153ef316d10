import { useCallback, useMemo, useRef, useState } from 'react';
import {
  bhattacharyyaCoefficient,
  createMonteCarloKl,
  klDivergence,
} from '../../../src/core/index';
import type { Gaussian, MonteCarloKlResult, MonteCarloKlSampler } from '../../../src/core/index';
import { seedParam } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, Band, LinePath, Plot } from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { ComputeNotice } from '../../../src/widgets/ComputeNotice';
import { RunnerControls } from '../../../src/widgets/RunnerControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { useFrameRunner, useRestartOnChange } from '../../../src/widgets/useFrameRunner';
import { gaussianFromAxes } from './shared';

/** Pairs of Gaussians that show different sides of sampling: easy, shifted, heavy-tailed ratio. */
export const PAIRS = {
  example: {
    label: 'Worked example (the article’s numbers)',
    p: gaussianFromAxes([1, 0], [Math.sqrt(3), 1], 45),
    q: gaussianFromAxes([0, 2], [Math.sqrt(3), 1], 90),
  },
  shift: {
    label: 'Same covariance, shifted mean',
    p: {
      mean: [0, 0],
      cov: [
        [1, 0],
        [0, 1],
      ],
    },
    q: {
      mean: [1.5, 0],
      cov: [
        [1, 0],
        [0, 1],
      ],
    },
  },
  narrow_q: {
    label: 'q narrower than p (slow convergence)',
    p: {
      mean: [0, 0],
      cov: [
        [1, 0],
        [0, 1],
      ],
    },
    q: {
      mean: [0.5, 0],
      cov: [
        [0.25, 0],
        [0, 0.25],
      ],
    },
  },
  wide_q: {
    label: 'q wider than p',
    p: {
      mean: [0, 0],
      cov: [
        [1, 0.6],
        [0.6, 1],
      ],
    },
    q: {
      mean: [0, 0],
      cov: [
        [4, 0],
        [0, 4],
      ],
    },
  },
} satisfies Record<string, { label: string; p: Gaussian; q: Gaussian }>;

type PairName = keyof typeof PAIRS;
const PAIR_NAMES = Object.keys(PAIRS) as PairName[];

const params = {
  pair: {
    type: 'select',
    options: PAIR_NAMES,
    optionLabels: PAIR_NAMES.map((n) => PAIRS[n].label),
    default: 'example' as PairName,
    label: 'Gaussians',
    description: 'Which pair of Gaussians p and q to sample from.',
  },
  direction: {
    type: 'select',
    options: ['pq', 'qp'] as const,
    optionLabels: ['KL(p‖q), sampling p', 'KL(q‖p), sampling q'],
    default: 'pq' as 'pq' | 'qp',
    label: 'Direction',
    description: 'Which KL divergence to estimate; the samples come from its first argument.',
  },
  n: {
    type: 'integer',
    min: 100,
    max: 1_000_000,
    default: 200_000,
    log: true,
    label: 'N samples',
    description: 'Number of samples to draw in total.',
  },
  seed: seedParam('Seed of the random number generator; the same seed gives the same samples.', {
    max: 999_999,
  }),
} as const;

type Values = WidgetProps<typeof params>['values'];

/** The two Gaussians in the order of the chosen direction: samples come from `from`. */
export function pairOf(values: Values): { from: Gaussian; to: Gaussian } {
  const { p, q } = PAIRS[values.pair];
  return values.direction === 'pq' ? { from: p, to: q } : { from: q, to: p };
}

const BATCH = 20_000;

function MonteCarloKl({ values, set }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const { from, to } = pairOf(values);
  const exact = useMemo(() => klDivergence(from, to), [from, to]);
  const exactBc = useMemo(() => bhattacharyyaCoefficient(from, to), [from, to]);
  const [result, setResult] = useState<MonteCarloKlResult | null>(null);
  // One run: its sampler and how many samples it has drawn. A reset replaces the object, so a
  // batch still in flight from the previous run cannot count towards (or show in) the new one.
  const run = useRef<{ sampler: MonteCarloKlSampler; drawn: number } | null>(null);

  const step = useCallback(async () => {
    const current = (run.current ??= {
      sampler: createMonteCarloKl(from, to, values.seed),
      drawn: 0,
    });
    const batch = Math.min(BATCH, values.n - current.drawn);
    const next = await current.sampler.next(batch);
    current.drawn += batch;
    if (run.current === current) setResult(next);
    return { watch: [next.kl.mean], done: current.drawn >= values.n };
  }, [from, to, values.seed, values.n]);

  const onReset = useCallback(() => {
    run.current = null;
    setResult(null);
  }, []);

  const runner = useFrameRunner({ step, onReset });
  const ready = compute.status === 'ready';

  // A new setting starts a fresh run; it plays by itself unless the reader prefers less motion.
  useRestartOnChange(
    runner,
    JSON.stringify([values.pair, values.direction, values.n, values.seed]),
    ready,
  );

  const path = result?.klPath ?? [];
  const line = path.map((e) => [e.n, e.mean] as const);
  const band = path
    .filter((e) => e.n >= 10)
    .map((e) => [e.n, e.mean - 2 * e.stdError, e.mean + 2 * e.stdError] as const);
  const yPad = Math.max(0.5, exact * 0.6);
  const estimate = result?.kl;
  const zScore =
    estimate && estimate.stdError > 0 ? (estimate.mean - exact) / estimate.stdError : NaN;
  const name = values.direction === 'pq' ? 'KL(p‖q)' : 'KL(q‖p)';

  return (
    <div className="monte-carlo-widget">
      <ParamControls
        schema={params}
        values={values}
        onChange={(patch) => set(patch as Partial<Values>)}
      />
      <RunnerControls runner={runner} stepName={['batch', 'batches']} disabled={!ready} />
      <ComputeNotice compute={compute} />
      <Plot
        width={560}
        height={320}
        x={{ domain: [10, values.n], log: true, label: 'N (samples drawn)' }}
        y={{ domain: [Math.max(-0.5, exact - yPad), exact + yPad], label: `estimate of ${name}` }}
        title={`Monte Carlo estimate of ${name} as the number of samples grows`}
        description={`The closed form is ${exact.toFixed(4)}. ${estimate ? `After ${estimate.n} samples the estimate is ${estimate.mean.toFixed(4)} with standard error ${estimate.stdError.toFixed(4)}.` : 'No samples drawn yet.'}`}
      >
        <Axes grid />
        <Band data={band} color="var(--series-1)" opacity={0.18} label="±2 standard errors" />
        <LinePath
          data={[
            [10, exact],
            [values.n, exact],
          ]}
          color="var(--series-2)"
          dash="6 4"
          label="closed form"
        />
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
