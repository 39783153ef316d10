import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import {
  learningRateParam,
  optimizerParam,
  seedParam,
  selectParam,
  stepsParam,
  type IntegerSpec,
} from '../../../src/widgets/params';
import { Axes, LinePath, Plot, Legend } from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, ReadoutGrid, Readouts } from '../../../src/widgets/Readout';
import { TrainingControls } from '../../../src/widgets/TrainingControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { useTrainingSession } from '../../../src/widgets/useTrainingSession';
import { COLORS, LOSS_ROWS } from './losses';
import { integerDigits } from './readouts';
import { RaceRun, type RaceConfig, type RaceEvaluation, type RaceView } from './race';

/** A size (of a batch, of a data set) as an integer on a log slider. */
const sizeParam = (spec: Omit<IntegerSpec, 'type' | 'log' | 'step'>): IntegerSpec => ({
  type: 'integer',
  log: true,
  ...spec,
});

const params = {
  classes: {
    type: 'integer',
    min: 10,
    max: 50,
    default: 30,
    label: 'Classes C',
    description: 'Number of classes; every example has 1 to 3 of them as labels.',
  },
  noise: {
    type: 'number',
    min: 0,
    max: 1,
    step: 0.01,
    default: 0.25,
    label: 'Input noise σ',
    description: 'Standard deviation of the noise added to each input; more noise, more overlap.',
  },
  model: selectParam({
    options: ['linear', 'mlp'],
    optionLabels: ['linear (s = Wx + b)', 'MLP with 64 ReLU units'],
    default: 'linear',
    label: 'Model',
    description: 'Both classifiers have this architecture and start from the same weights.',
  }),
  optimizer: optimizerParam({
    options: ['adam', 'sgd', 'momentum'],
    description: 'The optimizer of both classifiers.',
  }),
  lr: learningRateParam({
    min: 1e-4,
    max: 1e4,
    default: 0.01,
    description:
      'Step size of both optimizers; with SGD on the MLP the top of the range makes training diverge.',
  }),
  batch: sizeParam({
    min: 8,
    max: 256,
    default: 64,
    label: 'Batch size',
    description: 'Examples per training step (both models see the same batches).',
  }),
  train: sizeParam({
    min: 100,
    max: 4000,
    default: 1000,
    label: 'Training examples',
    description: 'Size of the training set.',
  }),
  test: sizeParam({
    min: 50,
    max: 2000,
    default: 500,
    label: 'Held-out examples',
    description: 'Size of the held-out set on which F1 is measured.',
  }),
  steps: stepsParam({
    min: 20,
    max: 5000,
    default: 2000,
    label: 'Training steps',
    description: 'The run stops after this many steps.',
  }),
  seed: seedParam('Seeds the task, the data, the shared initial weights and the batch order.', {
    max: 999_999,
  }),
} as const;

type Values = WidgetProps<typeof params>['values'];

const INPUT_DIM = 20;
const HIDDEN = 64;

/** The race's configuration from the widget's parameters. */
export function raceConfig(values: Omit<Values, 'steps'>): RaceConfig {
  return {
    classes: values.classes,
    dim: INPUT_DIM,
    hidden: values.model === 'mlp' ? HIDDEN : 0,
    train: values.train,
    test: values.test,
    noise: values.noise,
    minPositives: 1,
    maxPositives: 3,
    optimizer: values.optimizer,
    learningRate: values.lr,
    batchSize: values.batch,
    seed: values.seed,
  };
}

/** Held-out scores by quantity and arm, as the grid and the history name them: `micro_zlpr`, … */
function scoresOf(evaluation: RaceEvaluation): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const arm of ['zlpr', 'bce'] as const) {
    scores[`micro_${arm}`] = evaluation[arm].microF1;
    scores[`macro_${arm}`] = evaluation[arm].macroF1;
    scores[`labels_${arm}`] = evaluation[arm].predictedPerExample;
  }
  return scores;
}

