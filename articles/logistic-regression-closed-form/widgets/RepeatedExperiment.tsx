import type { ExperimentSettings } from '../math';
import {
  learningRateParam,
  optimizerParam,
  seedParam,
  selectParam,
  stepsParam,
} from '../../../src/widgets/params';
import { ParamControls } from '../../../src/widgets/controls';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, Plot, VerticalRule } from '../../../src/widgets/plot';
import { Histogram, binValues } from '../../../src/widgets/plot/Histogram';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { TrainingControls } from '../../../src/widgets/TrainingControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { useTrainingSession } from '../../../src/widgets/useTrainingSession';
import {
  ExperimentRun,
  NO_PROGRESS,
  experimentSummary,
  type ExperimentConfig,
  type ExperimentProgress,
} from './experimentRun';
import { FitGrid, NoClosedForm, type FitQuantity } from './readouts';

const params = {
  scenario: selectParam({
    options: ['shared', 'unequal', 'heavy'],
    optionLabels: [
      'Gaussians, one shared covariance (the assumption holds)',
      'Gaussians, each class its own covariance',
      'Heavy tails: Student t with 3 degrees of freedom',
    ],
    default: 'shared',
    label: 'Classes',
    description: 'How the classes of every random dataset are distributed.',
  }),
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
  optimizer: optimizerParam({
    description: 'How gradient descent uses the gradient of the cross-entropy.',
  }),
  lr: learningRateParam({
    min: 0.001,
    max: 1,
    default: 0.05,
    description: 'Step size of gradient descent.',
  }),
  steps: stepsParam({
    max: 3000,
    default: 300,
    label: 'GD steps',
    description: 'Full-batch gradient steps per dataset, from zero weights.',
  }),
  seed: seedParam('Seed of the random datasets.'),
} as const;

type Values = WidgetProps<typeof params>['values'];

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

/** Everything the experiment of a state reads. */
export function experimentConfig(values: Values): ExperimentConfig {
  return {
    seed: values.seed,
    settings: settingsOf(values),
    nTrain: values.n_train,
    shrinkage: values.shrinkage,
    datasets: values.datasets,
    steps: values.steps,
    optimizer: values.optimizer,
    learningRate: values.lr,
  };
}

/** Each arm's mean test accuracy, as `cf_mean_accuracy` and `gd_mean_accuracy`. */
const MEAN_ACCURACY: readonly FitQuantity<number>[] = [
  { key: 'mean_accuracy', label: 'mean test accuracy', of: (mean) => mean },
];

type Summary = ReturnType<typeof experimentSummary>;

/** A share of the datasets, in per cent: those one fit wins, or the ties. */
interface Share {
  name: string;
  label: string;
  unit: string;
  of: (summary: Summary) => number;
}

const SHARES: readonly Share[] = [
  {
    name: 'closed_form_better',
    label: 'closed form better on',
    unit: '% of datasets',
    of: (s) => s.closedFormBetter,
  },
  { name: 'ties', label: 'tied on', unit: '%', of: (s) => s.ties },
  { name: 'gd_better', label: 'GD better on', unit: '%', of: (s) => s.gradientDescentBetter },
];

/** The colour of the mean difference, as a line on the histogram and beside its readout. */
const MEAN = 'var(--series-2)';

function RepeatedExperiment({ values, set, present }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const singular = singularReason(values);
  const config = experimentConfig(values);
  const session = useTrainingSession<ExperimentRun, ExperimentProgress>({
    key: JSON.stringify(config),
    ready: compute.status === 'ready' && !singular,
    // A step trains ten datasets at once: a few per frame keep the page responsive.
    stepsPerFrame: 4,
    create: () => new ExperimentRun(config),
    step: async (run) => {
      const { losses, done } = await run.step();
      return { watch: losses, done, view: run.progress };
    },
    dispose: (run) => run.dispose(),
  });
  const { results, skipped } = session.view ?? NO_PROGRESS;

  const summary = experimentSummary(results);
  const se = summary.standardError;
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
          <VerticalRule x={0} label="no difference" dash="" />
          {/* Unlabelled (its colour is the readout's swatch); nothing is drawn while it is NaN. */}
          <VerticalRule x={summary.meanDifference} color={MEAN} dash="6 4" />
        </Plot>
        <div>
          <Readouts label="Datasets">
            <Readout name="datasets_done" label="datasets fitted" value={summary.done} />
          </Readouts>
          <FitGrid
            label="Over the datasets fitted"
            fits={{ cf: summary.closedFormMean, gd: summary.gradientDescentMean }}
            quantities={MEAN_ACCURACY}
          />
          <Readouts label="Closed form against gradient descent over many datasets">
            <Readout
              name="mean_difference"
              label="mean difference"
              value={summary.meanDifference}
              unit="points"
              color={MEAN}
            />
            <Readout name="difference_se" label="its standard error" value={se} unit="points" />
            {SHARES.map(({ name, label, unit, of }) => (
              <Readout
                key={name}
                name={name}
                label={label}
                value={100 * of(summary)}
                digits={3}
                unit={unit}
              />
            ))}
          </Readouts>
        </div>
      </div>
      {singular && <NoClosedForm>No closed form: {singular}.</NoClosedForm>}
      {skipped > 0 && (
        <p className="widget-note">
          {skipped} dataset{skipped === 1 ? '' : 's'} had a singular covariance and were left out.
        </p>
      )}
      <TrainingControls
        session={session}
        compute={compute}
        stepName={['batch step', 'batch steps']}
        disabled={compute.status !== 'ready' || singular !== null}
        speed={false}
      />
      <ParamControls
        schema={params}
        values={values}
        onChange={set}
        only={['scenario', 'n_train', 'dim', 'shrinkage']}
        moreLabel="Classes, datasets and optimizer"
        more={['classes', 'separation', 'datasets', 'seed', 'optimizer', 'lr', 'steps']}
      />
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
