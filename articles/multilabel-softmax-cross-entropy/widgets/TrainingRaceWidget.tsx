import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OptimizerName } from '../../../src/core/index';
import { seedParam } from '../../../src/widgets/params';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, LinePath, Plot, Legend } from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { ComputeNotice } from '../../../src/widgets/ComputeNotice';
import { RunnerControls } from '../../../src/widgets/RunnerControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { useFrameRunner, useRestartOnChange } from '../../../src/widgets/useFrameRunner';
import { integerDigits } from './readouts';
import { TrainingRace, type RaceConfig, type RaceEvaluation } from './race';

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
  model: {
    type: 'select',
    options: ['linear', 'mlp'] as const,
    optionLabels: ['linear (s = Wx + b)', 'MLP with 64 ReLU units'],
    default: 'linear' as 'linear' | 'mlp',
    label: 'Model',
    description: 'Both classifiers have this architecture and start from the same weights.',
  },
  optimizer: {
    type: 'select',
    options: ['adam', 'sgd', 'momentum'] as const,
    optionLabels: ['Adam', 'SGD', 'SGD with momentum 0.9'],
    default: 'adam' as OptimizerName,
    label: 'Optimizer',
    description: 'The optimizer of both classifiers.',
  },
  lr: {
    type: 'number',
    min: 1e-4,
    max: 1e4,
    step: 1e-4,
    log: true,
    default: 0.01,
    label: 'Learning rate',
    description:
      'Step size of both optimizers; with SGD on the MLP the top of the range makes training diverge.',
  },
  batch: {
    type: 'integer',
    min: 8,
    max: 256,
    default: 64,
    log: true,
    label: 'Batch size',
    description: 'Examples per training step (both models see the same batches).',
  },
  train: {
    type: 'integer',
    min: 100,
    max: 4000,
    default: 1000,
    log: true,
    label: 'Training examples',
    description: 'Size of the training set.',
  },
  test: {
    type: 'integer',
    min: 50,
    max: 2000,
    default: 500,
    log: true,
    label: 'Held-out examples',
    description: 'Size of the held-out set on which F1 is measured.',
  },
  steps: {
    type: 'integer',
    min: 20,
    max: 5000,
    default: 2000,
    log: true,
    label: 'Training steps',
    description: 'The run stops after this many steps.',
  },
  seed: seedParam('Seeds the task, the data, the shared initial weights and the batch order.', {
    max: 999_999,
  }),
} as const;

type Values = WidgetProps<typeof params>['values'];

const INPUT_DIM = 20;
const HIDDEN = 64;

const COLORS = { zlpr: 'var(--series-3)', bce: 'var(--series-4)' };

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

/** Steps between two held-out evaluations: about 60 points per run, at least every 5 steps. */
export function evaluationInterval(steps: number): number {
  return Math.max(5, Math.round(steps / 60));
}

interface HistoryPoint extends RaceEvaluation {
  step: number;
}

