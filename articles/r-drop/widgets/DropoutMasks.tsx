import { useMemo } from 'react';
import { plainMlpChoice } from '../../../src/core/index';
import { mlpLogits, type DenseLayer } from '../math';
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
  LinePath,
  Marker,
  Plot,
  PlotText,
  Scatter,
} from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { formatNumber, Readout, Readouts } from '../../../src/widgets/Readout';
import { Comparison, ComparisonPanel } from '../../../src/widgets/Comparison';
import { TrainingControls } from '../../../src/widgets/TrainingControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { useTrainingSession } from '../../../src/widgets/useTrainingSession';
import { BLOB_TRAIN_SIZE, blobData } from './data';
import {
  maskDistribution,
  maskPairView,
  meanGap,
  sampleMasks,
  ternary,
  type MaskPairView,
} from './maskView';
import { nextTask, openPairRun, pairRunKey, trainPair, type PairRun } from './pairRun';
import { evaluateLogits, type Evaluation } from './training';

const params = {
  alpha: {
    type: 'number',
    min: 0,
    max: 10,
    step: 0.1,
    default: 2,
    label: 'R-Drop weight α',
    description:
      'Weight of the symmetric KL term for the right-hand network, and in the loss shown for both.',
  },
  drop_rate: {
    type: 'number',
    min: 0,
    max: 0.6,
    step: 0.05,
    default: 0.3,
    label: 'Drop rate p',
    description: 'Probability of zeroing each of the ten hidden units.',
  },
  point: {
    type: 'integer',
    min: 0,
    max: BLOB_TRAIN_SIZE - 1,
    default: 11,
    label: 'Input',
    description: 'Which training point to inspect (it is ringed in the data plot).',
  },
  pair: {
    type: 'integer',
    min: 0,
    max: 999,
    default: 5,
    label: 'Mask pair',
    description: 'Which two dropout masks stand for the two passes of one training step.',
  },
  optimizer: optimizerParam({
    options: ['adam', 'momentum'],
    description: 'How both networks update their weights.',
  }),
  lr: learningRateParam({
    min: 0.001,
    max: 1,
    default: 0.02,
    description: 'Step size of the optimizer, the same for both networks.',
  }),
  max_steps: stepsParam({
    max: 5000,
    default: 1500,
    description: 'Number of full-batch training steps to run.',
  }),
  seed: seedParam('Seed of the data, the shared initial weights and the dropout masks.', {
    max: 9999,
  }),
} as const;

type Values = WidgetProps<typeof params>['values'];

/** The tiny network: two hidden ReLU layers of 5 units, so 2^10 = 1,024 masks. */
export const MASK_NET_SIZES = [2, 5, 5, 3] as const;
const UNITS = MASK_NET_SIZES[1] + MASK_NET_SIZES[2];
const HISTORY_EVERY = 20;
const CLOUD_SIZE = 200;
const CLASS_COLOURS = ['#b91c1c', '#1e40af', '#047857'];
const PLAIN_COLOUR = 'var(--series-2)';
const RDROP_COLOUR = 'var(--series-3)';
const FIRST_COLOUR = '#c026d3';
const SECOND_COLOUR = '#0891b2';

/** Everything shown for one network. */
export interface NetMaskView extends MaskPairView {
  cloud: [number, number][];
}

interface View {
  steps: number;
  plain: NetMaskView;
  rdrop: NetMaskView;
  /** Fit to the 24 training points with dropout off. */
  plainFit: Evaluation;
  rdropFit: Evaluation;
}

/** The view of one network's layers at the inspected input. */
export function netMaskView(
  layers: readonly DenseLayer[],
  x: readonly number[],
  label: number,
  values: Pick<Values, 'drop_rate' | 'pair' | 'alpha' | 'seed'>,
): NetMaskView {
  const pair = sampleMasks(values.pair, UNITS, values.drop_rate, 2) as [number, number];
  const view = maskPairView(layers, 'relu', x, label, values.drop_rate, pair, values.alpha);
  const cloud = sampleMasks(values.seed * 7 + 3, UNITS, values.drop_rate, CLOUD_SIZE).map((m) =>
    ternary(maskDistribution(view.distributions, m)),
  );
  return { first: view.first, second: view.second, loss: view.loss, stats: view.stats, cloud };
}

