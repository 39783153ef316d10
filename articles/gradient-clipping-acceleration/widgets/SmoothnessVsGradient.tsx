import { useMemo } from 'react';
import { learningRateParam, seedParam, selectParam, stepsParam } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { ParamControls } from '../../../src/widgets/controls';
import {
  autoDomain,
  Axes,
  LinePath,
  Plot,
  Scatter,
  Legend,
  Marker,
} from '../../../src/widgets/plot';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { TrainingControls } from '../../../src/widgets/TrainingControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { useTrainingSession } from '../../../src/widgets/useTrainingSession';
import type { LineFit } from '../math';
import { logSpace } from './marks';
import {
  createTrainingRun,
  MAX_STEPS,
  recordsOf,
  recordValues,
  smoothnessFit,
  type TrainingConfig,
} from './training';

const params = {
  loss: selectParam({
    options: ['cross_entropy', 'squared'],
    optionLabels: ['Cross-entropy', 'Squared error on one-hot targets'],
    default: 'cross_entropy',
    label: 'Loss',
    description: 'The training loss of the network.',
  }),
  lr: learningRateParam({
    min: 0.01,
    max: 5,
    default: 0.1,
    label: 'Learning rate η',
    description: 'Step size of full-batch gradient descent; large values make the run diverge.',
  }),
  clip: {
    type: 'boolean',
    default: false,
    label: 'Clip the gradient norm',
    description: 'Hard clipping: the gradient is scaled by min(1, γ/‖g‖) before the step.',
  },
  clip_norm: {
    type: 'number',
    min: 0.01,
    max: 10,
    step: 0.001,
    log: true,
    default: 0.25,
    label: 'Clipping threshold γ',
    description: 'The gradient norm above which clipping shrinks the step.',
  },
  steps: stepsParam({
    max: MAX_STEPS,
    default: 400,
    log: false,
    description: 'Number of gradient steps in the run.',
  }),
  points: {
    type: 'integer',
    min: 20,
    max: 400,
    default: 200,
    label: 'Training points',
    description: 'Number of points of the two-moons data set.',
  },
  log_axes: {
    type: 'boolean',
    default: false,
    label: 'Logarithmic axes',
    description: 'Show the scatter on log–log axes, as the paper does.',
  },
  seed: seedParam('Seed of the data and of the initial weights.', { max: 999_999 }),
} as const;

/** The fitted line L̂₀ + L̂₁‖∇f‖ sampled across the x range (log-spaced on a log axis). */
export function fitLinePoints(
  fit: LineFit | null,
  [a, b]: readonly [number, number],
  log: boolean,
): [number, number][] {
  if (!fit) return [];
  const n = 120;
  const gs = log
    ? logSpace(a, b, n)
    : Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  return gs.map((g) => [g, fit.intercept + fit.slope * g]);
}