function TrainingRaceWidget({ values, set }: WidgetProps<typeof params>) {
  const compute = useComputeBackend();
  const { classes, noise, model, optimizer, lr, batch, train, test, seed } = values;
  const config = useMemo(
    () => raceConfig({ classes, noise, model, optimizer, lr, batch, train, test, seed }),
    [classes, noise, model, optimizer, lr, batch, train, test, seed],
  );
  const race = useRef<TrainingRace | null>(null);
  const creating = useRef<Promise<TrainingRace> | null>(null);
  const generation = useRef(0);
  const inFlight = useRef<Promise<unknown>>(Promise.resolve());
  const stepsDone = useRef(0);
  const [history, setHistory] = useState<HistoryPoint[]>([]);
  const [losses, setLosses] = useState<{ zlpr: number; bce: number } | null>(null);
  const [first, setFirst] = useState<{ zlpr: number; bce: number } | null>(null);
  const [truth, setTruth] = useState<number | null>(null);
  const every = evaluationInterval(values.steps);

  const step = useCallback(async () => {
    const mine = generation.current;
    const work = (async () => {
      if (!race.current) {
        creating.current ??= TrainingRace.create(config);
        const created = await creating.current;
        if (generation.current !== mine) return null;
        race.current = created;
        const labels = created.testLabels;
        setTruth(labels.reduce((a, row) => a + row.reduce((b, y) => b + y, 0), 0) / labels.length);
        const start = await created.evaluate();
        if (generation.current !== mine) return null;
        setHistory([{ step: 0, ...start }]);
      }
      const current = race.current;
      const result = await current.step();
      if (generation.current !== mine) return null;
      stepsDone.current += 1;
      const n = stepsDone.current;
      setLosses({ zlpr: result.zlprLoss, bce: result.bceLoss });
      if (n === 1) setFirst({ zlpr: result.zlprLoss, bce: result.bceLoss });
      if (n % every === 0 || n >= values.steps) {
        const evaluation = await current.evaluate();
        if (generation.current !== mine) return null;
        setHistory((h) => [...h, { step: n, ...evaluation }]);
      }
      return result;
    })();
    inFlight.current = work.catch(() => undefined);
    const result = await work;
    // A step that finished after a reset belongs to the old run: report nothing.
    if (!result) return {};
    return {
      watch: [result.zlprLoss, result.bceLoss],
      done: stepsDone.current >= values.steps,
    };
  }, [config, every, values.steps]);

  /** Releases the race once any step that is using it has finished. */
  const release = useCallback(() => {
    generation.current += 1;
    const old = race.current;
    const pending = creating.current;
    race.current = null;
    creating.current = null;
    void inFlight.current.then(async () => {
      old?.dispose();
      // A race still being created when the reader reset is released as soon as it exists.
      if (pending && !old) (await pending.catch(() => null))?.dispose();
    });
  }, []);

  const onReset = useCallback(() => {
    release();
    stepsDone.current = 0;
    setHistory([]);
    setLosses(null);
    setFirst(null);
    setTruth(null);
  }, [release]);

  useEffect(() => release, [release]);

  const runner = useFrameRunner({ step, onReset });
  const ready = compute.status === 'ready';

  useRestartOnChange(runner, JSON.stringify(config), ready);

  const last = history.at(-1);
  const series = (pick: (p: HistoryPoint) => number) =>
    history.map((p) => [p.step, pick(p)] as [number, number]);
  const describe = last
    ? `After ${last.step} steps: micro F1 ${last.zlpr.microF1.toFixed(3)} with the multi-label softmax loss and ${last.bce.microF1.toFixed(3)} with binary cross-entropy; macro F1 ${last.zlpr.macroF1.toFixed(3)} and ${last.bce.macroF1.toFixed(3)}.`
    : 'Not trained yet.';

  return (
    <div className="training-race-widget">
      <RunnerControls runner={runner} stepName={['step', 'steps']} disabled={!ready} />
      <ComputeNotice compute={compute} />
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
            <LinePath data={series((p) => p.bce.macroF1)} color={COLORS.bce} dash="5 4" />
            <LinePath data={series((p) => p.zlpr.macroF1)} color={COLORS.zlpr} dash="5 4" />
            <LinePath
              data={series((p) => p.bce.microF1)}
              color={COLORS.bce}
              strokeWidth={2.5}
              label="binary cross-entropy, micro F1"
            />
            <LinePath
              data={series((p) => p.zlpr.microF1)}
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
        <Readouts label="Held-out scores at the threshold 0">
          <Readout
            name="micro_zlpr"
            label="micro F1, softmax CE"
            value={last?.zlpr.microF1 ?? NaN}
            color={COLORS.zlpr}
          />
          <Readout
            name="micro_bce"
            label="micro F1, BCE"
            value={last?.bce.microF1 ?? NaN}
            color={COLORS.bce}
          />
          <Readout
            name="macro_zlpr"
            label="macro F1, softmax CE"
            value={last?.zlpr.macroF1 ?? NaN}
            color={COLORS.zlpr}
          />
          <Readout
            name="macro_bce"
            label="macro F1, BCE"
            value={last?.bce.macroF1 ?? NaN}
            color={COLORS.bce}
          />
          <Readout
            name="labels_zlpr"
            label="labels predicted per example, softmax CE"
            value={last?.zlpr.predictedPerExample ?? NaN}
            color={COLORS.zlpr}
          />
          <Readout
            name="labels_bce"
            label="labels predicted per example, BCE"
            value={last?.bce.predictedPerExample ?? NaN}
            color={COLORS.bce}
          />
          <Readout name="labels_true" label="true labels per example" value={truth ?? NaN} />
          <Readout
            name="evaluated_at"
            label="evaluated at step"
            value={last?.step ?? NaN}
            digits={integerDigits(last?.step ?? 0)}
          />
        </Readouts>
      </div>
      <Readouts label="Training losses on the current mini-batch">
        <Readout
          name="loss_zlpr"
          label="batch loss, softmax CE"
          value={losses?.zlpr ?? NaN}
          color={COLORS.zlpr}
        />
        <Readout
          name="first_loss_zlpr"
          label="first batch loss, softmax CE"
          value={first?.zlpr ?? NaN}
        />
        <Readout
          name="loss_bce"
          label="batch loss, BCE (summed over classes)"
          value={losses?.bce ?? NaN}
          color={COLORS.bce}
        />
        <Readout name="first_loss_bce" label="first batch loss, BCE" value={first?.bce ?? NaN} />
      </Readouts>
      <details className="widget-more">
        <summary>Task, model and optimizer</summary>
        <ParamControls
          schema={params}
          values={values}
          onChange={(patch) => set(patch as Partial<Values>)}
        />
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