const SQRT3_2 = Math.sqrt(3) / 2;

function Simplex({
  name,
  view,
  label,
}: {
  name: string;
  view: NetMaskView | undefined;
  label: number;
}) {
  const vertices: [number, number][] = [
    [0, 0],
    [1, 0],
    [0.5, SQRT3_2],
  ];
  return (
    <Plot
      width={320}
      height={270}
      margin={{ top: 6, right: 6, bottom: 6, left: 6 }}
      x={{ domain: [-0.12, 1.12] }}
      y={{ domain: [-0.1, 0.96] }}
      equalAspect
      title={`Predicted distributions of the ${name} network under dropout masks, on the triangle of three-class distributions`}
      description={
        view
          ? `The model average over all 1,024 masks gives the true class ${label} probability ${view.stats.modelAverage[label].toFixed(3)}, dropout off gives ${view.stats.dropoutOff[label].toFixed(3)}; the two sampled masks give ${view.first[label].toFixed(3)} and ${view.second[label].toFixed(3)}. The grey cloud is ${CLOUD_SIZE} masks drawn at random.`
          : 'Not computed yet.'
      }
    >
      <LinePath data={[...vertices, vertices[0]]} color="var(--muted)" strokeWidth={1.2} />
      <PlotText x={-0.02} y={-0.06}>
        class 0
      </PlotText>
      <PlotText x={1.02} y={-0.06} anchor="end">
        class 1
      </PlotText>
      <PlotText x={0.56} y={SQRT3_2 - 0.02}>
        class 2
      </PlotText>
      <Marker
        x={vertices[label][0]}
        y={vertices[label][1]}
        shape="ring"
        size={7}
        color={CLASS_COLOURS[label]}
      />
      {view && (
        <>
          <Scatter
            points={view.cloud}
            color="#6b7280"
            radius={3}
            opacity={0.4}
            label="distributions under random masks"
            merged
          />
          <LinePath
            data={[ternary(view.first), ternary(view.second)]}
            color="#374151"
            strokeWidth={1.2}
            dash="3 3"
          />
          <Scatter
            points={[ternary(view.first)]}
            color={FIRST_COLOUR}
            radius={5}
            opacity={1}
            label="first mask P¹"
          />
          <Scatter
            points={[ternary(view.second)]}
            color={SECOND_COLOUR}
            radius={5}
            opacity={1}
            label="second mask P²"
          />
          <Marker
            x={ternary(view.stats.modelAverage)[0]}
            y={ternary(view.stats.modelAverage)[1]}
            shape="ring"
            size={7}
            color="#111827"
          />
          <Marker
            x={ternary(view.stats.dropoutOff)[0]}
            y={ternary(view.stats.dropoutOff)[1]}
            shape="cross"
            color="#111827"
          />
        </>
      )}
    </Plot>
  );
}

/** A small colour key in front of a label (the text itself keeps the page's colour). */
function Swatch({ color }: { color: string }) {
  return (
    <span
      className="swatch"
      style={{
        background: color,
        display: 'inline-block',
        width: '0.7em',
        height: '0.7em',
        borderRadius: 2,
        marginRight: '0.3em',
      }}
      aria-hidden="true"
    />
  );
}

