/**
 * Small dense linear algebra in double precision for the explorables (n from 1 to about 10).
 *
 * Everything works on plain `number[]` / `number[][]` (row-major: `A[i][j]` is row i, column j)
 * and returns fresh arrays; inputs are never mutated. Symmetric positive definite (SPD) matrices
 * go through Cholesky factorisations and log-determinants, and symmetric eigenproblems through
 * the cyclic Jacobi method, which is accurate to a few ulps for the sizes used here.
 */

/** A vector $x \in \mathbb{R}^n$ as a plain array of length n. */
export type Vector = number[];

/** A matrix $A \in \mathbb{R}^{n \times m}$ as n rows of length m (`A[i][j]` = $A_{ij}$). */
export type Matrix = number[][];

/** Result of {@link symmetricEigen}: $A = V \Lambda V^\top$. */
export interface SymmetricEigen {
  /** Eigenvalues $\lambda_1 \le \dots \le \lambda_n$ in ascending order. */
  values: Vector;
  /** $V$ (n×n, orthogonal): column k (`vectors[i][k]` over i) is the eigenvector of `values[k]`. */
  vectors: Matrix;
}

// Relative tolerance for symmetry checks: far above rounding noise, far below a real asymmetry.
const SYMMETRY_TOLERANCE = 1e-10;
// Eigenvalues this far below zero (relative to the largest) are rounding noise of a PSD matrix.
const PSD_CLIP_TOLERANCE = 1e-10;
const MACHINE_EPSILON = Number.EPSILON;
// Cyclic Jacobi converges quadratically; this cap is only a guard against pathological input.
const MAX_JACOBI_SWEEPS = 100;

/** Formats a number for error messages: six significant digits, no trailing zeros. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

function describeShape(A: Matrix): string {
  return `${A.length}×${A[0]?.length ?? 0}`;
}

function assertMatrix(A: Matrix, name: string, fn: string): void {
  if (!Array.isArray(A) || A.length === 0) {
    throw new RangeError(`${fn}: ${name} is not a matrix (it is empty or not an array of rows)`);
  }
  const m = Array.isArray(A[0]) ? A[0].length : -1;
  for (let i = 0; i < A.length; i++) {
    const row = A[i];
    if (!Array.isArray(row) || row.length !== m || m === 0) {
      throw new RangeError(`${fn}: ${name} is not a matrix (row ${i} is empty or ragged)`);
    }
  }
}

function assertSameShape(A: Matrix, B: Matrix, fn: string): void {
  assertMatrix(A, 'A', fn);
  assertMatrix(B, 'B', fn);
  if (A.length !== B.length || A[0].length !== B[0].length) {
    throw new RangeError(
      `${fn}: shapes differ (A is ${describeShape(A)}, B is ${describeShape(B)})`,
    );
  }
}

function assertSameLength(x: Vector, y: Vector, fn: string): void {
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) {
    throw new RangeError(
      `${fn}: vector lengths differ (${Array.isArray(x) ? x.length : 'not an array'} and ${
        Array.isArray(y) ? y.length : 'not an array'
      })`,
    );
  }
}

/** The identity $I_n$ (n×n). */
export function identity(n: number): Matrix {
  const I = zeros(n, n);
  for (let i = 0; i < n; i++) I[i][i] = 1;
  return I;
}

/** The zero matrix $0_{n \times m}$ (n rows, m columns). */
export function zeros(n: number, m: number): Matrix {
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 0 || m < 0) {
    throw new RangeError(`zeros: shape ${n}×${m} is not a pair of non-negative integers`);
  }
  return Array.from({ length: n }, () => new Array<number>(m).fill(0));
}

/** $A^\top$ for A of shape n×m (result m×n). */
export function transpose(A: Matrix): Matrix {
  assertMatrix(A, 'A', 'transpose');
  const n = A.length;
  const m = A[0].length;
  const T = zeros(m, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) T[j][i] = A[i][j];
  return T;
}

