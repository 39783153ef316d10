/**
 * Choosing and loading the TensorFlow.js backend.
 *
 * tfjs is imported lazily, the first time a function needs it, so that pages without tfjs work
 * never download it. The choice:
 *   1. a forced backend (`?backend=` on the page) when it initialises;
 *   2. WebGPU when the adapter is a hardware GPU;
 *   3. otherwise the fastest of the remaining candidates on a short measurement, cached.
 * A software WebGPU adapter (SwiftShader, llvmpipe) is measured like the others instead of being
 * trusted by name: on a CPU it is far slower than WASM.
 */
import type * as TfCore from '@tensorflow/tfjs-core';

export type Tf = typeof TfCore;
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  /** The backend tfjs is using now. */
  name: BackendName;
  /** Why it was chosen, in one sentence for the badge's tooltip. */
  reason: string;
  /**
   * Milliseconds of the probe workload per measured backend: the fastest of up to five runs
   * (two for a backend left behind by more than {@link PROBE_PRUNE_FACTOR} after the second).
   */
  timings: Partial<Record<BackendName, number>>;
  /** Milliseconds the choice took, loading and measuring the backends included. */
  chooseMs?: number;
  /** Description of the WebGPU adapter, when there is one. */
  adapter?: string;
  /** True when this choice came from the cache rather than a fresh measurement. */
  cached: boolean;
}

export interface InitOptions {
  /** Use this backend if it initialises (the `?backend=` URL parameter). */
  force?: BackendName | null;
  /** Backends to consider; defaults to all that the platform has. */
  candidates?: readonly BackendName[];
  /** Skip the cache and measure again. */
  remeasure?: boolean;
}

let tfPromise: Promise<Tf> | null = null;

/** The tfjs-core module, imported on first use, with the gradients of every op registered. */
export function loadTf(): Promise<Tf> {
  // In order: the gradient registrations need the core's environment to exist first.
  tfPromise ??= import('@tensorflow/tfjs-core').then(async (tf) => {
    await import('@tensorflow/tfjs-core/dist/register_all_gradients');
    return tf;
  });
  return tfPromise;
}

const isBrowser = () => typeof window !== 'undefined' && typeof document !== 'undefined';

let wasmPaths: Record<string, string> | null = null;

/** Where the WASM backend finds its .wasm files in the browser (set by the page's bundler). */
export function setWasmFilePaths(paths: Record<string, string>): void {
  wasmPaths = paths;
}

const registered = new Set<BackendName>();

async function registerBackend(name: BackendName): Promise<void> {
  if (registered.has(name)) return;
  switch (name) {
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      break;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      break;
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      break;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (wasmPaths) wasm.setWasmPaths(wasmPaths);
      break;
    }
  }
  registered.add(name);
}

interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}
interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<GpuAdapterInfoLike>;
}
interface NavigatorGpu {
  gpu?: { requestAdapter(opts?: { powerPreference?: string }): Promise<GpuAdapterLike | null> };
}

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software|basic render|warp/i;

/** The WebGPU adapter, described, and whether it is software-only; null without WebGPU. */
export async function probeWebGpuAdapter(): Promise<{
  description: string;
  software: boolean;
} | null> {
  if (!isBrowser()) return null;
  const gpu = (navigator as unknown as NavigatorGpu).gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
    const description =
      [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') ||
      'unknown adapter';
    return {
      description,
      software: Boolean(adapter.isFallbackAdapter) || SOFTWARE_ADAPTER.test(description),
    };
  } catch {
    return null;
  }
}

