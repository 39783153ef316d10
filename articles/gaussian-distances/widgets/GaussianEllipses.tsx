import { useState } from 'react';
import {
  axesFromCovariance,
  bhattacharyyaDistance,
  hellingerDistance,
  klDivergence,
  wasserstein2Distance,
} from '../../../src/core/index';
import type { Gaussian } from '../../../src/core/index';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, CovarianceEllipse, DraggablePoint, Plot } from '../../../src/widgets/plot';
import { MatrixInput, ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { describeSpdProblem, gaussianFromAxes } from './shared';

const params = {
  mu_p: {
    type: 'vector',
    length: 2,
    min: -5,
    max: 5,
    step: 0.01,
    default: [1, 0],
    label: 'μ_p',
    description: 'Mean of p (x, y).',
  },
  sd_p: {
    type: 'vector',
    length: 2,
    min: 0.1,
    max: 4,
    step: 0.01,
    default: [Math.sqrt(3), 1],
    label: 'σ_p (axes)',
    description: 'Standard deviations of p along its two principal axes.',
  },
  angle_p: {
    type: 'number',
    min: -90,
    max: 90,
    step: 1,
    default: 45,
    unit: '°',
    label: 'p rotation',
    description: 'Angle of the first principal axis of p, in degrees.',
  },
  mu_q: {
    type: 'vector',
    length: 2,
    min: -5,
    max: 5,
    step: 0.01,
    default: [0, 2],
    label: 'μ_q',
    description: 'Mean of q (x, y).',
  },
  sd_q: {
    type: 'vector',
    length: 2,
    min: 0.1,
    max: 4,
    step: 0.01,
    default: [Math.sqrt(3), 1],
    label: 'σ_q (axes)',
    description: 'Standard deviations of q along its two principal axes.',
  },
  angle_q: {
    type: 'number',
    min: -90,
    max: 90,
    step: 1,
    default: 90,
    unit: '°',
    label: 'q rotation',
    description: 'Angle of the first principal axis of q, in degrees.',
  },
} as const;

type Values = WidgetProps<typeof params>['values'];
type Side = 'p' | 'q';

const COLORS: Record<Side, string> = { p: 'var(--series-1)', q: 'var(--series-2)' };
const DEG = Math.PI / 180;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round = (x: number, step: number) => Math.round(x / step) * step;

/** The two Gaussians of a state, with covariance R diag(σ1², σ2²) Rᵀ. */
export function gaussiansOf(values: Values): Record<Side, Gaussian> {
  return {
    p: gaussianFromAxes(values.mu_p, values.sd_p, values.angle_p),
    q: gaussianFromAxes(values.mu_q, values.sd_q, values.angle_q),
  };
}

/** The four quantities the widget shows, from the core's closed forms. */
export function ellipseReadouts(values: Values) {
  const { p, q } = gaussiansOf(values);
  return {
    kl_pq: klDivergence(p, q),
    kl_qp: klDivergence(q, p),
    bhattacharyya: bhattacharyyaDistance(p, q),
    hellinger: hellingerDistance(p, q),
    w2: wasserstein2Distance(p, q),
  };
}

function EllipseHandles({
  side,
  values,
  set,
}: { side: Side } & Pick<WidgetProps<typeof params>, 'values' | 'set'>) {
  const mu = values[`mu_${side}`];
  const sd = values[`sd_${side}`];
  const angle = values[`angle_${side}`] * DEG;
  const axis1: [number, number] = [Math.cos(angle), Math.sin(angle)];
  const axis2: [number, number] = [-Math.sin(angle), Math.cos(angle)];
  const name = side === 'p' ? 'p' : 'q';

  const moveCentre = (x: number, y: number) =>
    set({
      [`mu_${side}`]: [round(clamp(x, -5, 5), 0.01), round(clamp(y, -5, 5), 0.01)],
    } as Partial<Values>);

  // Dragging the first handle turns and stretches the first axis; the second stays perpendicular.
  const moveAxis1 = (x: number, y: number) => {
    const dx = x - mu[0];
    const dy = y - mu[1];
    const length = clamp(Math.hypot(dx, dy), 0.1, 4);
    let degrees = Math.atan2(dy, dx) / DEG;
    if (degrees > 90) degrees -= 180;
    if (degrees < -90) degrees += 180;
    set({
      [`sd_${side}`]: [round(length, 0.01), sd[1]],
      [`angle_${side}`]: Math.round(degrees),
    } as Partial<Values>);
  };
  // The second handle only changes the second axis length (projected onto that axis).
  const moveAxis2 = (x: number, y: number) => {
    const length = clamp(Math.abs((x - mu[0]) * axis2[0] + (y - mu[1]) * axis2[1]), 0.1, 4);
    set({ [`sd_${side}`]: [sd[0], round(length, 0.01)] } as Partial<Values>);
  };

  return (
    <>
      <DraggablePoint
        x={mu[0] + sd[0] * axis1[0]}
        y={mu[1] + sd[0] * axis1[1]}
        onChange={moveAxis1}
        label={`First axis of ${name} (length ${sd[0].toFixed(2)}, angle ${values[`angle_${side}`]}°)`}
        color={COLORS[side]}
        radius={5}
        shape="square"
        step={0.05}
      />
      <DraggablePoint
        x={mu[0] + sd[1] * axis2[0]}
        y={mu[1] + sd[1] * axis2[1]}
        onChange={moveAxis2}
        label={`Second axis of ${name} (length ${sd[1].toFixed(2)})`}
        color={COLORS[side]}
        radius={5}
        shape="square"
        step={0.05}
      />
      <DraggablePoint
        x={mu[0]}
        y={mu[1]}
        onChange={moveCentre}
        label={`Centre of ${name}`}
        color={COLORS[side]}
        radius={7}
        step={0.05}
      />
    </>
  );
}

/** Type a covariance directly; a matrix that is not SPD is refused with the reason. */
function CovarianceEntry({
  side,
  values,
  set,
}: { side: Side } & Pick<WidgetProps<typeof params>, 'values' | 'set'>) {
  const g = gaussianFromAxes(values[`mu_${side}`], values[`sd_${side}`], values[`angle_${side}`]);
  const [draft, setDraft] = useState<number[][] | null>(null);
  const shown = draft ?? g.cov.map((row) => row.map((x) => Number(x.toFixed(4))));
  const problem = draft ? describeSpdProblem(draft) : null;

  const apply = (m: number[][]) => {
    setDraft(m);
    if (describeSpdProblem(m)) return;
    const { sigma1, sigma2, angle } = axesFromCovariance(m);
    if (sigma1 > 4 || sigma2 < 0.1) return;
    let degrees = angle / DEG;
    if (degrees > 90) degrees -= 180;
    if (degrees < -90) degrees += 180;
    setDraft(null);
    set({
      [`sd_${side}`]: [round(sigma1, 0.01), round(sigma2, 0.01)],
      [`angle_${side}`]: Math.round(degrees),
    } as Partial<Values>);
  };

  return (
    <div className="covariance-entry">
      <MatrixInput
        name={`cov_${side}`}
        label={`Σ_${side}`}
        value={shown}
        onChange={apply}
        min={-16}
        max={16}
        step={0.01}
        symmetric
      />
      {problem && (
        <p className="widget-warning" role="alert" data-spd-error={side}>
          Σ_{side} {problem}; the ellipse keeps its last valid shape.
        </p>
      )}
    </div>
  );
}

function GaussianEllipses({ values, set, present }: WidgetProps<typeof params>) {
  const { p, q } = gaussiansOf(values);
  const r = ellipseReadouts(values);
  return (
    <div className={`ellipses-widget${present ? ' is-present' : ''}`}>
      <div className="split">
        <Plot
          width={560}
          height={420}
          x={{ domain: [-6, 6], label: 'x₁' }}
          y={{ domain: [-6, 6], label: 'x₂' }}
          equalAspect
          title="Two Gaussians p and q as covariance ellipses"
          description={`Ellipses at one and two standard deviations. p has mean (${p.mean.map((x) => x.toFixed(2)).join(', ')}), q has mean (${q.mean.map((x) => x.toFixed(2)).join(', ')}).`}
        >
          <Axes grid />
          <CovarianceEllipse
            mean={[p.mean[0], p.mean[1]]}
            cov={[
              [p.cov[0][0], p.cov[0][1]],
              [p.cov[1][0], p.cov[1][1]],
            ]}
            color={COLORS.p}
            label="p"
            fillOpacity={0.12}
          />
          <CovarianceEllipse
            mean={[q.mean[0], q.mean[1]]}
            cov={[
              [q.cov[0][0], q.cov[0][1]],
              [q.cov[1][0], q.cov[1][1]],
            ]}
            color={COLORS.q}
            label="q"
            fillOpacity={0.12}
          />
          <EllipseHandles side="p" values={values} set={set} />
          <EllipseHandles side="q" values={values} set={set} />
        </Plot>
        <Readouts label="Distances between p and q">
          <Readout name="kl_pq" label="KL(p‖q)" value={r.kl_pq} unit="nats" />
          <Readout name="kl_qp" label="KL(q‖p)" value={r.kl_qp} unit="nats" />
          <Readout name="bhattacharyya" label="D_B" value={r.bhattacharyya} />
          <Readout name="hellinger" label="Hellinger H" value={r.hellinger} />
          <Readout name="w2" label="W₂" value={r.w2} />
        </Readouts>
      </div>
      <details className="widget-more">
        <summary>Exact values and typed covariances</summary>
        <ParamControls
          schema={params}
          values={values}
          onChange={(patch) => set(patch as Partial<Values>)}
        />
        <div className="covariance-entries">
          <CovarianceEntry side="p" values={values} set={set} />
          <CovarianceEntry side="q" values={values} set={set} />
        </div>
      </details>
    </div>
  );
}

export default defineWidget({
  id: 'ellipses',
  params,
  Component: GaussianEllipses,
  compute: 'js',
  embedHeight: 720,
});
