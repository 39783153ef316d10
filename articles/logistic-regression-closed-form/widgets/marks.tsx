import { useMemo } from 'react';
import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolStar, symbolTriangle } from 'd3';
import { gaussianLogOddsFunction } from '../math';
import type { BinaryClassifier, GaussianClassModel, SoftmaxClassifier } from '../math';
import { DraggablePoint, Heatmap, LinePath, usePlot } from '../../../src/widgets/plot';
import { cellCentres, decisionRegions, type RegionGrid } from './fits';
import { CLASS_RGB, CLASS_STYLES, classTint } from './palette';
import { CENTRE_LIMIT } from './classParams';
import type { EditablePoint } from '../../../src/widgets/plot/EditablePoints';

/** The line wᵀx + b = 0 across the plot (nothing when w = 0). */
export function BoundaryLine({
  rule,
  color,
  dash,
  label,
}: {
  rule: BinaryClassifier | null;
  color: string;
  dash?: string;
  label: string;
}) {
  const { x, y } = usePlot();
  if (!rule) return null;
  const [w1, w2] = rule.w;
  const { b } = rule;
  let data: [number, number][];
  if (Math.abs(w2) >= Math.abs(w1)) {
    if (w2 === 0) return null;
    data = x.domain.map((u): [number, number] => [u, -(b + w1 * u) / w2]);
  } else {
    data = y.domain.map((v): [number, number] => [-(b + w2 * v) / w1, v]);
  }
  return <LinePath data={data} color={color} dash={dash} strokeWidth={2.5} label={label} />;
}

const [R0, G0, B0] = CLASS_RGB[0];
const [R1, G1, B1] = CLASS_RGB[1];

/** Tint of a posterior probability p of class 1: class 1's hue above ½, class 0's below. */
function posteriorColour(p: number): string {
  const strength = Math.min(1, Math.abs(2 * p - 1));
  const alpha = (0.22 * strength).toFixed(3);
  return p >= 0.5 ? `rgba(${R1},${G1},${B1},${alpha})` : `rgba(${R0},${G0},${B0},${alpha})`;
}

/** A square grid of `resolution` cells a side over the whole plotting area. */
function usePlotGrid(resolution: number): RegionGrid {
  const { x, y } = usePlot();
  const [x0, x1] = x.domain;
  const [y0, y1] = y.domain;
  return useMemo(
    () => ({ cols: resolution, rows: resolution, x0, x1, y0, y1 }),
    [resolution, x0, x1, y0, y1],
  );
}

/**
 * The true posterior P(class 1 | x) of two Gaussian classes as a faint background: its edge
 * (where the tint fades out) is the best possible boundary, a line only when Σ₀ = Σ₁.
 */
export function PosteriorBackground({
  classes,
  resolution = 90,
}: {
  classes: readonly [GaussianClassModel, GaussianClassModel];
  resolution?: number;
}) {
  const grid = usePlotGrid(resolution);
  const values = useMemo(() => {
    const logOdds = gaussianLogOddsFunction(classes);
    return Float32Array.from(cellCentres(grid), (x) => 1 / (1 + Math.exp(-logOdds(x))));
  }, [classes, grid]);
  return (
    <Heatmap
      values={values}
      {...grid}
      color={posteriorColour}
      domain={[0, 1]}
      smooth
      label="Posterior probability of class 1 under the generating Gaussians"
    />
  );
}

const regionColour = (k: number) => classTint(k, 0.28);

/** The predicted class of a softmax classifier over the whole plot, as tinted regions. */
export function RegionBackground({
  model,
  resolution = 110,
}: {
  model: SoftmaxClassifier | null;
  resolution?: number;
}) {
  const grid = usePlotGrid(resolution);
  const values = useMemo(
    () => (model ? Float32Array.from(decisionRegions(model, grid)) : null),
    [model, grid],
  );
  if (!values) return null;
  return (
    <Heatmap
      values={values}
      {...grid}
      color={regionColour}
      domain={[0, 4]}
      label="Decision regions"
    />
  );
}

const SHAPES = {
  circle: symbolCircle,
  triangle: symbolTriangle,
  square: symbolSquare,
  diamond: symbolDiamond,
  star: symbolStar,
};

/** Labelled points drawn with their class's colour and shape (not interactive). */
export function ClassPoints({
  points,
  radius = 3.5,
}: {
  points: readonly EditablePoint[];
  radius?: number;
}) {
  const { xScale, yScale, clipPath } = usePlot();
  const paths = useMemo(
    () => CLASS_STYLES.map((c) => symbol(SHAPES[c.shape], Math.PI * radius * radius)() ?? ''),
    [radius],
  );
  return (
    <g className="class-points" clipPath={clipPath} aria-hidden="true">
      {points.map((p, i) => (
        <path
          key={i}
          d={paths[p.cls]}
          transform={`translate(${xScale(p.x)},${yScale(p.y)})`}
          fill={CLASS_STYLES[p.cls].color}
          fillOpacity={0.9}
          stroke="var(--bg, #fff)"
          strokeWidth={0.8}
          data-x={p.x}
          data-y={p.y}
          data-class={p.cls}
        />
      ))}
    </g>
  );
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const clampCentre = (v: number) => Math.max(-CENTRE_LIMIT, Math.min(CENTRE_LIMIT, v));

/** A square handle on the centre of class k's Gaussian, moved on the URL's 0.01 grid. */
export function CentreHandle({
  centre,
  cls,
  label,
  onMove,
}: {
  centre: readonly number[];
  cls: number;
  label: string;
  onMove: (centre: [number, number]) => void;
}) {
  return (
    <DraggablePoint
      x={centre[0]}
      y={centre[1]}
      onChange={(px, py) => onMove([round2(px), round2(py)])}
      label={label}
      color={CLASS_STYLES[cls].color}
      shape="square"
      radius={6}
      step={0.05}
      constrain={(px, py) => [clampCentre(px), clampCentre(py)]}
    />
  );
}
