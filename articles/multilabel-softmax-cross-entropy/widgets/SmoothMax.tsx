import { scaledMultilabelLoss } from '../math';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import {
  Axes,
  DraggablePoint,
  LinePath,
  Plot,
  usePlot,
  Legend,
  VerticalRule,
} from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { integerDigits, lossAgainstGamma, smoothMax, targetsFrom } from './readouts';

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

type Values = WidgetProps<typeof params>['values'];

const COLORS = {
  target: 'var(--series-1)',
  other: 'var(--series-2)',
  loss: 'var(--series-3)',
};

/** The gap from min s_pos to max s_neg as a bracket along the top of the dot plot. */
function GapBracket({ from, to }: { from: number; to: number }) {
  const { xScale } = usePlot();
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  const [a, b] = [xScale(from), xScale(to)];
  // In the top margin, above the first row.
  const y = -10;
  const violated = to > from;
  return (
    <g aria-hidden="true">
      <line
        x1={a}
        x2={b}
        y1={y}
        y2={y}
        stroke={violated ? 'var(--danger, #b91c1c)' : 'var(--muted)'}
        strokeWidth={2}
      />
      <text
        x={(a + b) / 2}
        y={y - 4}
        textAnchor="middle"
        fontSize={11}
        fill={violated ? 'var(--danger, #b91c1c)' : 'var(--muted)'}
      >
        max s_neg − min s_pos = {(to - from).toFixed(2)}
      </text>
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

  const setScore = (k: number, x: number) => {
    const next = [...scores];
    next[k] = Math.round(x * 100) / 100;
    set({ scores: next } as Partial<Values>);
  };
  const toggleTarget = (k: number) => {
    const next = targets.slice();
    next[k] = 1 - next[k];
    set({ targets: next } as Partial<Values>);
  };
  const setGamma = (g: number) => {
    const clamped = Math.min(Math.max(g, GAMMA[0]), GAMMA[1]);
    set({ gamma: Number(clamped.toPrecision(3)) } as Partial<Values>);
  };

  return (
    <div className="smooth-max-widget">
      <div className="split">
        <div>
          <Plot
            width={560}
            height={230}
            margin={{ top: 30 }}
            x={{ domain: [-RANGE, RANGE], label: 'score' }}
            y={{ domain: [CLASSES + 0.5, 0.5], label: 'class' }}
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
                onChange={(x) => setScore(k, x)}
              />
            ))}
          </Plot>
          <fieldset className="control" data-param="targets" style={{ border: 0, padding: 0 }}>
            <legend className="control-label">Targets</legend>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.25rem 0.9rem' }}>
              {targets.map((t, k) => (
                <label key={k} style={{ whiteSpace: 'nowrap' }}>
                  <input
                    type="checkbox"
                    aria-label={`Class ${k + 1} is a target`}
                    checked={t === 1}
                    onChange={() => toggleTarget(k)}
                  />{' '}
                  class {k + 1}
                </label>
              ))}
            </div>
          </fieldset>
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
            <LinePath
              data={[
                [GAMMA[0], r.hinge],
                [GAMMA[1], r.hinge],
              ]}
              color="var(--fg)"
              dash="6 4"
              label="hard limit"
            />
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
              onChange={(g) => setGamma(g)}
            />
          </Plot>
          <Legend
            entries={[
              { label: 'loss at sharpness γ', color: COLORS.loss },
              { label: 'hard limit (γ → ∞)', color: 'var(--fg)', width: 2, dash: '6 4' },
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
      <ParamControls
        schema={params}
        values={values}
        onChange={(patch) => set(patch as Partial<Values>)}
        only={['gamma', 'threshold']}
      />
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
