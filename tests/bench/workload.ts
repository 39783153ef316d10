/**
 * The contract of a benchmark workload of `npm run bench`. The bench page runs its own workloads
 * (the MLP peers) and every article's, found by listing `articles/<slug>/bench.ts`: each exports
 * `benchWorkloads`, a list of these.
 */

/** One prepared workload: call `run` repeatedly, then `dispose` it. */
export interface Workload {
  /** One call; resolves after its result has been read back, with a number it computed. */
  run(): Promise<number>;
  dispose(): void;
}

export type WorkloadFactory = () => Promise<Workload>;

export interface BenchWorkload {
  /** Stable name in bench/results.json and the README's table, e.g. "rdrop-step". */
  id: string;
  /** What it computes, with its size, for the table: "R-Drop step, [2,64,64,2], batch 64". */
  label: string;
  /** True when it runs on tfjs (timed on every backend), false for plain JavaScript. */
  tfjs: boolean;
  factory: WorkloadFactory;
  /** The exact value a run should approach (for a Monte Carlo workload), when there is one. */
  reference?: () => number;
}
