import { useMemo } from 'react';
import { covarianceFromAxes } from '../../../src/core/index';
import type { GaussianClassModel } from '../math';
import { useRestartOnChange } from '../../../src/widgets/useFrameRunner';
import { seedParam } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, DraggablePoint, Plot } from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { ComputeNotice } from '../../../src/widgets/ComputeNotice';
import { RunnerControls } from '../../../src/widgets/RunnerControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import {
  closedFormOf,
  decisionRegions,
  pointsToData,
  regionAgreement,
  summarizeSoftmax,
  type RegionGrid,
} from './fits';
import { ClassPoints, RegionBackground } from './marks';
import { CLASS_STYLES } from './palette';
import { DOMAIN, drawPoints } from './pointData';
import { useSoftmaxTraining, gradientDescentParams } from './useSoftmaxTraining';

const params = {
  classes: {
    type: 'integer',
    min: 3,
    max: 5,
    default: 4,
    label: 'Classes',
    description: 'Number of classes K.',
  },
  means: {
    type: 'matrix',
    rows: 5,
    cols: 2,
    min: -4,
    max: 4,
    step: 0.01,
    default: [
      [-2.4, -1.6],
      [2.2, -2],
      [0.3, 2.6],
      [-2.6, 2.2],
      [2.8, 1.6],
    ],
    label: 'Class centres',
    description:
      'Centre (x, y) of each class’s Gaussian, one row per class; rows past K are unused.',
  },
  sd: {
    type: 'vector',
    length: 2,
    min: 0.2,
    max: 2.5,
    step: 0.01,
    default: [1.3, 0.6],
    label: 'σ (axes)',
    description: 'Standard deviations of the shared covariance along its principal axes.',
  },
  angle: {
    type: 'number',
    min: -90,
    max: 90,
    step: 1,
    default: 25,
    unit: '°',
    label: 'Σ rotation',
    description: 'Angle of the first principal axis of the shared covariance.',
  },
  mismatch: {
    type: 'number',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0,
    label: 'Break the shared Σ',
    description: 'At 0 all classes share one covariance; towards 1 each class turns its own way.',
  },
  n: {
    type: 'integer',
    min: 15,
    max: 600,
    default: 200,
    label: 'Points',
    description: 'Number of points, drawn from the classes with equal probability.',
  },
  seed: seedParam('Seed of the draw and of the network’s initial weights.'),
  ...gradientDescentParams('cross-entropy'),
} as const;

type Values = WidgetProps<typeof params>['values'];

/** Class k's Gaussian: the shared Σ, turned by 180°·k/K and stretched when mismatch > 0. */
export function softmaxClasses(
  values: Pick<Values, 'means' | 'sd' | 'angle' | 'mismatch' | 'classes'>,
): GaussianClassModel[] {
  const radians = (values.angle * Math.PI) / 180;
  const shared = covarianceFromAxes(values.sd[0], values.sd[1], radians);
  const K = values.classes;
  const m = values.mismatch;
  return Array.from({ length: K }, (_, k) => {
    const own = covarianceFromAxes(
      values.sd[0] * (1 + 0.6 * (k % 2)),
      values.sd[1],
      radians + (Math.PI * k) / K,
    );
    return {
      mean: [values.means[k][0], values.means[k][1]],
      cov: shared.map((row, a) => row.map((v, c) => (1 - m) * v + m * own[a][c])),
      weight: 1,
    };
  });
}

/** The points of a state. */
export function softmaxPoints(values: Values) {
  return drawPoints(values.seed, values.n, softmaxClasses(values));
}

/** The grid the readout "agreement" is measured on: 110 × 110 cells over the shown square. */
export const AGREEMENT_GRID: RegionGrid = {
  cols: 110,
  rows: 110,
  x0: DOMAIN[0],
  x1: DOMAIN[1],
  y0: DOMAIN[0],
  y1: DOMAIN[1],
};

