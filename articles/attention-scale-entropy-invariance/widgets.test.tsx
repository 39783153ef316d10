/**
 * The numbers each widget shows, checked against computations that do not go through the
 * widget's code path: the plain double-precision attention functions of the core on vectors
 * drawn with sampleAttentionVectors, and closed forms.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tensorMemory } from '../../src/core/index';
import {
  attentionEntropies,
  attentionEntropy,
  attentionWeights,
  entropyInvariantScale,
  meanFieldEntropy,
  sampleAttentionVectors,
  softmaxEntropy,
} from './math';
import type { AttentionEntropyProgress } from './math';
import { defaultValues, schemaProblems } from '../../src/widgets/params';
import type { AnyWidgetDefinition } from '../../src/widgets/defineWidget';
import { widgets } from './widgets/index';
import { approximationReadouts, approximationTasks, MULTIPLIERS } from './widgets/Approximation';
import { EntropyJob } from './widgets/entropyJob';
import { summarise, sweepRules, sweepTasks, sweepView } from './widgets/EntropyVsLength';
import { QueryPool, queryStats, sortedWeightCurve, traceLengths } from './widgets/OneQuery';
import { lengthGrid, scaleFor, seededStreams } from './widgets/shared';

const byId = (id: string) => widgets.find((w) => w.id === id) as AnyWidgetDefinition;

function render(
  id: string,
  patch: Record<string, string | number | boolean> = {},
): (name: string) => number {
  const widget = byId(id);
  const values = { ...defaultValues(widget.params), ...patch };
  const html = renderToStaticMarkup(
    createElement(widget.Component, { values, set: () => {}, present: false }),
  );
  return (name: string) => {
    const tag = new RegExp(`<[^>]*data-readout="${name}"[^>]*>`).exec(html)?.[0] ?? '';
    const match = /data-value="([^"]+)"/.exec(tag);
    if (!match) throw new Error(`no readout "${name}" in ${id}`);
    return Number(match[1]);
  };
}

/** One query (the seed's first) and n keys, as plain vectors, with key 0 replaced by the query. */
function oneQueryVectors(
  n: number,
  d: number,
  seed: number,
  model: 'sphere' | 'gaussian',
  spread = 1,
) {
  const streams = seededStreams(seed);
  const [q] = sampleAttentionVectors(streams.queries, 1, d, { model, spread });
  const keys = sampleAttentionVectors(streams.keys, n, d, { model, spread });
  return { q, keys, withRelevant: [q, ...keys.slice(1)] };
}

describe('the widgets’ schemas', () => {
  it('are consistent, and the widgets are listed in the order of the article', () => {
    for (const w of widgets) expect(schemaProblems(w.params), w.id).toEqual([]);
    expect(widgets.map((w) => w.id)).toEqual(['one-query', 'entropy-vs-length', 'approximation']);
  });
});

describe('one-query widget', () => {
  it('at its defaults shows the entropies and weights of softmax(λ q·k) over the same 1024 vectors', () => {
    const read = render('one-query');
    const { q, withRelevant } = oneQueryVectors(1024, 64, 1, 'sphere');
    for (const [rule, scale] of [
      ['standard', 1 / 8],
      ['invariant', entropyInvariantScale(1024, 64)],
    ] as const) {
      const [weights] = attentionWeights([q], withRelevant, scale);
      const h = attentionEntropy([q], withRelevant, scale);
      expect(read(`entropy_${rule}`)).toBeCloseTo(h, 10);
      expect(read(`effective_${rule}`)).toBeCloseTo(Math.exp(h), 8);
      expect(read(`weight_${rule}`)).toBeCloseTo(weights[0], 10);
    }
    expect(read('ratio')).toBeCloseTo(10 / 9, 12);
    expect(read('uniform')).toBe(1 / 1024);
  });

  it('without the relevant key reports the largest weight, for the gaussian model too', () => {
    const read = render('one-query', { relevant: false, model: 'gaussian', n: 300, d: 16 });
    const { q, keys } = oneQueryVectors(300, 16, 1, 'gaussian');
    const [weights] = attentionWeights([q], keys, 0.25);
    expect(read('weight_standard')).toBeCloseTo(Math.max(...weights), 10);
    expect(read('entropy_standard')).toBeCloseTo(attentionEntropy([q], keys, 0.25), 10);
  });

  it('QueryPool gives the dot products of sampleAttentionVectors for any model and spread', () => {
    const pool = new QueryPool(8, 3);
    for (const model of ['sphere', 'gaussian'] as const) {
      for (const spread of [0.5, 2]) {
        const { q, keys } = oneQueryVectors(40, 8, 3, model, spread);
        const raw = pool.rawLogits(40, model, spread, false);
        keys.forEach((k, j) => {
          const dot = k.reduce((s, x, i) => s + x * q[i], 0);
          expect(raw[j]).toBeCloseTo(dot, 10);
        });
        const relevant = pool.rawLogits(40, model, spread, true);
        expect(relevant[0]).toBeCloseTo(
          q.reduce((s, x) => s + x * x, 0),
          10,
        );
      }
    }
  });

  it('queryStats agrees with softmaxEntropy, and the sorted curve starts at the top weight and ends at the least', () => {
    const raw = new QueryPool(16, 5).rawLogits(500, 'sphere', 1.3, true);
    const s = queryStats(raw, 500, 0.4);
    expect(s.entropy).toBeCloseTo(softmaxEntropy(Array.from(raw, (x) => 0.4 * x)), 12);
    const curve = sortedWeightCurve(raw, 500, 0.4);
    expect(curve[0]).toEqual([1, s.topWeight]);
    expect(curve[curve.length - 1][0]).toBe(500);
    for (let i = 1; i < curve.length; i++) expect(curve[i][1]).toBeLessThanOrEqual(curve[i - 1][1]);
    expect(traceLengths(16384).at(-1)).toBe(16384);
    expect(traceLengths(16384).length).toBe(41);
  });
});

