/**
 * The parameters of the Gaussian classes that the two point widgets draw from: where a centre
 * may go, and the shared covariance with how far the classes may leave it.
 */
import type { NumberSpec, VectorSpec } from '../../../src/widgets/params';

/** A class centre stays inside [−4, 4]² (its handle and its parameter alike). */
export const CENTRE_LIMIT = 4;

/**
 * The shared covariance, as standard deviations along its principal axes and the angle of the
 * first one, and `mismatch`: how far the classes leave it (`mismatchDescription` says how).
 */
export function covarianceParams(defaults: {
  sd: readonly [number, number];
  angle: number;
  mismatchDescription: string;
}): { sd: VectorSpec; angle: NumberSpec; mismatch: NumberSpec } {
  return {
    sd: {
      type: 'vector',
      length: 2,
      min: 0.2,
      max: 2.5,
      step: 0.01,
      default: defaults.sd,
      label: 'σ (axes)',
      description: 'Standard deviations of the shared covariance along its two principal axes.',
    },
    angle: {
      type: 'number',
      min: -90,
      max: 90,
      step: 1,
      default: defaults.angle,
      unit: '°',
      label: 'Σ rotation',
      description: 'Angle of the first principal axis of the shared covariance.',
    },
    mismatch: {
      type: 'number',
      min: 0,
      max: 1,
      step: 0.01,
      default: 0,
      label: 'Break the shared Σ',
      description: defaults.mismatchDescription,
    },
  };
}
