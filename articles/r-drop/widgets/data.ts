/**
 * The datasets of the two widgets, drawn from explicit seeded generators so that a link
 * reproduces the same points.
 */
import {
  createRng,
  flipLabels,
  sampleGaussianClasses,
  sampleMoons,
  type LabelledData,
} from '../../../src/core/index';

/** A small noisy training set and a larger clean test set. */
export interface SplitData {
  train: LabelledData;
  /** Which training labels were flipped (label noise). */
  flipped: boolean[];
  test: LabelledData;
}

/** Centre of the two moons, subtracted so the inputs are roughly zero-mean. */
const MOONS_CENTRE = [0.5, 0.25];
/** Size of the test set of the side-by-side widget. */
export const MOONS_TEST_SIZE = 400;

/**
 * Two moons: n training points with coordinate noise `noise` and a fraction `labelNoise` of
 * their labels flipped, and 400 test points from the same curves with their true labels.
 */
export function moonsData(seed: number, n: number, noise: number, labelNoise: number): SplitData {
  const rng = createRng(seed);
  const centred = (d: LabelledData): LabelledData => ({
    X: d.X.map(([a, b]) => [a - MOONS_CENTRE[0], b - MOONS_CENTRE[1]]),
    y: d.y,
  });
  const clean = centred(sampleMoons(rng, n, noise));
  const y = flipLabels(rng, clean.y, labelNoise);
  const test = centred(sampleMoons(createRng(seed + 1_000_003), MOONS_TEST_SIZE, noise));
  return { train: { X: clean.X, y }, flipped: y.map((v, i) => v !== clean.y[i]), test };
}

/** Three Gaussian classes at the corners of a triangle, overlapping a little. */
export const BLOB_CLASSES = [0, 1, 2].map((k) => {
  const angle = Math.PI / 2 + (2 * Math.PI * k) / 3;
  return {
    mean: [1.4 * Math.cos(angle), 1.4 * Math.sin(angle)],
    cov: [
      [0.3, 0],
      [0, 0.3],
    ],
  };
});

/** Number of training points of the dropout-masks widget. */
export const BLOB_TRAIN_SIZE = 24;

/** 24 training points from the three classes. */
export function blobData(seed: number): LabelledData {
  return sampleGaussianClasses(createRng(seed), BLOB_TRAIN_SIZE, BLOB_CLASSES);
}

/** Centres of a cols × rows grid over [x0, x1] × [y0, y1], row 0 at y0 (the Heatmap layout). */
export function gridPoints(
  cols: number,
  rows: number,
  [x0, x1]: readonly [number, number],
  [y0, y1]: readonly [number, number],
): number[][] {
  const points: number[][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      points.push([x0 + ((c + 0.5) / cols) * (x1 - x0), y0 + ((r + 0.5) / rows) * (y1 - y0)]);
    }
  }
  return points;
}