/** $(AB)_{ij} = \sum_k A_{ik} B_{kj}$ for A (n×k) and B (k×m); result n×m. */
export function matMul(A: Matrix, B: Matrix): Matrix {
  assertMatrix(A, 'A', 'matMul');
  assertMatrix(B, 'B', 'matMul');
  const n = A.length;
  const k = A[0].length;
  const m = B[0].length;
  if (B.length !== k) {
    throw new RangeError(
      `matMul: inner dimensions differ (A is ${describeShape(A)}, B is ${describeShape(B)})`,
    );
  }
  const C = zeros(n, m);
  for (let i = 0; i < n; i++) {
    const Ai = A[i];
    const Ci = C[i];
    for (let l = 0; l < k; l++) {
      const a = Ai[l];
      const Bl = B[l];
      for (let j = 0; j < m; j++) Ci[j] += a * Bl[j];
    }
  }
  return C;
}

/** $(Ax)_i = \sum_j A_{ij} x_j$ for A (n×m) and x (length m); result length n. */
export function matVec(A: Matrix, x: Vector): Vector {
  assertMatrix(A, 'A', 'matVec');
  if (!Array.isArray(x) || x.length !== A[0].length) {
    throw new RangeError(
      `matVec: A is ${describeShape(A)} but x has length ${Array.isArray(x) ? x.length : 'n/a'}`,
    );
  }
  return A.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j] * x[j];
    return s;
  });
}

