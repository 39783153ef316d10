/**
 * Monte Carlo estimates of the Gaussian divergences, computed on the TensorFlow.js backend.
 * They check the closed forms of gaussian.ts by sampling, and show how fast sampling converges.
 */
import { initBackend, loadTf } from './backend';
import { type Gaussian, validateGaussianPair } from './gaussian';
import { cholesky, logDetSPD, matMul, vecSub } from './linalg';
import { createRng, fillNormal } from './random';

export interface RunningEstimate {
  /** Number of samples used. */
  n: number;
  /** Sample mean of the per-sample quantity over the first n samples. */
  mean: number;
  /** Standard error of that mean, s / √n. */
  stdError: number;
}

export interface MonteCarloKlResult {
  /** \hat{KL} = \frac1N\sum_i [\ln p(x_i) - \ln q(x_i)],\ x_i \sim p */
  kl: RunningEstimate;
  /** \hat{BC} = \frac1N\sum_i \sqrt{q(x_i)/p(x_i)}, an estimate of e^{-D_B} */
  bhattacharyyaCoefficient: RunningEstimate;
  /** The running KL estimate at log-spaced sample sizes, ending at N. */
  klPath: RunningEstimate[];
  /** The backend the log-densities were computed on. */
  backend: string;
}

/** Inverse of a lower-triangular matrix by forward substitution. */
function invertLower(L: number[][]): number[][] {
  const d = L.length;
  const inv = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let col = 0; col < d; col++) {
    for (let i = 0; i < d; i++) {
      let s = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) s -= L[i][k] * inv[k][col];
      inv[i][col] = s / L[i][i];
    }
  }
  return inv;
}

/** Sample sizes 1, 2, 5, 10, 20, 50, … up to and including n. */
export function logSpacedCounts(n: number): number[] {
  const out: number[] = [];
  for (let decade = 1; decade <= n; decade *= 10) {
    for (const m of [1, 2, 5]) if (m * decade <= n) out.push(m * decade);
  }
  if (out[out.length - 1] !== n) out.push(n);
  return out;
}

/** Welford's running mean and variance: accurate in double precision for millions of samples. */
class RunningMoments {
  n = 0;
  mean = 0;
  private m2 = 0;

  push(x: number): void {
    this.n += 1;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }

  estimate(): RunningEstimate {
    const variance = this.n > 1 ? this.m2 / (this.n - 1) : 0;
    return { n: this.n, mean: this.mean, stdError: Math.sqrt(variance / Math.max(1, this.n)) };
  }
}

/** A Monte Carlo KL estimate that grows batch by batch (for a widget's frame-budgeted runner). */
export interface MonteCarloKlSampler {
  /** Draws `batchSize` more samples and returns the estimate over all samples so far. */
  next(batchSize: number): Promise<MonteCarloKlResult>;
}

/**
 * Estimates KL(p‖q) and the Bhattacharyya coefficient by sampling x ~ p with a seeded generator,
 * a batch at a time; the same seed gives the same sample whatever the batch sizes.
 *
 * With x = \mu_p + L_p z and y = L_q^{-1}(x - \mu_q) = A z + c, where A = L_q^{-1}L_p and
 * c = L_q^{-1}(\mu_p - \mu_q), the log-ratio of the densities is
 * \ln\frac{p(x)}{q(x)} = \tfrac12(\lVert y\rVert^2 - \lVert z\rVert^2) + \tfrac12(\ln\det\Sigma_q - \ln\det\Sigma_p).
 * The batched part (N×d products and row sums) runs on tfjs; the running means in float64.
 */
export function createMonteCarloKl(p: Gaussian, q: Gaussian, seed: number): MonteCarloKlSampler {
  validateGaussianPair(p, q, 'createMonteCarloKl');
  const d = p.mean.length;
  const Lp = cholesky(p.cov);
  const LqInv = invertLower(cholesky(q.cov));
  const A = matMul(LqInv, Lp);
  const delta = vecSub(p.mean, q.mean);
  const c = LqInv.map((row) => row.reduce((s, v, j) => s + v * delta[j], 0));
  const halfLogDetRatio = 0.5 * (logDetSPD(q.cov) - logDetSPD(p.cov));
  const rng = createRng(seed);
  const kl = new RunningMoments();
  const bc = new RunningMoments();
  const klPath: RunningEstimate[] = [];
  let nextCheckpoint = 1;

  return {
    async next(batchSize: number): Promise<MonteCarloKlResult> {
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5_000_000) {
        throw new RangeError(
          `monteCarloKl: batch size must be an integer in [1, 5e6], got ${batchSize}`,
        );
      }
      const z = Float32Array.from(fillNormal(rng, batchSize * d));
      await initBackend();
      const tf = await loadTf();
      const logRatio = tf.tidy(() => {
        const Z = tf.tensor2d(z, [batchSize, d]);
        const Y = tf.add(tf.matMul(Z, tf.tensor2d(A.flat(), [d, d]), false, true), tf.tensor1d(c));
        const diff = tf.sub(tf.sum(tf.square(Y), 1), tf.sum(tf.square(Z), 1));
        return tf.add(tf.mul(diff, 0.5), halfLogDetRatio);
      });
      let values: Float32Array;
      try {
        values = (await logRatio.data()) as Float32Array;
      } finally {
        logRatio.dispose();
      }
      for (let i = 0; i < values.length; i++) {
        kl.push(values[i]);
        bc.push(Math.exp(-0.5 * values[i]));
        if (kl.n === nextCheckpoint) {
          klPath.push(kl.estimate());
          nextCheckpoint = nextLogSpaced(nextCheckpoint);
        }
      }
      const last = kl.estimate();
      const path = klPath[klPath.length - 1]?.n === last.n ? [...klPath] : [...klPath, last];
      return {
        kl: last,
        bhattacharyyaCoefficient: bc.estimate(),
        klPath: path,
        backend: tf.getBackend(),
      };
    },
  };
}

/** The sample size after n in the sequence 1, 2, 5, 10, 20, 50, … */
function nextLogSpaced(n: number): number {
  const decade = 10 ** Math.floor(Math.log10(n) + 1e-9);
  const lead = Math.round(n / decade);
  return lead === 1 ? 2 * decade : lead === 2 ? 5 * decade : 10 * decade;
}

/** One-shot version of createMonteCarloKl: N samples with the given seed. */
export async function monteCarloKl(
  p: Gaussian,
  q: Gaussian,
  n: number,
  seed: number,
): Promise<MonteCarloKlResult> {
  if (!Number.isInteger(n) || n < 2 || n > 5_000_000) {
    throw new RangeError(`monteCarloKl: sample size must be an integer in [2, 5e6], got ${n}`);
  }
  const sampler = createMonteCarloKl(p, q, seed);
  let result: MonteCarloKlResult | null = null;
  for (let done = 0; done < n;) {
    const batch = Math.min(262_144, n - done);
    result = await sampler.next(batch);
    done += batch;
  }
  return result as MonteCarloKlResult;
}
