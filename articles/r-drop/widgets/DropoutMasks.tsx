import { useCallback, useMemo, useRef, useState } from 'react';
import { mlpLayers, mlpLogits, type DenseLayer } from '../math';
import { seedParam } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, LinePath, Plot, Scatter, usePlot } from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { formatNumber, Readout, Readouts } from '../../../src/widgets/Readout';
import { ComputeNotice } from '../../../src/widgets/ComputeNotice';
import { RunnerControls } from '../../../src/widgets/RunnerControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { BLOB_TRAIN_SIZE, blobData } from './data';
import {
  maskDistribution,
  maskPairView,
  meanGap,
  sampleMasks,
  ternary,
  type MaskPairView,
} from './maskView';
import { PairSession } from './pairSession';
import { usePairRunner } from './usePairRunner';
import { evaluateLogits, type Evaluation, type RdropPair } from './training';

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
    max: 1,
    step: 0.001,
    log: true,
    default: 0.02,
    label: 'Learning rate',
    description: 'Step size of the optimizer, the same for both networks.',
  },
  max_steps: {
    type: 'integer',
    min: 10,
    max: 5000,
    default: 1500,
    log: true,
    label: 'Steps',
    description: 'Number of full-batch training steps to run.',
  },
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

interface HistoryPoint {
  steps: number;
  plainGap: number;
  rdropGap: number;
  plainKl: number;
  rdropKl: number;
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

/** Resolves in a later task, so that the work after it does not lengthen the current one. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A text label at a data point. */
function Label({
  at,
  text,
  anchor,
  color,
}: {
  at: [number, number];
  text: string;
  anchor: 'start' | 'middle' | 'end';
  color?: string;
}) {
  const { xScale, yScale } = usePlot();
  return (
    <text
      x={xScale(at[0])}
      y={yScale(at[1])}
      textAnchor={anchor}
      fontSize={12}
      fill={color ?? 'currentColor'}
    >
      {text}
    </text>
  );
}

/** An open marker (ring or cross) at a data point. */
function Marker({
  at,
  shape,
  color,
}: {
  at: [number, number];
  shape: 'ring' | 'cross';
  color: string;
}) {
  const { xScale, yScale } = usePlot();
  const x = xScale(at[0]);
  const y = yScale(at[1]);
  return shape === 'ring' ? (
    <circle cx={x} cy={y} r={7} fill="none" stroke={color} strokeWidth={2.5} />
  ) : (
    <path
      d={`M${x - 6},${y - 6}L${x + 6},${y + 6}M${x - 6},${y + 6}L${x + 6},${y - 6}`}
      stroke={color}
      strokeWidth={2.5}
    />
  );
}

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
      <Label at={[-0.02, -0.06]} text="class 0" anchor="start" />
      <Label at={[1.02, -0.06]} text="class 1" anchor="end" />
      <Label at={[0.56, SQRT3_2 - 0.02]} text="class 2" anchor="start" />
      <Marker at={vertices[label]} shape="ring" color={CLASS_COLOURS[label]} />
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
          <Marker at={ternary(view.stats.modelAverage)} shape="ring" color="#111827" />
          <Marker at={ternary(view.stats.dropoutOff)} shape="cross" color="#111827" />
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

function DropoutMasks({ values, set }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const ready = compute.status === 'ready';
  const data = useMemo(() => blobData(values.seed), [values.seed]);
  const x = data.X[values.point];
  const label = data.y[values.point];
  const config = useMemo(
    () => ({
      sizes: MASK_NET_SIZES,
      activation: 'relu' as const,
      seed: values.seed,
      dropRate: values.drop_rate,
      alpha: values.alpha,
      optimizer: values.optimizer,
      learningRate: values.lr,
      X: data.X,
      y: data.y,
    }),
    [values.seed, values.drop_rate, values.alpha, values.optimizer, values.lr, data],
  );
  const [layers, setLayers] = useState<{
    steps: number;
    plain: DenseLayer[];
    rdrop: DenseLayer[];
  } | null>(null);
  const [historyView, setHistoryView] = useState<HistoryPoint[]>([]);
  const [session] = useState(() => new PairSession());
  const history = useRef<HistoryPoint[]>([]);

  // The view is recomputed from the weights whenever the inspected input or the mask pair changes.
  const view: View | null = useMemo(
    () =>
      layers && {
        steps: layers.steps,
        plain: netMaskView(layers.plain, x, label, values),
        rdrop: netMaskView(layers.rdrop, x, label, values),
        plainFit: evaluateLogits(
          data.X.map((row) => mlpLogits(layers.plain, 'relu', row)),
          data.y,
        ),
        rdropFit: evaluateLogits(
          data.X.map((row) => mlpLogits(layers.rdrop, 'relu', row)),
          data.y,
        ),
      },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the fields netMaskView reads
    [layers, data, x, label, values.drop_rate, values.pair, values.alpha, values.seed],
  );

  const refresh = useCallback(
    async (pair: RdropPair) => {
      const ticket = session.beginRefresh();
      const steps = pair.steps;
      const plain = await mlpLayers(pair.plain);
      const rdrop = await mlpLayers(pair.rdrop);
      if (!session.accept(ticket)) return;
      setLayers({ steps, plain, rdrop });
      if (steps % HISTORY_EVERY === 0 && !history.current.some((h) => h.steps === steps)) {
        // The two gap averages enumerate 2 × 24 × 1,024 masks: each gets a task of its own,
        // after the view above has been shown, so that no single task runs long.
        await nextTask();
        if (!session.isLive(ticket)) return;
        const gp = meanGap(plain, 'relu', data.X, config.dropRate);
        await nextTask();
        if (!session.isLive(ticket)) return;
        const gr = meanGap(rdrop, 'relu', data.X, config.dropRate);
        // The first refresh runs beside the first steps: keep one point per step, in order.
        if (history.current.some((h) => h.steps === steps)) return;
        history.current = [
          ...history.current,
          {
            steps,
            plainGap: gp.gap,
            rdropGap: gr.gap,
            plainKl: gp.expectedSymmetricKl,
            rdropKl: gr.expectedSymmetricKl,
          },
        ].sort((a, b) => a.steps - b.steps);
        setHistoryView(history.current);
      }
    },
    [session, data, config.dropRate],
  );

  const clear = useCallback(() => {
    history.current = [];
    setLayers(null);
    setHistoryView([]);
  }, []);

  const runner = usePairRunner({
    session,
    config,
    maxSteps: values.max_steps,
    ready,
    refresh,
    refreshEvery: HISTORY_EVERY,
    clear,
  });

  const nets = [
    { key: 'plain', name: 'dropout-only', title: 'Dropout only', colour: PLAIN_COLOUR },
    { key: 'rdrop', name: 'R-Drop', title: `R-Drop, α = ${values.alpha}`, colour: RDROP_COLOUR },
  ] as const;
  const gapTop = Math.max(
    0.05,
    ...historyView.flatMap((h) => [h.plainGap, h.rdropGap]).filter(Number.isFinite),
  );
  const last = historyView[historyView.length - 1];
  const onChange = (patch: Partial<Values>) => set(patch);

  return (
    <div className="dropout-masks-widget">
      <ParamControls
        schema={params}
        values={values}
        onChange={onChange}
        only={['alpha', 'drop_rate', 'point', 'pair']}
      />
      <details className="widget-more">
        <summary>More settings</summary>
        <ParamControls
          schema={params}
          values={values}
          onChange={onChange}
          only={['optimizer', 'lr', 'max_steps', 'seed']}
        />
      </details>
      <RunnerControls runner={runner} stepName={['step', 'steps']} disabled={!ready} />
      <ComputeNotice compute={compute} />
      <Readouts label="The inspected input">
        <Readout name="label" label="true class y of this input" value={label} digits={1} />
        <Readout name="x1" label="its first coordinate" value={x[0]} />
        <Readout name="x2" label="its second coordinate" value={x[1]} />
      </Readouts>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))',
          gap: '0.75rem',
        }}
      >
        {nets.map((net) => {
          const v = view?.[net.key];
          return (
            <div key={net.key} data-net={net.key}>
              <p style={{ margin: '0 0 0.2rem', fontWeight: 600, color: net.colour }}>
                {net.title}
              </p>
              <Simplex name={net.name} view={v} label={label} />
              <DistributionTable prefix={net.key} view={v} />
              <Readouts
                label={`${net.title}: the R-Drop loss of the two masks, and the gap at this input`}
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
                  label={`loss = CE + ${values.alpha}·KL term`}
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
            </div>
          );
        })}
      </div>
      <div className="split">
        <Plot
          width={520}
          height={220}
          margin={{ top: 10, right: 16, bottom: 40, left: 52 }}
          x={{ domain: [0, Math.max(values.max_steps, 10)], label: 'training step' }}
          y={{ domain: [0, gapTop * 1.1], label: 'mean gap' }}
          title="Train/test gap of both networks, averaged over the 24 training points"
          description={
            last
              ? `At step ${last.steps} the mean total-variation gap between the average over masks and the dropout-off prediction is ${last.plainGap.toFixed(4)} for dropout only and ${last.rdropGap.toFixed(4)} for R-Drop.`
              : 'Not trained yet.'
          }
        >
          <Axes grid />
          <LinePath
            data={historyView.map((h) => [h.steps, h.plainGap] as const)}
            color={PLAIN_COLOUR}
            label="gap, dropout only"
          />
          <LinePath
            data={historyView.map((h) => [h.steps, h.rdropGap] as const)}
            color={RDROP_COLOUR}
            label="gap, R-Drop"
          />
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
          <Marker at={[x[0], x[1]]} shape="ring" color="#111827" />
        </Plot>
      </div>
      <Readouts label="Averaged over the 24 training points">
        <Readout name="steps" label="steps trained" value={view?.steps ?? 0} />
        <Readout
          name="plain_mean_gap"
          label="mean gap, dropout only"
          value={last?.plainGap ?? NaN}
          color={PLAIN_COLOUR}
        />
        <Readout
          name="rdrop_mean_gap"
          label="mean gap, R-Drop"
          value={last?.rdropGap ?? NaN}
          color={RDROP_COLOUR}
        />
        <Readout
          name="plain_mean_expected_kl"
          label="mean expected KL term, dropout only"
          value={last?.plainKl ?? NaN}
          color={PLAIN_COLOUR}
        />
        <Readout
          name="rdrop_mean_expected_kl"
          label="mean expected KL term, R-Drop"
          value={last?.rdropKl ?? NaN}
          color={RDROP_COLOUR}
        />
        <Readout name="history_steps" label="gap measured at step" value={last?.steps ?? NaN} />
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
