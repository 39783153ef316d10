/** This article's workload for `npm run bench` (see tests/bench/workload.ts). */
import {
  addGradients,
  applyPlainStep,
  createOptimizer,
  createRng,
  loadTf,
  Mlp,
  PlainMlp,
  PlainOptimizer,
  sampleMoons,
  trainStep,
} from '../../src/core/index';
import type { BenchWorkload } from '../../tests/bench/workload';
import { rdropLossGradient, rdropLossTensor } from './math';

/** Rows of a flat n × K array. */
const rows = (flat: Float64Array, K: number): number[][] =>
  Array.from({ length: flat.length / K }, (_, i) => Array.from(flat.subarray(i * K, (i + 1) * K)));

export const benchWorkloads: BenchWorkload[] = [
  {
    id: 'rdrop-step',
    label: 'R-Drop step, [2,64,64,2], batch 64',
    tfjs: true,
    /**
     * One R-Drop training step: two dropout passes of an MLP [2, 64, 64, 2] over a batch of 64,
     * the loss −ln p_A − ln p_B + α/2·(KL_AB + KL_BA) (rdropLossTensor), backpropagation and
     * Adam, with the article's defaults (ReLU, p = 0.3, α = 4, learning rate 0.01).
     */
    factory: async () => {
      const tf = await loadTf();
      const data = sampleMoons(createRng(4), 64, 0.25);
      const model = await Mlp.create({ sizes: [2, 64, 64, 2], activation: 'relu', seed: 4 });
      const optimizer = createOptimizer(tf, 'adam', 0.01);
      const x = tf.tensor2d(data.X);
      const labels = tf.tensor1d(data.y, 'int32');
      let t = 0;
      return {
        async run() {
          t += 1;
          const loss = () =>
            tf.tidy(() =>
              rdropLossTensor(
                tf,
                model.forward(x, { dropRate: 0.3, maskSeed: 2 * t }),
                model.forward(x, { dropRate: 0.3, maskSeed: 2 * t + 1 }),
                labels,
                4,
              ),
            );
          return (await trainStep(model, optimizer, loss)).loss;
        },
        dispose() {
          optimizer.dispose();
          model.dispose();
          tf.dispose([x, labels]);
        },
      };
    },
  },
  {
    id: 'rdrop-step-plain',
    label: 'R-Drop step, [2,64,64,2], batch 64, plain TypeScript',
    tfjs: false,
    // The same step as rdrop-step without tfjs: PlainMlp passes, rdropLossGradient, Adam.
    factory: async () => {
      const data = sampleMoons(createRng(4), 64, 0.25);
      const model = PlainMlp.create({ sizes: [2, 64, 64, 2], activation: 'relu', seed: 4 });
      const optimizer = new PlainOptimizer('adam', 0.01);
      let t = 0;
      return {
        async run() {
          t += 1;
          const a = model.forward(data.X, { dropRate: 0.3, maskSeed: 2 * t });
          const b = model.forward(data.X, { dropRate: 0.3, maskSeed: 2 * t + 1 });
          const g = rdropLossGradient(rows(a.logits, 2), rows(b.logits, 2), data.y, 4);
          applyPlainStep(
            model,
            optimizer,
            addGradients(model.backward(a, g.dLogitsA), model.backward(b, g.dLogitsB)),
          );
          return g.loss;
        },
        dispose: () => undefined,
      };
    },
  },
];