describe('entropy-vs-length widget', () => {
  beforeAll(() => initBackend({ candidates: ['cpu'] }));

  it('has one task per length 16 … max n, with the standard, invariant (and ln n) scales', () => {
    const values = { ...defaultValues(byId('entropy-vs-length').params) } as Parameters<
      typeof sweepTasks
    >[0];
    const tasks = sweepTasks(values);
    expect(tasks.map((t) => t.keys)).toEqual(lengthGrid(4096));
    expect(lengthGrid(4096)).toEqual([16, 32, 64, 128, 256, 512, 1024, 2048, 4096]);
    expect(tasks[5].scales).toEqual([1 / 8, 1 / 8]);
    expect(sweepRules({ show_logn: true })).toEqual(['standard', 'invariant', 'logn']);
    expect(scaleFor('logn', 512, 64)).toBeCloseTo(Math.log(512) / 8, 15);
  });

  it('the job measures n × n self-attention entropies that match the plain computation, nested in n', async () => {
    const tasks = [16, 32, 64].map((n) => ({
      keys: n,
      queries: n,
      scales: [0.25, entropyInvariantScale(n, 16)],
    }));
    const job = new EntropyJob({ d: 16, spread: 1.2, model: 'sphere', seed: 4 }, tasks);
    let steps = 0;
    for (;;) {
      const r = await job.step();
      steps += 1;
      if (r.done) break;
    }
    expect(steps).toBeGreaterThan(3);
    const streams = seededStreams(4);
    const queries = sampleAttentionVectors(streams.queries, 64, 16, { spread: 1.2 });
    const keys = sampleAttentionVectors(streams.keys, 64, 16, { spread: 1.2 });
    tasks.forEach((task, i) => {
      task.scales.forEach((scale, s) => {
        const exact = attentionEntropy(
          queries.slice(0, task.queries),
          keys.slice(0, task.keys),
          scale,
        );
        expect(Math.abs(job.results[i]!.mean[s] - exact)).toBeLessThan(2e-5);
      });
    });
    job.dispose();
  });

  it('keeps tf.memory().numTensors flat across steps and releases it all on dispose mid-run', async () => {
    const before = (await tensorMemory()).numTensors;
    const job = new EntropyJob({ d: 8, spread: 1, model: 'gaussian', seed: 2 }, [
      { keys: 512, queries: 512, scales: [0.3] },
    ]);
    const counts: number[] = [];
    for (let i = 0; i < 12; i++) {
      await job.step();
      counts.push((await tensorMemory()).numTensors);
    }
    expect(Math.max(...counts)).toBeLessThanOrEqual(before + 1);
    job.dispose();
    expect((await tensorMemory()).numTensors).toBe(before);
    expect(await job.step()).toEqual({ done: false, watch: [] });
  });

  it('its view after a step is a copy of the job’s results and names the length in progress', async () => {
    const values = {
      ...defaultValues(byId('entropy-vs-length').params),
      max_n: '64',
      d: 8,
    } as Parameters<typeof sweepTasks>[0];
    const job = new EntropyJob({ d: 8, spread: 1, model: 'sphere', seed: 1 }, sweepTasks(values));
    expect(sweepView(job)).toEqual({ results: [null, null, null], live: { n: 16, rowsDone: 0 } });
    while (!job.results[0]) await job.step();
    const view = sweepView(job);
    expect(view.results).not.toBe(job.results);
    expect(view.results[0]?.done).toBe(true);
    expect(view.live).toEqual({ n: 32, rowsDone: 0 });
    job.dispose();
  });

  it('summarise reads the longest length done and the growth over its last doubling', () => {
    const grid = [16, 32, 64];
    const result = (mean: number[]): AttentionEntropyProgress => ({
      rowsDone: 1,
      rows: 1,
      done: true,
      mean,
      stdError: mean.map(() => 0),
    });
    const s = summarise(
      grid,
      [result([2, 2.5]), result([2.7, 3]), null],
      ['standard', 'invariant'],
    );
    expect(s.lastN).toBe(32);
    expect(s.last.standard).toBe(2.7);
    expect(s.growth.invariant).toBeCloseTo(0.5, 15);
    expect(Number.isNaN(summarise(grid, [null, null, null], ['standard']).lastN)).toBe(true);
  });
});

