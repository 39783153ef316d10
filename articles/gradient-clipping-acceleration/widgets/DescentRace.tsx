import { useMemo } from 'react';
import {
  effectiveLearningRate,
  runScalarDescent,
  SCALAR_OBJECTIVES,
  type DescentResult,
  type ScalarObjective,
  type UpdateRule,
} from '../math';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { ParamControls } from '../../../src/widgets/controls';
import { learningRateParam, selectParam } from '../../../src/widgets/params';
import {
  Axes,
  HorizontalRule,
  LinePath,
  Plot,
  Legend,
  Marker,
  VerticalRule,
} from '../../../src/widgets/plot';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { logSpace, SeriesLines, type SeriesStyle } from './marks';

/** The most steps a run may take before the widget gives up on it. */
export const MAX_ITERATIONS = 1_000_000;

const ETA_RANGE = [1e-6, 2] as const;

const params = {
  fn: selectParam({
    options: ['cosh', 'quartic'],
    optionLabels: ['f(x) = 2 cosh x   (L₀ = 2, L₁ = 1)', 'f(x) = x⁴   (L₀ = 4, L₁ = 2)'],
    default: 'cosh',
    label: 'Function',
    description:
      'The function to minimise. Choosing one also sets the clipped runs to η = 1/L₀, γ = L₀/L₁ and the fixed run to the safe step 1/f″(x₀).',
  }),
  x0: {
    type: 'number',
    min: 0.5,
    max: 10,
    step: 0.1,
    default: 10,
    label: 'Start x₀',
    description: 'Where all three runs start; the minimum is at 0.',
  },
  eta_fixed: learningRateParam({
    min: ETA_RANGE[0],
    max: ETA_RANGE[1],
    default: 1 / (2 * Math.cosh(10)),
    label: 'Fixed run: step η',
    description: 'Learning rate of plain gradient descent, x ← x − η f′(x).',
  }),
  eta: learningRateParam({
    min: 0.01,
    max: 2,
    default: 0.5,
    label: 'Clipped runs: η',
    description: 'Learning rate of both clipped runs, before the clipping factor.',
  }),
  gamma: {
    type: 'number',
    min: 0.1,
    max: 100,
    step: 0.001,
    log: true,
    default: 2,
    label: 'Clipping threshold γ',
    description: 'Gradient norm above which clipping shrinks the step.',
  },
  tol: {
    type: 'number',
    min: 1e-8,
    max: 0.1,
    step: 1e-10,
    log: true,
    default: 1e-3,
    label: 'Tolerance ε',
    description: 'A run has arrived when |f′(x_k)| ≤ ε.',
  },
} as const;

type Values = WidgetProps<typeof params>['values'];
type RunName = 'fixed' | 'hard' | 'soft';

const RUNS: Record<RunName, SeriesStyle> = {
  fixed: { label: 'fixed step', color: 'var(--series-2)' },
  hard: { label: 'hard clipping', color: 'var(--series-1)' },
  soft: { label: 'soft clipping', color: 'var(--series-3)', dash: '7 4' },
};
const RUN_NAMES = Object.keys(RUNS) as RunName[];

/** The update rule of each run. */
export function raceRules(values: Values): Record<RunName, UpdateRule> {
  return {
    fixed: { clip: 'none', eta: values.eta_fixed },
    hard: { clip: 'hard', eta: values.eta, gamma: values.gamma },
    soft: { clip: 'soft', eta: values.eta, gamma: values.gamma },
  };
}

/** The three runs from x₀ until |f′| ≤ ε, an overflow, or {@link MAX_ITERATIONS}. */
export function raceRuns(values: Values): Record<RunName, DescentResult> {
  const objective = SCALAR_OBJECTIVES[values.fn];
  const rules = raceRules(values);
  const options = { tolerance: values.tol, maxIterations: MAX_ITERATIONS };
  return {
    fixed: runScalarDescent(objective, values.x0, rules.fixed, options),
    hard: runScalarDescent(objective, values.x0, rules.hard, options),
    soft: runScalarDescent(objective, values.x0, rules.soft, options),
  };
}

/** The largest curvature on [−x₀, x₀] is f″(x₀) for both functions; 1/f″(x₀) is the safe fixed step. */
export function safeFixedStep(objective: ScalarObjective, x0: number): number {
  return 1 / objective.d2f(x0);
}