/** $x^\top y = \sum_i x_i y_i$ for x, y of equal length n. */
export function dot(x: Vector, y: Vector): number {
  assertSameLength(x, y, 'dot');
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** $A + B$ for A, B of equal shape n×m. */
export function add(A: Matrix, B: Matrix): Matrix {
  assertSameShape(A, B, 'add');
  return A.map((row, i) => row.map((a, j) => a + B[i][j]));
}

/** $A - B$ for A, B of equal shape n×m. */
export function sub(A: Matrix, B: Matrix): Matrix {
  assertSameShape(A, B, 'sub');
  return A.map((row, i) => row.map((a, j) => a - B[i][j]));
}

/** $sA$ for a matrix A (n×m) and a scalar s. */
export function scale(A: Matrix, s: number): Matrix {
  assertMatrix(A, 'A', 'scale');
  return A.map((row) => row.map((a) => a * s));
}

/** $\operatorname{tr} A = \sum_i A_{ii}$ for a square A (n×n). */
export function trace(A: Matrix): number {
  if (!isSquare(A)) throw new RangeError(`trace: A is not square`);
  let s = 0;
  for (let i = 0; i < A.length; i++) s += A[i][i];
  return s;
}

/** $x y^\top$, i.e. $(xy^\top)_{ij} = x_i y_j$, for x (length n) and y (length m); result n×m. */
export function outer(x: Vector, y: Vector): Matrix {
  return x.map((xi) => y.map((yj) => xi * yj));
}

/** $\|A\|_F = \sqrt{\sum_{ij} A_{ij}^2}$ for A (n×m), computed with scaling against overflow. */
export function frobeniusNorm(A: Matrix): number {
  assertMatrix(A, 'A', 'frobeniusNorm');
  return scaledNorm(A.flat());
}

/** $x - y$ for vectors x, y of equal length n. */
export function vecSub(x: Vector, y: Vector): Vector {
  assertSameLength(x, y, 'vecSub');
  return x.map((xi, i) => xi - y[i]);
}

/** $x + y$ for vectors x, y of equal length n. */
export function vecAdd(x: Vector, y: Vector): Vector {
  assertSameLength(x, y, 'vecAdd');
  return x.map((xi, i) => xi + y[i]);
}

/** $s x$ for a vector x (length n) and a scalar s. */
export function vecScale(x: Vector, s: number): Vector {
  return x.map((xi) => xi * s);
}

/** $\|x\|_2 = \sqrt{\sum_i x_i^2}$ for x of length n, computed with scaling against overflow. */
export function vecNorm(x: Vector): number {
  return scaledNorm(x);
}

function scaledNorm(values: number[]): number {
  // Dividing by the largest magnitude first keeps squares of 1e200 or 1e-200 representable.
  let maxAbs = 0;
  for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
  if (maxAbs === 0 || !Number.isFinite(maxAbs)) return maxAbs;
  let s = 0;
  for (const v of values) {
    const r = v / maxAbs;
    s += r * r;
  }
  return maxAbs * Math.sqrt(s);
}

/** $\tfrac12 (A + A^\top)$ for a square A (n×n): the nearest symmetric matrix in Frobenius norm. */
export function symmetrize(A: Matrix): Matrix {
  assertSquareMatrix(A, 'A', 'symmetrize');
  return A.map((row, i) => row.map((a, j) => (i === j ? a : 0.5 * (a + A[j][i]))));
}

/** Whether A is a non-empty n×n array of arrays (entries are not inspected). */
export function isSquare(A: unknown): A is Matrix {
  if (!Array.isArray(A) || A.length === 0) return false;
  return A.every((row) => Array.isArray(row) && row.length === A.length);
}

/**
 * Throws a RangeError naming `fn` and `name` unless A is a non-empty n×n matrix whose entries
 * are all finite numbers (rejects ragged rows, NaN and ±Infinity).
 */
export function assertSquareMatrix(A: unknown, name: string, fn: string): asserts A is Matrix {
  if (!Array.isArray(A)) {
    throw new RangeError(`${fn}: ${name} is not square (it is not an array of rows)`);
  }
  if (A.length === 0) throw new RangeError(`${fn}: ${name} is not square (it is empty)`);
  const n = A.length;
  for (let i = 0; i < n; i++) {
    const row: unknown = A[i];
    if (!Array.isArray(row)) {
      throw new RangeError(`${fn}: ${name} is not square (row ${i} is not an array)`);
    }
    if (row.length !== n) {
      throw new RangeError(
        `${fn}: ${name} is not square (row ${i} has ${row.length} entries but there are ${n} rows)`,
      );
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a: unknown = A[i][j];
      if (typeof a !== 'number' || !Number.isFinite(a)) {
        throw new RangeError(
          `${fn}: ${name} contains a non-finite entry (${String(a)} at [${i}][${j}])`,
        );
      }
    }
  }
}

/**
 * Throws a RangeError naming `fn` and `name` unless the square matrix A (n×n, finite) is
 * symmetric: $|A_{ij} - A_{ji}| \le 10^{-10} \max_{kl} |A_{kl}|$ for all i, j.
 */
export function assertSymmetric(A: unknown, name: string, fn: string): asserts A is Matrix {
  assertSquareMatrix(A, name, fn);
  const n = A.length;
  let maxAbs = 0;
  for (const row of A) for (const a of row) maxAbs = Math.max(maxAbs, Math.abs(a));
  const tol = SYMMETRY_TOLERANCE * maxAbs;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(A[i][j] - A[j][i]) > tol) {
        throw new RangeError(
          `${fn}: ${name} is not symmetric ([${i}][${j}] = ${formatNumber(A[i][j])} but ` +
            `[${j}][${i}] = ${formatNumber(A[j][i])})`,
        );
      }
    }
  }
}

type CholeskyAttempt = { ok: true; L: Matrix } | { ok: false; pivot: number; value: number };

function tryCholesky(A: Matrix): CholeskyAttempt {
  const n = A.length;
  const L = zeros(n, n);
  for (let j = 0; j < n; j++) {
    let d = A[j][j];
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    // `!(d > 0)` also catches NaN pivots.
    if (!(d > 0)) return { ok: false, pivot: j, value: d };
    const ljj = Math.sqrt(d);
    L[j][j] = ljj;
    for (let i = j + 1; i < n; i++) {
      // Averaging both triangles treats a rounding-level asymmetry evenhandedly.
      let s = 0.5 * (A[i][j] + A[j][i]);
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / ljj;
    }
  }
  return { ok: true, L };
}

