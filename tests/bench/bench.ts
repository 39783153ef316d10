/**
 * The benchmark page of `npm run bench` (scripts/bench.mjs): the math core's workloads, each
 * timed on the backend the page was asked for. It exposes `window.bench` and does nothing until
 * called; the script loads a fresh page for every (workload, backend) pair.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import {
  createOptimizer,
  createRng,
  initBackend,
  loadTf,
  Mlp,
  probeWebGpuAdapter,
  sampleMoons,
  setWasmFilePaths,
  softmaxCrossEntropy,
  tensorMemory,
  trainStep,
  type BackendName,
} from '../../src/core/index';
import { PlainMlp } from '../../src/core/mlpPlain';
import type { BenchWorkload, Workload, WorkloadFactory } from './workload';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmFilePaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** 'js' runs a plain-JavaScript workload without tfjs; 'auto' lets the core choose. */
export type BenchBackend = BackendName | 'auto' | 'js';

/** Every article's workloads, from `articles/<slug>/bench.ts`, in the order of the slugs. */
const ARTICLE_WORKLOADS: BenchWorkload[] = Object.entries(
  import.meta.glob<{ benchWorkloads: BenchWorkload[] }>('../../articles/*/bench.ts', {
    eager: true,
  }),
)
  .sort(([a], [b]) => a.localeCompare(b))
  .flatMap(([, module]) => module.benchWorkloads);

/** One SGD step of [2, h, h, 2] (tanh) on a batch of 64 moons, as plain TypeScript loops. */
const plainMlpWorkload =
  (hidden: number): WorkloadFactory =>
  async () => {
    const data = sampleMoons(createRng(2), 64, 0.1);
    const model = PlainMlp.create({ sizes: [2, hidden, hidden, 2], activation: 'tanh', seed: 1 });
    return {
      run: async () => model.trainStep(data.X, data.y, 0.01).loss,
      dispose: () => undefined,
    };
  };

/** The same step on tfjs: forward, softmax cross-entropy, gradients, SGD, loss read back. */
const tfjsMlpWorkload =
  (hidden: number): WorkloadFactory =>
  async () => {
    const tf = await loadTf();
    const data = sampleMoons(createRng(2), 64, 0.1);
    const model = await Mlp.create({ sizes: [2, hidden, hidden, 2], activation: 'tanh', seed: 1 });
    const optimizer = createOptimizer(tf, 'sgd', 0.01);
    const x: TfCore.Tensor2D = tf.tensor2d(data.X);
    const labels: TfCore.Tensor1D = tf.tensor1d(data.y, 'int32');
    return {
      run: async () =>
        (await trainStep(model, optimizer, () => softmaxCrossEntropy(tf, model.forward(x), labels)))
          .loss,
      dispose() {
        optimizer.dispose();
        model.dispose();
        tf.dispose([x, labels]);
      },
    };
  };

/** Workloads by name, and whether they run on tfjs (the others are plain JavaScript). */
function workload(name: string): { factory: WorkloadFactory; tfjs: boolean } | null {
  const mlp = /^mlp-(plain|tfjs)-(\d+)$/.exec(name);
  if (mlp) {
    const hidden = Number(mlp[2]);
    return mlp[1] === 'plain'
      ? { factory: plainMlpWorkload(hidden), tfjs: false }
      : { factory: tfjsMlpWorkload(hidden), tfjs: true };
  }
  const found = ARTICLE_WORKLOADS.find((w) => w.id === name);
  return found ? { factory: found.factory, tfjs: found.tfjs } : null;
}

export interface PreparedWorkload {
  workload: string;
  requested: BenchBackend;
  /** The backend the workload runs on ('js' for plain JavaScript). */
  backend: string;
  /** The core's reason for its choice, and its probe timings (ms) when it measured. */
  reason: string | null;
  probe: Partial<Record<BackendName, number>>;
  /** Milliseconds to load tfjs and start the backend (the probe included for 'auto'). */
  initMs: number;
  /** Milliseconds of each warm-up call, in order (the first includes compilation). */
  warmupMs: number[];
  /** The workload's own output (an estimate or a loss), to see every backend computes the same. */
  value: number;
}

/** Warm-up stops after a call longer than this. */
const WARMUP_BUDGET_MS = 2000;

