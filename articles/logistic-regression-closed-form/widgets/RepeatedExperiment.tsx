import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  BatchedSoftmaxRegression,
  classifierAccuracy,
  experimentDataset,
  softmaxClosedForm,
} from '../math';
import type { LabelledData } from '../../../src/core/index';
import type { ExperimentScenario, ExperimentSettings, SoftmaxClassifier } from '../math';
import { seedParam } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, LinePath, Plot } from '../../../src/widgets/plot';
import { Histogram, binValues } from '../../../src/widgets/plot/Histogram';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { ComputeNotice } from '../../../src/widgets/ComputeNotice';
import { RunnerControls } from '../../../src/widgets/RunnerControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { useFrameRunner, useRestartOnChange } from '../../../src/widgets/useFrameRunner';
import { gradientDescentParams } from './useSoftmaxTraining';

const params = {
  scenario: {
    type: 'select',
    options: ['shared', 'unequal', 'heavy'] as const,
    optionLabels: [
      'Gaussians, one shared covariance (the assumption holds)',
      'Gaussians, each class its own covariance',
      'Heavy tails: Student t with 3 degrees of freedom',
    ],
    default: 'shared' as ExperimentScenario,
    label: 'Classes',
    description: 'How the classes of every random dataset are distributed.',
  },
  dim: {
    type: 'integer',
    min: 1,
    max: 32,
    default: 10,
    label: 'Dimension d',
    description: 'Number of input features.',
  },
  n_train: {
    type: 'integer',
    min: 4,
    max: 2000,
    default: 50,
    log: true,
    label: 'Training points N',
    description: 'Training points per dataset, split evenly between the classes.',
  },
  shrinkage: {
    type: 'number',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0,
    label: 'Shrinkage λ',
    description: 'Closed form with (1−λ)Σ + λ(tr Σ/d)I in place of Σ; 0 is the plain estimate.',
  },
  classes: {
    type: 'integer',
    min: 2,
    max: 5,
    default: 2,
    label: 'Classes K',
    description: 'Number of classes of every dataset.',
  },
  separation: {
    type: 'number',
    min: 0.5,
    max: 4,
    step: 0.1,
    default: 1.5,
    label: 'Separation s',
    description: 'Spread of the class means: the expected squared distance between two is 2s².',
  },
  datasets: {
    type: 'integer',
    min: 10,
    max: 1000,
    default: 200,
    log: true,
    label: 'Datasets',
    description: 'How many random datasets to fit.',
  },
  // Same optimizers as the other two widgets; its rates and step counts differ.
  optimizer: gradientDescentParams('cross-entropy').optimizer,
  lr: {
    type: 'number',
    min: 0.001,
    max: 1,
    step: 0.001,
    default: 0.05,
    log: true,
    label: 'Learning rate',
    description: 'Step size of gradient descent.',
  },
  steps: {
    type: 'integer',
    min: 10,
    max: 3000,
    default: 300,
    log: true,
    label: 'GD steps',
    description: 'Full-batch gradient steps per dataset, from zero weights.',
  },
  seed: seedParam('Seed of the random datasets.'),
} as const;

type Values = WidgetProps<typeof params>['values'];

/** Test points per dataset: accuracies are measured on this many fresh points. */
export const TEST_POINTS = 1000;
/** Datasets trained together in one batch. */
const CHUNK = 10;
/** Gradient steps per runner step. */
const STEPS_PER_TICK = 15;
/** Milliseconds of dataset drawing per runner step while the next chunk is prepared. */
const DRAW_BUDGET_MS = 6;

/** One fitted dataset: test accuracies of both classifiers. */
export interface DatasetResult {
  index: number;
  closedForm: number;
  gradientDescent: number;
}

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

/** The task settings of a state. */
export function settingsOf(values: Values): ExperimentSettings {
  return {
    dim: values.dim,
    classes: values.classes,
    scenario: values.scenario,
    separation: values.separation,
  };
}

/** Why the plain closed form cannot exist for these settings, or null. */
export function singularReason(values: Values): string | null {
  if (values.shrinkage > 0 || values.n_train >= values.dim + values.classes) return null;
  return (
    `with N = ${values.n_train} points in K = ${values.classes} classes the pooled covariance has rank at most ` +
    `${values.n_train - values.classes} < d = ${values.dim}, so it cannot be inverted; raise N or the shrinkage λ`
  );
}

/** The datasets of the next chunk drawn so far, with their closed-form test accuracies. */
interface PendingChunk {
  drawn: ReturnType<typeof experimentDataset>[];
  closedForm: number[];
}

/** A batch of datasets in training: their test sets, closed-form accuracies and the trainer. */
class Chunk {
  iterations = 0;
  private busy = false;
  private stale = false;

