import { useState } from 'react';
import { axesFromCovariance } from '../../../src/core/index';
import type { Gaussian } from '../../../src/core/index';
import type { NumberSpec, VectorSpec } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, CovarianceEllipse, DraggablePoint, Plot } from '../../../src/widgets/plot';
import { MatrixInput, ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { describeSpdProblem, distancesBetween, gaussianFromAxes } from './shared';

type Side = 'p' | 'q';
const SIDES: readonly Side[] = ['p', 'q'];

/** The mean of one Gaussian, as a point of the plotted square. */
const meanParam = (side: Side, initial: readonly number[]): VectorSpec => ({
  type: 'vector',
  length: 2,
  min: -5,
  max: 5,
  step: 0.01,
  default: initial,
  label: `μ_${side}`,
  description: `Mean of ${side} (x, y).`,
});

/** The principal standard deviations of one Gaussian. */
const axesParam = (side: Side): VectorSpec => ({
  type: 'vector',
  length: 2,
  min: 0.1,
  max: 4,
  step: 0.01,
  default: [Math.sqrt(3), 1],
  label: `σ_${side} (axes)`,
  description: `Standard deviations of ${side} along its two principal axes.`,
});

/** The angle of one Gaussian's first principal axis. */
const angleParam = (side: Side, initial: number): NumberSpec => ({
  type: 'number',
  min: -90,
  max: 90,
  step: 1,
  default: initial,
  unit: '°',
  label: `${side} rotation`,
  description: `Angle of the first principal axis of ${side}, in degrees.`,
});

const params = {
  mu_p: meanParam('p', [1, 0]),
  sd_p: axesParam('p'),
  angle_p: angleParam('p', 45),
  mu_q: meanParam('q', [0, 2]),
  sd_q: axesParam('q'),
  angle_q: angleParam('q', 90),
} as const;

type Values = WidgetProps<typeof params>['values'];
type SideProps = { side: Side } & Pick<WidgetProps<typeof params>, 'values' | 'set'>;

const COLORS: Record<Side, string> = { p: 'var(--series-1)', q: 'var(--series-2)' };
const DEG = Math.PI / 180;
const round = (x: number, step: number) => Math.round(x / step) * step;

/** An axis direction as whole degrees in [−90, 90] (an axis and its opposite are one axis). */
function axisDegrees(radians: number): number {
  let degrees = radians / DEG;
  if (degrees > 90) degrees -= 180;
  if (degrees < -90) degrees += 180;
  return Math.round(degrees);
}

/**
 * A patch of one side's parameters under their schema names, typed (a computed key is not);
 * `set` leaves out the entries given as undefined.
 */
function sidePatch(
  side: Side,
  { mu, sd, angle }: { mu?: number[]; sd?: number[]; angle?: number },
): Partial<Values> {
  return side === 'p'
    ? { mu_p: mu, sd_p: sd, angle_p: angle }
    : { mu_q: mu, sd_q: sd, angle_q: angle };
}

/** The two Gaussians of a state, with covariance R diag(σ1², σ2²) Rᵀ. */
export function gaussiansOf(values: Values): Record<Side, Gaussian> {
  return {
    p: gaussianFromAxes(values.mu_p, values.sd_p, values.angle_p),
    q: gaussianFromAxes(values.mu_q, values.sd_q, values.angle_q),
  };
}

/** The quantities the widget shows, from the core's closed forms. */
export function ellipseReadouts(values: Values) {
  const { p, q } = gaussiansOf(values);
  return distancesBetween(p, q);
}

// The handles round to the schema's grid; `set` clamps to its ranges.
function EllipseHandles({ side, values, set }: SideProps) {
  const mu = values[`mu_${side}`];
  const sd = values[`sd_${side}`];
  const angle = values[`angle_${side}`] * DEG;
  const axis1: [number, number] = [Math.cos(angle), Math.sin(angle)];
  const axis2: [number, number] = [-Math.sin(angle), Math.cos(angle)];

  const moveCentre = (x: number, y: number) =>
    set(sidePatch(side, { mu: [round(x, 0.01), round(y, 0.01)] }));

  // Dragging the first handle turns and stretches the first axis; the second stays perpendicular.
  const moveAxis1 = (x: number, y: number) => {
    const dx = x - mu[0];
    const dy = y - mu[1];
    set(
      sidePatch(side, {
        sd: [round(Math.hypot(dx, dy), 0.01), sd[1]],
        angle: axisDegrees(Math.atan2(dy, dx)),
      }),
    );
  };
  // The second handle only changes the second axis length (projected onto that axis).
  const moveAxis2 = (x: number, y: number) => {
    const length = Math.abs((x - mu[0]) * axis2[0] + (y - mu[1]) * axis2[1]);
    set(sidePatch(side, { sd: [sd[0], round(length, 0.01)] }));
  };

  return (
    <>
      <DraggablePoint
        x={mu[0] + sd[0] * axis1[0]}
        y={mu[1] + sd[0] * axis1[1]}
        onChange={moveAxis1}
        label={`First axis of ${side} (length ${sd[0].toFixed(2)}, angle ${values[`angle_${side}`]}°)`}
        color={COLORS[side]}
        radius={5}
        shape="square"
        step={0.05}
      />
      <DraggablePoint
        x={mu[0] + sd[1] * axis2[0]}
        y={mu[1] + sd[1] * axis2[1]}
        onChange={moveAxis2}
        label={`Second axis of ${side} (length ${sd[1].toFixed(2)})`}
        color={COLORS[side]}
        radius={5}
        shape="square"
        step={0.05}
      />
      <DraggablePoint
        x={mu[0]}
        y={mu[1]}
        onChange={moveCentre}
        label={`Centre of ${side}`}
        color={COLORS[side]}
        radius={7}
        step={0.05}
      />
    </>
  );
}

/** Type a covariance directly; a matrix that is not SPD is refused with the reason. */
function CovarianceEntry({ side, values, set }: SideProps) {
  const g = gaussianFromAxes(values[`mu_${side}`], values[`sd_${side}`], values[`angle_${side}`]);
  const [draft, setDraft] = useState<number[][] | null>(null);
  const shown = draft ?? g.cov.map((row) => row.map((x) => Number(x.toFixed(4))));
  const problem = draft ? describeSpdProblem(draft) : null;

  const apply = (m: number[][]) => {
    setDraft(m);
    if (describeSpdProblem(m)) return;
    const { sigma1, sigma2, angle } = axesFromCovariance(m);
    if (sigma1 > 4 || sigma2 < 0.1) return;
    setDraft(null);
    set(
      sidePatch(side, {
        sd: [round(sigma1, 0.01), round(sigma2, 0.01)],
        angle: axisDegrees(angle),
      }),
    );
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
  const gaussians = gaussiansOf(values);
  const r = ellipseReadouts(values);
  const meanText = (side: Side) => gaussians[side].mean.map((x) => x.toFixed(2)).join(', ');
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
          description={`Ellipses at one and two standard deviations. p has mean (${meanText('p')}), q has mean (${meanText('q')}).`}
        >
          <Axes grid />
          {SIDES.map((side) => {
            const { mean, cov } = gaussians[side];
            return (
              <CovarianceEllipse
                key={side}
                mean={[mean[0], mean[1]]}
                cov={[
                  [cov[0][0], cov[0][1]],
                  [cov[1][0], cov[1][1]],
                ]}
                color={COLORS[side]}
                label={side}
                fillOpacity={0.12}
              />
            );
          })}
          {SIDES.map((side) => (
            <EllipseHandles key={side} side={side} values={values} set={set} />
          ))}
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
        <ParamControls schema={params} values={values} onChange={set} />
        <div className="covariance-entries">
          {SIDES.map((side) => (
            <CovarianceEntry key={side} side={side} values={values} set={set} />
          ))}
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