let active: { workload: Workload; tensorsBefore: number; info: PreparedWorkload } | null = null;

/**
 * Starts the backend (forced, or the core's automatic choice), sets the workload up and runs it
 * `warmups` times, or once when that call takes over 2 s. A call slower than `slowMs` is the
 * figure for that backend (the caller takes no more samples, as they would take minutes).
 */
async function prepare(
  name: string,
  requested: BenchBackend,
  warmups: number,
  slowMs = Infinity,
): Promise<PreparedWorkload> {
  if (active) throw new Error('bench: a workload is already prepared on this page');
  const found = workload(name);
  if (!found) throw new Error(`bench: no workload named ${name}`);
  let backend = 'js';
  let reason: string | null = null;
  let probe: Partial<Record<BackendName, number>> = {};
  const initStart = performance.now();
  if (found.tfjs) {
    if (requested === 'js') throw new Error(`bench: ${name} runs on tfjs, not plain JS`);
    const choice = await initBackend(requested === 'auto' ? {} : { force: requested });
    backend = choice.name;
    reason = choice.reason;
    probe = choice.timings;
  }
  const initMs = performance.now() - initStart;
  const tensorsBefore = (await tensorMemory()).numTensors;
  const w = await found.factory();
  const warmupMs: number[] = [];
  let value = NaN;
  for (let i = 0; i < Math.max(1, warmups); i++) {
    const start = performance.now();
    value = await w.run();
    warmupMs.push(performance.now() - start);
    // One warm-up call (compilation, allocation) is enough for calls of seconds.
    if (warmupMs[i] > Math.min(slowMs, WARMUP_BUDGET_MS)) break;
  }
  const info = { workload: name, requested, backend, reason, probe, initMs, warmupMs, value };
  active = { workload: w, tensorsBefore, info };
  return info;
}

/** Milliseconds per call over `calls` consecutive calls of the prepared workload. */
async function sample(calls: number): Promise<number> {
  if (!active) throw new Error('bench: nothing prepared');
  const start = performance.now();
  for (let c = 0; c < calls; c++) active.info.value = await active.workload.run();
  return (performance.now() - start) / calls;
}

/** Disposes the prepared workload; returns its last output and the live tensors it left. */
async function finish(): Promise<{ value: number; leakedTensors: number }> {
  if (!active) throw new Error('bench: nothing prepared');
  const { workload: w, tensorsBefore, info } = active;
  active = null;
  w.dispose();
  return { value: info.value, leakedTensors: (await tensorMemory()).numTensors - tensorsBefore };
}

/** Aim of one timed sample: fast calls are repeated until a sample takes about this long. */
const SAMPLE_MS = 25;

/** Everything in one call, for use by hand in the console: median ms per call over `repeats`. */
async function run(name: string, requested: BenchBackend, repeats = 5, warmups = 2) {
  const info = await prepare(name, requested, warmups);
  const last = info.warmupMs[info.warmupMs.length - 1];
  const calls = Math.min(1000, Math.max(1, Math.ceil(SAMPLE_MS / Math.max(last, 0.01))));
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) times.push(await sample(calls));
  const done = await finish();
  const sorted = [...times].sort((a, b) => a - b);
  return { ...info, ...done, times, median: sorted[Math.floor(sorted.length / 2)] };
}

export interface BenchApi {
  prepare: typeof prepare;
  sample: typeof sample;
  finish: typeof finish;
  run: typeof run;
  /** The WebGPU adapter, described, or null when the page has no WebGPU. */
  adapter: typeof probeWebGpuAdapter;
  /** The articles' workloads (id, label, on tfjs or not), for the tables. */
  workloads: () => { id: string; label: string; tfjs: boolean }[];
  /** A workload's exact value (a Monte Carlo workload's closed form), or null. */
  reference: (name: string) => number | null;
}

declare global {
  interface Window {
    bench?: BenchApi;
  }
}

window.bench = {
  prepare,
  sample,
  finish,
  run,
  adapter: probeWebGpuAdapter,
  workloads: () => ARTICLE_WORKLOADS.map(({ id, label, tfjs }) => ({ id, label, tfjs })),
  reference: (name) => ARTICLE_WORKLOADS.find((w) => w.id === name)?.reference?.() ?? null,
};
