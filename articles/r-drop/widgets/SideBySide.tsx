import { useCallback, useMemo, useRef, useState } from 'react';
import { contours } from 'd3';
import { seedParam } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, Heatmap, LinePath, Plot, Scatter, usePlot, Legend } from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { ComputeNotice } from '../../../src/widgets/ComputeNotice';
import { RunnerControls } from '../../../src/widgets/RunnerControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { gridPoints, moonsData } from './data';
import { PairSession } from './pairSession';
import { usePairRunner } from './usePairRunner';
import { evaluateLogits, type Evaluation, type PairConfig, type RdropPair } from './training';

const params = {
  alpha: {
    type: 'number',
    min: 0,
    max: 10,
    step: 0.1,
    default: 4,
    label: 'R-Drop weight α',
    description:
      'Weight of the symmetric KL term in the right-hand network; at 0 both networks train identically.',
  },
  drop_rate: {
    type: 'number',
    min: 0,
    max: 0.6,
    step: 0.05,
    default: 0.3,
    label: 'Drop rate p',
    description: 'Probability of zeroing each hidden unit during training, in both networks.',
  },
  n_train: {
    type: 'integer',
    min: 10,
    max: 200,
    default: 30,
    label: 'Training points',
    description: 'Size of the training set; small sets are where regularisation matters.',
  },
  noise: {
    type: 'number',
    min: 0,
    max: 0.6,
    step: 0.01,
    default: 0.25,
    label: 'Input noise',
    description: 'Standard deviation of the Gaussian noise added to each coordinate of the moons.',
  },
  label_noise: {
    type: 'number',
    min: 0,
    max: 0.4,
    step: 0.01,
    default: 0.1,
    label: 'Flipped labels',
    description: 'Fraction of training labels flipped at random; the test labels stay clean.',
  },
  optimizer: {
    type: 'select',
    options: ['adam', 'momentum'] as const,
    optionLabels: ['Adam', 'SGD with momentum 0.9'],
    default: 'adam' as 'adam' | 'momentum',
    label: 'Optimizer',
    description: 'How both networks update their weights.',
  },
  lr: {
    type: 'number',
    min: 0.001,
    max: 10,
    step: 0.001,
    log: true,
    default: 0.01,
    label: 'Learning rate',
    description:
      'Step size of the optimizer; with SGD a rate above about 1 makes the weights blow up.',
  },
  max_steps: {
    type: 'integer',
    min: 10,
    max: 5000,
    default: 2000,
    log: true,
    label: 'Steps',
    description: 'Number of full-batch training steps to run.',
  },
  seed: seedParam('Seed of the data, the shared initial weights and the dropout masks.', {
    max: 9999,
    default: 4,
  }),
} as const;

type Values = WidgetProps<typeof params>['values'];

/** The network both sides train: two hidden ReLU layers of 32 units. */
export const SIDE_BY_SIDE_SIZES = [2, 32, 32, 2] as const;
/** Metrics are recorded every this many steps; the decision regions every HEATMAP_EVERY. */
export const EVAL_EVERY = 10;
const HEATMAP_EVERY = 50;
const DOMAIN_X: [number, number] = [-2, 2];
const DOMAIN_Y: [number, number] = [-1.5, 1.5];
const GRID_COLS = 56;
const GRID_ROWS = 42;
const GRID = gridPoints(GRID_COLS, GRID_ROWS, DOMAIN_X, DOMAIN_Y);
const CLASS_COLOURS = ['#b91c1c', '#1e40af'];
const PLAIN_COLOUR = 'var(--series-2)';
const RDROP_COLOUR = 'var(--series-3)';

/** The training configuration that a set of widget values describes. */
export function pairConfig(values: Values, X: number[][], y: number[]): PairConfig {
  return {
    sizes: SIDE_BY_SIDE_SIZES,
    activation: 'relu',
    seed: values.seed,
    dropRate: values.drop_rate,
    alpha: values.alpha,
    optimizer: values.optimizer,
    learningRate: values.lr,
    X,
    y,
  };
}

