/** This article's workload for `npm run bench` (see tests/bench/workload.ts). */
import { createRng } from '../../src/core/index';
import type { BenchWorkload } from '../../tests/bench/workload';
import { attentionEntropyTf, sampleAttentionVectors, standardScale } from './math';

export const benchWorkloads: BenchWorkload[] = [
  {
    id: 'attention-4096',
    label: 'attention entropy, n = 4096, d = 64',
    tfjs: true,
    // Mean entropy of softmax(QKᵀ/√d) over n = 4096 queries and keys of dimension d = 64.
    factory: async () => {
      const rng = createRng(11);
      const q = sampleAttentionVectors(rng, 4096, 64);
      const k = sampleAttentionVectors(rng, 4096, 64);
      return { run: () => attentionEntropyTf(q, k, standardScale(64)), dispose: () => undefined };
    },
  },
];
