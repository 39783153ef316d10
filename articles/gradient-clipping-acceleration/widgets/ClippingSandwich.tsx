import { useMemo } from 'react';
import { hardClipFactor, softClipFactor } from '../math';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { ParamControls } from '../../../src/widgets/controls';
import { Axes, Band, Plot, Legend, Marker, VerticalRule } from '../../../src/widgets/plot';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { logSpace, SeriesLines, type SeriesStyle } from './marks';

const T_DOMAIN = [1e-3, 1e3] as const;

const params = {
  ratio: {
    type: 'number',
    min: T_DOMAIN[0],
    max: T_DOMAIN[1],
    step: 1e-6,
    log: true,
    default: 1,
    label: 'Gradient norm over threshold, ‖g‖/γ',
    description:
      'Where the two clipping factors are read off; both depend on ‖g‖ and γ only through this ratio.',
  },
} as const;

/** Everything the widget reads off at t = ‖g‖/γ (with γ = 1, so ‖g‖ = t). */
export function sandwichAt(t: number) {
  const hard = hardClipFactor(t, 1);
  const soft = softClipFactor(t, 1);
  return {
    hard,
    soft,
    lower: hard / 2,
    ratio: soft / hard,
    // Step lengths in units of ηγ: ‖Δθ‖/(ηγ) = factor · ‖g‖/γ.
    stepHard: hard * t,
    stepSoft: soft * t,
  };
}

const SERIES = {
  hard: { label: 'hard: min(1, γ/‖g‖)', color: 'var(--series-1)' },
  soft: { label: 'soft: γ/(‖g‖ + γ)', color: 'var(--series-3)', width: 3 },
  lower: { label: '½ · hard', color: 'var(--series-1)', dash: '6 4' },
  ratio: { label: 'soft / hard', color: 'var(--series-2)', dash: '2 3' },
} as const satisfies Record<string, SeriesStyle>;

/** The step lengths of the lower plot, in the colours of their factors. */
const STEPS = {
  stepHard: { label: 'hard step η·min(‖g‖, γ)', color: SERIES.hard.color },
  stepSoft: { label: 'soft step ηγ‖g‖/(‖g‖ + γ)', color: SERIES.soft.color, width: 3 },
} as const satisfies Record<string, SeriesStyle>;

function ClippingSandwich({ values, set }: WidgetProps<typeof params>) {
  const t = values.ratio;
  const here = sandwichAt(t);
  const curves = useMemo(() => {
    const ts = logSpace(T_DOMAIN[0], T_DOMAIN[1], 241);
    const rows = ts.map((s) => ({ s, v: sandwichAt(s) }));
    const curve = (k: keyof ReturnType<typeof sandwichAt>) =>
      rows.map(({ s, v }): [number, number] => [s, v[k]]);
    return {
      hard: curve('hard'),
      soft: curve('soft'),
      lower: curve('lower'),
      ratio: curve('ratio'),
      band: rows.map(({ s, v }): [number, number, number] => [s, v.lower, v.hard]),
      stepHard: curve('stepHard'),
      stepSoft: curve('stepSoft'),
    };
  }, []);

  return (
    <div className="sandwich-widget">
      <Plot
        width={560}
        height={300}
        x={{ domain: T_DOMAIN, log: true, label: '‖g‖ / γ' }}
        y={{ domain: [0, 1.05], label: 'factor multiplying η' }}
        title="Hard and soft clipping factors, with the band between half the hard factor and the hard factor"
        description={`At ‖g‖/γ = ${t.toPrecision(4)}: hard ${here.hard.toPrecision(4)}, soft ${here.soft.toPrecision(4)}, soft/hard ${here.ratio.toPrecision(4)}. The soft factor never leaves the band; it touches the lower edge only at ‖g‖ = γ.`}
      >
        <Axes grid />
        <Band data={curves.band} color="var(--series-1)" opacity={0.12} label="½·hard to hard" />
        <SeriesLines series={SERIES} data={curves} />
        <VerticalRule x={t} color="var(--fg)" />
        {(['hard', 'soft'] as const).map((k) => (
          <Marker
            key={k}
            x={t}
            y={here[k]}
            shape="dot"
            size={4}
            color="var(--fg)"
            label={`${k} factor here`}
          />
        ))}
      </Plot>
      <Legend entries={Object.values(SERIES)} />
      <ParamControls schema={params} values={values} onChange={set} />
      <Readouts label={`Factors at ‖g‖/γ = ${t.toPrecision(4)}`}>
        <Readout name="hard" label="hard factor" value={here.hard} color={SERIES.hard.color} />
        <Readout name="soft" label="soft factor" value={here.soft} color={SERIES.soft.color} />
        <Readout name="lower" label="½ · hard" value={here.lower} />
        <Readout name="ratio" label="soft / hard" value={here.ratio} color={SERIES.ratio.color} />
        <Readout name="step_hard" label="hard step ‖Δθ‖/(ηγ)" value={here.stepHard} />
        <Readout name="step_soft" label="soft step ‖Δθ‖/(ηγ)" value={here.stepSoft} />
      </Readouts>
      <Plot
        width={560}
        height={220}
        x={{ domain: T_DOMAIN, log: true, label: '‖g‖ / γ' }}
        y={{ domain: [5e-4, 2], log: true, label: 'step length / (ηγ)' }}
        title="Length of the clipped step in units of ηγ"
        description={`Both steps grow like η‖g‖ for small gradients and stay below ηγ for large ones. At ‖g‖/γ = ${t.toPrecision(4)} the hard step is ${here.stepHard.toPrecision(4)} ηγ and the soft step ${here.stepSoft.toPrecision(4)} ηγ.`}
      >
        <Axes grid />
        <SeriesLines series={STEPS} data={curves} />
        <VerticalRule x={t} color="var(--fg)" />
      </Plot>
      <Legend entries={Object.values(STEPS)} />
    </div>
  );
}

export default defineWidget({
  id: 'sandwich',
  params,
  Component: ClippingSandwich,
  compute: 'js',
  embedHeight: 900,
});