function SoftmaxRegions({ values, set, present }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const ready = compute.status === 'ready';
  const K = values.classes;
  const { means, sd, angle, mismatch, n, seed } = values;
  const classes = useMemo(
    () => softmaxClasses({ means, sd, angle, mismatch, classes: K }),
    [means, sd, angle, mismatch, K],
  );
  const points = useMemo(() => drawPoints(seed, n, classes), [seed, n, classes]);
  const { X, y } = useMemo(() => pointsToData(points), [points]);
  const closed = useMemo(() => closedFormOf(points, K), [points, K]);
  const cf = closed.ok ? summarizeSoftmax(closed.model, points) : null;

  const {
    runner,
    snapshot: latest,
    settings,
  } = useSoftmaxTraining({
    X,
    y,
    numClasses: K,
    optimizer: values.optimizer,
    learningRate: values.lr,
    seed,
    maxSteps: values.steps,
  });
  // Until the restarted run reports, the last snapshot may still have the previous class count.
  const snapshot = latest && latest.W.length === K ? latest : null;
  useRestartOnChange(runner, settings, ready);
  const gd = snapshot ? summarizeSoftmax(snapshot, points) : null;
  const agreement = useMemo(
    () =>
      closed.ok && snapshot
        ? regionAgreement(
            decisionRegions(closed.model, AGREEMENT_GRID),
            decisionRegions(snapshot, AGREEMENT_GRID),
          )
        : NaN,
    [closed, snapshot],
  );

  const moveCentre = (k: number) => (px: number, py: number) => {
    const next = means.map((row) => [...row]);
    next[k] = [Math.round(px * 100) / 100, Math.round(py * 100) / 100];
    set({ means: next });
  };
  const fmt = (v: number | undefined) =>
    v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3);

  const panel = (which: 'closed' | 'trained') => {
    const model = which === 'closed' ? (closed.ok ? closed.model : null) : snapshot;
    const summary = which === 'closed' ? cf : gd;
    const name = which === 'closed' ? 'Closed form' : 'Gradient descent';
    return (
      <Plot
        width={380}
        height={380}
        margin={{ left: 36, bottom: 32, right: 8 }}
        x={{ domain: DOMAIN, label: 'x₁' }}
        y={{ domain: DOMAIN, label: 'x₂' }}
        equalAspect
        title={`${name}: decision regions of a ${K}-class softmax classifier`}
        description={
          summary
            ? `${name} classifies ${fmt(summary.accuracy)} of the ${points.length} points right, with log-loss ${fmt(summary.logLoss)}.`
            : `${name}: no classifier yet.`
        }
      >
        <RegionBackground model={model} />
        <Axes />
        <ClassPoints points={points} />
        {which === 'closed' &&
          classes.map((c, k) => (
            <DraggablePoint
              key={k}
              x={c.mean[0]}
              y={c.mean[1]}
              onChange={moveCentre(k)}
              label={`Centre of class ${k}`}
              color={CLASS_STYLES[k].color}
              shape="square"
              radius={6}
              step={0.05}
              constrain={(px, py) => [Math.max(-4, Math.min(4, px)), Math.max(-4, Math.min(4, py))]}
            />
          ))}
      </Plot>
    );
  };

  return (
    <div className={`softmax-regions-widget${present ? ' is-present' : ''}`}>
      <div
        className="region-pair"
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(15rem, 1fr))',
          gap: '0.75rem',
        }}
      >
        <figure style={{ margin: 0 }}>
          {panel('closed')}
          <figcaption className="widget-note">Closed form (drag the squares)</figcaption>
        </figure>
        <figure style={{ margin: 0 }}>
          {panel('trained')}
          <figcaption className="widget-note">
            Gradient descent{snapshot ? `, ${snapshot.steps} steps` : ''}
          </figcaption>
        </figure>
      </div>
      {!closed.ok && (
        <p className="widget-warning" role="alert" data-closed-form-error>
          No closed form here: {closed.message}.
        </p>
      )}
      <Readouts label="Closed form against gradient descent">
        <Readout name="cf_accuracy" label="closed form: accuracy" value={cf?.accuracy ?? NaN} />
        <Readout
          name="cf_log_loss"
          label="closed form: log-loss"
          value={cf?.logLoss ?? NaN}
          unit="nats"
        />
        <Readout name="gd_accuracy" label="GD: accuracy" value={gd?.accuracy ?? NaN} />
        <Readout name="gd_log_loss" label="GD: log-loss" value={gd?.logLoss ?? NaN} unit="nats" />
        <Readout name="agreement" label="plane where both agree" value={agreement} />
      </Readouts>
      <RunnerControls runner={runner} stepName={['step', 'steps']} disabled={!ready} />
      <ComputeNotice compute={compute} />
      <ParamControls
        schema={params}
        values={values}
        onChange={(patch) => set(patch)}
        only={['classes', 'mismatch', 'n', 'seed']}
      />
      <details className="widget-more">
        <summary>Covariance, centres and optimizer</summary>
        <ParamControls
          schema={params}
          values={values}
          onChange={(patch) => set(patch)}
          only={['sd', 'angle', 'means', 'optimizer', 'lr', 'steps']}
        />
      </details>
    </div>
  );
}

export default defineWidget({
  id: 'softmax-regions',
  params,
  Component: SoftmaxRegions,
  compute: 'tfjs',
  embedHeight: 1220,
});