/** The four distributions of one network as a small table; each cell is a readout. */
function DistributionTable({ prefix, view }: { prefix: string; view: NetMaskView | undefined }) {
  const rows = [
    { key: 'p1', label: 'P¹ (mask 1)', p: view?.first, color: FIRST_COLOUR },
    { key: 'p2', label: 'P² (mask 2)', p: view?.second, color: SECOND_COLOUR },
    { key: 'avg', label: 'mean over masks ○', p: view?.stats.modelAverage },
    { key: 'off', label: 'dropout off ×', p: view?.stats.dropoutOff },
  ];
  return (
    <table
      className="distribution-table"
      style={{
        fontVariantNumeric: 'tabular-nums',
        fontSize: '0.85rem',
        borderCollapse: 'collapse',
      }}
    >
      <caption style={{ textAlign: 'left', color: 'var(--muted)' }}>Class probabilities</caption>
      <thead>
        <tr>
          <th scope="col" />
          {[0, 1, 2].map((c) => (
            <th key={c} scope="col" style={{ padding: '0 0.5rem' }}>
              <Swatch color={CLASS_COLOURS[c]} />
              class {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>
              {row.color && <Swatch color={row.color} />}
              {row.label}
            </th>
            {[0, 1, 2].map((c) => {
              const value = row.p?.[c] ?? NaN;
              return (
                <td
                  key={c}
                  data-readout={`${prefix}_${row.key}_${c}`}
                  data-value={String(value)}
                  style={{ padding: '0 0.5rem', textAlign: 'right' }}
                >
                  {formatNumber(value, 3)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Both networks' layers after some steps: everything the views below are computed from. */
interface Trained {
  steps: number;
  plain: DenseLayer[];
  rdrop: DenseLayer[];
}

const NETS = [
  { key: 'plain', name: 'dropout-only', colour: PLAIN_COLOUR },
  { key: 'rdrop', name: 'R-Drop', colour: RDROP_COLOUR },
] as const;

function DropoutMasks({ values, set }: WidgetProps<typeof params>) {
  // A [2, 5, 5, 3] network on 24 points: plain TypeScript unless ?backend= forces tfjs.
  const compute = useComputeBackend({ plain: plainMlpChoice(MASK_NET_SIZES, BLOB_TRAIN_SIZE) });
  const path = compute.status === 'ready' && compute.backend.name === 'plain' ? 'plain' : 'tfjs';
  const data = useMemo(() => blobData(values.seed), [values.seed]);
  const x = data.X[values.point];
  const label = data.y[values.point];
  // What the training reads; the inspected point and the mask pair only change the view.
  const { seed, drop_rate: dropRate, alpha, optimizer, lr, max_steps: maxSteps } = values;
  const training = { seed, dropRate, alpha, optimizer, lr, maxSteps };
  const session = useTrainingSession<PairRun, Trained>({
    key: pairRunKey(training, path),
    ready: compute.status === 'ready',
    maxSteps,
    create: () =>
      openPairRun(
        {
          sizes: MASK_NET_SIZES,
          activation: 'relu',
          seed,
          dropRate,
          alpha,
          optimizer,
          learningRate: lr,
          X: data.X,
          y: data.y,
        },
        path,
      ),
    dispose: (run) => run.pair.dispose(),
    step: async (run, { isCurrent }) => {
      const { watch, due } = await trainPair(run, maxSteps, HISTORY_EVERY);
      if (!due) return { watch };
      const steps = run.pair.steps;
      const layers = await run.pair.layers();
      const view = { steps, ...layers };
      if (steps % HISTORY_EVERY !== 0) return { watch, view };
      // The two gap averages enumerate 2 × 24 × 1,024 masks: each gets a task of its own, so
      // that no single task runs long.
      await nextTask();
      if (!isCurrent()) return { watch };
      const plainGap = meanGap(layers.plain, 'relu', data.X, dropRate);
      await nextTask();
      if (!isCurrent()) return { watch };
      const rdropGap = meanGap(layers.rdrop, 'relu', data.X, dropRate);
      return {
        watch,
        view,
        record: {
          plainGap: plainGap.gap,
          rdropGap: rdropGap.gap,
          plainKl: plainGap.expectedSymmetricKl,
          rdropKl: rdropGap.expectedSymmetricKl,
        },
      };
    },
  });
  const layers = session.view;

  // The view is recomputed from the weights whenever the inspected input or the mask pair changes.
  const view: View | null = useMemo(() => {
    if (!layers) return null;
    const fit = (l: DenseLayer[]) =>
      evaluateLogits(
        data.X.map((row) => mlpLogits(l, 'relu', row)),
        data.y,
      );
    const options = { drop_rate: dropRate, pair: values.pair, alpha, seed };
    return {
      steps: layers.steps,
      plain: netMaskView(layers.plain, x, label, options),
      rdrop: netMaskView(layers.rdrop, x, label, options),
      plainFit: fit(layers.plain),
      rdropFit: fit(layers.rdrop),
    };
  }, [layers, data, x, label, dropRate, values.pair, alpha, seed]);

  const titles = { plain: 'Dropout only', rdrop: `R-Drop, α = ${alpha}` };
  const gapTop = autoDomain(
    session.history.flatMap((h) => [h.values.plainGap, h.values.rdropGap]),
    { include: [0, 0.05], pad: 0.1 },
  )[1];
  const last = session.history[session.history.length - 1];

  return (
    <div className="dropout-masks-widget">
      <ParamControls
        schema={params}
        values={values}
        onChange={set}
        only={['alpha', 'drop_rate', 'point', 'pair']}
        more={['optimizer', 'lr', 'max_steps', 'seed']}
      />
      <TrainingControls session={session} compute={compute} stepName={['step', 'steps']} />
      <Readouts label="The inspected input">
        <Readout name="label" label="true class y of this input" value={label} digits={1} />
        <Readout name="x1" label="its first coordinate" value={x[0]} />
        <Readout name="x2" label="its second coordinate" value={x[1]} />
      </Readouts>
      <Comparison minWidth="260px">
        {NETS.map((net) => {
          const v = view?.[net.key];
          return (
            <ComparisonPanel
              key={net.key}
              name={net.key}
              title={titles[net.key]}
              color={net.colour}
            >
              <Simplex name={net.name} view={v} label={label} />
              <DistributionTable prefix={net.key} view={v} />
              <Readouts
                label={`${titles[net.key]}: the R-Drop loss of the two masks, and the gap at this input`}
              >
                <Readout
                  name={`${net.key}_ce1`}
                  label="−ln P¹(y)"
                  value={v ? -Math.log(v.first[label]) : NaN}
                />
                <Readout
                  name={`${net.key}_ce2`}
                  label="−ln P²(y)"
                  value={v ? -Math.log(v.second[label]) : NaN}
                />
                <Readout name={`${net.key}_kl12`} label="KL(P¹‖P²)" value={v?.loss.klAB ?? NaN} />
                <Readout name={`${net.key}_kl21`} label="KL(P²‖P¹)" value={v?.loss.klBA ?? NaN} />
                <Readout
                  name={`${net.key}_loss_ce`}
                  label="CE term −ln P¹(y) − ln P²(y)"
                  value={v?.loss.crossEntropy ?? NaN}
                  color={net.colour}
                />
                <Readout
                  name={`${net.key}_loss_kl`}
                  label="KL term ½(KL + KL)"
                  value={v?.loss.symmetricKl ?? NaN}
                  color={net.colour}
                />
                <Readout
                  name={`${net.key}_loss`}
                  label={`loss = CE + ${alpha}·KL term`}
                  value={v?.loss.total ?? NaN}
                  color={net.colour}
                />
                <Readout
                  name={`${net.key}_sd`}
                  label="spread of P(y) over masks (sd)"
                  value={v?.stats.standardDeviation[label] ?? NaN}
                />
                <Readout
                  name={`${net.key}_gap`}
                  label="gap ½‖mean − off‖₁"
                  value={v?.stats.gap ?? NaN}
                />
                <Readout
                  name={`${net.key}_expected_kl`}
                  label="KL term averaged over all mask pairs"
                  value={v?.stats.expectedSymmetricKl ?? NaN}
                />
              </Readouts>
            </ComparisonPanel>
          );
        })}
      </Comparison>
      <div className="split">
        <Plot
          width={520}
          height={220}
          margin={{ top: 10, right: 16, bottom: 40, left: 52 }}
          x={{ domain: [0, Math.max(values.max_steps, 10)], label: 'training step' }}
          y={{ domain: [0, gapTop], label: 'mean gap' }}
          title="Train/test gap of both networks, averaged over the 24 training points"
          description={
            last
              ? `At step ${last.x} the mean total-variation gap between the average over masks and the dropout-off prediction is ${last.values.plainGap.toFixed(4)} for dropout only and ${last.values.rdropGap.toFixed(4)} for R-Drop.`
              : 'Not trained yet.'
          }
        >
          <Axes grid />
          <LinePath
            data={session.line('plainGap')}
            color={PLAIN_COLOUR}
            label="gap, dropout only"
          />
          <LinePath data={session.line('rdropGap')} color={RDROP_COLOUR} label="gap, R-Drop" />
        </Plot>
        <Plot
          width={260}
          height={220}
          margin={{ top: 10, right: 10, bottom: 30, left: 36 }}
          x={{ domain: [-2.6, 2.6] }}
          y={{ domain: [-2.4, 2.8] }}
          equalAspect
          title="The 24 training points of the three classes"
          description={`The inspected input is point ${values.point}, at (${x[0].toFixed(2)}, ${x[1].toFixed(2)}), of class ${label}.`}
        >
          <Axes xTicks={3} yTicks={3} />
          {[0, 1, 2].map((k) => (
            <Scatter
              key={k}
              points={data.X.filter((_, i) => data.y[i] === k).map(([a, b]) => [a, b] as const)}
              color={CLASS_COLOURS[k]}
              radius={3.5}
              opacity={0.9}
              label={`class ${k}`}
            />
          ))}
          <Marker x={x[0]} y={x[1]} shape="ring" size={7} color="#111827" />
        </Plot>
      </div>
      <Readouts label="Averaged over the 24 training points">
        <Readout name="steps" label="steps trained" value={view?.steps ?? 0} />
        <Readout
          name="plain_mean_gap"
          label="mean gap, dropout only"
          value={last?.values.plainGap ?? NaN}
          color={PLAIN_COLOUR}
        />
        <Readout
          name="rdrop_mean_gap"
          label="mean gap, R-Drop"
          value={last?.values.rdropGap ?? NaN}
          color={RDROP_COLOUR}
        />
        <Readout
          name="plain_mean_expected_kl"
          label="mean expected KL term, dropout only"
          value={last?.values.plainKl ?? NaN}
          color={PLAIN_COLOUR}
        />
        <Readout
          name="rdrop_mean_expected_kl"
          label="mean expected KL term, R-Drop"
          value={last?.values.rdropKl ?? NaN}
          color={RDROP_COLOUR}
        />
        <Readout name="history_steps" label="gap measured at step" value={last?.x ?? NaN} />
        <Readout
          name="plain_train_loss"
          label="training loss, dropout only"
          value={view?.plainFit.loss ?? NaN}
          unit="nats"
          color={PLAIN_COLOUR}
        />
        <Readout
          name="rdrop_train_loss"
          label="training loss, R-Drop"
          value={view?.rdropFit.loss ?? NaN}
          unit="nats"
          color={RDROP_COLOUR}
        />
        <Readout
          name="plain_train_accuracy"
          label="training accuracy, dropout only"
          value={view?.plainFit.accuracy ?? NaN}
          color={PLAIN_COLOUR}
        />
        <Readout
          name="rdrop_train_accuracy"
          label="training accuracy, R-Drop"
          value={view?.rdropFit.accuracy ?? NaN}
          color={RDROP_COLOUR}
        />
      </Readouts>
    </div>
  );
}

export default defineWidget({
  id: 'dropout-masks',
  params,
  Component: DropoutMasks,
  compute: 'tfjs',
  embedHeight: 1250,
});
