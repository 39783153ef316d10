import { useCallback, useMemo, useState } from 'react';
import { useRestartOnChange } from '../../../src/widgets/useFrameRunner';
import { seedParam } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import {
  Axes,
  CovarianceEllipse,
  DraggablePoint,
  LinePath,
  Plot,
  Legend,
} from '../../../src/widgets/plot';
import { EditablePoints, type PointTool } from '../../../src/widgets/plot/EditablePoints';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { ComputeNotice } from '../../../src/widgets/ComputeNotice';
import { RunnerControls } from '../../../src/widgets/RunnerControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { closedFormOf, pointsToData, summarizeBinary, type BinarySummary } from './fits';
import { BoundaryLine, PosteriorBackground } from './marks';
import { CLASS_STYLES } from './palette';
import { useSoftmaxTraining, gradientDescentParams } from './useSoftmaxTraining';
import {
  DOMAIN,
  EDIT_SLOTS,
  NO_EDITS,
  addEdit,
  applyEdits,
  decodeEdits,
  deleteEdit,
  drawPoints,
  encodeEdits,
  moveEdit,
  twoClassGaussians,
  type PointEdits,
} from './pointData';

const params = {
  mu0: {
    type: 'vector',
    length: 2,
    min: -4,
    max: 4,
    step: 0.01,
    default: [-1.2, -0.6],
    label: 'μ₀',
    description: 'Centre of the Gaussian that class 0 is drawn from (x, y).',
  },
  mu1: {
    type: 'vector',
    length: 2,
    min: -4,
    max: 4,
    step: 0.01,
    default: [1.2, 0.6],
    label: 'μ₁',
    description: 'Centre of the Gaussian that class 1 is drawn from (x, y).',
  },
  sd: {
    type: 'vector',
    length: 2,
    min: 0.2,
    max: 2.5,
    step: 0.01,
    default: [1.5, 0.6],
    label: 'σ (axes)',
    description: 'Standard deviations of the shared covariance along its two principal axes.',
  },
  angle: {
    type: 'number',
    min: -90,
    max: 90,
    step: 1,
    default: 35,
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
    description:
      'At 0 both classes share one covariance; towards 1, class 1 becomes a long thin cloud across class 0.',
  },
  balance: {
    type: 'number',
    min: 0.1,
    max: 0.9,
    step: 0.01,
    default: 0.5,
    label: 'π₁',
    description: 'Probability that a drawn point belongs to class 1.',
  },
  n: {
    type: 'integer',
    min: 0,
    max: 400,
    default: 80,
    label: 'Points drawn',
    description: 'How many points to draw from the two Gaussians (0 for a blank canvas).',
  },
  seed: seedParam('Seed of the draw and of the network’s initial weights.'),
  ...gradientDescentParams('log-loss'),
  removed: {
    type: 'vector',
    length: EDIT_SLOTS,
    min: -1,
    max: 399,
    step: 1,
    default: NO_EDITS.removed,
    label: 'Deleted points',
    description: 'Indices of drawn points the reader deleted (−1: empty slot).',
  },
  moved_index: {
    type: 'vector',
    length: EDIT_SLOTS,
    min: -1,
    max: 399,
    step: 1,
    default: NO_EDITS.moved_index,
    label: 'Moved points',
    description: 'Indices of drawn points the reader dragged (−1: empty slot).',
  },
  moved_xy: {
    type: 'vector',
    length: 2 * EDIT_SLOTS,
    min: -6,
    max: 6,
    step: 0.01,
    default: NO_EDITS.moved_xy,
    label: 'Moved to',
    description: 'New positions of the moved points, x and y for each slot.',
  },
  added_xy: {
    type: 'vector',
    length: 2 * EDIT_SLOTS,
    min: -6,
    max: 6,
    step: 0.01,
    default: NO_EDITS.added_xy,
    label: 'Added points',
    description: 'Positions of the points the reader added, x and y for each slot.',
  },
  added_class: {
    type: 'vector',
    length: EDIT_SLOTS,
    min: -1,
    max: 1,
    step: 1,
    default: NO_EDITS.added_class,
    label: 'Added classes',
    description: 'Class (0 or 1) of each added point (−1: empty slot).',
  },
} as const;

type Values = WidgetProps<typeof params>['values'];