/** Every number of the grid of both arms, by its readout name. */
function gridOf(view: RaceView): Record<string, number> {
  return {
    ...scoresOf(view.latest),
    loss_zlpr: view.losses.zlprLoss,
    loss_bce: view.losses.bceLoss,
    first_loss_zlpr: view.first.zlprLoss,
    first_loss_bce: view.first.bceLoss,
  };
}

function TrainingRaceWidget({ values, set }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const session = useTrainingSession({
    key: JSON.stringify(values),
    ready: compute.status === 'ready',
    maxSteps: values.steps,
    create: () => RaceRun.create(raceConfig(values), values.steps),
    step: async (run) => {
      const { view, evaluated } = await run.step();
      return {
        watch: [view.losses.zlprLoss, view.losses.bceLoss],
        view,
        record: evaluated ? scoresOf(view.latest) : undefined,
      };
    },
    dispose: (run) => run.dispose(),
  });
  const { view } = session;
  const grid = view ? gridOf(view) : {};
  // The history holds the evaluations after steps; the one before training is the view's start.
  const series = (name: string): [number, number][] =>
    view ? [[0, scoresOf(view.start)[name]], ...session.line(name)] : [];
  const describe = view
    ? `After ${view.evaluatedAt} steps: micro F1 ${view.latest.zlpr.microF1.toFixed(3)} with the multi-label softmax loss and ${view.latest.bce.microF1.toFixed(3)} with binary cross-entropy; macro F1 ${view.latest.zlpr.macroF1.toFixed(3)} and ${view.latest.bce.macroF1.toFixed(3)}.`
    : 'Not trained yet.';

  return (
    <div className="training-race-widget">
      <TrainingControls session={session} compute={compute} stepName={['step', 'steps']} />
      <div className="split">
        <div>
          <Plot
            width={560}
            height={300}
            x={{ domain: [0, values.steps], label: 'training step' }}
            y={{ domain: [0, 1], label: 'held-out F1 at threshold 0' }}
            title="Held-out F1 of the two classifiers during training"
            description={describe}
          >
            <Axes grid />
            <LinePath data={series('macro_bce')} color={COLORS.bce} dash="5 4" />
            <LinePath data={series('macro_zlpr')} color={COLORS.zlpr} dash="5 4" />
            <LinePath
              data={series('micro_bce')}
              color={COLORS.bce}
              strokeWidth={2.5}
              label="binary cross-entropy, micro F1"
            />
            <LinePath
              data={series('micro_zlpr')}
              color={COLORS.zlpr}
              strokeWidth={2.5}
              label="multi-label softmax cross-entropy, micro F1"
            />
          </Plot>
          <Legend
            entries={[
              { label: 'multi-label softmax CE', color: COLORS.zlpr, width: 3 },
              { label: 'binary CE per class', color: COLORS.bce, width: 3 },
              { label: 'solid: micro F1 · dashed: macro F1' },
            ]}
          />
        </div>
        <Readouts label="The held-out set">
          <Readout
            name="labels_true"
            label="true labels per example"
            value={view?.truePerExample ?? NaN}
          />
          <Readout
            name="evaluated_at"
            label="evaluated at step"
            value={view?.evaluatedAt ?? NaN}
            digits={integerDigits(view?.evaluatedAt ?? 0)}
          />
        </Readouts>
      </div>
      <ReadoutGrid
        label="Held-out scores at the threshold 0, and the training losses on the mini-batch (BCE summed over the classes)"
        columns={[
          { key: 'micro', label: 'micro F1' },
          { key: 'macro', label: 'macro F1' },
          { key: 'labels', label: 'labels predicted per example' },
          { key: 'loss', label: 'batch loss' },
          { key: 'first_loss', label: 'first batch loss' },
        ]}
        rows={LOSS_ROWS}
        value={(arm, quantity) => grid[`${quantity}_${arm}`] ?? NaN}
      />
      <details className="widget-more">
        <summary>Task, model and optimizer</summary>
        <ParamControls schema={params} values={values} onChange={set} />
      </details>
    </div>
  );
}

export default defineWidget({
  id: 'training-race',
  params,
  Component: TrainingRaceWidget,
  compute: 'tfjs',
  embedHeight: 820,
});
