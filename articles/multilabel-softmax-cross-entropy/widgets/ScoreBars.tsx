import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, LinePath, Plot, usePlot, Legend } from '../../../src/widgets/plot';
import { DraggableBars } from '../../../src/widgets/plot/DraggableBars';
import { ParamControls } from '../../../src/widgets/controls';
import { formatNumber, Readout, Readouts } from '../../../src/widgets/Readout';
import { integerDigits, scoreBoard, targetsFrom } from './readouts';

export const MAX_CLASSES = 10;
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

type Values = WidgetProps<typeof params>['values'];

export const COLORS = {
  target: 'var(--series-1)',
  other: 'var(--series-2)',
  zlpr: 'var(--series-3)',
  bce: 'var(--series-4)',
};

/** A horizontal line across the plot at y (the threshold s = 0). */
function Threshold({ y, label }: { y: number; label: string }) {
  const { yScale, innerWidth } = usePlot();
  const py = yScale(y);
  return (
    <g aria-hidden="true">
      <line x1={0} x2={innerWidth} y1={py} y2={py} stroke="var(--fg)" strokeDasharray="5 4" />
      <text x={innerWidth - 4} y={py - 5} textAnchor="end" fontSize={11} fill="var(--fg)">
        {label}
      </text>
    </g>
  );
}

/** Paired bars per class: the push −∂L/∂s_k of each loss, with test hooks on each bar. */
function PushBars({ zlpr, bce }: { zlpr: number[]; bce: number[] }) {
  const { xScale, yScale } = usePlot();
  const w = Math.abs(xScale(1) - xScale(0)) * 0.3;
  const y0 = yScale(0);
  const bar = (v: number, cx: number, color: string, name: string) => (
    <rect
      key={name}
      data-readout={name}
      data-value={String(v)}
      x={cx}
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
          {bar(v, xScale(k) - w, COLORS.zlpr, `push_zlpr_${k + 1}`)}
          {bar(bce[k], xScale(k), COLORS.bce, `push_bce_${k + 1}`)}
        </g>
      ))}
    </g>
  );
}

function ScoreBars({ values, set }: WidgetProps<typeof params>) {
  const n = values.classes;
  const scores = values.scores.slice(0, n);
  const targets = targetsFrom(values.targets, n);
  const board = scoreBoard(scores, targets);
  const classNames = scores.map((_, k) => `class ${k + 1}`);
  const xDomain: [number, number] = [-0.5, n - 0.5];
  const xFormat = (v: number) => (Number.isInteger(v) && v >= 0 && v < n ? String(v + 1) : '');
  const positives = classNames.filter((_, k) => targets[k] === 1);

  const setScore = (index: number, value: number) => {
    const next = [...values.scores];
    next[index] = value;
    set({ scores: next } as Partial<Values>);
  };
  const toggleTarget = (index: number) => {
    const next: number[] = values.targets.map((t) => (t >= 0.5 ? 1 : 0));
    next[index] = 1 - next[index];
    set({ targets: next } as Partial<Values>);
  };

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
            <Threshold y={0} label="threshold 0" />
            <DraggableBars
              values={scores}
              onChange={setScore}
              labels={classNames.map(
                (c, k) => `Score of ${c} (${targets[k] ? 'target' : 'not a target'})`,
              )}
              colors={targets.map((t) => (t ? COLORS.target : COLORS.other))}
              step={0.1}
              snap={0.01}
            />
          </Plot>
          <fieldset className="control" data-param="targets" style={{ border: 0, padding: 0 }}>
            <legend className="control-label">Targets (the example’s labels)</legend>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.25rem 0.9rem' }}>
              {classNames.map((c, k) => (
                <label key={k} style={{ whiteSpace: 'nowrap' }}>
                  <input
                    type="checkbox"
                    aria-label={`${c[0].toUpperCase()}${c.slice(1)} is a target`}
                    checked={targets[k] === 1}
                    onChange={() => toggleTarget(k)}
                  />{' '}
                  {c}
                </label>
              ))}
            </div>
          </fieldset>
          <Plot
            width={560}
            height={200}
            x={{ domain: xDomain, label: 'class' }}
            y={{ domain: [-1, 1], label: 'push −∂L/∂s_k' }}
            title="How gradient descent pushes each score, for each loss"
            description={`Multi-label loss: total push down on non-targets ${board.downOnNegativesZlpr.toFixed(3)}, up on targets ${board.upOnPositivesZlpr.toFixed(3)}. Binary cross-entropy: down ${board.downOnNegativesBce.toFixed(3)}, up ${board.upOnPositivesBce.toFixed(3)}.`}
          >
            <Axes grid xTicks={n} xFormat={xFormat} yTicks={4} />
            <LinePath
              data={[
                [xDomain[0], 0],
                [xDomain[1], 0],
              ]}
              color="var(--fg)"
              strokeWidth={1}
            />
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
        <Readouts label="The two losses for these scores">
          <Readout name="zlpr" label="multi-label softmax CE" value={board.zlpr} digits={6} />
          <Readout name="zlpr_negative" label="ln(1+Σ_neg e^s)" value={board.zlprNegative} />
          <Readout name="zlpr_positive" label="ln(1+Σ_pos e^−s)" value={board.zlprPositive} />
          <Readout name="bce" label="binary CE, summed" value={board.bce} digits={6} />
          <Readout
            name="down_zlpr"
            label="push down on non-targets (softmax CE)"
            value={board.downOnNegativesZlpr}
            color={COLORS.zlpr}
          />
          <Readout
            name="down_bce"
            label="push down on non-targets (BCE)"
            value={board.downOnNegativesBce}
            color={COLORS.bce}
          />
          <Readout
            name="up_zlpr"
            label="push up on targets (softmax CE)"
            value={board.upOnPositivesZlpr}
            color={COLORS.zlpr}
          />
          <Readout
            name="up_bce"
            label="push up on targets (BCE)"
            value={board.upOnPositivesBce}
            color={COLORS.bce}
          />
          <Readout
            name="mistakes"
            label="classes on the wrong side of 0"
            value={board.mistakes}
            digits={integerDigits(board.mistakes)}
          />
        </Readouts>
      </div>
      <table className="per-class" style={{ fontVariantNumeric: 'tabular-nums', width: '100%' }}>
        <caption style={{ textAlign: 'left' }}>Per class</caption>
        <thead>
          <tr>
            <th scope="col">class</th>
            <th scope="col">target</th>
            <th scope="col">score</th>
            <th scope="col">softmax CE push</th>
            <th scope="col">BCE push</th>
            <th scope="col">BCE loss</th>
          </tr>
        </thead>
        <tbody>
          {scores.map((s, k) => (
            <tr key={k}>
              <th scope="row">{k + 1}</th>
              <td>{targets[k] ? 'yes' : 'no'}</td>
              <td data-readout={`score_${k + 1}`} data-value={String(s)}>
                {formatNumber(s, 3)}
              </td>
              <td>{formatNumber(board.pushZlpr[k], 3)}</td>
              <td>{formatNumber(board.pushBce[k], 3)}</td>
              <td data-readout={`bce_${k + 1}`} data-value={String(board.bcePerClass[k])}>
                {formatNumber(board.bcePerClass[k], 3)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ParamControls
        schema={params}
        values={values}
        onChange={(patch) => set(patch as Partial<Values>)}
        only={['classes']}
      />
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
