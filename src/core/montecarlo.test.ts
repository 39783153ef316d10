import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tensorMemory } from './backend';
import { klDivergence, bhattacharyyaCoefficient, type Gaussian } from './gaussian';
import { createMonteCarloKl, logSpacedCounts, monteCarloKl } from './montecarlo';

const p: Gaussian = {
  mean: [1, 0],
  cov: [
    [2, 1],
    [1, 2],
  ],
};
const q: Gaussian = {
  mean: [0, 2],
  cov: [
    [1, 0],
    [0, 3],
  ],
};

beforeAll(async () => {
  await initBackend({ candidates: ['cpu'] });
});

describe('monteCarloKl on the tfjs cpu backend', () => {
  it('monteCarloKl(p, q, 2e5, seed) is within 4 standard errors of the closed-form KL', async () => {
    const result = await monteCarloKl(p, q, 200_000, 42);
    const exact = klDivergence(p, q);
    expect(result.kl.n).toBe(200_000);
    expect(Math.abs(result.kl.mean - exact)).toBeLessThan(4 * result.kl.stdError);
    // The standard error itself is what theory predicts for this sample size: roughly 1/√N scale.
    expect(result.kl.stdError).toBeGreaterThan(1e-4);
    expect(result.kl.stdError).toBeLessThan(2e-2);
    expect(result.backend).toBe('cpu');
  });

  it('the Bhattacharyya-coefficient estimate E_p[√(q/p)] is within 4 standard errors of e^{-D_B}', async () => {
    const result = await monteCarloKl(p, q, 200_000, 7);
    const exact = bhattacharyyaCoefficient(p, q);
    const est = result.bhattacharyyaCoefficient;
    expect(Math.abs(est.mean - exact)).toBeLessThan(4 * est.stdError);
  });

  it('the estimate of KL(p‖p) is zero for every sample (the log-ratio vanishes)', async () => {
    const result = await monteCarloKl(p, p, 1000, 3);
    expect(Math.abs(result.kl.mean)).toBeLessThan(1e-5);
  });

  it('the same seed gives the same estimate whatever the batch sizes', async () => {
    const a = createMonteCarloKl(p, q, 11);
    await a.next(300);
    const split = await a.next(700);
    const whole = await createMonteCarloKl(p, q, 11).next(1000);
    expect(split.kl.mean).toBeCloseTo(whole.kl.mean, 10);
    expect(split.klPath.map((e) => e.n)).toEqual(whole.klPath.map((e) => e.n));
  });

  it('the running path is reported at 1, 2, 5, 10, … samples and ends at N', async () => {
    const result = await monteCarloKl(p, q, 1234, 1);
    expect(result.klPath.map((e) => e.n)).toEqual(logSpacedCounts(1234));
  });

  it('releases every tensor: 200 batches leave tf.memory().numTensors where it was', async () => {
    const sampler = createMonteCarloKl(p, q, 5);
    await sampler.next(10);
    const before = (await tensorMemory()).numTensors;
    for (let i = 0; i < 200; i++) await sampler.next(50);
    expect((await tensorMemory()).numTensors).toBe(before);
  });

  it('rejects a bad sample size and a non-SPD covariance with a RangeError', async () => {
    await expect(monteCarloKl(p, q, 1.5, 1)).rejects.toThrow(RangeError);
    const bad: Gaussian = {
      mean: [0, 0],
      cov: [
        [1, 2],
        [2, 1],
      ],
    };
    expect(() => createMonteCarloKl(p, bad, 1)).toThrow(/positive definite/);
  });
});

describe('logSpacedCounts', () => {
  it('logSpacedCounts(120) is 1, 2, 5, 10, 20, 50, 100, 120', () => {
    expect(logSpacedCounts(120)).toEqual([1, 2, 5, 10, 20, 50, 100, 120]);
  });
});
