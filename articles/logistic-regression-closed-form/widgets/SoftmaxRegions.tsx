import { useMemo } from 'react';
import { covarianceFromAxes } from '../../../src/core/index';
import type { GaussianClassModel, SoftmaxClassifier } from '../math';
import { seedParam } from '../../../src/widgets/params';
import { ParamControls } from '../../../src/widgets/controls';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, Plot } from '../../../src/widgets/plot';
import { Comparison, ComparisonPanel } from '../../../src/widgets/Comparison';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { TrainingControls } from '../../../src/widgets/TrainingControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { CENTRE_LIMIT, covarianceParams } from './classParams';
import {
  closedFormOf,
  decisionRegions,
  pointsToData,
  regionAgreement,
  summarizeSoftmax,
  type RegionGrid,
  type RegionSummary,
} from './fits';
import { CentreHandle, ClassPoints, RegionBackground } from './marks';
import { ARMS, FitGrid, NoClosedForm, type FitQuantity } from './readouts';
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
    min: -CENTRE_LIMIT,
    max: CENTRE_LIMIT,
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
  ...covarianceParams({
    sd: [1.3, 0.6],
    angle: 25,
    mismatchDescription:
      'At 0 all classes share one covariance; towards 1 each class turns its own way.',
  }),
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

/** The readouts of each fit, as `cf_…` and `gd_…`. */
const FIT_QUANTITIES: readonly FitQuantity<RegionSummary>[] = [
  { key: 'accuracy', label: 'accuracy', of: (s) => s.accuracy },
  { key: 'log_loss', label: 'log-loss', unit: 'nats', of: (s) => s.logLoss },
];

function SoftmaxRegions({ values, set, present }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
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

  const session = useSoftmaxTraining({
    X,
    y,
    numClasses: K,
    optimizer: values.optimizer,
    learningRate: values.lr,
    seed,
    steps: values.steps,
    ready: compute.status === 'ready',
  });
  // Until the restarted run reports, the last snapshot may still have the previous class count.
  const latest = session.view;
  const snapshot = latest && latest.W.length === K ? latest : null;
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

  const moveCentre = (k: number) => (centre: [number, number]) =>
    set({ means: means.map((row, j) => (j === k ? centre : [...row])) });
  const fmt = (v: number | undefined) =>
    v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3);

  const panel = (
    name: string,
    model: SoftmaxClassifier | null,
    summary: RegionSummary | null,
    handles: boolean,
  ) => (
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
      {handles &&
        classes.map((c, k) => (
          <CentreHandle
            key={k}
            centre={c.mean}
            cls={k}
            label={`Centre of class ${k}`}
            onMove={moveCentre(k)}
          />
        ))}
    </Plot>
  );

  return (
    <div className={`softmax-regions-widget${present ? ' is-present' : ''}`}>
      <Comparison minWidth="15rem">
        <ComparisonPanel name="closed" title="Closed form (drag the squares)" color={ARMS[0].color}>
          {panel('Closed form', closed.ok ? closed.model : null, cf, true)}
        </ComparisonPanel>
        <ComparisonPanel
          name="trained"
          title={`Gradient descent${snapshot ? `, ${snapshot.steps} steps` : ''}`}
          color={ARMS[1].color}
        >
          {panel('Gradient descent', snapshot, gd, false)}
        </ComparisonPanel>
      </Comparison>
      {!closed.ok && <NoClosedForm>No closed form here: {closed.message}.</NoClosedForm>}
      <FitGrid
        label="Closed form against gradient descent"
        fits={{ cf, gd }}
        quantities={FIT_QUANTITIES}
      />
      <Readouts label="Where the two maps agree">
        <Readout name="agreement" label="plane where both agree" value={agreement} />
      </Readouts>
      <TrainingControls session={session} compute={compute} stepName={['step', 'steps']} />
      <ParamControls
        schema={params}
        values={values}
        onChange={set}
        only={['classes', 'mismatch', 'n', 'seed']}
        moreLabel="Covariance, centres and optimizer"
        more={['sd', 'angle', 'means', 'optimizer', 'lr', 'steps']}
      />
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