  constructor(
    readonly start: number,
    readonly test: LabelledData[],
    readonly closedForm: number[],
    readonly trainer: BatchedSoftmaxRegression,
  ) {}

  /**
   * Takes k gradient steps and returns the losses before the last one, and the trained
   * classifiers once `total` steps are done (null before).
   */
  async advance(
    k: number,
    total: number,
  ): Promise<{ losses: number[]; models: SoftmaxClassifier[] | null }> {
    this.busy = true;
    try {
      const losses = await this.trainer.train(k);
      this.iterations += k;
      const models = this.iterations >= total ? await this.trainer.parameters() : null;
      return { losses, models };
    } finally {
      this.busy = false;
      if (this.stale) this.trainer.dispose();
    }
  }

  /** Releases the tensors now, or when the steps in flight finish. */
  retire(): void {
    if (this.busy) this.stale = true;
    else this.trainer.dispose();
  }
}

function RepeatedExperiment({ values, set, present }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const ready = compute.status === 'ready';
  const [results, setResults] = useState<DatasetResult[]>([]);
  const [skipped, setSkipped] = useState(0);
  const chunkRef = useRef<Chunk | null>(null);
  const pendingRef = useRef<PendingChunk | null>(null);
  const nextIndex = useRef(0);
  const generation = useRef(0);
  const singular = singularReason(values);
  const settings = useMemo(
    () => ({
      dim: values.dim,
      classes: values.classes,
      scenario: values.scenario,
      separation: values.separation,
    }),
    [values.dim, values.classes, values.scenario, values.separation],
  );
  const { seed, n_train: nTrain, shrinkage, datasets, steps, optimizer, lr } = values;

  const release = useCallback(() => {
    generation.current++;
    pendingRef.current = null;
    const chunk = chunkRef.current;
    chunkRef.current = null;
    chunk?.retire();
  }, []);

  const step = useCallback(async () => {
    const started = generation.current;
    let chunk = chunkRef.current;
    if (!chunk) {
      // The next chunk is drawn a few datasets per step (each with its closed form), so that no
      // single step keeps the page busy for long at large N and d; then its trainer is built.
      const start = nextIndex.current;
      const count = Math.min(CHUNK, datasets - start);
      if (count <= 0) return { done: true };
      const pending = pendingRef.current ?? { drawn: [], closedForm: [] };
      pendingRef.current = pending;
      const drawStart = performance.now();
      while (pending.drawn.length < count && performance.now() - drawStart < DRAW_BUDGET_MS) {
        const d = experimentDataset(
          seed,
          start + pending.drawn.length,
          settings,
          nTrain,
          TEST_POINTS,
        );
        let accuracy = NaN;
        try {
          const model = softmaxClosedForm(d.train.X, d.train.y, settings.classes, { shrinkage });
          accuracy = classifierAccuracy(model, d.test.X, d.test.y);
        } catch {
          // A singular covariance: this dataset has no closed form and is counted as skipped.
        }
        pending.drawn.push(d);
        pending.closedForm.push(accuracy);
      }
      if (pending.drawn.length < count) return {};
      pendingRef.current = null;
      const { drawn, closedForm } = pending;
      const trainer = await BatchedSoftmaxRegression.create(
        drawn.map((d) => d.train),
        settings.classes,
        { optimizer, learningRate: lr },
      );
      if (started !== generation.current) {
        trainer.dispose();
        return {};
      }
      chunk = new Chunk(
        start,
        drawn.map((d) => d.test),
        closedForm,
        trainer,
      );
      chunkRef.current = chunk;
      nextIndex.current = start + count;
      return {};
    }
    const k = Math.min(STEPS_PER_TICK, steps - chunk.iterations);
    const { losses, models } = await chunk.advance(k, steps);
    if (started !== generation.current) return {};
    if (!models) return { watch: losses };
    const current = chunk;
    current.retire();
    chunkRef.current = null;
    const fresh: DatasetResult[] = [];
    let undefinedCount = 0;
    models.forEach((model, i) => {
      const cf = current.closedForm[i];
      if (!Number.isFinite(cf)) {
        undefinedCount++;
        return;
      }
      const test = current.test[i];
      fresh.push({
        index: current.start + i,
        closedForm: cf,
        gradientDescent: classifierAccuracy(model, test.X, test.y),
      });
    });
    setResults((r) => [...r, ...fresh]);
    if (undefinedCount) setSkipped((s) => s + undefinedCount);
    return { watch: losses, done: nextIndex.current >= datasets };
  }, [seed, settings, nTrain, shrinkage, datasets, steps, optimizer, lr]);

  const onReset = useCallback(() => {
    release();
    nextIndex.current = 0;
    setResults([]);
    setSkipped(0);
  }, [release]);
  useEffect(() => release, [release]);

  const runner = useFrameRunner({ step, onReset, maxStepsPerFrame: 4 });
  // `step` changes with every setting of the experiment.
  useRestartOnChange(runner, step, ready && !singular);

  const summary = experimentSummary(results);
  const extent = Math.max(3, Math.ceil(Math.max(0, ...summary.diffs.map(Math.abs))));
  // Accuracies move in steps of 0.1 points; bins one point wide, centred on whole numbers.
  const bins = binValues(summary.diffs, { start: -extent - 0.5, width: 1, count: 2 * extent + 1 });
  const top = Math.max(5, ...bins.map((b) => b.count));
  const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '—');
  const pp = (v: number) =>
    Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}` : '—';

  return (
    <div className={`repeated-experiment-widget${present ? ' is-present' : ''}`}>
      <div className="split">
        <Plot
          width={560}
          height={320}
          x={{
            domain: [-extent - 0.5, extent + 0.5],
            label: 'accuracy(closed form) − accuracy(GD), percentage points',
          }}
          y={{ domain: [0, top * 1.08], label: 'datasets' }}
          title="Distribution over random datasets of the closed form's test accuracy minus gradient descent's"
          description={
            summary.done
              ? `${summary.done} datasets. Mean difference ${pp(summary.meanDifference)} percentage points (standard error ${summary.standardError.toFixed(2)}); the closed form is better on ${pct(summary.closedFormBetter)} of them, tied on ${pct(summary.ties)}, worse on ${pct(summary.gradientDescentBetter)}.`
              : 'No dataset fitted yet.'
          }
        >
          <Axes grid />
          <Histogram bins={bins} color="var(--series-1)" label="datasets per difference" />
          <LinePath
            data={[
              [0, 0],
              [0, top * 1.08],
            ]}
            color="var(--muted)"
            strokeWidth={1.5}
            label="no difference"
          />
          {summary.done > 0 && (
            <LinePath
              data={[
                [summary.meanDifference, 0],
                [summary.meanDifference, top * 1.08],
              ]}
              color="var(--series-2)"
              dash="6 4"
              label="mean difference"
            />
          )}
        </Plot>
        <Readouts label="Closed form against gradient descent over many datasets">
          <Readout
            name="datasets_done"
            label="datasets fitted"
            value={summary.done}
            digits={Math.max(1, String(summary.done).length)}
          />
          <Readout
            name="cf_mean_accuracy"
            label="closed form: mean test accuracy"
            value={summary.closedFormMean}
          />
          <Readout
            name="gd_mean_accuracy"
            label="GD: mean test accuracy"
            value={summary.gradientDescentMean}
          />
          <Readout
            name="mean_difference"
            label="mean difference"
            value={summary.meanDifference}
            unit="points"
            color="var(--series-2)"
          />
          <Readout
            name="difference_se"
            label="its standard error"
            value={summary.standardError}
            unit="points"
          />
          <Readout
            name="closed_form_better"
            label="closed form better on"
            value={100 * summary.closedFormBetter}
            digits={3}
            unit="% of datasets"
          />
          <Readout name="ties" label="tied on" value={100 * summary.ties} digits={3} unit="%" />
          <Readout
            name="gd_better"
            label="GD better on"
            value={100 * summary.gradientDescentBetter}
            digits={3}
            unit="%"
          />
        </Readouts>
      </div>
      {singular && (
        <p className="widget-warning" role="alert" data-closed-form-error>
          No closed form: {singular}.
        </p>
      )}
      {skipped > 0 && (
        <p className="widget-note">
          {skipped} dataset{skipped === 1 ? '' : 's'} had a singular covariance and were left out.
        </p>
      )}
      <RunnerControls
        runner={runner}
        stepName={['batch step', 'batch steps']}
        disabled={!ready || !!singular}
      />
      <ComputeNotice compute={compute} />
      <ParamControls
        schema={params}
        values={values}
        onChange={(patch) => set(patch)}
        only={['scenario', 'n_train', 'dim', 'shrinkage']}
      />
      <details className="widget-more">
        <summary>Classes, datasets and optimizer</summary>
        <ParamControls
          schema={params}
          values={values}
          onChange={(patch) => set(patch)}
          only={['classes', 'separation', 'datasets', 'seed', 'optimizer', 'lr', 'steps']}
        />
      </details>
    </div>
  );
}

export default defineWidget({
  id: 'repeated-experiment',
  params,
  Component: RepeatedExperiment,
  compute: 'tfjs',
  embedHeight: 1120,
});
