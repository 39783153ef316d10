/**
 * The data of the two-class playground: points drawn from two Gaussians (reproducible from a
 * seed), plus the reader's edits, which live in fixed-length vector parameters of the URL.
 *
 * Point i of a draw always uses the same random numbers (a uniform for its class, two normals
 * for its position), whatever n, the means or the covariances are. So moving a class centre
 * shifts the drawn points smoothly, raising n appends points, and an edit that names point i
 * keeps naming the same point.
 */
import { cholesky, covarianceFromAxes, createRng } from '../../../src/core/index';
import type { GaussianClassModel } from '../math';
import type { EditablePoint } from '../../../src/widgets/plot/EditablePoints';

/** How many deletions, moves and additions a link can carry (each). */
export const EDIT_SLOTS = 24;
/** The view and the range of every coordinate: [−6, 6] on both axes. */
export const DOMAIN: readonly [number, number] = [-6, 6];

export interface TwoClassSettings {
  seed: number;
  n: number;
  /** Probability π₁ that a drawn point belongs to class 1. */
  balance: number;
  mu0: readonly number[];
  mu1: readonly number[];
  /** Standard deviations along the principal axes of the shared covariance. */
  sd: readonly number[];
  /** Angle of the first principal axis, in degrees. */
  angle: number;
  /** 0: one shared covariance; 1: class 1 gets a different one (see twoClassGaussians). */
  mismatch: number;
}

/**
 * The generating classes: class 0 is N(μ₀, Σ) and class 1 is N(μ₁, Σ₁) with
 * Σ₁ = (1 − m)Σ + m Σ′, where Σ′ has axes (2σ₁, σ₂/2) turned by 90°: at m = 0 the shared-covariance
 * assumption holds exactly, at m = 1 class 1 is a long thin cloud across class 0's direction.
 */
export function twoClassGaussians(
  s: Pick<TwoClassSettings, 'balance' | 'mu0' | 'mu1' | 'sd' | 'angle' | 'mismatch'>,
): [GaussianClassModel, GaussianClassModel] {
  const radians = (s.angle * Math.PI) / 180;
  const shared = covarianceFromAxes(s.sd[0], s.sd[1], radians);
  const other = covarianceFromAxes(2 * s.sd[0], s.sd[1] / 2, radians + Math.PI / 2);
  const m = s.mismatch;
  const cov1 = shared.map((row, a) => row.map((v, c) => (1 - m) * v + m * other[a][c]));
  return [
    { mean: [s.mu0[0], s.mu0[1]], cov: shared, weight: 1 - s.balance },
    { mean: [s.mu1[0], s.mu1[1]], cov: cov1, weight: s.balance },
  ];
}

/**
 * n points from Gaussian classes: point i draws u ~ U[0, 1) and z ~ N(0, I₂), takes the first
 * class k with u below the cumulative weight, and sits at μ_k + L_k z.
 */
export function drawPoints(
  seed: number,
  n: number,
  classes: readonly GaussianClassModel[],
): EditablePoint[] {
  const rng = createRng(seed);
  const factors = classes.map((c) => cholesky(c.cov));
  const total = classes.reduce((s, c) => s + c.weight, 0);
  const points: EditablePoint[] = [];
  for (let i = 0; i < n; i++) {
    const u = rng.uniform() * total;
    const z0 = rng.normal();
    const z1 = rng.normal();
    let k = 0;
    let cumulative = classes[0].weight;
    while (k < classes.length - 1 && u >= cumulative) cumulative += classes[++k].weight;
    const L = factors[k];
    const mu = classes[k].mean;
    points.push({ x: mu[0] + L[0][0] * z0, y: mu[1] + L[1][0] * z0 + L[1][1] * z1, cls: k });
  }
  return points;
}

/** The reader's edits of a draw. */
export interface PointEdits {
  /** Indices of drawn points that were deleted. */
  removed: number[];
  /** Drawn points that were dragged: index → new position. */
  moved: { index: number; x: number; y: number }[];
  /** Points the reader added. */
  added: EditablePoint[];
}

/** The URL parameters that hold the edits (fixed lengths; −1 marks an empty slot). */
export interface EncodedEdits {
  removed: number[];
  moved_index: number[];
  moved_xy: number[];
  added_xy: number[];
  added_class: number[];
}

const inDomain = (v: number) => Math.min(DOMAIN[1], Math.max(DOMAIN[0], v));

