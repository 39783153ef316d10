import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { seedParam } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { ParamControls } from '../../../src/widgets/controls';
import { Axes, LinePath, Plot, Scatter, Legend } from '../../../src/widgets/plot';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { ComputeNotice } from '../../../src/widgets/ComputeNotice';
import { RunnerControls } from '../../../src/widgets/RunnerControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { useFrameRunner, useRestartOnChange } from '../../../src/widgets/useFrameRunner';
import type { LineFit } from '../math';
import {
  createTrainingRun,
  smoothnessFit,
  type LossName,
  type StepRecord,
  type TrainingRun,
} from './training';

const params = {
  loss: {
    type: 'select',
    options: ['cross_entropy', 'squared'] as const,
    optionLabels: ['Cross-entropy', 'Squared error on one-hot targets'],
    default: 'cross_entropy' as LossName,
    label: 'Loss',
    description: 'The training loss of the network.',
  },
  lr: {
    type: 'number',
    min: 0.01,
    max: 5,
    step: 0.001,
    log: true,
    default: 0.1,
    label: 'Learning rate η',
    description: 'Step size of full-batch gradient descent; large values make the run diverge.',
  },
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
  steps: {
    type: 'integer',
    min: 10,
    max: 1000,
    default: 400,
    label: 'Steps',
    description: 'Number of gradient steps in the run.',
  },
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

type Values = WidgetProps<typeof params>['values'];

/** Axis range covering the values with a margin (log: a factor, linear: from 0). */
export function axisDomain(values: readonly number[], log: boolean): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (finite.length === 0) return log ? [1e-3, 1] : [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  if (log) return [lo / 1.5, Math.max(hi * 1.5, lo * 10)];
  return [0, hi > 0 ? hi * 1.08 : 1];
}

/** The fitted line L̂₀ + L̂₁‖∇f‖ sampled across the x range (log-spaced on a log axis). */
export function fitLinePoints(
  fit: LineFit | null,
  [a, b]: readonly [number, number],
  log: boolean,
): [number, number][] {
  if (!fit) return [];
  const n = 120;
  return Array.from({ length: n }, (_, i) => {
    const g = log ? a * (b / a) ** (i / (n - 1)) : a + ((b - a) * i) / (n - 1);
    return [g, fit.intercept + fit.slope * g];
  });
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

function SmoothnessVsGradient({ values, set }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const ready = compute.status === 'ready';
  const [records, setRecords] = useState<StepRecord[]>([]);
  const run = useRef<TrainingRun | null>(null);
  // A run is replaced on reset; a step still in flight finishes on the old run before it is freed.
  const generation = useRef(0);
  const inFlight = useRef<Promise<unknown> | null>(null);

  const { loss, lr, clip, clip_norm: clipNorm, steps, points, seed } = values;

  const release = useCallback(() => {
    generation.current += 1;
    const old = run.current;
    run.current = null;
    if (!old) return;
    const pending = inFlight.current;
    if (pending) void pending.finally(() => old.dispose());
    else old.dispose();
  }, []);

  const step = useCallback(async () => {
    const gen = generation.current;
    const work = (async (): Promise<StepRecord | null> => {
      if (!run.current) {
        const created = await createTrainingRun({
          loss,
          lr,
          clipNorm: clip ? clipNorm : undefined,
          points,
          seed,
        });
        if (gen !== generation.current) {
          created.dispose();
          return null;
        }
        run.current = created;
      }
      return run.current.step();
    })();
    inFlight.current = work;
    let record: StepRecord | null;
    try {
      record = await work;
    } finally {
      if (inFlight.current === work) inFlight.current = null;
    }
    if (!record || gen !== generation.current) return {};
    const done = record.step >= steps;
    setRecords((prev) => [...prev, record]);
    return { watch: [record.loss, record.gradNorm], done };
  }, [loss, lr, clip, clipNorm, points, seed, steps]);

  const onReset = useCallback(() => {
    release();
    setRecords([]);
  }, [release]);

  const runner = useFrameRunner({ step, onReset });

  // A new setting starts a fresh run; it plays by itself unless the reader prefers less motion.
  useRestartOnChange(
    runner,
    JSON.stringify([loss, lr, clip, clipNorm, points, seed, steps]),
    ready,
  );

  useEffect(() => release, [release]);

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
  const lossCurve = records.map((r): [number, number] => [r.step, r.loss]);
  const lossDomain = axisDomain(
    records.map((r) => r.loss),
    false,
  );
  const fitGamma = fit && fit.intercept > 0 && fit.slope > 0 ? fit.intercept / fit.slope : NaN;

  return (
    <div className="smoothness-widget">
      <RunnerControls runner={runner} stepName={['step', 'steps']} disabled={!ready} />
      <ComputeNotice compute={compute} />
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
            {last && Number.isFinite(last.smoothness) && (
              <Scatter
                points={[[last.gradNorm, last.smoothness]]}
                color="var(--fg)"
                radius={5}
                opacity={1}
                label="latest step"
              />
            )}
          </Plot>
          <Legend
            entries={[
              { label: 'one step (‖∇f‖, L̂)', color: 'var(--series-1)', mark: 'dot' as const },
              { label: 'latest step', color: 'var(--fg)', mark: 'dot' as const },
              { label: 'least-squares line L̂₀ + L̂₁‖∇f‖', color: 'var(--series-2)' },
            ]}
          />
        </div>
        <Readouts label="Training run and fitted line">
          <Readout
            name="steps_done"
            label="steps"
            value={records.length}
            digits={Math.max(1, String(records.length).length)}
          />
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
        <LinePath data={lossCurve} color="var(--series-3)" label="loss" />
      </Plot>
      <ParamControls
        schema={params}
        values={values}
        onChange={(patch) => set(patch as Partial<Values>)}
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
