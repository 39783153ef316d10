import { useCallback, useMemo, useState } from 'react';
import { seedParam, type VectorSpec } from '../../../src/widgets/params';
import { ParamControls } from '../../../src/widgets/controls';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import {
  Axes,
  CovarianceEllipse,
  HorizontalRule,
  LinePath,
  Plot,
  Legend,
  autoDomain,
} from '../../../src/widgets/plot';
import { EditablePoints, type PointTool } from '../../../src/widgets/plot/EditablePoints';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { TrainingControls } from '../../../src/widgets/TrainingControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { CENTRE_LIMIT, covarianceParams } from './classParams';
import { closedFormOf, pointsToData, summarizeBinary, type BinarySummary } from './fits';
import { BoundaryLine, CentreHandle, PosteriorBackground } from './marks';
import { CLASS_STYLES } from './palette';
import { ARMS, FitGrid, NoClosedForm, type FitQuantity } from './readouts';
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

/** The centre of the Gaussian that class k is drawn from. */
const centreParam = (k: 0 | 1, initial: readonly [number, number]): VectorSpec => ({
  type: 'vector',
  length: 2,
  min: -CENTRE_LIMIT,
  max: CENTRE_LIMIT,
  step: 0.01,
  default: initial,
  label: ['μ₀', 'μ₁'][k],
  description: `Centre of the Gaussian that class ${k} is drawn from (x, y).`,
});

const params = {
  mu0: centreParam(0, [-1.2, -0.6]),
  mu1: centreParam(1, [1.2, 0.6]),
  ...covarianceParams({
    sd: [1.5, 0.6],
    angle: 35,
    mismatchDescription:
      'At 0 both classes share one covariance; towards 1, class 1 becomes a long thin cloud across class 0.',
  }),
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

/** The readouts of each fit, as `cf_…` and `gd_…`. */
const FIT_QUANTITIES: readonly FitQuantity<BinarySummary>[] = [
  { key: 'accuracy', label: 'accuracy', of: (s) => s.accuracy },
  { key: 'log_loss', label: 'log-loss', unit: 'nats', of: (s) => s.logLoss },
  { key: 'new_accuracy', label: 'accuracy on new data', of: (s) => s.newDataAccuracy },
];

/** Each fit's line wᵀx + b = 0, as `cf_w1` … `gd_b`. */
const LINE_QUANTITIES: readonly FitQuantity<BinarySummary>[] = [
  { key: 'w1', label: 'w₁', of: (s) => s.rule.w[0] },
  { key: 'w2', label: 'w₂', of: (s) => s.rule.w[1] },
  { key: 'b', label: 'b', of: (s) => s.rule.b },
];

function TwoClassPlayground({ values, set, present }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
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

  const session = useSoftmaxTraining({
    X,
    y,
    numClasses: 2,
    optimizer: values.optimizer,
    learningRate: values.lr,
    seed,
    steps: values.steps,
    ready: compute.status === 'ready' && X.length > 0,
  });
  const snapshot = session.view;
  const gd = snapshot ? summarizeBinary(snapshot, points, classes) : null;
  const losses = session.line('loss');

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

  // The loss axis starts at 0 and reaches at least 0.8, the closed form's loss and every loss.
  const lossTop = autoDomain(
    losses.map(([, l]) => l),
    { include: [0, 0.8, cf?.logLoss ?? 0] },
  )[1];
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
          {classes.map((c, k) => (
            <CovarianceEllipse
              key={k}
              mean={[c.mean[0], c.mean[1]]}
              cov={[
                [c.cov[0][0], c.cov[0][1]],
                [c.cov[1][0], c.cov[1][1]],
              ]}
              levels={[2]}
              color={CLASS_STYLES[k].color}
              fillOpacity={0}
              strokeWidth={1}
              label={`class ${k} generator`}
            />
          ))}
          <BoundaryLine
            rule={cf?.rule ?? null}
            color={ARMS[0].color}
            label="closed-form boundary"
          />
          <BoundaryLine
            rule={gd?.rule ?? null}
            color={ARMS[1].color}
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
          {([mu0, mu1] as const).map((centre, k) => (
            <CentreHandle
              key={k}
              centre={centre}
              cls={k}
              label={`Centre μ${['₀', '₁'][k]} of class ${k}’s Gaussian`}
              onMove={(next) => set(k === 0 ? { mu0: next } : { mu1: next })}
            />
          ))}
        </Plot>
        <div className="two-classes-side">
          <Legend
            entries={[
              { label: 'closed form', color: ARMS[0].color, width: 3 },
              { label: 'gradient descent', color: ARMS[1].color, width: 3, dash: '6 4' },
            ]}
          />
          <Readouts label="Points">
            <Readout name="n_points" label="points" value={points.length} />
          </Readouts>
          <FitGrid
            label="Closed form and gradient descent on these points"
            fits={{ cf, gd }}
            quantities={FIT_QUANTITIES}
          />
          <Plot
            width={300}
            height={170}
            margin={{ left: 44, bottom: 36 }}
            x={{ domain: [1, values.steps], log: true, label: 'GD step' }}
            y={{ domain: [0, lossTop], label: 'log-loss' }}
            title="Training log-loss of gradient descent against the closed form’s"
            description={`Gradient descent's log-loss ${gd ? `is ${fmt(gd.logLoss)} after ${snapshot?.steps} steps` : 'has no value yet'}; the closed form's is ${fmt(cf?.logLoss)}.`}
          >
            <Axes xTicks={3} yTicks={3} />
            {cf && (
              <HorizontalRule y={cf.logLoss} color={ARMS[0].color} dash="5 4" label="closed form" />
            )}
            <LinePath data={losses} color={ARMS[1].color} label="gradient descent" />
          </Plot>
        </div>
      </div>
      <details className="widget-more">
        <summary>Weights and biases</summary>
        <FitGrid
          label="Weights and biases of the two lines"
          fits={{ cf, gd }}
          quantities={LINE_QUANTITIES}
        />
        <Readouts label="Training progress">
          <Readout name="gd_steps" label="GD steps taken" value={snapshot?.steps ?? 0} />
        </Readouts>
      </details>
      {!closed.ok && <NoClosedForm>No closed form here: {closed.message}.</NoClosedForm>}
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
      <TrainingControls session={session} compute={compute} stepName={['step', 'steps']} />
      <ParamControls
        schema={params}
        values={values}
        onChange={changeParams}
        only={['mismatch', 'n', 'seed']}
        moreLabel="Gaussians, class balance and optimizer"
        more={['balance', 'sd', 'angle', 'mu0', 'mu1', 'optimizer', 'lr', 'steps']}
      />
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
