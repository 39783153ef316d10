/**
 * The repeated experiment as a run of the training session, free of React so that the tests run
 * exactly what the widget runs: datasets are drawn and fitted in closed form a few at a time,
 * then trained by gradient descent in chunks of ten, and each finished chunk adds its results.
 */
import type { LabelledData, OptimizerName } from '../../../src/core/index';
import {
  BatchedSoftmaxRegression,
  classifierAccuracy,
  experimentDataset,
  softmaxClosedForm,
} from '../math';
import type { ExperimentSettings } from '../math';

/** Test points per dataset: accuracies are measured on this many fresh points. */
export const TEST_POINTS = 1000;
/** Datasets trained together in one batch. */
const CHUNK = 10;
/** Gradient steps per session step. */
const STEPS_PER_TICK = 15;
/** Milliseconds of dataset drawing per session step while the next chunk is prepared. */
const DRAW_BUDGET_MS = 6;

/** Everything one experiment reads. */
export interface ExperimentConfig {
  seed: number;
  settings: ExperimentSettings;
  nTrain: number;
  /** Shrinkage λ of the closed form's covariance. */
  shrinkage: number;
  datasets: number;
  /** Full-batch gradient steps per dataset. */
  steps: number;
  optimizer: OptimizerName;
  learningRate: number;
}

/** One fitted dataset: test accuracies of both classifiers. */
export interface DatasetResult {
  index: number;
  closedForm: number;
  gradientDescent: number;
}

/** What the experiment has found so far. */
export interface ExperimentProgress {
  results: readonly DatasetResult[];
  /** Datasets left out because their covariance was singular. */
  skipped: number;
}

export const NO_PROGRESS: ExperimentProgress = { results: [], skipped: 0 };

/** The readouts of a set of results; differences are in percentage points. */
export function experimentSummary(results: readonly DatasetResult[]) {
  const n = results.length;
  const diffs = results.map((r) => 100 * (r.closedForm - r.gradientDescent));
  const mean = n ? diffs.reduce((s, d) => s + d, 0) / n : NaN;
  const variance = n > 1 ? diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (n - 1) : NaN;
  return {
    done: n,
    closedFormMean: n ? results.reduce((s, r) => s + r.closedForm, 0) / n : NaN,
    gradientDescentMean: n ? results.reduce((s, r) => s + r.gradientDescent, 0) / n : NaN,
    meanDifference: mean,
    standardError: Math.sqrt(variance / n),
    closedFormBetter: n ? diffs.filter((d) => d > 0).length / n : NaN,
    ties: n ? diffs.filter((d) => d === 0).length / n : NaN,
    gradientDescentBetter: n ? diffs.filter((d) => d < 0).length / n : NaN,
    diffs,
  };
}

/** A batch of datasets in training: their test sets, closed-form accuracies and the trainer. */
interface Chunk {
  start: number;
  test: LabelledData[];
  closedForm: number[];
  trainer: BatchedSoftmaxRegression;
  iterations: number;
}

/** What one step of the experiment reports. */
export interface ExperimentStep {
  /** Each dataset's loss before the last gradient step (empty on a drawing step). */
  losses: number[];
  /** True once every dataset has its result. */
  done: boolean;
}

/** The progress of one experiment; owns the tensors of the chunk in training. */
export class ExperimentRun {
  /** Replaced, never mutated, when a chunk finishes, so that it can be shown as it is. */
  progress: ExperimentProgress = NO_PROGRESS;
  private nextIndex = 0;
  private drawn: ReturnType<typeof experimentDataset>[] = [];
  private drawnClosedForm: number[] = [];
  private chunk: Chunk | null = null;

  constructor(private readonly config: ExperimentConfig) {}

  /**
   * One unit of work: draw a few datasets of the next chunk (each with its closed form, so that
   * no step keeps the page busy for long at large N and d), build the chunk's trainer once all
   * are drawn, or take a few gradient steps on the chunk and record its results when it is done.
   */
  async step(): Promise<ExperimentStep> {
    return this.chunk ? this.train(this.chunk) : this.prepare();
  }

  private async prepare(): Promise<ExperimentStep> {
    const { seed, settings, nTrain, shrinkage, datasets, optimizer, learningRate } = this.config;
    const start = this.nextIndex;
    const count = Math.min(CHUNK, datasets - start);
    if (count <= 0) return { losses: [], done: true };
    const drawStart = performance.now();
    while (this.drawn.length < count && performance.now() - drawStart < DRAW_BUDGET_MS) {
      const d = experimentDataset(seed, start + this.drawn.length, settings, nTrain, TEST_POINTS);
      let accuracy = NaN;
      try {
        const model = softmaxClosedForm(d.train.X, d.train.y, settings.classes, { shrinkage });
        accuracy = classifierAccuracy(model, d.test.X, d.test.y);
      } catch {
        // A singular covariance: this dataset has no closed form and is counted as skipped.
      }
      this.drawn.push(d);
      this.drawnClosedForm.push(accuracy);
    }
    if (this.drawn.length < count) return { losses: [], done: false };
    const drawn = this.drawn;
    const closedForm = this.drawnClosedForm;
    this.drawn = [];
    this.drawnClosedForm = [];
    const trainer = await BatchedSoftmaxRegression.create(
      drawn.map((d) => d.train),
      settings.classes,
      { optimizer, learningRate },
    );
    this.chunk = { start, test: drawn.map((d) => d.test), closedForm, trainer, iterations: 0 };
    this.nextIndex = start + count;
    return { losses: [], done: false };
  }

  private async train(chunk: Chunk): Promise<ExperimentStep> {
    const { steps, datasets } = this.config;
    const k = Math.min(STEPS_PER_TICK, steps - chunk.iterations);
    const losses = await chunk.trainer.train(k);
    chunk.iterations += k;
    if (chunk.iterations < steps) return { losses, done: false };
    const models = await chunk.trainer.parameters();
    chunk.trainer.dispose();
    this.chunk = null;
    const fresh: DatasetResult[] = [];
    let skipped = 0;
    models.forEach((model, i) => {
      const cf = chunk.closedForm[i];
      if (!Number.isFinite(cf)) {
        skipped++;
        return;
      }
      const test = chunk.test[i];
      fresh.push({
        index: chunk.start + i,
        closedForm: cf,
        gradientDescent: classifierAccuracy(model, test.X, test.y),
      });
    });
    this.progress = {
      results: [...this.progress.results, ...fresh],
      skipped: this.progress.skipped + skipped,
    };
    return { losses, done: this.nextIndex >= datasets };
  }

  /** Releases the tensors of the chunk in training, if any. */
  dispose(): void {
    this.chunk?.trainer.dispose();
    this.chunk = null;
  }
}
