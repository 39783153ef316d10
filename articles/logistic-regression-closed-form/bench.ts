/** This article's workloads for `npm run bench` (see tests/bench/workload.ts). */
import { createRng, sampleGaussianClasses } from '../../src/core/index';
import type { BenchWorkload } from '../../tests/bench/workload';
import { logisticClosedForm, softmaxClosedForm } from './math';

const SHARED_COVARIANCE = [
  [1, 0.3],
  [0.3, 0.5],
];
const MEANS = [
  [0, 0],
  [1.5, 1],
  [-1, 1.5],
];

/** N = 10⁵ points in 2-D from `classes` Gaussians with one covariance. */
const closedFormData = (classes: number) =>
  sampleGaussianClasses(
    createRng(5),
    100_000,
    MEANS.slice(0, classes).map((mean) => ({ mean, cov: SHARED_COVARIANCE })),
  );

export const benchWorkloads: BenchWorkload[] = [
  {
    id: 'logistic-closed-form',
    label: 'logistic closed form, N = 10⁵',
    tfjs: false,
    factory: async () => {
      const { X, y } = closedFormData(2);
      return { run: async () => logisticClosedForm(X, y).b, dispose: () => undefined };
    },
  },
  {
    id: 'softmax-closed-form',
    label: 'softmax closed form, K = 3, N = 10⁵',
    tfjs: false,
    factory: async () => {
      const { X, y } = closedFormData(3);
      return { run: async () => softmaxClosedForm(X, y, 3).b[0], dispose: () => undefined };
    },
  },
];
