/**
 * The numbers the closed-form widgets show, as pure functions of their parameters, so that the
 * article's tests can check them without rendering anything.
 */
import {
  binaryCrossEntropyGradient,
  binaryCrossEntropyPerClass,
  binaryCrossEntropyWithLogits,
  multilabelCrossEntropyGradient,
  multilabelCrossEntropyParts,
  multilabelHingeLimit,
  multilabelTermCount,
  scaledMultilabelLoss,
} from '../math';

/** Significant digits that print a whole number without decimals (the Readout rounds to them). */
export function integerDigits(value: number): number {
  return Math.max(1, String(Math.round(Math.abs(value))).length);
}

/** A 0/1 target vector from a vector parameter (URL values in between count as 1 from 0.5 up). */
export function targetsFrom(values: readonly number[], classes: number): number[] {
  return values.slice(0, classes).map((t) => (t >= 0.5 ? 1 : 0));
}

export interface ScoreBoard {
  /** ln(1 + Σ_neg e^{s_i}) + ln(1 + Σ_pos e^{−s_j}) and its two terms. */
  zlpr: number;
  zlprNegative: number;
  zlprPositive: number;
  /** Σ_k BCE_k, and each class's BCE_k = softplus(s_k) − y_k s_k. */
  bce: number;
  bcePerClass: number[];
  /** −∂L/∂s_k: how gradient descent pushes each score (up is positive). */
  pushZlpr: number[];
  pushBce: number[];
  /** Total push down on the non-targets and up on the targets, for each loss. */
  downOnNegativesZlpr: number;
  upOnPositivesZlpr: number;
  downOnNegativesBce: number;
  upOnPositivesBce: number;
  /** Classes on the wrong side of the threshold 0 (missed targets plus false alarms). */
  mistakes: number;
}

/** Everything the score-bars widget shows, for scores and 0/1 targets of the same length. */
export function scoreBoard(scores: readonly number[], targets: readonly number[]): ScoreBoard {
  const { negative, positive } = multilabelCrossEntropyParts(scores, targets);
  const pushZlpr = multilabelCrossEntropyGradient(scores, targets).map((g) => -g);
  const pushBce = binaryCrossEntropyGradient(scores, targets).map((g) => -g);
  const sumWhere = (xs: number[], target: number) =>
    xs.reduce((s, x, k) => (targets[k] === target ? s + x : s), 0);
  return {
    zlpr: negative + positive,
    zlprNegative: negative,
    zlprPositive: positive,
    bce: binaryCrossEntropyWithLogits(scores, targets),
    bcePerClass: binaryCrossEntropyPerClass(scores, targets),
    pushZlpr,
    pushBce,
    downOnNegativesZlpr: -sumWhere(pushZlpr, 0),
    upOnPositivesZlpr: sumWhere(pushZlpr, 1),
    downOnNegativesBce: -sumWhere(pushBce, 0),
    upOnPositivesBce: sumWhere(pushBce, 1),
    mistakes: scores.filter((s, k) => (s > 0 ? 1 : 0) !== targets[k]).length,
  };
}

export interface SmoothMax {
  /** The loss at sharpness γ (with or without the threshold class). */
  loss: number;
  /** Its γ → ∞ limit, the hinge on the worst margin. */
  hinge: number;
  /** The largest non-target score and the smallest target score (±∞ when a group is empty). */
  maxNegative: number;
  minPositive: number;
  /** ln T / γ, the most by which the loss can exceed the hinge (T terms in the log). */
  gapBound: number;
  terms: number;
}

/** Everything the smooth-max widget shows at one γ. */
export function smoothMax(
  scores: readonly number[],
  targets: readonly number[],
  gamma: number,
  threshold: boolean,
): SmoothMax {
  let maxNegative = -Infinity;
  let minPositive = Infinity;
  scores.forEach((s, k) => {
    if (targets[k] === 1) minPositive = Math.min(minPositive, s);
    else maxNegative = Math.max(maxNegative, s);
  });
  const terms = multilabelTermCount(targets, { threshold });
  return {
    loss: scaledMultilabelLoss(scores, targets, { scale: gamma, threshold }),
    hinge: multilabelHingeLimit(scores, targets, { threshold }),
    maxNegative,
    minPositive,
    gapBound: Math.log(terms) / gamma,
    terms,
  };
}

/** The loss as a function of γ on a log grid from gMin to gMax (for the plot). */
export function lossAgainstGamma(
  scores: readonly number[],
  targets: readonly number[],
  threshold: boolean,
  gMin: number,
  gMax: number,
  points = 121,
): [number, number][] {
  return Array.from({ length: points }, (_, i) => {
    const gamma = gMin * Math.pow(gMax / gMin, i / (points - 1));
    return [gamma, scaledMultilabelLoss(scores, targets, { scale: gamma, threshold })];
  });
}
