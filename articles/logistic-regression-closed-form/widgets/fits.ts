/**
 * The numbers the widgets show, as pure functions of the points and the classifiers, so that
 * tests can check them without a browser.
 */
import {
  binaryFromSoftmax,
  classifierAccuracy,
  linearRuleAccuracy,
  meanCrossEntropy,
  predictClasses,
  softmaxClosedForm,
} from '../math';
import type { BinaryClassifier, GaussianClassModel, SoftmaxClassifier } from '../math';
import type { EditablePoint } from '../../../src/widgets/plot/EditablePoints';

/** Rows and labels of labelled points. */
export function pointsToData(points: readonly EditablePoint[]): { X: number[][]; y: number[] } {
  return { X: points.map((p) => [p.x, p.y]), y: points.map((p) => p.cls) };
}

/** The closed-form softmax classifier of some points, or why there is none. */
export type ClosedFormResult =
  { ok: true; model: SoftmaxClassifier } | { ok: false; message: string };

export function closedFormOf(
  points: readonly EditablePoint[],
  numClasses: number,
): ClosedFormResult {
  const { X, y } = pointsToData(points);
  if (X.length === 0) return { ok: false, message: 'there are no points' };
  try {
    return { ok: true, model: softmaxClosedForm(X, y, numClasses) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: message.replace(/^softmaxClosedForm: /, '') };
  }
}

/** What the two-class playground shows for one classifier. */
export interface BinarySummary {
  rule: BinaryClassifier;
  /** Fraction of the shown points classified right. */
  accuracy: number;
  /** Mean log-loss on the shown points, in nats. */
  logLoss: number;
  /** Expected accuracy on fresh points from the generating Gaussians (exact). */
  newDataAccuracy: number;
}

export function summarizeBinary(
  model: SoftmaxClassifier,
  points: readonly EditablePoint[],
  classes: readonly [GaussianClassModel, GaussianClassModel],
): BinarySummary {
  const { X, y } = pointsToData(points);
  const rule = binaryFromSoftmax(model);
  return {
    rule,
    accuracy: X.length ? classifierAccuracy(model, X, y) : NaN,
    logLoss: X.length ? meanCrossEntropy(model, X, y) : NaN,
    newDataAccuracy: linearRuleAccuracy(rule, classes),
  };
}

/** What the decision-region widget shows for one classifier. */
export interface RegionSummary {
  accuracy: number;
  logLoss: number;
}

export function summarizeSoftmax(
  model: SoftmaxClassifier,
  points: readonly EditablePoint[],
): RegionSummary {
  const { X, y } = pointsToData(points);
  return {
    accuracy: X.length ? classifierAccuracy(model, X, y) : NaN,
    logLoss: X.length ? meanCrossEntropy(model, X, y) : NaN,
  };
}

/** The grid of a decision-region map: cell centres over [x0, x1] × [y0, y1], row 0 at the bottom. */
export interface RegionGrid {
  cols: number;
  rows: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The centre (x, y) of every cell of a grid, row-major (row 0 at y0). */
export function cellCentres(grid: RegionGrid): number[][] {
  const { cols, rows, x0, x1, y0, y1 } = grid;
  const centres: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const y = y0 + ((r + 0.5) * (y1 - y0)) / rows;
    for (let c = 0; c < cols; c++) centres.push([x0 + ((c + 0.5) * (x1 - x0)) / cols, y]);
  }
  return centres;
}

/** The predicted class at every cell centre of a grid, row-major (row 0 at y0). */
export function decisionRegions(model: SoftmaxClassifier, grid: RegionGrid): Int8Array {
  return Int8Array.from(predictClasses(model.W, model.b, cellCentres(grid)));
}

/** Fraction of cells where two region maps agree. */
export function regionAgreement(a: Int8Array, b: Int8Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length ? same / a.length : NaN;
}
