import { scaledMultilabelLoss } from '../math';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import {
  Axes,
  DraggablePoint,
  HorizontalRule,
  LinePath,
  Plot,
  PlotText,
  usePlot,
  Legend,
  VerticalRule,
} from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { COLORS as SERIES } from './losses';
import { integerDigits, lossAgainstGamma, smoothMax, targetsFrom } from './readouts';
import { TargetChecks } from './TargetChecks';

const CLASSES = 6;
const RANGE = 5;
const GAMMA: [number, number] = [0.1, 100];

const params = {
  gamma: {
    type: 'number',
    min: GAMMA[0],
    max: GAMMA[1],
    step: 0.01,
    log: true,
    default: 1,
    label: 'Sharpness γ',
    description:
      'The scale inside the exponentials; γ = 1 is the loss of the article, large γ approaches the hard maximum.',
  },
  threshold: {
    type: 'boolean',
    default: true,
    label: 'Threshold class s₀ = 0',
    description:
      'Include the extra class with score 0 that every target must beat and every non-target must stay below.',
  },
  scores: {
    type: 'vector',
    length: CLASSES,
    min: -RANGE,
    max: RANGE,
    step: 0.01,
    default: [2, -1.5, 1, -2.5, -0.5, -3],
    label: 'Scores s',
    description: 'The score of each class; drag the dots along their rows.',
  },
  targets: {
    type: 'vector',
    length: CLASSES,
    min: 0,
    max: 1,
    step: 1,
    default: [1, 0, 0, 0, 1, 0],
    label: 'Targets y',
    description: '1 where the class is a label of the example, 0 where it is not.',
  },
} as const;

const COLORS = { target: SERIES.target, other: SERIES.other, loss: SERIES.zlpr };

/** The top edge of the dot plot, half a row above class 1. */
const TOP_ROW = 0.5;

/** The gap from min s_pos to max s_neg as a bracket along the top of the dot plot. */
function GapBracket({ from, to }: { from: number; to: number }) {
  const { xScale } = usePlot();
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  const color = to > from ? 'var(--danger, #b91c1c)' : 'var(--muted)';
  return (
    <g aria-hidden="true">
      {/* In the top margin, above the first row, where a LinePath would be clipped away. */}
      <line x1={xScale(from)} x2={xScale(to)} y1={-10} y2={-10} stroke={color} strokeWidth={2} />
      <PlotText
        x={(from + to) / 2}
        y={TOP_ROW}
        anchor="middle"
        offset={[0, -14]}
        size={11}
        color={color}
      >
        max s_neg − min s_pos = {(to - from).toFixed(2)}
      </PlotText>
    </g>
  );
}

function SmoothMax({ values, set }: WidgetProps<typeof params>) {
  const targets = targetsFrom(values.targets, CLASSES);
  const { scores, gamma, threshold } = values;
  const r = smoothMax(scores, targets, gamma, threshold);
  // 121 closed-form evaluations: cheap enough to redo on every render.
  const curve = lossAgainstGamma(scores, targets, threshold, GAMMA[0], GAMMA[1]);
  const bound = curve.map(([g]) => [g, r.hinge + Math.log(r.terms) / g] as [number, number]);
  const yMax = Math.max(2, Math.ceil(r.hinge + 2.5));

  return (
    <div className="smooth-max-widget">
      <div className="split">
        <div>
          <Plot
            width={560}
            height={230}
            margin={{ top: 30 }}
            x={{ domain: [-RANGE, RANGE], label: 'score' }}
            y={{ domain: [CLASSES + 0.5, TOP_ROW], label: 'class' }}
            title="The scores on a line: targets in blue, non-targets in orange"
            description={`Largest non-target score ${r.maxNegative.toFixed(2)}, smallest target score ${r.minPositive.toFixed(2)}.`}
          >
            <Axes grid yTicks={CLASSES} />
            {threshold && (
              <VerticalRule x={0} label="s₀ = 0" labelY={-6} color="var(--fg)" dash="5 4" />
            )}
            <GapBracket from={r.minPositive} to={r.maxNegative} />
            {scores.map((s, k) => (
              <DraggablePoint
                key={k}
                x={s}
                y={k + 1}
                label={`Score of class ${k + 1} (${targets[k] ? 'target' : 'not a target'})`}
                color={targets[k] ? COLORS.target : COLORS.other}
                shape={targets[k] ? 'circle' : 'square'}
                step={0.1}
                constrain={(x) => [Math.min(Math.max(x, -RANGE), RANGE), k + 1]}
                onChange={(x) =>
                  set({ scores: scores.map((v, i) => (i === k ? Math.round(x * 100) / 100 : v)) })
                }
              />
            ))}
          </Plot>
          <TargetChecks
            legend="Targets"
            targets={values.targets}
            classes={CLASSES}
            onChange={(next) => set({ targets: next })}
          />
          <Plot
            width={560}
            height={260}
            x={{ domain: GAMMA, log: true, label: 'sharpness γ' }}
            y={{ domain: [0, yMax], label: 'loss' }}
            title="The smoothed loss against the sharpness γ, with its hard limit and upper bound"
            description={`At γ = ${gamma}: loss ${r.loss.toFixed(4)}, hard limit ${r.hinge.toFixed(4)}, upper bound ${(r.hinge + r.gapBound).toFixed(4)}.`}
          >
            <Axes grid />
            <LinePath data={bound} color="var(--muted)" dash="2 3" label="hinge + ln T / γ" />
            <HorizontalRule y={r.hinge} color="var(--fg)" dash="6 4" />
            <LinePath data={curve} color={COLORS.loss} strokeWidth={2.5} label="smoothed loss" />
            <DraggablePoint
              x={gamma}
              y={r.loss}
              label="Sharpness γ on the loss curve"
              color={COLORS.loss}
              constrain={(g) => {
                const c = Math.min(Math.max(g, GAMMA[0]), GAMMA[1]);
                return [c, scaledMultilabelLoss(scores, targets, { scale: c, threshold })];
              }}
              onChange={(g) => set({ gamma: Number(g.toPrecision(3)) })}
            />
          </Plot>
          <Legend
            entries={[
              { label: 'loss at sharpness γ', color: COLORS.loss },
              { label: 'hard limit (γ → ∞)', color: 'var(--fg)', width: 1, dash: '6 4' },
              { label: 'hard limit + ln T / γ', color: 'var(--muted)', width: 2, dash: '2 3' },
            ]}
          />
        </div>
        <Readouts label="Smooth maximum against hard maximum">
          <Readout
            name="loss"
            label={`loss at γ = ${gamma}`}
            value={r.loss}
            digits={6}
            color={COLORS.loss}
          />
          <Readout name="hinge" label="hard limit" value={r.hinge} digits={6} />
          <Readout
            name="max_negative"
            label="max s_neg"
            value={r.maxNegative}
            color={COLORS.other}
          />
          <Readout
            name="min_positive"
            label="min s_pos"
            value={r.minPositive}
            color={COLORS.target}
          />
          <Readout name="gap" label="loss − hard limit" value={r.loss - r.hinge} />
          <Readout name="gap_bound" label="ln T / γ (bound on the gap)" value={r.gapBound} />
          <Readout
            name="terms"
            label="T, terms in the log"
            value={r.terms}
            digits={integerDigits(r.terms)}
          />
        </Readouts>
      </div>
      <ParamControls schema={params} values={values} onChange={set} only={['gamma', 'threshold']} />
    </div>
  );
}

export default defineWidget({
  id: 'smooth-max',
  params,
  Component: SmoothMax,
  compute: 'js',
  embedHeight: 900,
});
