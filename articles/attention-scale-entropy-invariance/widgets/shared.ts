import { createRng } from '../../../src/core/index';
import { entropyInvariantScale, standardScale } from '../math';
import type { Rng } from '../../../src/core/index';
import { seedParam, selectParam, type IntegerSpec } from '../../../src/widgets/params';

/** The training length at which the entropy-invariant scale equals the standard one. */
export const TRAIN_LENGTH = 512;

/** The scale rules compared in the widgets. */
export type ScaleRule = 'standard' | 'invariant' | 'logn';

export const RULES: Record<
  ScaleRule,
  { label: string; long: string; color: string; dash?: string }
> = {
  standard: { label: '1/√d', long: 'standard scale 1/√d', color: 'var(--series-1)' },
  invariant: {
    label: 'log₅₁₂ n/√d',
    long: 'entropy-invariant scale log₅₁₂ n / √d',
    color: 'var(--series-2)',
  },
  logn: { label: 'ln n/√d', long: 'unnormalised ln n / √d', color: 'var(--series-3)', dash: '6 3' },
};

/** λ for a rule at length n and head size d. */
export function scaleFor(rule: ScaleRule, n: number, d: number): number {
  if (rule === 'standard') return standardScale(d);
  if (rule === 'invariant') return entropyInvariantScale(n, d, TRAIN_LENGTH);
  return Math.log(n) / Math.sqrt(d);
}

/** The sequence lengths of a sweep: 16, 32, 64, …, up to maxN (powers of two). */
export function lengthGrid(maxN: number): number[] {
  const out: number[] = [];
  for (let n = 16; n <= maxN; n *= 2) out.push(n);
  return out;
}

/** The two generators of a seed: one for queries, one for keys (never shared between seeds). */
export function seededStreams(seed: number): { queries: Rng; keys: Rng } {
  return { queries: createRng(2 * seed), keys: createRng(2 * seed + 1) };
}

/** Parameters shared by the three widgets: the random model of queries and keys. */
export const modelParams = {
  d: {
    type: 'integer',
    min: 2,
    max: 128,
    default: 64,
    label: 'Head size d',
    description: 'Length of each query and key vector.',
  },
  spread: {
    type: 'number',
    min: 0.25,
    max: 3,
    step: 0.05,
    default: 1,
    label: 'Spread σ',
    description:
      'Root-mean-square size of one component of a query or key; the logits at the standard scale then have standard deviation about σ².',
  },
  model: selectParam({
    options: ['sphere', 'gaussian'],
    optionLabels: ['On a sphere of radius σ√d', 'Independent N(0, σ²) components'],
    default: 'sphere',
    label: 'Random vectors',
    description: 'How the random queries and keys are drawn.',
  }),
  seed: seedParam('Seed of the random vectors; the same seed draws the same queries and keys.', {
    max: 999_999,
  }),
} as const;

/** The number of keys a query attends over, n = 16 … 16384 on a log slider. */
export function keysParam(initial: number, description: string): IntegerSpec {
  return {
    type: 'integer',
    min: 16,
    max: 16384,
    log: true,
    default: initial,
    label: 'Keys n',
    description,
  };
}

/** "1,024" with a thin-space-free thousands separator, for captions. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