/**
 * Checks that A is a symmetric positive definite n×n matrix of finite numbers and returns its
 * Cholesky factor L ($A = LL^\top$). Otherwise throws a RangeError whose message names `fn` and
 * `name` and says why: "is not square", "contains a non-finite entry", "is not symmetric"
 * (relative tolerance $10^{-10}$ of the largest entry) or "is not positive definite (smallest
 * eigenvalue …)".
 */
export function assertSymmetricPositiveDefinite(A: unknown, name: string, fn: string): Matrix {
  assertSymmetric(A, name, fn);
  const attempt = tryCholesky(A);
  if (attempt.ok) return attempt.L;
  // Only on failure do we pay for the eigenvalues, to report how far from definite A is.
  const { values } = symmetricEigen(A);
  const smallest = values[0];
  const largest = values[values.length - 1];
  const detail =
    smallest > 0
      ? `smallest eigenvalue ${formatNumber(smallest)} is numerically zero next to the largest ${formatNumber(largest)}`
      : `smallest eigenvalue ${formatNumber(smallest)}`;
  throw new RangeError(`${fn}: ${name} is not positive definite (${detail})`);
}

/**
 * Cholesky factorisation of a symmetric positive definite A (n×n): the lower-triangular L with
 * positive diagonal such that $A = L L^\top$. Throws a RangeError if a pivot is not positive.
 */
export function cholesky(A: Matrix): Matrix {
  assertSquareMatrix(A, 'A', 'cholesky');
  const attempt = tryCholesky(A);
  if (!attempt.ok) {
    throw new RangeError(
      `cholesky: A is not positive definite (pivot ${attempt.pivot} is ${formatNumber(attempt.value)})`,
    );
  }
  return attempt.L;
}

/** Forward substitution: $y = L^{-1} b$ for lower-triangular L (n×n) and b (length n). */
export function forwardSubstitute(L: Matrix, b: Vector): Vector {
  const n = L.length;
  if (b.length !== n) {
    throw new RangeError(`forwardSubstitute: L is ${n}×${n} but b has length ${b.length}`);
  }
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
    y[i] = s / L[i][i];
  }
  return y;
}