/** Sets a backend and waits until it is ready; false when it cannot initialise here. */
async function trySetBackend(tf: Tf, name: BackendName): Promise<boolean> {
  try {
    await registerBackend(name);
    const ok = await tf.setBackend(name);
    if (!ok) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Deterministic probe inputs, made in JavaScript so that no random-number kernel is compiled. */
function probeInput(rows: number, cols: number, salt: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = Math.sin(i * 0.618 + salt);
  return out;
}
const PROBE_A = probeInput(256, 64, 1);
const PROBE_B = probeInput(64, 256, 2);

/**
 * The probe workload: a small batch of the work the widgets do (a matrix product, an
 * element-wise exponential and a row reduction), read back so that the time includes the sync.
 */
async function probeOnce(tf: Tf): Promise<number> {
  const start = performance.now();
  const out = tf.tidy(() => {
    const a = tf.tensor2d(PROBE_A, [256, 64]);
    const b = tf.tensor2d(PROBE_B, [64, 256]);
    const prod = tf.matMul(a, b);
    return tf.sum(tf.exp(tf.mul(prod, 0.01)), 1);
  });
  await out.data();
  out.dispose();
  return performance.now() - start;
}

/**
 * A backend whose fastest probe so far is more than this many times the best one's is not
 * measured again: another run could not make it the fastest, and on a first visit every
 * extra round of a slow backend delays the widgets.
 */
export const PROBE_PRUNE_FACTOR = 4;

/** The backends still worth measuring: those within `factor` of the fastest so far. */
export function probeContenders(
  timings: Partial<Record<BackendName, number>>,
  factor = PROBE_PRUNE_FACTOR,
): BackendName[] {
  const entries = (Object.entries(timings) as [BackendName, number][]).filter(([, ms]) =>
    Number.isFinite(ms),
  );
  if (entries.length === 0) return [];
  const best = Math.min(...entries.map(([, ms]) => ms));
  return entries.filter(([, ms]) => ms <= factor * best).map(([name]) => name);
}

/**
 * A backend's warm-up run (compiling its kernels) may take this many times the fastest probe
 * measured so far, and never less than {@link WARMUP_FLOOR_MS}; a backend still warming up after
 * that is left out. Its start-up is a cost the reader pays on every page load (each page compiles
 * its kernels afresh), and a software WebGPU adapter spends most of a second here compiling four
 * kernels that WASM runs in about a millisecond.
 */
export const WARMUP_FACTOR = 100;
export const WARMUP_FLOOR_MS = 250;

/** The order of the warm-ups: the backends that start quickly first, to set the bar early. */
const WARMUP_ORDER: readonly BackendName[] = ['wasm', 'cpu', 'webgl', 'webgpu'];

interface Measurement {
  timings: Partial<Record<BackendName, number>>;
  /** Backends left out because their warm-up outlasted its limit (milliseconds). */
  slowStarts: Partial<Record<BackendName, number>>;
}

/** The probe's result, or null when it has not finished within `limitMs`. */
async function probeWithin(tf: Tf, limitMs: number): Promise<number | null> {
  const run = probeOnce(tf);
  if (!Number.isFinite(limitMs)) return run;
  // A probe left behind keeps running on its backend and disposes its tensor when it ends.
  run.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), limitMs);
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Milliseconds of the probe on each candidate that starts, one backend after another in
 * {@link WARMUP_ORDER}: a warm-up run (kernel compilation and allocation are not what we compare,
 * but a warm-up past its limit, see {@link WARMUP_FACTOR}, leaves the backend out), then two timed
 * runs. A backend more than {@link PROBE_PRUNE_FACTOR} behind the fastest so far goes no further;
 * the rest share more rounds of one run each in turn, so that a burst of other work on the
 * machine falls on all of them alike. A backend's figure is its fastest run, since other work
 * only ever adds time.
 */
async function measureAll(
  tf: Tf,
  candidates: readonly BackendName[],
  rounds = 5,
): Promise<Measurement> {
  const ordered = [
    ...WARMUP_ORDER.filter((name) => candidates.includes(name)),
    ...candidates.filter((name) => !WARMUP_ORDER.includes(name)),
  ];
  const timings: Partial<Record<BackendName, number>> = {};
  const slowStarts: Partial<Record<BackendName, number>> = {};
  const runs: Partial<Record<BackendName, number>> = {};
  let alive: BackendName[] = [];
  const measure = async (name: BackendName): Promise<boolean> => {
    try {
      if (!(await trySetBackend(tf, name))) throw new Error(`${name} stopped`);
      timings[name] = Math.min(timings[name] ?? Infinity, await probeOnce(tf));
      runs[name] = (runs[name] ?? 0) + 1;
      return true;
    } catch {
      alive = alive.filter((n) => n !== name);
      delete timings[name];
      return false;
    }
  };
  for (const name of ordered) {
    if (!(await trySetBackend(tf, name))) continue;
    const best = Math.min(Infinity, ...Object.values(timings));
    const limit = Number.isFinite(best)
      ? Math.max(WARMUP_FLOOR_MS, WARMUP_FACTOR * best)
      : Infinity;
    try {
      if ((await probeWithin(tf, limit)) === null) {
        slowStarts[name] = limit;
        continue;
      }
    } catch {
      continue; // A backend that fails the probe is not a candidate.
    }
    alive.push(name);
    if ((await measure(name)) && (await measure(name))) {
      const contenders = probeContenders(timings);
      alive = alive.filter((n) => contenders.includes(n));
    }
  }
  // The contenders left take turns until each has `rounds` runs (a lone one runs them alone).
  for (let round = 2; round < rounds; round++)
    for (const name of [...alive]) if ((runs[name] ?? 0) < rounds) await measure(name);
  return { timings, slowStarts };
}

const CACHE_KEY = 'kexue-explorables:backend:v1';

interface CachedChoice {
  ua: string;
  name: BackendName;
  timings: Partial<Record<BackendName, number>>;
  at: number;
}

function readCache(): CachedChoice | null {
  if (!isBrowser()) return null;
  try {
    const raw = window.localStorage.getItem(CACHE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as CachedChoice;
    const fresh = Date.now() - parsed.at < 7 * 24 * 3600 * 1000;
    return parsed.ua === navigator.userAgent && fresh && BACKEND_NAMES.includes(parsed.name)
      ? parsed
      : null;
  } catch {
    return null;
  }
}

function writeCache(choice: CachedChoice): void {
  try {
    window.localStorage.setItem(CACHE_KEY, JSON.stringify(choice));
  } catch {
    // Storage can be disabled (private mode, sandboxed iframes); the choice is then re-measured.
  }
}

let choicePromise: Promise<BackendChoice> | null = null;
let current: BackendChoice | null = null;

/** The backend in use, once initBackend has resolved. */
export function activeBackend(): BackendChoice | null {
  return current;
}

async function chooseBackend(options: InitOptions): Promise<BackendChoice> {
  const tf = await loadTf();
  const platform: BackendName[] = isBrowser()
    ? ['webgpu', 'webgl', 'wasm', 'cpu']
    : ['cpu', 'wasm'];
  const candidates = (options.candidates ?? platform).filter((b) => platform.includes(b));
  let adapter: { description: string; software: boolean } | null | undefined;
  const notes: string[] = [];

  if (options.force) {
    if (options.force === 'webgpu') adapter = await probeWebGpuAdapter();
    if (await trySetBackend(tf, options.force)) {
      return {
        name: options.force,
        reason: `forced by ?backend=${options.force}`,
        timings: {},
        adapter: adapter?.description,
        cached: false,
      };
    }
    notes.push(`${options.force} could not start here`);
  }

  if (candidates.includes('webgpu')) {
    adapter ??= await probeWebGpuAdapter();
    if (adapter && !adapter.software && (await trySetBackend(tf, 'webgpu'))) {
      return {
        name: 'webgpu',
        reason: [...notes, `hardware WebGPU adapter (${adapter.description})`].join('; '),
        timings: {},
        adapter: adapter.description,
        cached: false,
      };
    }
    if (adapter?.software)
      notes.push(`WebGPU adapter is software (${adapter.description}), measured instead`);
    else if (!adapter) notes.push('no WebGPU adapter');
  }

  const cached = options.remeasure ? null : readCache();
  if (cached && candidates.includes(cached.name) && (await trySetBackend(tf, cached.name))) {
    return {
      name: cached.name,
      reason: [...notes, `fastest in an earlier measurement`].join('; '),
      timings: cached.timings,
      adapter: adapter?.description,
      cached: true,
    };
  }

  const { timings, slowStarts } = await measureAll(tf, candidates);
  for (const [name, limit] of Object.entries(slowStarts))
    notes.push(`${name} still starting after ${Math.round(limit)} ms, left out`);
  const ranked = (Object.entries(timings) as [BackendName, number][]).sort((a, b) => a[1] - b[1]);
  if (ranked.length === 0) throw new Error('No TensorFlow.js backend could start on this device.');
  const [best] = ranked[0];
  await trySetBackend(tf, best);
  if (isBrowser()) writeCache({ ua: navigator.userAgent, name: best, timings, at: Date.now() });
  const summary = ranked.map(([n, ms]) => `${n} ${ms.toFixed(1)} ms`).join(', ');
  return {
    name: best,
    reason: [...notes, `fastest on a probe (${summary})`].join('; '),
    timings,
    adapter: adapter?.description,
    cached: false,
  };
}

const changeListeners = new Set<(choice: BackendChoice) => void>();

/**
 * Calls `listener` with the new choice whenever the backend changes after a failure (a lost
 * WebGPU device). Returns the unsubscribe function.
 */
export function onBackendChange(listener: (choice: BackendChoice) => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

interface DeviceLike {
  lost?: Promise<{ message?: string }>;
  destroy?: () => void;
}

/** The GPU device of the WebGPU backend, when that is the backend in use. */
async function webGpuDevice(): Promise<DeviceLike | null> {
  if (!tfPromise) return null;
  const tf = await tfPromise;
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device?: DeviceLike }).device ?? null;
}

/** A lost GPU device (driver reset, tab in the background too long) moves work to another backend. */
async function watchDevice(choice: BackendChoice): Promise<void> {
  if (choice.name !== 'webgpu') return;
  const device = await webGpuDevice();
  const info = await device?.lost;
  if (!info || current !== choice) return;
  resetBackendChoice();
  const next = await initBackend({ candidates: ['webgl', 'wasm', 'cpu'] });
  const recovered = {
    ...next,
    reason: `WebGPU device lost (${info.message || 'no reason given'}); ${next.reason}`,
  };
  current = recovered;
  choicePromise = Promise.resolve(recovered);
  for (const listener of changeListeners) listener(recovered);
}

/** Destroys the WebGPU device, as a driver reset would; for the tests of the recovery. */
export async function loseWebGpuDeviceForTesting(): Promise<boolean> {
  const device = await webGpuDevice();
  if (!device?.destroy) return false;
  device.destroy();
  return true;
}

/**
 * Chooses and initialises the backend once per page; later calls get the same choice.
 */
export function initBackend(options: InitOptions = {}): Promise<BackendChoice> {
  if (!choicePromise) {
    const started = performance.now();
    choicePromise = chooseBackend(options).then(
      (made) => {
        const choice = { ...made, chooseMs: performance.now() - started };
        current = choice;
        void watchDevice(choice);
        return choice;
      },
      (error: unknown) => {
        choicePromise = null;
        throw error;
      },
    );
  }
  return choicePromise;
}

/** Forgets the choice so that the next initBackend chooses again (after a lost GPU device). */
export function resetBackendChoice(): void {
  choicePromise = null;
  current = null;
}

/** Live tensor count and bytes of the tfjs engine (0 before tfjs is loaded). */
export async function tensorMemory(): Promise<{ numTensors: number; numBytes: number }> {
  if (!tfPromise) return { numTensors: 0, numBytes: 0 };
  const tf = await tfPromise;
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}