describe('approximation widget', () => {
  it('reads off λ, a, β, e^{β²}/n, the mean field and the measured point at the read-off scale', () => {
    const measured: AttentionEntropyProgress = {
      rowsDone: 10,
      rows: 10,
      done: true,
      mean: MULTIPLIERS.map((c) => 6 - c),
      stdError: MULTIPLIERS.map(() => 0.01),
    };
    const r = approximationReadouts(
      { n: 512, d: 64, spread: 1.5, model: 'sphere', at: 2 },
      measured,
    );
    expect(r.scale).toBeCloseTo(2 / 8, 15);
    expect(r.peakLogit).toBeCloseTo(0.25 * 2.25 * 64, 12);
    expect(r.logitSd).toBeCloseTo(0.25 * 2.25 * 8, 12);
    expect(r.fluctuation).toBeCloseTo(Math.exp((0.25 * 2.25 * 8) ** 2) / 512, 6);
    expect(r.meanField).toBeCloseTo(meanFieldEntropy(512, 0.25, 64, { spread: 1.5 }), 12);
    expect(r.measured).toBe(4);
    // The measured curve falls by 1/4 per step of 1/8 in c, that is per 2.25 in a.
    expect(r.measuredSlope).toBeCloseTo(-0.125 / 2.25, 12);
    expect(r.error).toBeCloseTo(4 - r.meanField, 12);
  });

  it('measures one task: `queries` queries against n keys at the 33 scales c/√d, c = 0 … 4', () => {
    expect(approximationTasks({ n: 512, queries: 256, d: 64 })).toEqual([
      { keys: 512, queries: 256, scales: MULTIPLIERS.map((c) => c / 8) },
    ]);
    expect(MULTIPLIERS).toHaveLength(33);
    expect(MULTIPLIERS.at(-1)).toBe(4);
  });

  it('renders the mean-field readouts at its defaults before anything is measured', () => {
    const read = render('approximation');
    expect(read('mean_field')).toBeCloseTo(5.7493, 4);
    expect(read('slope_mean_field')).toBeCloseTo(-0.1196, 4);
    expect(Number.isNaN(read('measured'))).toBe(true);
    expect(read('peak_logit')).toBe(8);
  });

  it('at the defaults, the measured entropy matches the mean field within 2 SE up to λ√d = 1.75 and is 0.06 above it at 2', () => {
    const streams = seededStreams(1);
    const queries = sampleAttentionVectors(streams.queries, 256, 64);
    const keys = sampleAttentionVectors(streams.keys, 512, 64);
    for (const c of [0.5, 1, 1.5, 1.75, 2]) {
      const hs = attentionEntropies(queries, keys, c / 8);
      const mean = hs.reduce((a, b) => a + b, 0) / hs.length;
      const se = Math.sqrt(hs.reduce((a, b) => a + (b - mean) ** 2, 0) / (hs.length - 1) / 256);
      const gap = mean - meanFieldEntropy(512, c / 8, 64);
      if (c <= 1.75) expect(Math.abs(gap)).toBeLessThan(2 * se);
      else {
        expect(gap).toBeGreaterThan(2 * se);
        expect(gap).toBeCloseTo(0.06, 2);
      }
    }
  });
});