/** Back substitution with the transpose: $x = L^{-\top} y$ for lower-triangular L (n×n). */
export function backSubstituteTransposed(L: Matrix, y: Vector): Vector {
  const n = L.length;
  if (y.length !== n) {
    throw new RangeError(`backSubstituteTransposed: L is ${n}×${n} but y has length ${y.length}`);
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

/**
 * Solves $A x = b$ given the Cholesky factor L of A ($A = LL^\top$, L lower-triangular n×n):
 * $x = L^{-\top} L^{-1} b$. b is a vector (length n) or a matrix (n×m, solved column by column).
 */
export function choleskySolve(L: Matrix, b: Vector): Vector;
export function choleskySolve(L: Matrix, B: Matrix): Matrix;
export function choleskySolve(L: Matrix, b: Vector | Matrix): Vector | Matrix;
export function choleskySolve(L: Matrix, b: Vector | Matrix): Vector | Matrix {
  if (isMatrixArgument(b)) {
    const n = L.length;
    if (b.length !== n) {
      throw new RangeError(`choleskySolve: L is ${n}×${n} but B has ${b.length} rows`);
    }
    const m = b[0].length;
    const X = zeros(n, m);
    for (let j = 0; j < m; j++) {
      const col = backSubstituteTransposed(
        L,
        forwardSubstitute(
          L,
          b.map((row) => row[j]),
        ),
      );
      for (let i = 0; i < n; i++) X[i][j] = col[i];
    }
    return X;
  }
  return backSubstituteTransposed(L, forwardSubstitute(L, b));
}

function isMatrixArgument(b: Vector | Matrix): b is Matrix {
  return b.length > 0 && Array.isArray(b[0]);
}

/**
 * Solves $A x = b$ for a symmetric positive definite A (n×n) via its Cholesky factorisation.
 * b is a vector (length n) or a matrix (n×m). Throws a RangeError if A is not SPD.
 */
export function solveSPD(A: Matrix, b: Vector): Vector;
export function solveSPD(A: Matrix, B: Matrix): Matrix;
export function solveSPD(A: Matrix, b: Vector | Matrix): Vector | Matrix {
  const L = assertSymmetricPositiveDefinite(A, 'A', 'solveSPD');
  return choleskySolve(L, b);
}

/** $\ln\det A = 2\sum_i \ln L_{ii}$ from a Cholesky factor L (n×n) of $A = LL^\top$. */
export function logDetFromCholesky(L: Matrix): number {
  let s = 0;
  for (let i = 0; i < L.length; i++) s += Math.log(L[i][i]);
  return 2 * s;
}

/**
 * $\ln\det A = 2\sum_i \ln L_{ii}$ with $A = LL^\top$ for a symmetric positive definite A (n×n).
 * Never forms $\det A$, so it neither overflows nor underflows for extreme scales.
 */
export function logDetSPD(A: Matrix): number {
  return logDetFromCholesky(assertSymmetricPositiveDefinite(A, 'A', 'logDetSPD'));
}

/**
 * Eigen-decomposition $A = V \Lambda V^\top$ of a symmetric A (n×n) by the cyclic Jacobi method,
 * applied to $\tfrac12(A + A^\top)$. Eigenvalues come back ascending; eigenvector k is column k of
 * `vectors`, scaled to unit length with its largest-magnitude component positive.
 */
export function symmetricEigen(A: Matrix): SymmetricEigen {
  assertSquareMatrix(A, 'A', 'symmetricEigen');
  const n = A.length;
  const a = symmetrize(A);
  const v = identity(n);
  for (let sweep = 0; sweep < MAX_JACOBI_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p][q];
        if (apq === 0) continue;
        const app = a[p][p];
        const aqq = a[q][q];
        // Relative (Demmel–Veselić) threshold: keeps small eigenvalues of graded SPD matrices accurate.
        if (
          Math.abs(apq) <=
          MACHINE_EPSILON * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq))
        ) {
          a[p][q] = 0;
          a[q][p] = 0;
          continue;
        }
        rotated = true;
        const theta = (aqq - app) / (2 * apq);
        // Smaller root of t² + 2θt − 1 = 0, i.e. the rotation angle |φ| ≤ π/4 (stable choice).
        let t =
          Math.abs(theta) > 1e150
            ? 1 / (2 * Math.abs(theta))
            : 1 / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta < 0) t = -t;
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const tau = s / (1 + c);
        a[p][p] = app - t * apq;
        a[q][q] = aqq + t * apq;
        a[p][q] = 0;
        a[q][p] = 0;
        for (let r = 0; r < n; r++) {
          if (r !== p && r !== q) {
            const arp = a[r][p];
            const arq = a[r][q];
            const nrp = arp - s * (arq + tau * arp);
            const nrq = arq + s * (arp - tau * arq);
            a[r][p] = nrp;
            a[p][r] = nrp;
            a[r][q] = nrq;
            a[q][r] = nrq;
          }
          const vrp = v[r][p];
          const vrq = v[r][q];
          v[r][p] = vrp - s * (vrq + tau * vrp);
          v[r][q] = vrq + s * (vrp - tau * vrq);
        }
      }
    }
    if (!rotated) break;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i][i] - a[j][j]);
  const values = order.map((i) => a[i][i]);
  const vectors = zeros(n, n);
  order.forEach((src, k) => {
    // A deterministic sign makes eigenvector arrows in the widgets stable under small changes.
    let big = 0;
    for (let i = 0; i < n; i++) if (Math.abs(v[i][src]) > Math.abs(v[big][src])) big = i;
    const sign = v[big][src] < 0 ? -1 : 1;
    for (let i = 0; i < n; i++) vectors[i][k] = sign * v[i][src];
  });
  return { values, vectors };
}

