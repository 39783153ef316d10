import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import {
  Axes,
  DraggableBars,
  HorizontalRule,
  Legend,
  Plot,
  usePlot,
} from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, ReadoutGrid, Readouts, type ReadoutColumn } from '../../../src/widgets/Readout';
import { COLORS, LOSS_ROWS } from './losses';
import { integerDigits, scoreBoard, targetsFrom } from './readouts';
import { TargetChecks } from './TargetChecks';

const MAX_CLASSES = 10;
const SCORE_RANGE = 8;

const params = {
  classes: {
    type: 'integer',
    min: 2,
    max: MAX_CLASSES,
    default: 5,
    label: 'Classes n',
    description: 'How many classes the example has (the first n scores and targets are used).',
  },
  scores: {
    type: 'vector',
    length: MAX_CLASSES,
    min: -SCORE_RANGE,
    max: SCORE_RANGE,
    step: 0.01,
    default: [2, 1, -1, 0.5, -3, -1, -2, 0.5, -1.5, -2.5],
    label: 'Scores s',
    description: 'The logit of each class; drag the bars or focus one and use the arrow keys.',
  },
  targets: {
    type: 'vector',
    length: MAX_CLASSES,
    min: 0,
    max: 1,
    step: 1,
    default: [1, 0, 0, 1, 0, 0, 0, 0, 0, 0],
    label: 'Targets y',
    description: '1 where the class is one of the example’s labels, 0 where it is not.',
  },
} as const;

/** Paired bars per class: the push −∂L/∂s_k of each loss (the per-class table has the numbers). */
function PushBars({ zlpr, bce }: { zlpr: number[]; bce: number[] }) {
  const { xScale, yScale } = usePlot();
  const w = Math.abs(xScale(1) - xScale(0)) * 0.3;
  const y0 = yScale(0);
  const bar = (v: number, x: number, color: string) => (
    <rect
      x={x}
      y={Math.min(y0, yScale(v))}
      width={w}
      height={Math.max(Math.abs(yScale(v) - y0), 0.5)}
      fill={color}
    />
  );
  return (
    <g aria-hidden="true">
      {zlpr.map((v, k) => (
        <g key={k}>
          {bar(v, xScale(k) - w, COLORS.zlpr)}
          {bar(bce[k], xScale(k), COLORS.bce)}
        </g>
      ))}
    </g>
  );
}

/** The columns of the per-class table; each cell is `<column>_<class>`, e.g. `bce_2`. */
const PER_CLASS: readonly ReadoutColumn[] = [
  { key: 'score', label: 'score' },
  { key: 'push_zlpr', label: 'softmax CE push' },
  { key: 'push_bce', label: 'BCE push' },
  { key: 'bce', label: 'BCE loss' },
];

