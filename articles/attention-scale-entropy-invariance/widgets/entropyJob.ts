import { createAttentionEntropyScan, sampleAttentionVectors } from '../math';
import type { Rng } from '../../../src/core/index';
import type { AttentionEntropyProgress, AttentionEntropyScan, VectorModel } from '../math';
import { seededStreams } from './shared';

/** One measurement: the mean entropy of `queries` query rows against `keys` keys, per scale. */
export interface EntropyTask {
  keys: number;
  queries: number;
  scales: number[];
}

export interface EntropyJobSettings {
  d: number;
  spread: number;
  model: VectorModel;
  seed: number;
}

export interface EntropyJobStep {
  /** True when every task has its result. */
  done: boolean;
  /** The running means of the task in progress, for the runner's NaN check. */
  watch: number[];
}

// About 2¹⁵ normal draws per step (a few milliseconds), so drawing 16384 × 128 vectors
// never blocks a frame.
const DRAWS_PER_STEP = 2 ** 15;

/**
 * A list of entropy measurements on seeded random vectors, done one small step at a time as the
 * state of a training session (see useEntropyJob): a step either draws a batch of vectors or runs
 * one chunk of query rows on tfjs. Queries and keys come from two seeded streams and are nested:
 * a task with n keys uses the first n keys of the stream, so the curves over n share their vectors
 * and are smooth.
 */
export class EntropyJob {
  /** Each task's final result, or null while it is pending. */
  readonly results: (AttentionEntropyProgress | null)[];
  private readonly queryRows: Float64Array[] = [];
  private readonly keyRows: Float64Array[] = [];
  private readonly streams: { queries: Rng; keys: Rng };
  private scan: AttentionEntropyScan | null = null;
  private index = 0;
  private live: AttentionEntropyProgress | null = null;
  private disposed = false;

  constructor(
    private readonly settings: EntropyJobSettings,
    readonly tasks: readonly EntropyTask[],
  ) {
    this.results = tasks.map(() => null);
    this.streams = seededStreams(settings.seed);
  }

  /** The task being worked on and how far it is, or null when all are done. */
  get active(): { index: number; progress: AttentionEntropyProgress | null } | null {
    return this.index < this.tasks.length ? { index: this.index, progress: this.live } : null;
  }

  /** The query and key rows drawn so far (for tests that recompute a task independently). */
  rows(): { queries: readonly Float64Array[]; keys: readonly Float64Array[] } {
    return { queries: this.queryRows, keys: this.keyRows };
  }

  private draw(target: Float64Array[], rng: Rng, n: number) {
    const { d, spread, model } = this.settings;
    const count = Math.min(n - target.length, Math.max(1, Math.floor(DRAWS_PER_STEP / d)));
    for (const row of sampleAttentionVectors(rng, count, d, { model, spread })) target.push(row);
  }

  /** One unit of work. The session never disposes the job while a step of it is in flight. */
  async step(): Promise<EntropyJobStep> {
    // A released job stays released: a late step must not draw a new scan's tensors.
    if (this.disposed) return { done: false, watch: [] };
    if (this.index >= this.tasks.length) return { done: true, watch: [] };
    const task = this.tasks[this.index];
    if (this.queryRows.length < task.queries) {
      this.draw(this.queryRows, this.streams.queries, task.queries);
      return { done: false, watch: [] };
    }
    if (this.keyRows.length < task.keys) {
      this.draw(this.keyRows, this.streams.keys, task.keys);
      return { done: false, watch: [] };
    }
    const scan = (this.scan ??= createAttentionEntropyScan(
      this.queryRows.slice(0, task.queries),
      this.keyRows.slice(0, task.keys),
      task.scales,
    ));
    const progress = await scan.next();
    this.live = progress;
    if (progress.done) {
      this.results[this.index] = progress;
      scan.dispose();
      this.scan = null;
      this.live = null;
      this.index += 1;
    }
    return { done: this.index >= this.tasks.length, watch: progress.mean };
  }

  /** Releases the tensors of the chunk in progress. */
  dispose(): void {
    this.disposed = true;
    this.scan?.dispose();
    this.scan = null;
  }
}
