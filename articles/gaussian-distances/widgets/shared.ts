import {
  assertSymmetricPositiveDefinite,
  bhattacharyyaDistance,
  covarianceFromAxes,
  hellingerDistance,
  klDivergence,
  wasserstein2Distance,
} from '../../../src/core/index';
import type { Gaussian } from '../../../src/core/index';

/** A 2-D Gaussian from its mean, principal standard deviations and the first axis angle in degrees. */
export function gaussianFromAxes(
  mean: readonly number[],
  sd: readonly number[],
  angleDegrees: number,
): Gaussian {
  return {
    mean: [mean[0], mean[1]],
    cov: covarianceFromAxes(sd[0], sd[1], (angleDegrees * Math.PI) / 180),
  };
}

/** The quantities the ellipses and the slices both show, from the core's closed forms. */
export function distancesBetween(p: Gaussian, q: Gaussian) {
  return {
    kl_pq: klDivergence(p, q),
    kl_qp: klDivergence(q, p),
    bhattacharyya: bhattacharyyaDistance(p, q),
    hellinger: hellingerDistance(p, q),
    w2: wasserstein2Distance(p, q),
  };
}

/** Why a typed matrix is not a covariance (symmetric positive definite), or null when it is one. */
export function describeSpdProblem(m: number[][]): string | null {
  try {
    assertSymmetricPositiveDefinite(m, 'Σ', 'covariance');
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.replace(/^covariance: Σ /, '');
  }
}