/** $V \operatorname{diag}(f(\lambda)) V^\top$ from an eigen-decomposition, symmetrised exactly. */
function spectralFunction(eig: SymmetricEigen, f: (lambda: number) => number): Matrix {
  const { values, vectors: V } = eig;
  const n = values.length;
  const fl = values.map(f);
  const R = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += V[i][k] * fl[k] * V[j][k];
      R[i][j] = s;
      R[j][i] = s;
    }
  }
  return R;
}

/**
 * Eigen-decomposition of a symmetric positive semidefinite A with rounding-level negative
 * eigenvalues clipped to 0; throws a RangeError if an eigenvalue is clearly negative.
 */
function psdEigen(A: Matrix, name: string, fn: string): SymmetricEigen {
  assertSymmetric(A, name, fn);
  const eig = symmetricEigen(A);
  const largest = Math.max(...eig.values.map(Math.abs));
  const smallest = eig.values[0];
  if (smallest < -PSD_CLIP_TOLERANCE * largest) {
    throw new RangeError(
      `${fn}: ${name} is not positive semidefinite (smallest eigenvalue ${formatNumber(smallest)})`,
    );
  }
  return { values: eig.values.map((l) => Math.max(l, 0)), vectors: eig.vectors };
}

/**
 * Principal square root $A^{1/2} = V \operatorname{diag}(\sqrt{\lambda_i}) V^\top$ of a symmetric
 * positive semidefinite A (n×n), the unique symmetric PSD matrix with $A^{1/2}A^{1/2} = A$.
 * Eigenvalues in $[-10^{-10}\lambda_{\max}, 0)$ are rounding noise and are clipped to 0.
 */
export function sqrtmSPD(A: Matrix): Matrix {
  return spectralFunction(psdEigen(A, 'A', 'sqrtmSPD'), Math.sqrt);
}

/**
 * Inverse square root $A^{-1/2} = V \operatorname{diag}(\lambda_i^{-1/2}) V^\top$ of a symmetric
 * positive definite A (n×n). Throws a RangeError if A is not SPD.
 */
export function invSqrtmSPD(A: Matrix): Matrix {
  assertSymmetricPositiveDefinite(A, 'A', 'invSqrtmSPD');
  const eig = symmetricEigen(A);
  if (!(eig.values[0] > 0)) {
    throw new RangeError(
      `invSqrtmSPD: A is not positive definite (smallest eigenvalue ${formatNumber(eig.values[0])})`,
    );
  }
  return spectralFunction(eig, (l) => 1 / Math.sqrt(l));
}

/**
 * $\operatorname{tr}\big((A^{1/2} B A^{1/2})^{1/2}\big) = \sum_i \sqrt{\lambda_i(A^{1/2} B A^{1/2})}$
 * for symmetric positive semidefinite A and B (both n×n). The eigenvalues of the symmetric
 * matrix $A^{1/2} B A^{1/2}$ are clipped at 0 before the square root, so the result is finite.
 * The value is symmetric in A and B (both equal the sum of square roots of the eigenvalues of AB).
 */
export function traceSqrtProductSPD(A: Matrix, B: Matrix): number {
  const S = spectralFunction(psdEigen(A, 'A', 'traceSqrtProductSPD'), Math.sqrt);
  assertSymmetric(B, 'B', 'traceSqrtProductSPD');
  if (B.length !== S.length) {
    throw new RangeError(
      `traceSqrtProductSPD: A is ${S.length}×${S.length} but B is ${B.length}×${B.length}`,
    );
  }
  const { values } = symmetricEigen(matMul(matMul(S, B), S));
  let s = 0;
  for (const l of values) s += Math.sqrt(Math.max(l, 0));
  return s;
}
