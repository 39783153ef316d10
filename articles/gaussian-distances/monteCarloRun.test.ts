/** The Monte Carlo widget's run, exactly as the widget steps it, on the tfjs cpu backend. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bhattacharyyaCoefficient,
  initBackend,
  klDivergence,
  monteCarloKl,
  tensorMemory,
} from '../../src/core/index';
import type { MonteCarloKlResult } from '../../src/core/index';
import {
  BATCH,
  batchCount,
  createMonteCarloRun,
  pairOf,
  PAIR_NAMES,
  type MonteCarloSettings,
} from './widgets/monteCarloRun';

beforeAll(async () => {
  await initBackend({ candidates: ['cpu'] });
});

/** Steps a run to its end as the widget's session does: batchCount(n) steps, indices 0, 1, …. */
async function runToEnd(settings: MonteCarloSettings): Promise<MonteCarloKlResult[]> {
  const run = createMonteCarloRun(settings);
  const results: MonteCarloKlResult[] = [];
  for (let step = 0; step < batchCount(settings.n); step++) results.push((await run.next(step))!);
  return results;
}

describe('the Monte Carlo widget’s run', () => {
  it('draws n samples in batches of BATCH and a remainder (n = 50,000: 20,000, 40,000, 50,000)', async () => {
    const results = await runToEnd({ pair: 'example', direction: 'pq', n: 50_000, seed: 1 });
    expect(BATCH).toBe(20_000);
    expect(results.map((r) => r.kl.n)).toEqual([20_000, 40_000, 50_000]);
    expect(batchCount(100)).toBe(1);
    expect(batchCount(1_000_000)).toBe(50);
  });

  it('draws nothing when stepped past its end (a restart racing its last step)', async () => {
    const run = createMonteCarloRun({ pair: 'example', direction: 'pq', n: 100, seed: 4 });
    expect((await run.next(0))?.kl.n).toBe(100);
    expect(await run.next(1)).toBeNull();
    expect(await run.next(2)).toBeNull();
  });

  it('ends on the estimate that one call of monteCarloKl gives for the same seed', async () => {
    const settings: MonteCarloSettings = { pair: 'shift', direction: 'qp', n: 45_000, seed: 9 };
    const last = (await runToEnd(settings)).at(-1)!;
    const { from, to } = pairOf(settings);
    const whole = await monteCarloKl(from, to, settings.n, settings.seed);
    expect(last.kl.mean).toBeCloseTo(whole.kl.mean, 10);
    expect(last.bhattacharyyaCoefficient.mean).toBeCloseTo(whole.bhattacharyyaCoefficient.mean, 10);
  });

  it('samples the first argument of the KL: pq gives KL(p‖q), qp gives KL(q‖p) (4 SE, every pair)', async () => {
    for (const pair of PAIR_NAMES) {
      for (const direction of ['pq', 'qp'] as const) {
        const { from, to } = pairOf({ pair, direction });
        const last = (await runToEnd({ pair, direction, n: 40_000, seed: 3 })).at(-1)!;
        const label = `${pair} ${direction}`;
        expect(Math.abs(last.kl.mean - klDivergence(from, to)), label).toBeLessThan(
          4 * last.kl.stdError,
        );
        const bc = last.bhattacharyyaCoefficient;
        expect(Math.abs(bc.mean - bhattacharyyaCoefficient(from, to)), label).toBeLessThan(
          4 * bc.stdError,
        );
      }
    }
  });

  it('leaves tf.memory().numTensors where it was after 100 runs', async () => {
    await runToEnd({ pair: 'example', direction: 'pq', n: 100, seed: 1 });
    const before = (await tensorMemory()).numTensors;
    for (let seed = 2; seed <= 101; seed++)
      await runToEnd({ pair: 'example', direction: 'pq', n: 100, seed });
    expect((await tensorMemory()).numTensors).toBe(before);
  });
});
