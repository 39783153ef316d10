import { useMemo } from 'react';
import { meanFieldEntropyGap } from '../math';
import type { AttentionEntropyProgress } from '../math';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import {
  Axes,
  Band,
  HorizontalRule,
  LinePath,
  Marker,
  Plot,
  VerticalRule,
  Legend,
} from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts, type ReadoutProps } from '../../../src/widgets/Readout';
import { TrainingControls } from '../../../src/widgets/TrainingControls';
import type { EntropyJob, EntropyTask } from './entropyJob';
import { useEntropyJob } from './useEntropyJob';
import { TRAIN_LENGTH, formatCount, keysParam, modelParams } from './shared';

/** The slope Su's Laplace estimate assigns to the entropy per unit of λ|q||k|. */
export const SU_SLOPE = 0.24;
/** Scale multipliers c = λ√d measured: 0, 1/8, …, 4. */
export const MULTIPLIERS = Array.from({ length: 33 }, (_, k) => k / 8);

const params = {
  n: keysParam(512, 'Number of keys each query attends over.'),
  queries: {
    type: 'integer',
    min: 16,
    max: 4096,
    log: true,
    default: 256,
    label: 'Queries averaged',
    description: 'How many random queries the measured entropy is averaged over.',
  },
  at: {
    type: 'number',
    min: 0,
    max: 4,
    step: 0.125,
    default: 1,
    label: 'Read-off scale λ√d',
    description: 'Where the numbers are read off, as a multiple of the standard scale 1/√d.',
  },
  ...modelParams,
} as const;

type Values = WidgetProps<typeof params>['values'];

export interface ApproximationReadouts {
  /** λ at the read-off point. */
  scale: number;
  /** a = λσ²d, the logit of a key equal to the query on the sphere: Su's "λd". */
  peakLogit: number;
  /** β = λσ²√d, the standard deviation of one logit. */
  logitSd: number;
  /** e^{β²}/n: the squared relative fluctuation of Σ_j e^{s_j} for Gaussian logits (≪ 1 needed). */
  fluctuation: number;
  /** ln n + Δ(λ): the mean-field approximation. */
  meanField: number;
  /** dH/da of the mean-field curve (Su's rule says −0.24). */
  meanFieldSlope: number;
  /** The measured mean entropy, its standard error, and measured − mean field. */
  measured: number;
  measuredSe: number;
  error: number;
  /** (H(c + 1/8) − H(c − 1/8)) / Δa from the measured curve, where both neighbours exist. */
  measuredSlope: number;
}

/** Everything the widget reads off at multiplier c, from the measured means (one per multiplier). */
export function approximationReadouts(
  values: Pick<Values, 'n' | 'd' | 'spread' | 'model'> & { at: number },
  measured: AttentionEntropyProgress | null,
): ApproximationReadouts {
  const { n, d, spread, model } = values;
  const k = Math.round(values.at * 8);
  const c = k / 8;
  const scale = c / Math.sqrt(d);
  const s2 = spread * spread;
  const gap = meanFieldEntropyGap(scale, d, { model, spread });
  const logitSd = scale * s2 * Math.sqrt(d);
  const mean = measured ? measured.mean[k] : NaN;
  const da = (1 / 8 / Math.sqrt(d)) * s2 * d;
  const measuredSlope =
    measured && k > 0 && k < MULTIPLIERS.length - 1
      ? (measured.mean[k + 1] - measured.mean[k - 1]) / (2 * da)
      : NaN;
  return {
    scale,
    peakLogit: scale * s2 * d,
    logitSd,
    fluctuation: Math.exp(logitSd * logitSd) / n,
    meanField: Math.log(n) + gap.gap,
    meanFieldSlope: gap.slope / (s2 * d),
    measured: mean,
    measuredSe: measured ? measured.stdError[k] : NaN,
    error: mean - (Math.log(n) + gap.gap),
    measuredSlope,
  };
}

/** The widget's one task: `queries` queries against n keys, at the 33 scales c/√d at once. */
export function approximationTasks({
  n,
  queries,
  d,
}: Pick<Values, 'n' | 'queries' | 'd'>): EntropyTask[] {
  return [{ keys: n, queries, scales: MULTIPLIERS.map((c) => c / Math.sqrt(d)) }];
}

/** What the widget shows of its job: the finished measurement, else the running one. */
export function approximationView(job: EntropyJob): AttentionEntropyProgress | undefined {
  return job.results[0] ?? job.active?.progress ?? undefined;
}

