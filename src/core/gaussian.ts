/**
 * Closed forms for the article "KL divergence, Bhattacharyya distance and Wasserstein distance
 * between two multivariate Gaussians": $p = \mathcal{N}(\mu_p, \Sigma_p)$ and
 * $q = \mathcal{N}(\mu_q, \Sigma_q)$ in $\mathbb{R}^d$.
 *
 * Determinants only ever appear as log-determinants from Cholesky factors, inverses only as
 * triangular solves, and matrix square roots come from Jacobi eigen-decompositions, so the
 * results stay accurate in dimension 10 with extreme scales and condition numbers up to ~1e6.
 */
import {
  assertSymmetric,
  assertSymmetricPositiveDefinite,
  formatNumber,
  forwardSubstitute,
  logDetFromCholesky,
  sqrtmSPD,
  symmetricEigen,
  type Matrix,
  type SymmetricEigen,
  type Vector,
} from './linalg';

/** A multivariate Gaussian $\mathcal{N}(\mu, \Sigma)$: mean of length d, cov d×d SPD. */
export type Gaussian = { mean: number[]; cov: number[][] };

/** What validation learns about one Gaussian: its dimension and the Cholesky factor of its cov. */
export interface ValidatedGaussian {
  dim: number;
  /** Lower-triangular L with $\Sigma = LL^\top$. */
  chol: Matrix;
}

const LOG_TWO_PI = Math.log(2 * Math.PI);

/**
 * Checks a single Gaussian $\mathcal{N}(\mu, \Sigma)$: cov must be a d×d symmetric positive
 * definite matrix of finite numbers and mean d finite numbers. Throws a RangeError naming `fn`
 * and `name` (e.g. "covariance of p") otherwise; returns d and the Cholesky factor of cov.
 */
export function validateGaussian(g: Gaussian, name: string, fn: string): ValidatedGaussian {
  if (typeof g !== 'object' || g === null) {
    throw new RangeError(`${fn}: ${name} is not a Gaussian { mean, cov }`);
  }
  const chol = assertSymmetricPositiveDefinite(g.cov, `covariance of ${name}`, fn);
  const dim = chol.length;
  const mean: unknown = g.mean;
  if (!Array.isArray(mean)) throw new RangeError(`${fn}: mean of ${name} is not an array`);
  if (mean.length !== dim) {
    throw new RangeError(
      `${fn}: mean of ${name} has length ${mean.length} but its covariance is ${dim}×${dim}`,
    );
  }
  const bad = mean.findIndex((m: unknown) => typeof m !== 'number' || !Number.isFinite(m));
  if (bad >= 0) {
    throw new RangeError(
      `${fn}: mean of ${name} contains a non-finite entry (${String(mean[bad])} at index ${bad})`,
    );
  }
  return { dim, chol };
}

/**
 * Checks a pair of Gaussians p, q as {@link validateGaussian} does ("covariance of p is not
 * symmetric", "covariance of q is not positive definite (smallest eigenvalue …)", …) and that
 * both have the same dimension d (the message states both). Returns d and both Cholesky factors.
 */
export function validateGaussianPair(
  p: Gaussian,
  q: Gaussian,
  fn = 'validateGaussianPair',
): { dim: number; cholP: Matrix; cholQ: Matrix } {
  const vp = validateGaussian(p, 'p', fn);
  const vq = validateGaussian(q, 'q', fn);
  if (vp.dim !== vq.dim) {
    throw new RangeError(
      `${fn}: dimensions differ (p has dimension ${vp.dim}, q has dimension ${vq.dim})`,
    );
  }
  return { dim: vp.dim, cholP: vp.chol, cholQ: vq.chol };
}

function sumOfSquares(x: Vector): number {
  let s = 0;
  for (const v of x) s += v * v;
  return s;
}

function meanDifference(p: Gaussian, q: Gaussian): Vector {
  return q.mean.map((m, i) => m - p.mean[i]);
}

