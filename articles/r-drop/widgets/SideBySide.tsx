import { useMemo } from 'react';
import { contours } from 'd3';
import { plainMlpChoice } from '../../../src/core/index';
import {
  learningRateParam,
  optimizerParam,
  seedParam,
  stepsParam,
} from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import {
  autoDomain,
  Axes,
  Heatmap,
  Legend,
  LinePath,
  Marker,
  Plot,
  Scatter,
} from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, ReadoutGrid, Readouts } from '../../../src/widgets/Readout';
import { Comparison, ComparisonPanel } from '../../../src/widgets/Comparison';
import { TrainingControls } from '../../../src/widgets/TrainingControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { useTrainingSession } from '../../../src/widgets/useTrainingSession';
import { gridPoints, moonsData, type SplitData } from './data';
import { nextTask, openPairRun, pairRunKey, trainPair, type PairRun } from './pairRun';
import { evaluateLogits, type Evaluation, type PairConfig } from './training';

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
  optimizer: optimizerParam({
    options: ['adam', 'momentum'],
    description: 'How both networks update their weights.',
  }),
  lr: learningRateParam({
    min: 0.001,
    max: 10,
    default: 0.01,
    description:
      'Step size of the optimizer; with SGD a rate above about 1 makes the weights blow up.',
  }),
  max_steps: stepsParam({
    max: 5000,
    default: 2000,
    description: 'Number of full-batch training steps to run.',
  }),
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
      {rings.map(([x, y], i) => (
        <Marker key={i} x={x} y={y} shape="ring" size={7} strokeWidth={1.5} color="#111827" />
      ))}
    </Plot>
  );
}

/** Both networks' losses and accuracies with dropout off, and optionally their probability maps. */
async function evaluatePair(
  pair: PairRun['pair'],
  data: SplitData,
  withHeatmap: boolean,
): Promise<View> {
  const train = await pair.logits(data.train.X);
  const test = await pair.logits(data.test.X);
  // The map is the costly part (2,352 points through both nets): a task of its own, so that on
  // the plain path, where nothing else yields, no single task runs long.
  if (withHeatmap) await nextTask();
  const grid = withHeatmap ? await pair.logits(GRID) : null;
  const net = (key: 'plain' | 'rdrop'): NetView => ({
    train: evaluateLogits(train[key], data.train.y),
    test: evaluateLogits(test[key], data.test.y),
  });
  return {
    steps: pair.steps,
    plain: net('plain'),
    rdrop: net('rdrop'),
    heat: grid
      ? { plain: grid.plain.map(probabilityOfOne), rdrop: grid.rdrop.map(probabilityOfOne) }
      : undefined,
  };
}

const NETS = [
  { key: 'plain', name: 'dropout', colour: PLAIN_COLOUR },
  { key: 'rdrop', name: 'R-Drop', colour: RDROP_COLOUR },
] as const;

const FIT_ROWS = [
  { key: 'train_loss', label: 'train loss', unit: 'nats' },
  { key: 'test_loss', label: 'test loss', unit: 'nats' },
  { key: 'train_accuracy', label: 'train accuracy' },
  { key: 'test_accuracy', label: 'test accuracy' },
];

/** A fit readout of one network: `train_loss` → view.train.loss, and so on. */
function fitValue(view: NetView | undefined, row: string): number {
  const [split, what] = row.split('_') as ['train' | 'test', 'loss' | 'accuracy'];
  return view?.[split][what] ?? NaN;
}

