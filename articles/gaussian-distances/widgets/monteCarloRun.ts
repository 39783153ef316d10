/** The Monte Carlo widget's run without React, so that the article's tests run what it runs. */
import { createMonteCarloKl } from '../../../src/core/index';
import type { Gaussian, MonteCarloKlResult } from '../../../src/core/index';
import { gaussianFromAxes } from './shared';

/** N(mean, variance · I) in two dimensions. */
const isotropic = (mean: [number, number], variance: number): Gaussian => ({
  mean,
  cov: [
    [variance, 0],
    [0, variance],
  ],
});

/** Pairs of Gaussians that show different sides of sampling: easy, shifted, heavy-tailed ratio. */
export const PAIRS = {
  example: {
    label: 'Worked example (the article’s numbers)',
    p: gaussianFromAxes([1, 0], [Math.sqrt(3), 1], 45),
    q: gaussianFromAxes([0, 2], [Math.sqrt(3), 1], 90),
  },
  shift: {
    label: 'Same covariance, shifted mean',
    p: isotropic([0, 0], 1),
    q: isotropic([1.5, 0], 1),
  },
  narrow_q: {
    label: 'q narrower than p (slow convergence)',
    p: isotropic([0, 0], 1),
    q: isotropic([0.5, 0], 0.25),
  },
  wide_q: {
    label: 'q wider than p',
    p: {
      mean: [0, 0],
      cov: [
        [1, 0.6],
        [0.6, 1],
      ],
    },
    q: isotropic([0, 0], 4),
  },
} satisfies Record<string, { label: string; p: Gaussian; q: Gaussian }>;

export type PairName = keyof typeof PAIRS;
export const PAIR_NAMES = Object.keys(PAIRS) as PairName[];

/** Which KL is estimated: KL(p‖q) samples p, KL(q‖p) samples q. */
export type Direction = 'pq' | 'qp';

/** The settings a run reads: the widget's parameters. */
export interface MonteCarloSettings {
  pair: PairName;
  direction: Direction;
  n: number;
  seed: number;
}

/** The two Gaussians in the order of the chosen direction: samples come from `from`. */
export function pairOf({ pair, direction }: Pick<MonteCarloSettings, 'pair' | 'direction'>): {
  from: Gaussian;
  to: Gaussian;
} {
  const { p, q } = PAIRS[pair];
  return direction === 'pq' ? { from: p, to: q } : { from: q, to: p };
}

/** Samples per step: one tfjs call and one read-back, short enough to keep a frame responsive. */
export const BATCH = 20_000;

/** How many steps a run of n samples takes. */
export const batchCount = (n: number): number => Math.ceil(n / BATCH);

/** One run of n samples with one seeded sampler; the same settings give the same estimate. */
export interface MonteCarloRun {
  /** Draws step `index` (0-based): full batches, then what is left of n; null past the end. */
  next(index: number): Promise<MonteCarloKlResult | null>;
}

export function createMonteCarloRun(settings: MonteCarloSettings): MonteCarloRun {
  const { from, to } = pairOf(settings);
  const sampler = createMonteCarloKl(from, to, settings.seed);
  return {
    next: async (index) => {
      const size = Math.min(BATCH, settings.n - index * BATCH);
      // Past the end there is nothing to draw (the session stops a run at maxSteps anyway).
      return size > 0 ? sampler.next(size) : null;
    },
  };
}