/** The points a state shows: the draw, edited. */
export function pointsOf(values: Values) {
  const classes = twoClassGaussians(values);
  const drawn = drawPoints(values.seed, values.n, classes);
  const edits = decodeEdits(values);
  return { classes, drawn, edits, ...applyEdits(drawn, edits) };
}

/** The closed-form fit of a state: its summary, or why there is none. */
export function closedFormReadouts(
  values: Values,
): { ok: true; summary: BinarySummary } | { ok: false; message: string } {
  const { points, classes } = pointsOf(values);
  const fit = closedFormOf(points, 2);
  return fit.ok ? { ok: true, summary: summarizeBinary(fit.model, points, classes) } : fit;
}

const TOOLS: { tool: PointTool; cls: number; label: string }[] = [
  { tool: 'add', cls: 0, label: 'Click adds class 0' },
  { tool: 'add', cls: 1, label: 'Click adds class 1' },
  { tool: 'delete', cls: 0, label: 'Click deletes' },
];

function TwoClassPlayground({ values, set, present }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const ready = compute.status === 'ready';
  const [toolIndex, setToolIndex] = useState(0);
  const [limitNote, setLimitNote] = useState<string | null>(null);
  const { tool, cls: addClass } = TOOLS[toolIndex];

  const { mu0, mu1, sd, angle, mismatch, balance, n, seed } = values;
  const { removed, moved_index, moved_xy, added_xy, added_class } = values;
  const classes = useMemo(
    () => twoClassGaussians({ mu0, mu1, sd, angle, mismatch, balance }),
    [mu0, mu1, sd, angle, mismatch, balance],
  );
  const drawn = useMemo(() => drawPoints(seed, n, classes), [seed, n, classes]);
  const edits = useMemo(
    () => decodeEdits({ removed, moved_index, moved_xy, added_xy, added_class }),
    [removed, moved_index, moved_xy, added_xy, added_class],
  );
  const { points, origins } = useMemo(() => applyEdits(drawn, edits), [drawn, edits]);
  const { X, y } = useMemo(() => pointsToData(points), [points]);

  const closed = useMemo(() => closedFormOf(points, 2), [points]);
  const cf = closed.ok ? summarizeBinary(closed.model, points, classes) : null;

  const { runner, snapshot, history, settings } = useSoftmaxTraining({
    X,
    y,
    numClasses: 2,
    optimizer: values.optimizer,
    learningRate: values.lr,
    seed,
    maxSteps: values.steps,
  });
  useRestartOnChange(runner, settings, ready && X.length > 0);
  const gd = snapshot ? summarizeBinary(snapshot, points, classes) : null;

  const commit = useCallback(
    (next: PointEdits | null, what: string) => {
      if (!next) {
        setLimitNote(
          `A link holds at most ${EDIT_SLOTS} ${what}; draw a new set of points (seed, n) or reset to start over.`,
        );
        return;
      }
      setLimitNote(null);
      set(encodeEdits(next));
    },
    [set],
  );

  const onAdd = (px: number, py: number, k: number) =>
    commit(addEdit(edits, { x: px, y: py, cls: k }), 'added points');
  const onMove = (index: number, px: number, py: number) => {
    const origin = origins[index];
    if (origin) commit(moveEdit(edits, origin, px, py), 'moved points');
  };
  const onDelete = (index: number) => {
    const origin = origins[index];
    if (origin) commit(deleteEdit(edits, origin), 'deleted points');
  };
  const editCount = edits.removed.length + edits.moved.length + edits.added.length;

  // A new seed draws other points, so edits that name drawn points by index are dropped.
  const changeParams = (patch: Partial<Values>) =>
    set(
      'seed' in patch
        ? {
            ...patch,
            removed: NO_EDITS.removed,
            moved_index: NO_EDITS.moved_index,
            moved_xy: NO_EDITS.moved_xy,
          }
        : patch,
    );

  const moveCentre = (key: 'mu0' | 'mu1') => (px: number, py: number) =>
    set({
      [key]: [Math.round(px * 100) / 100, Math.round(py * 100) / 100],
    } as Partial<Values>);

  const lossTop = Math.max(
    0.8,
    ...history.map(([, l]) => (Number.isFinite(l) ? l : 0)),
    cf?.logLoss ?? 0,
  );
  const fmt = (v: number | undefined, digits = 3) =>
    v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);

  return (
    <div className={`two-classes-widget${present ? ' is-present' : ''}`}>
      <div className="split">
        <Plot
          width={540}
          height={500}
          x={{ domain: DOMAIN, label: 'x₁' }}
          y={{ domain: DOMAIN, label: 'x₂' }}
          equalAspect
          title="Two classes, the closed-form boundary and the gradient-descent boundary"
          description={
            `${points.length} points. Closed form: ` +
            (cf
              ? `w = (${fmt(cf.rule.w[0])}, ${fmt(cf.rule.w[1])}), b = ${fmt(cf.rule.b)}, training accuracy ${fmt(cf.accuracy)}, expected accuracy on new data ${fmt(cf.newDataAccuracy)}. `
              : `undefined (${closed.ok ? '' : closed.message}). `) +
            (gd
              ? `Gradient descent after ${snapshot?.steps} steps: training accuracy ${fmt(gd.accuracy)}, expected accuracy on new data ${fmt(gd.newDataAccuracy)}.`
              : 'Gradient descent has not started.')
          }
        >
          <PosteriorBackground classes={classes} />
          <Axes grid />
          <CovarianceEllipse
            mean={[classes[0].mean[0], classes[0].mean[1]]}
            cov={[
              [classes[0].cov[0][0], classes[0].cov[0][1]],
              [classes[0].cov[1][0], classes[0].cov[1][1]],
            ]}
            levels={[2]}
            color={CLASS_STYLES[0].color}
            fillOpacity={0}
            strokeWidth={1}
            label="class 0 generator"
          />
          <CovarianceEllipse
            mean={[classes[1].mean[0], classes[1].mean[1]]}
            cov={[
              [classes[1].cov[0][0], classes[1].cov[0][1]],
              [classes[1].cov[1][0], classes[1].cov[1][1]],
            ]}
            levels={[2]}
            color={CLASS_STYLES[1].color}
            fillOpacity={0}
            strokeWidth={1}
            label="class 1 generator"
          />
          <BoundaryLine
            rule={cf?.rule ?? null}
            color="var(--series-3, #047857)"
            label="closed-form boundary"
          />
          <BoundaryLine
            rule={gd?.rule ?? null}
            color="var(--series-4, #7c3aed)"
            dash="7 5"
            label="gradient-descent boundary"
          />
          <EditablePoints
            points={points}
            classes={CLASS_STYLES}
            tool={tool}
            addClass={addClass}
            onAdd={onAdd}
            onMove={onMove}
            onDelete={onDelete}
            step={0.1}
            label="Training points"
          />
          <DraggablePoint
            x={mu0[0]}
            y={mu0[1]}
            onChange={moveCentre('mu0')}
            label="Centre μ₀ of class 0’s Gaussian"
            color={CLASS_STYLES[0].color}
            shape="square"
            radius={6}
            step={0.05}
            constrain={(px, py) => [Math.max(-4, Math.min(4, px)), Math.max(-4, Math.min(4, py))]}
          />
          <DraggablePoint
            x={mu1[0]}
            y={mu1[1]}
            onChange={moveCentre('mu1')}
            label="Centre μ₁ of class 1’s Gaussian"
            color={CLASS_STYLES[1].color}
            shape="square"
            radius={6}
            step={0.05}
            constrain={(px, py) => [Math.max(-4, Math.min(4, px)), Math.max(-4, Math.min(4, py))]}
          />
        </Plot>
        <div className="two-classes-side">
          <Legend
            entries={[
              { label: 'closed form', color: 'var(--series-3)', width: 3 },
              { label: 'gradient descent', color: 'var(--series-4)', width: 3, dash: '6 4' },
            ]}
          />
          <Readouts label="Closed form">
            <Readout
              name="n_points"
              label="points"
              value={points.length}
              digits={Math.max(1, String(points.length).length)}
            />
            <Readout
              name="cf_accuracy"
              label="closed form: accuracy"
              value={cf?.accuracy ?? NaN}
              color="var(--series-3)"
            />
            <Readout
              name="cf_log_loss"
              label="closed form: log-loss"
              value={cf?.logLoss ?? NaN}
              unit="nats"
            />
            <Readout
              name="cf_new_accuracy"
              label="closed form: accuracy on new data"
              value={cf?.newDataAccuracy ?? NaN}
            />
            <Readout
              name="gd_accuracy"
              label="GD: accuracy"
              value={gd?.accuracy ?? NaN}
              color="var(--series-4)"
            />
            <Readout
              name="gd_log_loss"
              label="GD: log-loss"
              value={gd?.logLoss ?? NaN}
              unit="nats"
            />
            <Readout
              name="gd_new_accuracy"
              label="GD: accuracy on new data"
              value={gd?.newDataAccuracy ?? NaN}
            />
          </Readouts>
          <Plot
            width={300}
            height={170}
            margin={{ left: 44, bottom: 36 }}
            x={{ domain: [1, values.steps], log: true, label: 'GD step' }}
            y={{ domain: [0, lossTop * 1.05], label: 'log-loss' }}
            title="Training log-loss of gradient descent against the closed form’s"
            description={`Gradient descent's log-loss ${gd ? `is ${fmt(gd.logLoss)} after ${snapshot?.steps} steps` : 'has no value yet'}; the closed form's is ${fmt(cf?.logLoss)}.`}
          >
            <Axes xTicks={3} yTicks={3} />
            {cf && (
              <LinePath
                data={[
                  [1, cf.logLoss],
                  [values.steps, cf.logLoss],
                ]}
                color="var(--series-3)"
                dash="5 4"
                label="closed form"
              />
            )}
            <LinePath data={history} color="var(--series-4)" label="gradient descent" />
          </Plot>
        </div>
      </div>
      <details className="widget-more">
        <summary>Weights and biases</summary>
        <Readouts label="Weights and biases of the two lines">
          <Readout name="cf_w1" label="closed form: w₁" value={cf?.rule.w[0] ?? NaN} />
          <Readout name="cf_w2" label="closed form: w₂" value={cf?.rule.w[1] ?? NaN} />
          <Readout name="cf_b" label="closed form: b" value={cf?.rule.b ?? NaN} />
          <Readout name="gd_w1" label="GD: w₁" value={gd?.rule.w[0] ?? NaN} />
          <Readout name="gd_w2" label="GD: w₂" value={gd?.rule.w[1] ?? NaN} />
          <Readout name="gd_b" label="GD: b" value={gd?.rule.b ?? NaN} />
          <Readout
            name="gd_steps"
            label="GD steps taken"
            value={snapshot?.steps ?? 0}
            digits={Math.max(1, String(snapshot?.steps ?? 0).length)}
          />
        </Readouts>
      </details>
      {!closed.ok && (
        <p className="widget-warning" role="alert" data-closed-form-error>
          No closed form here: {closed.message}.
        </p>
      )}
      <div
        className="two-classes-tools"
        role="radiogroup"
        aria-label="What a click on the plot does"
        style={{ display: 'flex', flexWrap: 'wrap', gap: '0.4rem 1.2rem', alignItems: 'center' }}
      >
        {TOOLS.map((t, i) => (
          <label key={t.label} className="tool-choice">
            <input
              type="radio"
              name="two-classes-tool"
              checked={i === toolIndex}
              onChange={() => setToolIndex(i)}
              data-tool={i}
            />{' '}
            {t.label}
          </label>
        ))}
        <button
          type="button"
          onClick={() => {
            setLimitNote(null);
            set({ ...NO_EDITS });
          }}
          disabled={editCount === 0}
          data-action="clear-edits"
        >
          Undo all edits ({editCount})
        </button>
      </div>
      <p className="widget-note">
        Drag a point to move it. On the plot, ] and [ select a point, the arrow keys move it, Delete
        removes it and Enter adds one. The squares move the centres of the Gaussians the points are
        drawn from.
      </p>
      {limitNote && (
        <p className="widget-warning" role="alert">
          {limitNote}
        </p>
      )}
      <RunnerControls runner={runner} stepName={['step', 'steps']} disabled={!ready} />
      <ComputeNotice compute={compute} />
      <ParamControls
        schema={params}
        values={values}
        onChange={changeParams}
        only={['mismatch', 'n', 'seed']}
      />
      <details className="widget-more">
        <summary>Gaussians, class balance and optimizer</summary>
        <ParamControls
          schema={params}
          values={values}
          onChange={changeParams}
          only={['balance', 'sd', 'angle', 'mu0', 'mu1', 'optimizer', 'lr', 'steps']}
        />
      </details>
    </div>
  );
}

export default defineWidget({
  id: 'two-classes',
  params,
  Component: TwoClassPlayground,
  compute: 'tfjs',
  embedHeight: 1300,
});
