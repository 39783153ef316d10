/**
 * Small synthetic datasets for the widgets, all drawn from an explicit seeded generator.
 */
import { cholesky } from './linalg';
import type { Matrix, Vector } from './linalg';
import type { Rng } from './random';

/** Inputs as rows, labels as class indices 0 … K−1. */
export interface LabelledData {
  X: number[][];
  y: number[];
}

export interface GaussianClass {
  mean: Vector;
  cov: Matrix;
  /** Relative frequency of the class (normalised over the classes). */
  weight?: number;
}

/**
 * n points from a mixture of Gaussian classes: the label k is drawn with probability
 * \pi_k \propto weight_k, then x \sim \mathcal N(\mu_k, \Sigma_k).
 */
export function sampleGaussianClasses(
  rng: Rng,
  n: number,
  classes: readonly GaussianClass[],
): LabelledData {
  if (classes.length === 0) throw new RangeError('sampleGaussianClasses: no classes given');
  const weights = classes.map((c) => c.weight ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const factors = classes.map((c) => cholesky(c.cov));
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    let u = rng.uniform() * total;
    let k = 0;
    while (k < classes.length - 1 && u >= weights[k]) u -= weights[k++];
    const d = classes[k].mean.length;
    const z = Array.from({ length: d }, () => rng.normal());
    const L = factors[k];
    X.push(classes[k].mean.map((m, r) => m + L[r].reduce((s, l, c) => s + l * z[c], 0)));
    y.push(k);
  }
  return { X, y };
}

/**
 * The two interleaving half-circles ("moons"), with Gaussian noise of standard deviation
 * `noise` added to each coordinate; labels 0 and 1 alternate so the classes are balanced.
 */
export function sampleMoons(rng: Rng, n: number, noise: number): LabelledData {
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const t = Math.PI * rng.uniform();
    const x = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    X.push([x[0] + noise * rng.normal(), x[1] + noise * rng.normal()]);
    y.push(label);
  }
  return { X, y };
}

/** Flips each binary label with probability `rate` (label noise). */
export function flipLabels(rng: Rng, y: readonly number[], rate: number): number[] {
  return y.map((label) => (rng.uniform() < rate ? 1 - label : label));
}

/** A random permutation of 0 … n−1 (Fisher–Yates). */
export function permutation(rng: Rng, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Fraction of predictions equal to the labels. */
export function accuracy(predicted: readonly number[], labels: readonly number[]): number {
  if (predicted.length !== labels.length || labels.length === 0) {
    throw new RangeError(`accuracy: ${predicted.length} predictions for ${labels.length} labels`);
  }
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}
