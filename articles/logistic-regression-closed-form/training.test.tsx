// @vitest-environment jsdom
/**
 * The two softmax widgets' training session (useSoftmaxTraining) on the tfjs cpu backend: a run
 * restarted while a step is in flight shows nothing of the old run, and every run's tensors are
 * released, after the step that used them, on restart and on unmount.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { initBackend, tensorMemory } from '../../src/core/index';
import { defaultValues } from '../../src/widgets/params';
import { TrainingControls } from '../../src/widgets/TrainingControls';
import { widgets } from './widgets/index';
import { pointsOf } from './widgets/TwoClassPlayground';
import { SoftmaxTrainer } from './widgets/softmaxTrainer';
import { useSoftmaxTraining } from './widgets/useSoftmaxTraining';

beforeAll(() => initBackend({ candidates: ['cpu'] }), 60_000);
afterEach(cleanup);

const values = defaultValues(widgets[0].params) as unknown as Parameters<typeof pointsOf>[0];
const { points } = pointsOf(values);
const X = points.map((p) => [p.x, p.y]);
const y = points.map((p) => p.cls);

/** The widgets' session on the default points, with a button that changes the seed. */
function Harness({ steps, x = X }: { steps: number; x?: number[][] }) {
  const [seed, setSeed] = useState(1);
  const session = useSoftmaxTraining({
    X: x,
    y: x === X ? y : [],
    numClasses: 2,
    optimizer: 'adam',
    learningRate: 0.05,
    seed,
    steps,
    ready: false,
  });
  return (
    <>
      <button type="button" onClick={() => setSeed((s) => s + 1)}>
        reseed
      </button>
      <TrainingControls session={session} />
      <p data-testid="view">
        {session.view ? `seed ${seed}: ${session.view.steps} steps` : 'nothing'}
      </p>
      <p data-testid="history">{session.line('loss').length}</p>
    </>
  );
}

const status = () => screen.getByRole('status').getAttribute('data-status');
const numTensors = async () => (await tensorMemory()).numTensors;

/** Plays the run to its end and checks what it shows, then unmounts: no tensor may be left. */
async function playToEndAndUnmount(view: string, tensorsBefore: number) {
  fireEvent.click(screen.getByText('Play'));
  await waitFor(() => expect(status()).toBe('done'), { timeout: 20_000 });
  expect(screen.getByTestId('view').textContent).toBe(view);
  const history = screen.getByTestId('history').textContent;
  cleanup();
  await waitFor(async () => expect(await numTensors()).toBe(tensorsBefore));
  return history;
}

describe('useSoftmaxTraining', () => {
  it('plays to the number of steps, showing the last classifier and every plotted loss', async () => {
    const before = await numTensors();
    render(<Harness steps={120} />);
    const plotted = await playToEndAndUnmount('seed 1: 120 steps', before);
    // Steps 1…100, then 105, 110, 115 and 120.
    expect(plotted).toBe('104');
  }, 30_000);

  it('a restart while a step is in flight keeps that run’s tensors until the step returns, then releases them and shows nothing of it', async () => {
    const before = await numTensors();
    // Hold the first step at its read-back of the weights until the test lets it go.
    const gate: { open?: () => void } = {};
    const parameters = SoftmaxTrainer.prototype.parameters;
    const held = vi
      .spyOn(SoftmaxTrainer.prototype, 'parameters')
      .mockImplementation(async function (this: SoftmaxTrainer) {
        await new Promise<void>((resolve) => (gate.open = resolve));
        return parameters.call(this);
      });
    try {
      render(<Harness steps={60} />);
      fireEvent.click(screen.getByText('Step'));
      await waitFor(() => expect(gate.open).toBeDefined());
      const during = await numTensors();
      expect(during).toBeGreaterThan(before);
      fireEvent.click(screen.getByText('reseed'));
      await new Promise((r) => setTimeout(r, 20));
      expect(await numTensors()).toBe(during);
      held.mockRestore();
      gate.open?.();
      await waitFor(async () => expect(await numTensors()).toBe(before));
      expect(screen.getByTestId('view').textContent).toBe('nothing');
    } finally {
      held.mockRestore();
    }
    await playToEndAndUnmount('seed 2: 60 steps', before);
  }, 30_000);

  it('with no points, a step stops the run with the message and creates nothing', async () => {
    const before = await numTensors();
    render(<Harness steps={60} x={[]} />);
    fireEvent.click(screen.getByText('Step'));
    await waitFor(() => expect(status()).toBe('failed'));
    expect(screen.getByRole('alert').textContent).toBe('There are no points to train on.');
    expect(await numTensors()).toBe(before);
  });
});