function SideBySide({ values, set }: WidgetProps<typeof params>) {
  // Two [2, 32, 32, 2] networks on at most 200 points: plain TypeScript, unless the core's
  // measured crossover says otherwise (or ?backend= forces a tfjs backend).
  const compute = useComputeBackend({ plain: plainMlpChoice(SIDE_BY_SIDE_SIZES, values.n_train) });
  const path = compute.status === 'ready' && compute.backend.name === 'plain' ? 'plain' : 'tfjs';
  const data = useMemo(
    () => moonsData(values.seed, values.n_train, values.noise, values.label_noise),
    [values.seed, values.n_train, values.noise, values.label_noise],
  );
  const session = useTrainingSession<PairRun, View>({
    key: pairRunKey(values, path),
    ready: compute.status === 'ready',
    maxSteps: values.max_steps,
    create: () => openPairRun(pairConfig(values, data.train.X, data.train.y), path),
    dispose: (run) => run.pair.dispose(),
    // The untrained pair at once: both start from the same weights.
    initialView: (run) => evaluatePair(run.pair, data, true),
    step: async (run) => {
      const { watch, done, due } = await trainPair(run, values.max_steps, EVAL_EVERY);
      if (!due) return { watch };
      const steps = run.pair.steps;
      // The probability map is the costly read: at the start, every HEATMAP_EVERY steps, the end.
      const next = await evaluatePair(
        run.pair,
        data,
        steps % HEATMAP_EVERY === 0 || done || steps === 1,
      );
      return {
        watch,
        view: (previous) => ({ ...next, heat: next.heat ?? previous?.heat }),
        record:
          steps % EVAL_EVERY === 0
            ? {
                plainTest: next.plain.test.loss,
                rdropTest: next.rdrop.test.loss,
                plainTrain: next.plain.train.loss,
                rdropTrain: next.rdrop.train.loss,
              }
            : undefined,
      };
    },
  });
  const view = session.view;
  const titles = { plain: 'Dropout only', rdrop: `R-Drop, α = ${values.alpha}` };
  const lossTop = autoDomain(
    session.history.flatMap((h) => [h.values.plainTest, h.values.rdropTest]),
    { include: [0, 1], pad: 0.05 },
  )[1];
  const last = session.history[session.history.length - 1];

  return (
    <div className="side-by-side-widget">
      <ParamControls
        schema={params}
        values={values}
        onChange={set}
        only={['alpha', 'drop_rate', 'n_train', 'label_noise', 'lr']}
        more={['noise', 'optimizer', 'max_steps', 'seed']}
      />
      <TrainingControls session={session} compute={compute} stepName={['step', 'steps']} />
      <Comparison>
        {NETS.map((net) => (
          <ComparisonPanel key={net.key} name={net.key} title={titles[net.key]} color={net.colour}>
            <DecisionPlot
              name={net.name}
              heat={view?.heat?.[net.key]}
              train={data.train}
              flipped={data.flipped}
              test={data.test}
              view={view?.[net.key]}
            />
          </ComparisonPanel>
        ))}
      </Comparison>
      <ReadoutGrid
        label="Losses and accuracies with dropout off"
        columns={NETS.map((n) => ({ key: n.key, label: titles[n.key], color: n.colour }))}
        rows={FIT_ROWS}
        value={(row, column) => fitValue(view?.[column as 'plain' | 'rdrop'], row)}
      />
      <Plot
        width={560}
        height={220}
        margin={{ top: 10, right: 16, bottom: 40, left: 48 }}
        x={{ domain: [0, Math.max(values.max_steps, 10)], label: 'training step' }}
        y={{ domain: [0, lossTop], label: 'loss (nats)' }}
        title="Training and test loss of both networks as training proceeds"
        description={
          last
            ? `At step ${last.x} the test loss is ${last.values.plainTest.toFixed(3)} for dropout only and ${last.values.rdropTest.toFixed(3)} for R-Drop; the training losses are ${last.values.plainTrain.toFixed(3)} and ${last.values.rdropTrain.toFixed(3)}.`
            : 'Not trained yet.'
        }
      >
        <Axes grid />
        <LinePath
          data={session.line('plainTest')}
          color={PLAIN_COLOUR}
          label="test loss, dropout only"
        />
        <LinePath data={session.line('rdropTest')} color={RDROP_COLOUR} label="test loss, R-Drop" />
        <LinePath
          data={session.line('plainTrain')}
          color={PLAIN_COLOUR}
          dash="5 4"
          label="training loss, dropout only"
        />
        <LinePath
          data={session.line('rdropTrain')}
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
