import { useMemo } from 'react';
import type { Gaussian } from '../../../src/core/index';
import { selectParam, type NumberSpec } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, LinePath, Plot, Legend, VerticalRule } from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { distancesBetween } from './shared';

/** A standard deviation of p or q on the slices' common range. */
const spreadParam = (label: string, description: string): NumberSpec => ({
  type: 'number',
  min: 0.2,
  max: 3,
  step: 0.01,
  default: 1,
  label,
  description,
});

const params = {
  mode: selectParam({
    options: ['mean', 'scale'],
    optionLabels: ['Move the mean of q', 'Change the spread of q'],
    default: 'mean',
    label: 'Slice',
    description: 'Which property of q varies along the horizontal axis.',
  }),
  sigma_p: spreadParam('σ_p', 'Standard deviation of p = N(0, σ_p²).'),
  sigma_q: spreadParam('σ_q (mean slice)', 'Standard deviation of q while its mean moves.'),
  shift: {
    type: 'number',
    min: 0,
    max: 3,
    step: 0.01,
    default: 1,
    label: 'μ_q (spread slice)',
    description: 'Mean of q while its spread changes.',
  },
  at: {
    type: 'number',
    min: 0,
    max: 1,
    step: 0.001,
    default: 0.75,
    label: 'Read-off point',
    description:
      'Where along the horizontal axis the numbers are read off (0 = left end, 1 = right end).',
  },
} as const;

type Values = WidgetProps<typeof params>['values'];

const SERIES = [
  { key: 'kl_pq', label: 'KL(p‖q)', color: 'var(--series-1)', dash: undefined },
  { key: 'kl_qp', label: 'KL(q‖p)', color: 'var(--series-2)', dash: '7 4' },
  { key: 'bhattacharyya', label: 'D_B', color: 'var(--series-3)', dash: undefined },
  { key: 'w2', label: 'W₂', color: 'var(--series-4)', dash: '2 3' },
  { key: 'hellinger', label: 'Hellinger H', color: 'var(--muted)', dash: '10 3 2 3' },
] as const;

type Key = (typeof SERIES)[number]['key'];

const gaussian1 = (mean: number, sd: number): Gaussian => ({ mean: [mean], cov: [[sd * sd]] });

/** The horizontal axis of a slice: μ_q in [−4, 4], or σ_q/σ_p in [0.05, 5] on a log scale. */
export function sliceDomain(mode: Values['mode']): [number, number] {
  return mode === 'mean' ? [-4, 4] : [0.05, 5];
}

/** p and q at horizontal position t of the slice. */
export function sliceGaussians(values: Values, t: number): { p: Gaussian; q: Gaussian } {
  const p = gaussian1(0, values.sigma_p);
  const q =
    values.mode === 'mean'
      ? gaussian1(t, values.sigma_q)
      : gaussian1(values.shift, t * values.sigma_p);
  return { p, q };
}

/** The quantities at horizontal position t of the slice. */
export function sliceValues(values: Values, t: number): Record<Key, number> {
  const { p, q } = sliceGaussians(values, t);
  return distancesBetween(p, q);
}

/** Position along the slice for a read-off fraction in [0, 1] (log-spaced for the spread slice). */
export function positionAt(values: Values, fraction: number): number {
  const [a, b] = sliceDomain(values.mode);
  return values.mode === 'mean' ? a + fraction * (b - a) : a * (b / a) ** fraction;
}

function DistanceSlices({ values, set }: WidgetProps<typeof params>) {
  const domain = sliceDomain(values.mode);
  const curves = useMemo(() => {
    const n = 241;
    const rows = Array.from({ length: n }, (_, i) => {
      const t = positionAt(values, i / (n - 1));
      return { t, v: sliceValues(values, t) };
    });
    return SERIES.map((s) => ({
      ...s,
      data: rows.map((r): [number, number] => [r.t, r.v[s.key]]),
    }));
  }, [values]);
  const x = positionAt(values, values.at);
  const here = sliceValues(values, x);
  const xLabel =
    values.mode === 'mean' ? 'μ_q (mean of q; p has mean 0)' : 'σ_q / σ_p (spread ratio)';

  return (
    <div className="slices-widget">
      <Plot
        width={560}
        height={340}
        x={{ domain, log: values.mode === 'scale', label: xLabel }}
        y={{ domain: [0, 4], label: 'distance / divergence' }}
        title="KL in both directions, Bhattacharyya, Hellinger and W₂ along a one-dimensional slice"
        description={`At ${values.mode === 'mean' ? 'μ_q' : 'σ_q/σ_p'} = ${x.toFixed(3)}: KL(p‖q) ${here.kl_pq.toFixed(3)}, KL(q‖p) ${here.kl_qp.toFixed(3)}, D_B ${here.bhattacharyya.toFixed(3)}, W₂ ${here.w2.toFixed(3)}.`}
      >
        <Axes grid />
        {curves.map((c) => (
          <LinePath
            key={c.key}
            data={c.data}
            color={c.color}
            dash={c.dash}
            label={c.label}
            strokeWidth={2}
          />
        ))}
        <VerticalRule x={x} color="var(--fg)" />
      </Plot>
      <Legend entries={SERIES} />
      <ParamControls
        schema={params}
        values={values}
        onChange={set}
        only={
          values.mode === 'mean'
            ? ['mode', 'at', 'sigma_p', 'sigma_q']
            : ['mode', 'at', 'sigma_p', 'shift']
        }
      />
      <Readouts label={`Values at ${x.toFixed(3)}`}>
        <Readout name="position" label={values.mode === 'mean' ? 'μ_q' : 'σ_q / σ_p'} value={x} />
        {SERIES.map((s) => (
          <Readout key={s.key} name={s.key} label={s.label} value={here[s.key]} color={s.color} />
        ))}
      </Readouts>
    </div>
  );
}

export default defineWidget({
  id: 'slices',
  params,
  Component: DistanceSlices,
  compute: 'js',
  embedHeight: 720,
});