function Approximation({ values, set }: WidgetProps<typeof params>) {
  const { n, d, spread, model, queries } = values;
  const { compute, session } = useEntropyJob(values, approximationTasks(values), approximationView);
  const measured = session.view;

  // The mean-field gap does not depend on n: ln n is added when drawing.
  const gapCurve = useMemo(() => {
    const out: [number, number][] = [];
    for (let i = 0; i <= 128; i++) {
      const c = (4 * i) / 128;
      out.push([c, meanFieldEntropyGap(c / Math.sqrt(d), d, { model, spread }).gap]);
    }
    return out;
  }, [d, model, spread]);

  const lnN = Math.log(n);
  const here = approximationReadouts(values, measured);
  const c = Math.round(values.at * 8) / 8;
  const invariantC = Math.log(n) / Math.log(TRAIN_LENGTH);
  const measuredLine = measured
    ? MULTIPLIERS.map((m, k) => [m, measured.mean[k]] as [number, number])
    : [];
  const band = measured
    ? MULTIPLIERS.map(
        (m, k) =>
          [
            m,
            measured.mean[k] - 2 * measured.stdError[k],
            measured.mean[k] + 2 * measured.stdError[k],
          ] as [number, number, number],
      )
    : [];
  // A short segment of slope −0.24 per unit a through the mean-field point at the read-off scale.
  const perC = spread * spread * Math.sqrt(d); // da/dc
  const half = 0.35;
  const suSegment: [number, number][] = [
    [c - half, here.meanField + SU_SLOPE * perC * half],
    [c + half, here.meanField - SU_SLOPE * perC * half],
  ];
  const tangent: [number, number][] = [
    [c - half, here.meanField - here.meanFieldSlope * perC * half],
    [c + half, here.meanField + here.meanFieldSlope * perC * half],
  ];
  const rowsDone = measured?.rowsDone ?? 0;
  const readouts: ReadoutProps[] = [
    { name: 'multiplier', label: 'λ√d', value: c },
    { name: 'peak_logit', label: 'a = λσ²d', value: here.peakLogit },
    {
      name: 'measured',
      label: 'H measured',
      value: here.measured,
      unit: 'nats',
      color: 'var(--series-4)',
    },
    { name: 'measured_se', label: 'its standard error', value: here.measuredSe, digits: 2 },
    {
      name: 'mean_field',
      label: 'H mean field',
      value: here.meanField,
      unit: 'nats',
      color: 'var(--series-3)',
    },
    { name: 'error', label: 'measured − mean field', value: here.error, digits: 3 },
    {
      name: 'slope_mean_field',
      label: 'mean-field dH/da',
      value: here.meanFieldSlope,
      digits: 3,
    },
    { name: 'slope_measured', label: 'measured dH/da', value: here.measuredSlope, digits: 3 },
    { name: 'fluctuation', label: 'e^(β²)/n, β = λσ²√d', value: here.fluctuation, digits: 3 },
    { name: 'ln_n', label: 'ln n', value: lnN },
  ];

  return (
    <div className="approximation-widget">
      <TrainingControls session={session} compute={compute} />
      <p className="widget-note">
        Measured over {formatCount(rowsDone)} of {formatCount(queries)} queries against{' '}
        {formatCount(n)} keys, at 33 scales at once.
      </p>
      <div className="split">
        <Plot
          width={560}
          height={340}
          x={{ domain: [0, 4], label: 'scale as a multiple of 1/√d   (λ√d)' }}
          y={{ domain: [0, lnN + 0.3], label: 'mean attention entropy (nats)' }}
          title="Measured attention entropy against the mean-field approximation, as the scale grows"
          description={`n = ${formatCount(n)}, d = ${d}, σ = ${spread}. At λ√d = ${c}: measured ${Number.isFinite(here.measured) ? here.measured.toFixed(3) : 'not yet'} nats, mean field ${here.meanField.toFixed(3)} nats; the mean-field slope per unit λσ²d is ${here.meanFieldSlope.toFixed(3)} against Su's −0.24.`}
        >
          <Axes grid />
          <HorizontalRule y={lnN} label="ln n" dash="2 4" />
          <VerticalRule x={1} label="1/√d" />
          {invariantC > 0.05 && invariantC < 3.95 && Math.abs(invariantC - 1) > 0.05 && (
            <VerticalRule x={invariantC} label="log₅₁₂ n/√d" labelY={26} />
          )}
          <Band data={band} color="var(--series-4)" opacity={0.2} label="±2 standard errors" />
          <LinePath
            data={gapCurve.map(([x, g]) => [x, lnN + g] as [number, number])}
            color="var(--series-3)"
            dash="6 4"
            label="mean-field approximation"
          />
          <LinePath data={measuredLine} color="var(--series-4)" label="measured" />
          <LinePath
            data={tangent}
            color="var(--series-3)"
            strokeWidth={3}
            label="tangent of the mean-field curve"
          />
          <LinePath
            data={suSegment}
            color="var(--fg)"
            strokeWidth={1.5}
            dash="2 3"
            label="slope −0.24 per unit λσ²d"
          />
          {[
            { y: here.meanField, color: 'var(--series-3)', label: 'mean field' },
            { y: here.measured, color: 'var(--series-4)', label: 'measured' },
          ].map(({ y, color, label }) => (
            <Marker
              key={label}
              x={c}
              y={y}
              shape="dot"
              size={4}
              color={color}
              label={`${label} at the read-off scale`}
            />
          ))}
        </Plot>
        <Readouts label={`At λ√d = ${c}`}>
          {readouts.map((r) => (
            <Readout key={r.name} {...r} />
          ))}
        </Readouts>
      </div>
      <Legend
        entries={[
          { label: 'measured (±2 SE band)', color: 'var(--series-4)' },
          {
            label: 'mean field ln n + K(λ) − λK′(λ), with its tangent',
            color: 'var(--series-3)',
            width: 2,
            dash: '6 4',
          },
          { label: 'slope −0.24 per unit λσ²d', color: 'var(--fg)', width: 1.5, dash: '2 3' },
        ]}
      />
      <ParamControls
        schema={params}
        values={values}
        onChange={set}
        only={['at', 'n', 'queries', 'd', 'spread', 'model', 'seed']}
      />
    </div>
  );
}

export default defineWidget({
  id: 'approximation',
  params,
  Component: Approximation,
  compute: 'tfjs',
  embedHeight: 900,
});