/** p(class 1) from two-class logits, without overflow. */
function probabilityOfOne(z: readonly number[]): number {
  return 1 / (1 + Math.exp(z[0] - z[1]));
}

/**
 * The 0.5 level line of a grid of probabilities, as polylines in data coordinates. d3's contour
 * polygons also run along the edges of the grid to close; those stretches are left out.
 */
export function decisionBoundary(values: readonly number[]): [number, number][][] {
  const [contour] = contours().size([GRID_COLS, GRID_ROWS]).thresholds([0.5])(values as number[]);
  const onEdge = ([gx, gy]: number[]) => gx <= 0 || gx >= GRID_COLS || gy <= 0 || gy >= GRID_ROWS;
  const toData = ([gx, gy]: number[]): [number, number] => [
    DOMAIN_X[0] + (gx / GRID_COLS) * (DOMAIN_X[1] - DOMAIN_X[0]),
    DOMAIN_Y[0] + (gy / GRID_ROWS) * (DOMAIN_Y[1] - DOMAIN_Y[0]),
  ];
  const lines: [number, number][][] = [];
  for (const ring of contour.coordinates.flat()) {
    let line: [number, number][] = [];
    ring.forEach((point, i) => {
      if (i > 0 && onEdge(point) && onEdge(ring[i - 1])) {
        if (line.length > 1) lines.push(line);
        line = [];
      }
      line.push(toData(point));
    });
    if (line.length > 1) lines.push(line);
  }
  return lines;
}

interface NetView {
  train: Evaluation;
  test: Evaluation;
}

interface View {
  steps: number;
  plain: NetView;
  rdrop: NetView;
  heat?: { plain: number[]; rdrop: number[] };
}

interface HistoryPoint {
  steps: number;
  plainTest: number;
  rdropTest: number;
  plainTrain: number;
  rdropTrain: number;
}

/** Rings around points (the training points whose labels were flipped). */
function Rings({
  points,
  color,
}: {
  points: readonly (readonly [number, number])[];
  color: string;
}) {
  const { xScale, yScale, clipPath } = usePlot();
  return (
    <g fill="none" stroke={color} strokeWidth={1.5} clipPath={clipPath} aria-hidden="true">
      {points.map(([x, y], i) => (
        <circle key={i} cx={xScale(x)} cy={yScale(y)} r={7} />
      ))}
    </g>
  );
}

function DecisionPlot({
  name,
  heat,
  train,
  flipped,
  test,
  view,
}: {
  name: string;
  heat: number[] | undefined;
  train: { X: number[][]; y: number[] };
  flipped: boolean[];
  test: { X: number[][]; y: number[] };
  view: NetView | undefined;
}) {
  const boundary = useMemo(() => (heat ? decisionBoundary(heat) : []), [heat]);
  const byClass = (d: { X: number[][]; y: number[] }, k: number) =>
    d.X.filter((_, i) => d.y[i] === k).map(([a, b]) => [a, b] as const);
  const rings = train.X.filter((_, i) => flipped[i]).map(([a, b]) => [a, b] as const);
  return (
    <Plot
      width={360}
      height={290}
      margin={{ top: 8, right: 8, bottom: 28, left: 32 }}
      x={{ domain: DOMAIN_X }}
      y={{ domain: DOMAIN_Y }}
      equalAspect
      title={`Decision regions of the ${name} network (dropout off)`}
      description={
        view
          ? `Training accuracy ${(100 * view.train.accuracy).toFixed(1)}%, test accuracy ${(100 * view.test.accuracy).toFixed(1)}%, test loss ${view.test.loss.toFixed(3)} nats. Red and blue shading is the predicted probability of each class; the line is the 0.5 boundary; ringed points have flipped labels.`
          : 'The network has not been evaluated yet.'
      }
    >
      {heat && (
        <Heatmap
          values={heat}
          cols={GRID_COLS}
          rows={GRID_ROWS}
          x0={DOMAIN_X[0]}
          x1={DOMAIN_X[1]}
          y0={DOMAIN_Y[0]}
          y1={DOMAIN_Y[1]}
          color="rdbu"
          domain={[-0.45, 1.45]}
          smooth
          label={`Predicted probability of class 1, ${name} network`}
        />
      )}
      <Axes xTicks={4} yTicks={3} />
      <Scatter points={byClass(test, 0)} color={CLASS_COLOURS[0]} radius={1.6} opacity={0.3} />
      <Scatter points={byClass(test, 1)} color={CLASS_COLOURS[1]} radius={1.6} opacity={0.3} />
      {boundary.map((ring, i) => (
        <LinePath key={i} data={ring} color="#111827" strokeWidth={1.6} />
      ))}
      <Scatter
        points={byClass(train, 0)}
        color={CLASS_COLOURS[0]}
        radius={4}
        opacity={0.95}
        label="training points of class 0"
      />
      <Scatter
        points={byClass(train, 1)}
        color={CLASS_COLOURS[1]}
        radius={4}
        opacity={0.95}
        label="training points of class 1"
      />
      <Rings points={rings} color="#111827" />
    </Plot>
  );
}