/** A run's iteration count as a readout: the count when it arrived, ∞ with the reason otherwise. */
export function iterationReadout(result: DescentResult): { value: number; unit: string } {
  if (result.status === 'converged') return { value: result.iterations, unit: 'steps' };
  if (result.status === 'diverged')
    return { value: Infinity, unit: `diverged: overflow at step ${result.iterations}` };
  return { value: Infinity, unit: `not within ${MAX_ITERATIONS.toLocaleString('en-US')} steps` };
}

/**
 * The step η·factor(|g|) of each rule on a log grid of |g| over the plot's range, and the locally
 * best step 1/f″(x) drawn against |f′(x)| (both functions are even, so x > 0 suffices).
 */
export function rateCurvesFor(values: Values) {
  const objective = SCALAR_OBJECTIVES[values.fn];
  const rules = raceRules(values);
  const [gMin, gMax] = gradientDomain(values);
  const gs = logSpace(gMin, gMax, 160);
  const curves = {} as Record<RunName, [number, number][]>;
  for (const name of RUN_NAMES) {
    curves[name] = gs.map((g) => [g, effectiveLearningRate(rules[name], g)]);
  }
  const best = logSpace(1e-6, Math.max(values.x0 * 1.5, 12), 400)
    .map((x): [number, number] => [Math.abs(objective.df(x)), 1 / objective.d2f(x)])
    .filter(([g]) => g > 0 && Number.isFinite(g));
  return { curves, best };
}

/** The range of gradient sizes shown: from ε/100 to 20·|f′(x₀)| (at least 10). */
export function gradientDomain(values: Values): [number, number] {
  const grad0 = Math.abs(SCALAR_OBJECTIVES[values.fn].df(values.x0));
  return [values.tol / 100, Math.max(10, grad0 * 20)];
}

/** Significant digits that show a whole number in full (4 for ∞, which shows as a symbol). */
const countDigits = (value: number) =>
  Number.isFinite(value) ? Math.max(1, Math.floor(Math.log10(Math.max(value, 1))) + 1) : 4;

const clampEta = (eta: number) => Math.min(ETA_RANGE[1], Math.max(ETA_RANGE[0], eta));

/** Settings that the theory suggests for a function and start. */
export function theorySettings(fn: Values['fn'], x0: number) {
  const objective = SCALAR_OBJECTIVES[fn];
  return {
    eta: 1 / objective.L0,
    gamma: objective.L0 / objective.L1,
    eta_fixed: clampEta(safeFixedStep(objective, x0)),
  };
}

