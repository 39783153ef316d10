/** This article's workload for `npm run bench` (see tests/bench/workload.ts). */
import { klDivergence, monteCarloKl, type Gaussian } from '../../src/core/index';
import type { BenchWorkload } from '../../tests/bench/workload';

const P: Gaussian = {
  mean: [1, 0],
  cov: [
    [2, 1],
    [1, 2],
  ],
};
const Q: Gaussian = {
  mean: [0, 2],
  cov: [
    [1, 0],
    [0, 3],
  ],
};

export const benchWorkloads: BenchWorkload[] = [
  {
    id: 'mc-kl',
    label: 'Monte Carlo KL, N = 10⁶',
    tfjs: true,
    // The Monte Carlo estimate of KL(p‖q) from N = 10⁶ samples, read back.
    factory: async () => ({
      run: async () => (await monteCarloKl(P, Q, 1_000_000, 7)).kl.mean,
      dispose: () => undefined,
    }),
    reference: () => klDivergence(P, Q),
  },
];
