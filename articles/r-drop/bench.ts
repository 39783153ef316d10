/** This article's workload for `npm run bench` (see tests/bench/workload.ts). */
import {
  createOptimizer,
  createRng,
  loadTf,
  Mlp,
  sampleMoons,
  trainStep,
} from '../../src/core/index';
import type { BenchWorkload } from '../../tests/bench/workload';
import { rdropLossTensor } from './math';

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
];