function SideBySide({ values, set }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const ready = compute.status === 'ready';
  const data = useMemo(
    () => moonsData(values.seed, values.n_train, values.noise, values.label_noise),
    [values.seed, values.n_train, values.noise, values.label_noise],
  );
  const config = useMemo(
    () => pairConfig(values, data.train.X, data.train.y),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- exactly the fields pairConfig reads
    [values.seed, values.drop_rate, values.alpha, values.optimizer, values.lr, data],
  );
  const [view, setView] = useState<View | null>(null);
  const [historyView, setHistoryView] = useState<HistoryPoint[]>([]);
  const [session] = useState(() => new PairSession());
  const history = useRef<HistoryPoint[]>([]);

  const refresh = useCallback(
    async (pair: RdropPair, done: boolean) => {
      const ticket = session.beginRefresh();
      const steps = pair.steps;
      // The probability map is the costly read: at the start, every HEATMAP_EVERY steps, the end.
      const withHeatmap = steps % HEATMAP_EVERY === 0 || done || steps === 1;
      const train = await pair.logits(data.train.X);
      const test = await pair.logits(data.test.X);
      const grid = withHeatmap ? await pair.logits(GRID) : null;
      if (!session.accept(ticket)) return;
      const next: View = {
        steps,
        plain: {
          train: evaluateLogits(train.plain, data.train.y),
          test: evaluateLogits(test.plain, data.test.y),
        },
        rdrop: {
          train: evaluateLogits(train.rdrop, data.train.y),
          test: evaluateLogits(test.rdrop, data.test.y),
        },
      };
      if (steps % EVAL_EVERY === 0 && !history.current.some((h) => h.steps === steps)) {
        history.current = [
          ...history.current,
          {
            steps,
            plainTest: next.plain.test.loss,
            rdropTest: next.rdrop.test.loss,
            plainTrain: next.plain.train.loss,
            rdropTrain: next.rdrop.train.loss,
          },
        ];
        setHistoryView(history.current);
      }
      setView((previous) => ({
        ...next,
        heat: grid
          ? { plain: grid.plain.map(probabilityOfOne), rdrop: grid.rdrop.map(probabilityOfOne) }
          : previous?.heat,
      }));
    },
    [data, session],
  );

  const clear = useCallback(() => {
    history.current = [];
    setView(null);
    setHistoryView([]);
  }, []);

  const runner = usePairRunner({
    session,
    config,
    maxSteps: values.max_steps,
    ready,
    refresh,
    refreshEvery: EVAL_EVERY,
    clear,
  });

  const nets = [
    { key: 'plain', name: 'dropout', title: 'Dropout only', colour: PLAIN_COLOUR },
    { key: 'rdrop', name: 'R-Drop', title: `R-Drop, α = ${values.alpha}`, colour: RDROP_COLOUR },
  ] as const;
  const lossTop = Math.max(
    1,
    ...historyView.flatMap((h) => [h.plainTest, h.rdropTest]).filter(Number.isFinite),
  );
  const last = historyView[historyView.length - 1];

  return (
    <div className="side-by-side-widget">
      <ParamControls
        schema={params}
        values={values}
        onChange={(patch) => set(patch as Partial<Values>)}
        only={['alpha', 'drop_rate', 'n_train', 'label_noise', 'lr']}
      />
      <details className="widget-more">
        <summary>More settings</summary>
        <ParamControls
          schema={params}
          values={values}
          onChange={(patch) => set(patch as Partial<Values>)}
          only={['noise', 'optimizer', 'max_steps', 'seed']}
        />
      </details>
      <RunnerControls runner={runner} stepName={['step', 'steps']} disabled={!ready} />
      <ComputeNotice compute={compute} />
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(250px, 1fr))',
          gap: '0.75rem',
        }}
      >
        {nets.map((net) => (
          <div key={net.key} data-net={net.key}>
            <p style={{ margin: '0 0 0.2rem', fontWeight: 600, color: net.colour }}>{net.title}</p>
            <DecisionPlot
              name={net.name}
              heat={view?.heat?.[net.key]}
              train={data.train}
              flipped={data.flipped}
              test={data.test}
              view={view?.[net.key]}
            />
            <Readouts label={`${net.title}: losses and accuracies with dropout off`}>
              <Readout
                name={`${net.key}_train_loss`}
                label="train loss"
                value={view?.[net.key].train.loss ?? NaN}
                unit="nats"
                color={net.colour}
              />
              <Readout
                name={`${net.key}_test_loss`}
                label="test loss"
                value={view?.[net.key].test.loss ?? NaN}
                unit="nats"
                color={net.colour}
              />
              <Readout
                name={`${net.key}_train_accuracy`}
                label="train accuracy"
                value={view?.[net.key].train.accuracy ?? NaN}
              />
              <Readout
                name={`${net.key}_test_accuracy`}
                label="test accuracy"
                value={view?.[net.key].test.accuracy ?? NaN}
              />
            </Readouts>
          </div>
        ))}
      </div>
      <Plot
        width={560}
        height={220}
        margin={{ top: 10, right: 16, bottom: 40, left: 48 }}
        x={{ domain: [0, Math.max(values.max_steps, 10)], label: 'training step' }}
        y={{ domain: [0, lossTop * 1.05], label: 'loss (nats)' }}
        title="Training and test loss of both networks as training proceeds"
        description={
          last
            ? `At step ${last.steps} the test loss is ${last.plainTest.toFixed(3)} for dropout only and ${last.rdropTest.toFixed(3)} for R-Drop; the training losses are ${last.plainTrain.toFixed(3)} and ${last.rdropTrain.toFixed(3)}.`
            : 'Not trained yet.'
        }
      >
        <Axes grid />
        <LinePath
          data={historyView.map((h) => [h.steps, h.plainTest] as const)}
          color={PLAIN_COLOUR}
          label="test loss, dropout only"
        />
        <LinePath
          data={historyView.map((h) => [h.steps, h.rdropTest] as const)}
          color={RDROP_COLOUR}
          label="test loss, R-Drop"
        />
        <LinePath
          data={historyView.map((h) => [h.steps, h.plainTrain] as const)}
          color={PLAIN_COLOUR}
          dash="5 4"
          label="training loss, dropout only"
        />
        <LinePath
          data={historyView.map((h) => [h.steps, h.rdropTrain] as const)}
          color={RDROP_COLOUR}
          dash="5 4"
          label="training loss, R-Drop"
        />
      </Plot>
      <Legend
        entries={[
          { label: 'dropout only', color: PLAIN_COLOUR, width: 3 },
          { label: 'R-Drop', color: RDROP_COLOUR, width: 3 },
          { label: 'solid: test loss · dashed: training loss (both with dropout off)' },
        ]}
      />
      <Readouts label="Training progress">
        <Readout name="steps" label="steps trained" value={view?.steps ?? 0} />
        <Readout
          name="flipped"
          label="flipped training labels"
          value={data.flipped.filter(Boolean).length}
          digits={3}
        />
      </Readouts>
    </div>
  );
}

export default defineWidget({
  id: 'side-by-side',
  params,
  Component: SideBySide,
  compute: 'tfjs',
  embedHeight: 1150,
});