/** Reads the edits from their URL parameters, skipping empty slots and duplicates. */
export function decodeEdits(encoded: EncodedEdits): PointEdits {
  const removed = [...new Set(encoded.removed.filter((i) => Number.isInteger(i) && i >= 0))];
  const moved: PointEdits['moved'] = [];
  encoded.moved_index.forEach((index, slot) => {
    if (!Number.isInteger(index) || index < 0 || removed.includes(index)) return;
    if (moved.some((m) => m.index === index)) return;
    moved.push({
      index,
      x: inDomain(encoded.moved_xy[2 * slot] ?? 0),
      y: inDomain(encoded.moved_xy[2 * slot + 1] ?? 0),
    });
  });
  const added: EditablePoint[] = [];
  encoded.added_class.forEach((cls, slot) => {
    if (cls !== 0 && cls !== 1) return;
    added.push({
      x: inDomain(encoded.added_xy[2 * slot] ?? 0),
      y: inDomain(encoded.added_xy[2 * slot + 1] ?? 0),
      cls,
    });
  });
  return { removed, moved, added };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Writes edits into fixed-length parameters; coordinates are rounded to the URL's 0.01 grid. */
export function encodeEdits(edits: PointEdits): EncodedEdits {
  const pad = (values: number[], length: number, fill: number) =>
    Array.from({ length }, (_, i) => values[i] ?? fill);
  return {
    removed: pad(edits.removed, EDIT_SLOTS, -1),
    moved_index: pad(
      edits.moved.map((m) => m.index),
      EDIT_SLOTS,
      -1,
    ),
    moved_xy: pad(
      edits.moved.flatMap((m) => [round2(m.x), round2(m.y)]),
      2 * EDIT_SLOTS,
      0,
    ),
    added_xy: pad(
      edits.added.flatMap((p) => [round2(p.x), round2(p.y)]),
      2 * EDIT_SLOTS,
      0,
    ),
    added_class: pad(
      edits.added.map((p) => p.cls),
      EDIT_SLOTS,
      -1,
    ),
  };
}

/** Where a shown point comes from: drawn point `index`, or added point `slot`. */
export type PointOrigin = { kind: 'drawn'; index: number } | { kind: 'added'; slot: number };

/** The points the fits use: the draw minus deletions, with moves applied, then the added points. */
export function applyEdits(
  drawn: readonly EditablePoint[],
  edits: PointEdits,
): { points: EditablePoint[]; origins: PointOrigin[] } {
  const removed = new Set(edits.removed);
  const moved = new Map(edits.moved.map((m) => [m.index, m]));
  const points: EditablePoint[] = [];
  const origins: PointOrigin[] = [];
  drawn.forEach((p, index) => {
    if (removed.has(index)) return;
    const m = moved.get(index);
    points.push(m ? { x: m.x, y: m.y, cls: p.cls } : p);
    origins.push({ kind: 'drawn', index });
  });
  edits.added.forEach((p, slot) => {
    points.push(p);
    origins.push({ kind: 'added', slot });
  });
  return { points, origins };
}

/** Edits after moving a point to (x, y), or null when the link has no room for another move. */
export function moveEdit(
  edits: PointEdits,
  origin: PointOrigin,
  x: number,
  y: number,
): PointEdits | null {
  const position = { x: inDomain(round2(x)), y: inDomain(round2(y)) };
  if (origin.kind === 'added') {
    const added = edits.added.map((p, slot) => (slot === origin.slot ? { ...p, ...position } : p));
    return { ...edits, added };
  }
  const existing = edits.moved.findIndex((m) => m.index === origin.index);
  if (existing >= 0) {
    const moved = edits.moved.map((m, i) => (i === existing ? { ...m, ...position } : m));
    return { ...edits, moved };
  }
  if (edits.moved.length >= EDIT_SLOTS) return null;
  return { ...edits, moved: [...edits.moved, { index: origin.index, ...position }] };
}

/** Edits after deleting a point, or null when the link has no room for another deletion. */
export function deleteEdit(edits: PointEdits, origin: PointOrigin): PointEdits | null {
  if (origin.kind === 'added') {
    return { ...edits, added: edits.added.filter((_, slot) => slot !== origin.slot) };
  }
  if (edits.removed.length >= EDIT_SLOTS) return null;
  return {
    ...edits,
    removed: [...edits.removed, origin.index],
    moved: edits.moved.filter((m) => m.index !== origin.index),
  };
}

/** Edits after adding a point, or null when the link has no room for another. */
export function addEdit(edits: PointEdits, point: EditablePoint): PointEdits | null {
  if (edits.added.length >= EDIT_SLOTS) return null;
  return {
    ...edits,
    added: [
      ...edits.added,
      { x: inDomain(round2(point.x)), y: inDomain(round2(point.y)), cls: point.cls },
    ],
  };
}

/** No edits, encoded. */
export const NO_EDITS: EncodedEdits = encodeEdits({ removed: [], moved: [], added: [] });