function ScoreBars({ values, set }: WidgetProps<typeof params>) {
  const n = values.classes;
  const scores = values.scores.slice(0, n);
  const targets = targetsFrom(values.targets, n);
  const board = scoreBoard(scores, targets);
  const perClass: Record<string, number[]> = {
    score: scores,
    push_zlpr: board.pushZlpr,
    push_bce: board.pushBce,
    bce: board.bcePerClass,
  };
  const pushes: Record<string, number> = {
    down_zlpr: board.downOnNegativesZlpr,
    up_zlpr: board.upOnPositivesZlpr,
    down_bce: board.downOnNegativesBce,
    up_bce: board.upOnPositivesBce,
  };
  const classNames = scores.map((_, k) => `class ${k + 1}`);
  const xDomain: [number, number] = [-0.5, n - 0.5];
  const xFormat = (v: number) => (Number.isInteger(v) && v >= 0 && v < n ? String(v + 1) : '');
  const positives = classNames.filter((_, k) => targets[k] === 1);

  return (
    <div className="score-bars-widget">
      <div className="split">
        <div>
          <Plot
            width={560}
            height={250}
            x={{ domain: xDomain, label: 'class' }}
            y={{ domain: [-SCORE_RANGE, SCORE_RANGE], label: 'score s_k' }}
            title="Class scores: drag a bar to change a score"
            description={`Scores ${scores.map((s) => s.toFixed(2)).join(', ')}; targets: ${positives.join(', ') || 'none'}. Multi-label loss ${board.zlpr.toFixed(4)}, summed binary cross-entropy ${board.bce.toFixed(4)}.`}
          >
            <Axes grid xTicks={n} xFormat={xFormat} />
            <HorizontalRule y={0} label="threshold 0" color="var(--fg)" dash="5 4" />
            <DraggableBars
              values={scores}
              onChange={(k, v) => set({ scores: values.scores.map((s, i) => (i === k ? v : s)) })}
              labels={classNames.map(
                (c, k) => `Score of ${c} (${targets[k] ? 'target' : 'not a target'})`,
              )}
              colors={targets.map((t) => (t ? COLORS.target : COLORS.other))}
              step={0.1}
              snap={0.01}
            />
          </Plot>
          <TargetChecks
            legend="Targets (the example’s labels)"
            targets={values.targets}
            classes={n}
            onChange={(next) => set({ targets: next })}
          />
          <Plot
            width={560}
            height={200}
            x={{ domain: xDomain, label: 'class' }}
            y={{ domain: [-1, 1], label: 'push −∂L/∂s_k' }}
            title="How gradient descent pushes each score, for each loss"
            description={`Multi-label loss: total push down on non-targets ${board.downOnNegativesZlpr.toFixed(3)}, up on targets ${board.upOnPositivesZlpr.toFixed(3)}. Binary cross-entropy: down ${board.downOnNegativesBce.toFixed(3)}, up ${board.upOnPositivesBce.toFixed(3)}.`}
          >
            <Axes grid xTicks={n} xFormat={xFormat} yTicks={4} />
            <HorizontalRule y={0} color="var(--fg)" dash="" />
            <PushBars zlpr={board.pushZlpr} bce={board.pushBce} />
          </Plot>
          <Legend
            entries={[
              { label: 'target', color: COLORS.target, mark: 'box' },
              { label: 'not a target', color: COLORS.other, mark: 'box' },
              { label: 'multi-label softmax CE', color: COLORS.zlpr, mark: 'box' },
              { label: 'binary CE per class', color: COLORS.bce, mark: 'box' },
            ]}
          />
        </div>
        <div>
          <Readouts label="The two losses for these scores">
            <Readout name="zlpr" label="multi-label softmax CE" value={board.zlpr} digits={6} />
            <Readout name="zlpr_negative" label="ln(1+Σ_neg e^s)" value={board.zlprNegative} />
            <Readout name="zlpr_positive" label="ln(1+Σ_pos e^−s)" value={board.zlprPositive} />
            <Readout name="bce" label="binary CE, summed" value={board.bce} digits={6} />
            <Readout
              name="mistakes"
              label="classes on the wrong side of 0"
              value={board.mistakes}
              digits={integerDigits(board.mistakes)}
            />
          </Readouts>
          <ReadoutGrid
            label="Total push of each loss"
            columns={[
              { key: 'down', label: 'down on non-targets' },
              { key: 'up', label: 'up on targets' },
            ]}
            rows={LOSS_ROWS}
            value={(loss, way) => pushes[`${way}_${loss}`]}
          />
        </div>
      </div>
      <ReadoutGrid
        label="Per class"
        columns={PER_CLASS}
        rows={scores.map((_, k) => ({
          key: String(k + 1),
          label: targets[k] ? `${k + 1} (target)` : String(k + 1),
          digits: 3,
        }))}
        value={(k, column) => perClass[column][Number(k) - 1]}
      />
      <ParamControls schema={params} values={values} onChange={set} only={['classes']} />
    </div>
  );
}

export default defineWidget({
  id: 'score-bars',
  params,
  Component: ScoreBars,
  compute: 'js',
  embedHeight: 980,
});