/** $\|L^{-1}B\|_F^2$ for lower-triangular L and B (both d×d), column by column. */
function frobeniusOfTriangularSolve(L: Matrix, B: Matrix): number {
  const d = L.length;
  let s = 0;
  for (let j = 0; j < d; j++)
    s += sumOfSquares(
      forwardSubstitute(
        L,
        B.map((row) => row[j]),
      ),
    );
  return s;
}

/**
 * Kullback–Leibler divergence in nats:
 * $$\mathrm{KL}(p\|q) = \tfrac12\Big[\operatorname{tr}(\Sigma_q^{-1}\Sigma_p)
 *   + (\mu_q-\mu_p)^\top\Sigma_q^{-1}(\mu_q-\mu_p) - d + \ln\det\Sigma_q - \ln\det\Sigma_p\Big].$$
 * With $\Sigma_p = L_pL_p^\top$, $\Sigma_q = L_qL_q^\top$ the trace is $\|L_q^{-1}L_p\|_F^2$ and the
 * quadratic form $\|L_q^{-1}\Delta\mu\|^2$ (triangular solves, no inverse). Means have length d,
 * covariances are d×d SPD. A rounding-level negative result is returned as 0.
 */
export function klDivergence(p: Gaussian, q: Gaussian): number {
  const { dim, cholP, cholQ } = validateGaussianPair(p, q, 'klDivergence');
  const traceTerm = frobeniusOfTriangularSolve(cholQ, cholP);
  const mahalanobis = sumOfSquares(forwardSubstitute(cholQ, meanDifference(p, q)));
  const logDetRatio = logDetFromCholesky(cholQ) - logDetFromCholesky(cholP);
  return Math.max(0, 0.5 * (traceTerm + mahalanobis - dim + logDetRatio));
}

/**
 * Bhattacharyya distance $D_B = -\ln\int\sqrt{p(x)q(x)}\,dx$:
 * $$D_B = \tfrac18\,\Delta\mu^\top\Sigma^{-1}\Delta\mu
 *   + \tfrac12\ln\frac{\det\Sigma}{\sqrt{\det\Sigma_p\det\Sigma_q}},\qquad
 *   \Sigma = \tfrac12(\Sigma_p+\Sigma_q),$$
 * with all determinants as Cholesky log-determinants. Symmetric in p and q; means of length d,
 * covariances d×d SPD. A rounding-level negative result is returned as 0.
 */
export function bhattacharyyaDistance(p: Gaussian, q: Gaussian): number {
  return bhattacharyyaFor(p, q, 'bhattacharyyaDistance');
}

/** $D_B$ with validation errors reported under the public function name `fn`. */
function bhattacharyyaFor(p: Gaussian, q: Gaussian, fn: string): number {
  const { cholP, cholQ } = validateGaussianPair(p, q, fn);
  const mid = p.cov.map((row, i) => row.map((a, j) => 0.5 * (a + q.cov[i][j])));
  const cholMid = assertSymmetricPositiveDefinite(mid, 'the average covariance', fn);
  const mahalanobis = sumOfSquares(forwardSubstitute(cholMid, meanDifference(p, q)));
  const logTerm =
    logDetFromCholesky(cholMid) - 0.5 * (logDetFromCholesky(cholP) + logDetFromCholesky(cholQ));
  return Math.max(0, mahalanobis / 8 + 0.5 * logTerm);
}

/**
 * Bhattacharyya coefficient $\mathrm{BC}(p,q) = \int\sqrt{p(x)q(x)}\,dx = e^{-D_B}$, in (0, 1].
 * Means of length d, covariances d×d SPD.
 */
export function bhattacharyyaCoefficient(p: Gaussian, q: Gaussian): number {
  return Math.exp(-bhattacharyyaFor(p, q, 'bhattacharyyaCoefficient'));
}

/**
 * Hellinger distance $H(p,q) = \sqrt{1 - e^{-D_B}}$, the H with
 * $H^2 = \tfrac12\int(\sqrt{p}-\sqrt{q})^2\,dx = 1 - \mathrm{BC}$, in [0, 1).
 * Computed as $\sqrt{-\operatorname{expm1}(-D_B)}$ so that nearby Gaussians keep full precision.
 */