/** Short tick labels that stay short when a diverging run sends the values to 1e30. */
export function shortTick(value: number): string {
  const abs = Math.abs(value);
  if (value === 0) return '0';
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(0).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

/** On a log axis, label only the ticks 1, 2 and 5 times a power of ten. */
export function logTick(value: number): string {
  const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  return [1, 2, 5].some((d) => Math.abs(mantissa - d) < 1e-6) ? shortTick(value) : '';
}

/** An axis over the finite values: with room on a log axis, from 0 on a linear one. */
function axisDomain(values: readonly number[], log: boolean): [number, number] {
  return log
    ? autoDomain(values, { log, pad: 0.1, fallback: [1e-3, 1] })
    : autoDomain(values, { include: [0] });
}

function SmoothnessVsGradient({ values, set }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const { loss, lr, clip, clip_norm: clipNorm, steps, points, seed } = values;
  const config: TrainingConfig = { loss, lr, clipNorm: clip ? clipNorm : undefined, points, seed };
  const session = useTrainingSession({
    key: JSON.stringify([config, steps]),
    ready: compute.status === 'ready',
    maxSteps: steps,
    history: { maxPoints: MAX_STEPS }, // every step of the longest run: the fit uses them all
    create: () => createTrainingRun(config),
    step: async (run) => {
      const record = await run.step();
      return { watch: [record.loss, record.gradNorm], record: recordValues(record) };
    },
    dispose: (run) => run.dispose(),
  });

  const records = useMemo(() => recordsOf(session.history), [session.history]);
  const { points: scatter, fit } = useMemo(() => smoothnessFit(records), [records]);
  const log = values.log_axes;
  const xDomain = axisDomain(
    scatter.map((p) => p[0]),
    log,
  );
  const yDomain = axisDomain(
    scatter.map((p) => p[1]),
    log,
  );
  const line = fitLinePoints(fit, xDomain, log);
  const last = records.length > 0 ? records[records.length - 1] : null;
  const lossDomain = axisDomain(
    records.map((r) => r.loss),
    false,
  );
  const fitGamma = fit && fit.intercept > 0 && fit.slope > 0 ? fit.intercept / fit.slope : NaN;

  return (
    <div className="smoothness-widget">
      <TrainingControls session={session} compute={compute} stepName={['step', 'steps']} />
      <div className="split">
        <div data-points={JSON.stringify(scatter)}>
          <Plot
            width={520}
            height={340}
            x={{ domain: xDomain, log, label: 'gradient norm ‖∇f(θ)‖' }}
            y={{ domain: yDomain, log, label: 'local smoothness L̂' }}
            title="Local smoothness against gradient norm along the training run"
            description={
              fit
                ? `${scatter.length} steps. Least-squares line L̂ ≈ ${fit.intercept.toPrecision(3)} + ${fit.slope.toPrecision(3)}·‖∇f‖, correlation ${fit.r.toPrecision(3)}.`
                : 'No steps taken yet.'
            }
          >
            <Axes grid xFormat={log ? logTick : shortTick} yFormat={log ? logTick : shortTick} />
            <Scatter
              points={scatter}
              color="var(--series-1)"
              radius={2.6}
              opacity={0.55}
              label="steps"
            />
            <LinePath
              data={line}
              color="var(--series-2)"
              strokeWidth={2.5}
              label="least-squares line"
            />
            {last && (
              <Marker
                x={last.gradNorm}
                y={last.smoothness}
                shape="dot"
                size={5}
                color="var(--fg)"
                label="latest step"
              />
            )}
          </Plot>
          <Legend
            entries={[
              { label: 'one step (‖∇f‖, L̂)', color: 'var(--series-1)', mark: 'dot' },
              { label: 'latest step', color: 'var(--fg)', mark: 'dot' },
              { label: 'least-squares line L̂₀ + L̂₁‖∇f‖', color: 'var(--series-2)' },
            ]}
          />
        </div>
        <Readouts label="Training run and fitted line">
          <Readout name="steps_done" label="steps" value={records.length} />
          <Readout name="loss_start" label="loss at step 1" value={records[0]?.loss ?? NaN} />
          <Readout name="loss" label="loss now" value={last?.loss ?? NaN} />
          <Readout name="grad_norm" label="‖∇f(θ)‖" value={last?.gradNorm ?? NaN} />
          <Readout name="smoothness" label="L̂ (this step)" value={last?.smoothness ?? NaN} />
          <Readout
            name="fit_intercept"
            label="fitted L̂₀"
            value={fit?.intercept ?? NaN}
            color="var(--series-2)"
          />
          <Readout
            name="fit_slope"
            label="fitted L̂₁"
            value={fit?.slope ?? NaN}
            color="var(--series-2)"
          />
          <Readout name="fit_r" label="correlation r" value={fit?.r ?? NaN} digits={3} />
          <Readout name="fit_gamma" label="γ̂ = L̂₀/L̂₁" value={fitGamma} />
        </Readouts>
      </div>
      <Plot
        width={560}
        height={170}
        x={{ domain: [1, Math.max(2, steps)], label: 'step' }}
        y={{ domain: lossDomain, label: 'loss' }}
        title="Training loss"
        description={
          last ? `Loss ${last.loss.toPrecision(4)} after ${records.length} steps.` : 'No steps yet.'
        }
      >
        <Axes grid xFormat={shortTick} yFormat={shortTick} />
        <LinePath data={session.line('loss')} color="var(--series-3)" label="loss" />
      </Plot>
      <ParamControls
        schema={params}
        values={values}
        onChange={set}
        only={
          clip
            ? ['loss', 'lr', 'clip', 'clip_norm', 'steps', 'points', 'log_axes', 'seed']
            : ['loss', 'lr', 'clip', 'steps', 'points', 'log_axes', 'seed']
        }
      />
    </div>
  );
}

export default defineWidget({
  id: 'smoothness-vs-gradient',
  params,
  Component: SmoothnessVsGradient,
  compute: 'tfjs',
  embedHeight: 1150,
});
