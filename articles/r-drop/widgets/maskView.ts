/**
 * The numbers of the dropout-masks widget, from the exact enumeration of every mask of the
 * tiny network: two masks drawn as in one R-Drop step and their loss terms, the spread over all
 * masks, the model average against the dropout-off prediction, and ternary-plot coordinates.
 */
import { createRng, type Activation } from '../../../src/core/index';
import {
  dropoutGapStatistics,
  dropoutMaskDistributions,
  rdropLossParts,
  type DenseLayer,
  type DropoutGapStatistics,
  type DropoutMaskDistributions,
  type RdropLossParts,
} from '../math';

/** The distribution a network predicts under one mask, from the enumeration. */
export function maskDistribution(d: DropoutMaskDistributions, mask: number): number[] {
  return Array.from({ length: d.classes }, (_, c) =>
    Math.exp(d.logProbabilities[mask * d.classes + c]),
  );
}

/** `count` masks drawn as dropout draws them: each of `units` units kept with probability 1 − p. */
export function sampleMasks(
  seed: number,
  units: number,
  dropRate: number,
  count: number,
): number[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    let mask = 0;
    for (let j = 0; j < units; j++) if (rng.uniform() >= dropRate) mask += 2 ** j;
    return mask;
  });
}

/** Position of a distribution over three classes in an equilateral triangle with side 1. */
export function ternary(p: readonly number[]): [number, number] {
  return [p[1] + p[2] / 2, (p[2] * Math.sqrt(3)) / 2];
}

/** What the widget shows for one network and one input. */
export interface MaskPairView {
  /** The two sampled distributions P¹ and P² of one step. */
  first: number[];
  second: number[];
  /** The R-Drop loss terms of the two passes for this input (B = 1). */
  loss: RdropLossParts;
  /** Model average, dropout-off prediction, spread, gap and expected R-Drop term. */
  stats: DropoutGapStatistics;
}

/** The view of one network at one input x with label y, for the masks `pair` and weight α. */
export function maskPairView(
  layers: readonly DenseLayer[],
  activation: Activation,
  x: readonly number[],
  label: number,
  dropRate: number,
  pair: readonly [number, number],
  alpha: number,
): MaskPairView & { distributions: DropoutMaskDistributions } {
  const distributions = dropoutMaskDistributions(layers, activation, x, dropRate);
  const first = maskDistribution(distributions, pair[0]);
  const second = maskDistribution(distributions, pair[1]);
  // Log-probabilities are logits of the same distributions.
  const logits = (mask: number) =>
    Array.from(
      distributions.logProbabilities.subarray(
        mask * distributions.classes,
        (mask + 1) * distributions.classes,
      ),
    );
  const loss = rdropLossParts([logits(pair[0])], [logits(pair[1])], [label], alpha);
  return { first, second, loss, stats: dropoutGapStatistics(distributions), distributions };
}

/** The gap and the expected R-Drop term averaged over a set of inputs. */
export function meanGap(
  layers: readonly DenseLayer[],
  activation: Activation,
  X: readonly (readonly number[])[],
  dropRate: number,
): { gap: number; expectedSymmetricKl: number } {
  let gap = 0;
  let expectedSymmetricKl = 0;
  for (const x of X) {
    const stats = dropoutGapStatistics(dropoutMaskDistributions(layers, activation, x, dropRate));
    gap += stats.gap;
    expectedSymmetricKl += stats.expectedSymmetricKl;
  }
  return { gap: gap / X.length, expectedSymmetricKl: expectedSymmetricKl / X.length };
}