export function hellingerDistance(p: Gaussian, q: Gaussian): number {
  return Math.sqrt(-Math.expm1(-bhattacharyyaFor(p, q, 'hellingerDistance')));
}

/**
 * Pieces of the optimal transport between two covariances, in the eigenbasis of the first:
 * $\Sigma_1 = V\operatorname{diag}(s)^2V^\top$ and $C = (\operatorname{diag}(s)\,V^\top\Sigma_2V
 * \operatorname{diag}(s))^{1/2}$, i.e. $(\Sigma_1^{1/2}\Sigma_2\Sigma_1^{1/2})^{1/2}$ rotated by V.
 */
function transportPieces(
  eig1: SymmetricEigen,
  cov2: Matrix,
): { V: Matrix; s: Vector; C: Matrix; dim: number } {
  const V = eig1.vectors;
  const d = V.length;
  // Cholesky already certified positive definiteness; the floor only guards against cond ≳ 1e16.
  const floor = Number.MIN_VALUE;
  const s = eig1.values.map((l) => Math.sqrt(Math.max(l, floor)));
  // M = diag(s) Vᵀ Σ₂ V diag(s), built entry by entry and exactly symmetric.
  const QV: Matrix = cov2.map((row) =>
    V[0].map((_, k) => row.reduce((acc, a, j) => acc + a * V[j][k], 0)),
  );
  const M: Matrix = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      let t = 0;
      for (let i = 0; i < d; i++) t += V[i][a] * QV[i][b];
      M[a][b] = s[a] * t * s[b];
      M[b][a] = M[a][b];
    }
  }
  const eigM = symmetricEigen(M);
  const roots = eigM.values.map((l) => Math.sqrt(Math.max(l, 0)));
  const W = eigM.vectors;
  const C: Matrix = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      let t = 0;
      for (let k = 0; k < d; k++) t += W[a][k] * roots[k] * W[b][k];
      C[a][b] = t;
      C[b][a] = t;
    }
  }
  return { V, s, C, dim: d };
}

/**
 * Squared 2-Wasserstein distance
 * $$W_2^2(p,q) = \|\mu_p-\mu_q\|^2 + \operatorname{tr}\Sigma_p + \operatorname{tr}\Sigma_q
 *   - 2\operatorname{tr}\big((\Sigma_q^{1/2}\Sigma_p\Sigma_q^{1/2})^{1/2}\big).$$
 * The covariance part is evaluated in the equivalent, cancellation-free form
 * $\|\Sigma_p^{-1/2}(\Sigma_p^{1/2}\Sigma_q\Sigma_p^{1/2})^{1/2} - \Sigma_p^{1/2}\|_F^2$ (the
 * expected squared displacement of the optimal map; p and q swap roles when $\Sigma_q$ is the
 * better conditioned), so it is never negative and is zero up to $O(\varepsilon^2\|\Sigma\|)$
 * rounding when the covariances coincide. Means of length d, covariances d×d SPD.
 */
export function wasserstein2Squared(p: Gaussian, q: Gaussian): number {
  validateGaussianPair(p, q, 'wasserstein2Squared');
  return wasserstein2SquaredUnchecked(p, q);
}

function conditionRatio(eig: SymmetricEigen): number {
  return eig.values[0] / eig.values[eig.values.length - 1];
}

function wasserstein2SquaredUnchecked(p: Gaussian, q: Gaussian): number {
  const eigP = symmetricEigen(p.cov);
  const eigQ = symmetricEigen(q.cov);
  // The covariance part is symmetric in Σp, Σq; dividing by the square roots of the better
  // conditioned one loses the least precision (and W₂(p, q), W₂(q, p) then take the same path).
  const useQ = conditionRatio(eigQ) > conditionRatio(eigP);
  const { s, C, dim } = useQ ? transportPieces(eigQ, p.cov) : transportPieces(eigP, q.cov);
  // In the eigenbasis of Σ₁ the displacement matrix is diag(1/s) C − diag(s).
  let covPart = 0;
  for (let a = 0; a < dim; a++) {
    for (let b = 0; b < dim; b++) {
      const e = C[a][b] / s[a] - (a === b ? s[a] : 0);
      covPart += e * e;
    }
  }
  return sumOfSquares(meanDifference(p, q)) + covPart;
}