function DescentRace({ values, set }: WidgetProps<typeof params>) {
  const objective = SCALAR_OBJECTIVES[values.fn];
  const runs = useMemo(() => raceRuns(values), [values]);
  const grad0 = Math.abs(objective.df(values.x0));
  const [yMin, yMax] = gradientDomain(values);

  const longest = Math.max(...RUN_NAMES.map((n) => runs[n].iterations + 1), 10);
  const kMax = 10 ** Math.ceil(Math.log10(longest));
  const paths = useMemo(() => {
    const out = {} as Record<RunName, [number, number][]>;
    for (const name of RUN_NAMES) {
      out[name] = runs[name].path
        .filter((p) => Number.isFinite(p.grad))
        .map((p) => [p.k + 1, Math.max(Math.abs(p.grad), yMin)]);
    }
    return out;
  }, [runs, yMin]);
  // A diverged run ends at its last finite gradient, where the overflow is marked.
  const overflow = RUN_NAMES.flatMap((n) => {
    const end = paths[n].at(-1);
    return runs[n].status === 'diverged' && end ? [{ name: n, end }] : [];
  });

  const rateCurves = useMemo(() => rateCurvesFor(values), [values]);

  const readouts = Object.fromEntries(
    RUN_NAMES.map((n) => [n, iterationReadout(runs[n])]),
  ) as Record<RunName, { value: number; unit: string }>;
  const describe = (n: RunName) =>
    `${RUNS[n].label}: ${Number.isFinite(readouts[n].value) ? `${readouts[n].value} steps` : readouts[n].unit}`;

  return (
    <div className="descent-race-widget">
      <Plot
        width={560}
        height={300}
        x={{ domain: [1, kMax], log: true, label: 'iteration k + 1' }}
        y={{ domain: [yMin, yMax], log: true, label: '|f′(x_k)|' }}
        title={`Gradient descent on f(x) = ${objective.label} from x₀ = ${values.x0}: gradient size against iteration`}
        description={`Steps to reach |f′| ≤ ${values.tol}: ${RUN_NAMES.map(describe).join('; ')}.`}
      >
        <Axes grid />
        <HorizontalRule y={values.tol} label="ε" labelAt="start" dash="2 3" />
        <SeriesLines series={RUNS} data={paths} />
        {overflow.map(({ name, end: [k, g] }) => (
          <Marker
            key={name}
            x={k}
            y={g}
            shape="dot"
            size={5}
            color="var(--danger)"
            label={`${RUNS[name].label}: overflow`}
          />
        ))}
      </Plot>
      <Legend
        entries={[
          ...Object.values(RUNS),
          { label: 'tolerance ε', color: 'var(--muted)', dash: '2 3' },
          { label: 'overflow', color: 'var(--danger)', mark: 'dot' },
        ]}
      />
      <Readouts label="Steps to reach the tolerance">
        {RUN_NAMES.map((n) => (
          <Readout
            key={n}
            name={`iters_${n}`}
            label={`${RUNS[n].label}`}
            value={readouts[n].value}
            unit={readouts[n].unit}
            digits={countDigits(readouts[n].value)}
            color={RUNS[n].color}
          />
        ))}
      </Readouts>
      <ParamControls
        schema={params}
        values={values}
        // Choosing a function also applies the settings the theory suggests for it.
        onChange={(patch) =>
          set(patch.fn ? { ...patch, ...theorySettings(patch.fn, values.x0) } : patch)
        }
      />
      <div
        role="group"
        aria-label="Suggested step sizes"
        style={{ display: 'flex', flexWrap: 'wrap', gap: '0.4rem' }}
      >
        <button
          type="button"
          data-action="eta-safe"
          onClick={() => set({ eta_fixed: clampEta(safeFixedStep(objective, values.x0)) })}
        >
          Fixed η = 1/f″(x₀), safe from the start
        </button>
        <button
          type="button"
          data-action="eta-l0"
          onClick={() => set({ eta_fixed: 1 / objective.L0 })}
        >
          Fixed η = 1/L₀, best near the minimum
        </button>
        <button
          type="button"
          data-action="clip-theory"
          onClick={() => set({ eta: 1 / objective.L0, gamma: objective.L0 / objective.L1 })}
        >
          Clipped: η = 1/L₀, γ = L₀/L₁
        </button>
      </div>
      <Plot
        width={560}
        height={280}
        x={{ domain: [yMin, yMax], log: true, label: '|f′(x)|' }}
        y={{ domain: [1e-7, 10], log: true, label: 'step size η·factor' }}
        title="The step size each rule uses, against the size of the gradient"
        description={`The locally best step 1/f″ falls as the gradient grows. At the start, |f′(x₀)| = ${grad0.toPrecision(4)}, where 1/f″(x₀) = ${safeFixedStep(objective, values.x0).toPrecision(4)}.`}
      >
        <Axes grid />
        <LinePath
          data={rateCurves.best}
          color="var(--fg)"
          strokeWidth={3}
          label="1/f″(x), the locally best step"
        />
        <SeriesLines series={RUNS} data={rateCurves.curves} />
        <VerticalRule x={grad0} color="var(--fg)" />
      </Plot>
      <Legend
        entries={[
          { label: '1/f″(x), locally best step', color: 'var(--fg)' },
          ...Object.values(RUNS),
          { label: 'start |f′(x₀)|', color: 'var(--fg)', dash: '3 3' },
        ]}
      />
      <Readouts label="Constants of the function">
        <Readout name="l0" label="L₀" value={objective.L0} />
        <Readout name="l1" label="L₁" value={objective.L1} />
        <Readout name="gamma_theory" label="γ = L₀/L₁" value={objective.L0 / objective.L1} />
        <Readout name="eta_theory" label="1/L₀" value={1 / objective.L0} />
        <Readout name="grad0" label="|f′(x₀)|" value={grad0} />
        <Readout name="eta_safe" label="1/f″(x₀)" value={safeFixedStep(objective, values.x0)} />
      </Readouts>
    </div>
  );
}

export default defineWidget({
  id: 'descent-race',
  params,
  Component: DescentRace,
  compute: 'js',
  embedHeight: 1250,
});