/**
 * 2-Wasserstein distance $W_2(p,q) = \sqrt{W_2^2(p,q)}$ (not squared); see
 * {@link wasserstein2Squared}. A rounding-level negative $W_2^2$ is clamped to 0 first.
 * Means of length d, covariances d×d SPD.
 */
export function wasserstein2Distance(p: Gaussian, q: Gaussian): number {
  validateGaussianPair(p, q, 'wasserstein2Distance');
  return Math.sqrt(Math.max(0, wasserstein2SquaredUnchecked(p, q)));
}

/**
 * The commuting-case formula
 * $$W_2^2 = \|\mu_p-\mu_q\|^2 + \|\Sigma_p^{1/2} - \Sigma_q^{1/2}\|_F^2.$$
 * It equals {@link wasserstein2Squared} only when $\Sigma_p\Sigma_q = \Sigma_q\Sigma_p$ (e.g.
 * both diagonal); otherwise it overestimates $W_2^2$ and must not be used. It is exported so the
 * article can show that difference. Means of length d, covariances d×d SPD.
 */
export function wasserstein2CommutingSquared(p: Gaussian, q: Gaussian): number {
  validateGaussianPair(p, q, 'wasserstein2CommutingSquared');
  const rootP = sqrtmSPD(p.cov);
  const rootQ = sqrtmSPD(q.cov);
  let covPart = 0;
  for (let i = 0; i < rootP.length; i++) {
    for (let j = 0; j < rootP.length; j++) {
      const e = rootP[i][j] - rootQ[i][j];
      covPart += e * e;
    }
  }
  return sumOfSquares(meanDifference(p, q)) + covPart;
}

/**
 * Differential entropy in nats
 * $$H(\mathcal{N}(\mu,\Sigma)) = \tfrac d2(1 + \ln 2\pi) + \tfrac12\ln\det\Sigma$$
 * for mean of length d and a d×d SPD covariance.
 */
export function gaussianEntropy(g: Gaussian): number {
  const { dim, chol } = validateGaussian(g, 'g', 'gaussianEntropy');
  return 0.5 * dim * (1 + LOG_TWO_PI) + 0.5 * logDetFromCholesky(chol);
}

/**
 * Log-density
 * $$\ln\mathcal{N}(x;\mu,\Sigma) = -\tfrac12\Big[d\ln 2\pi + \ln\det\Sigma
 *   + (x-\mu)^\top\Sigma^{-1}(x-\mu)\Big]$$
 * at a point x of length d (mean of length d, covariance d×d SPD).
 */
export function gaussianLogDensity(g: Gaussian, x: Vector): number {
  const { dim, chol } = validateGaussian(g, 'g', 'gaussianLogDensity');
  if (!Array.isArray(x) || x.length !== dim || !x.every(Number.isFinite)) {
    throw new RangeError(`gaussianLogDensity: x must be ${dim} finite numbers`);
  }
  const z = forwardSubstitute(
    chol,
    x.map((xi, i) => xi - g.mean[i]),
  );
  return -0.5 * (dim * LOG_TWO_PI + logDetFromCholesky(chol) + sumOfSquares(z));
}

/**
 * The optimal (Monge) transport map from p to q for squared Euclidean cost,
 * $T(x) = \mu_q + A(x - \mu_p) = Ax + b$ with
 * $$A = \Sigma_p^{-1/2}\big(\Sigma_p^{1/2}\Sigma_q\Sigma_p^{1/2}\big)^{1/2}\Sigma_p^{-1/2},\qquad
 *   b = \mu_q - A\mu_p.$$
 * A (d×d) is the unique symmetric positive definite matrix with $A\Sigma_pA = \Sigma_q$;
 * b has length d. $\mathbb{E}_p\|T(x) - x\|^2 = W_2^2(p, q)$.
 */
export function optimalTransportMap(p: Gaussian, q: Gaussian): { A: Matrix; b: Vector } {
  validateGaussianPair(p, q, 'optimalTransportMap');
  const { V, s, C, dim } = transportPieces(symmetricEigen(p.cov), q.cov);
  // In the eigenbasis of Σp, A is diag(1/s) C diag(1/s); rotate back with V.
  const inner = C.map((row, a) => row.map((c, b) => c / (s[a] * s[b])));
  const A: Matrix = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      let t = 0;
      for (let a = 0; a < dim; a++) {
        let u = 0;
        for (let b = 0; b < dim; b++) u += inner[a][b] * V[j][b];
        t += V[i][a] * u;
      }
      A[i][j] = t;
      A[j][i] = t;
    }
  }
  const b = q.mean.map((m, i) => m - A[i].reduce((acc, a, j) => acc + a * p.mean[j], 0));
  return { A, b };
}

/**
 * The 2×2 covariance with principal standard deviations σ₁, σ₂ along axes rotated by θ:
 * $$\Sigma = R_\theta\operatorname{diag}(\sigma_1^2, \sigma_2^2)R_\theta^\top,\qquad
 *   R_\theta = \begin{pmatrix}\cos\theta & -\sin\theta\\ \sin\theta & \cos\theta\end{pmatrix}.$$
 * σ₁, σ₂ must be finite and ≥ 0 (σ = 0 gives a singular matrix that the divergences reject).
 */
export function covarianceFromAxes(sigma1: number, sigma2: number, angleRad: number): Matrix {
  for (const [name, v] of [
    ['sigma1', sigma1],
    ['sigma2', sigma2],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) {
      throw new RangeError(`covarianceFromAxes: ${name} must be finite and ≥ 0, got ${v}`);
    }
  }
  if (!Number.isFinite(angleRad)) {
    throw new RangeError(`covarianceFromAxes: angleRad must be finite, got ${angleRad}`);
  }
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  const v1 = sigma1 * sigma1;
  const v2 = sigma2 * sigma2;
  const off = c * s * (v1 - v2);
  return [
    [c * c * v1 + s * s * v2, off],
    [off, s * s * v1 + c * c * v2],
  ];
}

/**
 * Inverse of {@link covarianceFromAxes} for a symmetric PSD 2×2 covariance: the principal
 * standard deviations $\sigma_1 \ge \sigma_2 \ge 0$ (square roots of the eigenvalues) and the
 * angle $\theta = \tfrac12\operatorname{atan2}(2\Sigma_{12}, \Sigma_{11} - \Sigma_{22})
 * \in (-\pi/2, \pi/2]$ of the major axis (0 for a circle).
 */
export function axesFromCovariance(cov: Matrix): { sigma1: number; sigma2: number; angle: number } {
  const fn = 'axesFromCovariance';
  if (!Array.isArray(cov) || cov.length !== 2) {
    throw new RangeError(`${fn}: cov must be 2×2`);
  }
  assertSymmetric(cov, 'cov', fn);
  const a = cov[0][0];
  const c = cov[1][1];
  const b = 0.5 * (cov[0][1] + cov[1][0]);
  const half = 0.5 * (a - c);
  const r = Math.hypot(half, b);
  const m = 0.5 * (a + c);
  const l1 = m + r;
  // λ₂ = det/λ₁ avoids the cancellation in m − r for thin ellipses.
  const l2 = l1 > 0 ? (a * c - b * b) / l1 : m - r;
  if (l2 < -1e-10 * Math.abs(l1)) {
    throw new RangeError(
      `${fn}: cov is not positive semidefinite (smallest eigenvalue ${formatNumber(l2)})`,
    );
  }
  let angle = 0.5 * Math.atan2(b, half);
  // atan2 gives (−π, π]; halving gives (−π/2, π/2], the range documented above.
  if (angle <= -Math.PI / 2) angle += Math.PI;
  return { sigma1: Math.sqrt(Math.max(l1, 0)), sigma2: Math.sqrt(Math.max(l2, 0)), angle };
}
