import { describe, expect, it } from 'vitest';
import * as math from 'mathjs';
import {
  add,
  assertSquareMatrix,
  assertSymmetricPositiveDefinite,
  backSubstituteTransposed,
  cholesky,
  choleskySolve,
  dot,
  forwardSubstitute,
  frobeniusNorm,
  identity,
  invSqrtmSPD,
  isSquare,
  logDetSPD,
  matMul,
  matVec,
  outer,
  scale,
  solveSPD,
  sqrtmSPD,
  sub,
  symmetricEigen,
  symmetrize,
  trace,
  traceSqrtProductSPD,
  transpose,
  vecNorm,
  vecSub,
  zeros,
  type Matrix,
} from './linalg';
import { createRng, randomSPD } from './random';

/** Largest |A_ij − B_ij| divided by the largest |B_ij| (relative error in max norm). */
function relErr(A: Matrix, B: Matrix): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < B.length; i++) {
    for (let j = 0; j < B[i].length; j++) {
      num = Math.max(num, Math.abs(A[i][j] - B[i][j]));
      den = Math.max(den, Math.abs(B[i][j]));
    }
  }
  return num / den;
}

const asArray = (x: unknown): Matrix => x as Matrix;

describe('basic matrix and vector operations', () => {
  const A = [
    [1, 2, 3],
    [4, 5, 6],
  ];
  const B = [
    [7, 8],
    [9, 10],
    [11, 12],
  ];

  it('identity(3) and zeros(2, 3) have the right shapes and entries', () => {
    expect(identity(3)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(zeros(2, 3)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('transpose, matMul and matVec agree with hand-computed 2×3 and 3×2 products', () => {
    expect(transpose(A)).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(matMul(A, B)).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(matVec(A, [1, 0, -1])).toEqual([-2, -2]);
  });

  it('dot, outer, add, sub, scale, trace, vecSub and vecNorm compute their formulas', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(outer([1, 2], [3, 4, 5])).toEqual([
      [3, 4, 5],
      [6, 8, 10],
    ]);
    expect(add(A, A)).toEqual(scale(A, 2));
    expect(sub(A, A)).toEqual(zeros(2, 3));
    expect(trace(matMul(A, B))).toBe(212);
    expect(vecSub([3, 2], [1, 5])).toEqual([2, -3]);
    expect(vecNorm([3, 4])).toBe(5);
    expect(frobeniusNorm(A)).toBeCloseTo(Math.sqrt(91), 14);
  });

  it('frobeniusNorm and vecNorm do not overflow or underflow at 1e±200', () => {
    expect(vecNorm([3e200, 4e200]) / 5e200).toBeCloseTo(1, 14);
    expect(frobeniusNorm([[3e-200], [4e-200]]) / 5e-200).toBeCloseTo(1, 14);
  });

  it('shape mismatches throw a RangeError that names the function', () => {
    expect(() => matMul(A, A)).toThrow(/matMul: inner dimensions differ/);
    expect(() => add(A, B)).toThrow(/add: shapes differ/);
    expect(() => dot([1], [1, 2])).toThrow(/dot: vector lengths differ/);
    expect(() => matVec(A, [1, 2])).toThrow(RangeError);
  });

  it('matMul agrees with mathjs.multiply on random 7×5 by 5×4 matrices to 1e-14', () => {
    const rng = createRng(11);
    const X = Array.from({ length: 7 }, () => Array.from({ length: 5 }, () => rng.normal()));
    const Y = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => rng.normal()));
    expect(relErr(matMul(X, Y), asArray(math.multiply(X, Y)))).toBeLessThan(1e-14);
  });
});

describe('argument checks', () => {
  it('isSquare recognises square, ragged and empty inputs', () => {
    expect(isSquare([[1]])).toBe(true);
    expect(isSquare([[1, 2]])).toBe(false);
    expect(isSquare([])).toBe(false);
    expect(isSquare([[1, 2], [3]])).toBe(false);
  });

  it('assertSquareMatrix names the function and argument for ragged, empty and non-finite input', () => {
    expect(() => assertSquareMatrix([[1, 2], [3]], 'M', 'f')).toThrow(/^f: M is not square/);
    expect(() => assertSquareMatrix([], 'M', 'f')).toThrow(/f: M is not square \(it is empty\)/);
    expect(() => assertSquareMatrix('x', 'M', 'f')).toThrow(/f: M is not square/);
    expect(() =>
      assertSquareMatrix(
        [
          [1, NaN],
          [0, 1],
        ],
        'M',
        'f',
      ),
    ).toThrow(/f: M contains a non-finite entry \(NaN at \[0\]\[1\]\)/);
    expect(() =>
      assertSquareMatrix(
        [
          [Infinity, 0],
          [0, 1],
        ],
        'M',
        'f',
      ),
    ).toThrow(RangeError);
    expect(() => assertSquareMatrix([[2]], 'M', 'f')).not.toThrow();
  });

  it('assertSymmetricPositiveDefinite explains non-symmetric, indefinite and non-finite input', () => {
    const fn = 'klDivergence';
    const name = 'covariance of q';
    expect(() =>
      assertSymmetricPositiveDefinite(
        [
          [1, 0],
          [0, -0.5],
        ],
        name,
        fn,
      ),
    ).toThrow('klDivergence: covariance of q is not positive definite (smallest eigenvalue -0.5)');
    expect(() =>
      assertSymmetricPositiveDefinite(
        [
          [1, 2],
          [2, 1],
        ],
        name,
        fn,
      ),
    ).toThrow(/covariance of q is not positive definite \(smallest eigenvalue -1\)/);
    expect(() =>
      assertSymmetricPositiveDefinite(
        [
          [2, 1],
          [0, 2],
        ],
        name,
        fn,
      ),
    ).toThrow(/klDivergence: covariance of q is not symmetric/);
    expect(() =>
      assertSymmetricPositiveDefinite(
        [
          [2, NaN],
          [NaN, 2],
        ],
        name,
        fn,
      ),
    ).toThrow(/covariance of q contains a non-finite entry/);
    expect(() => assertSymmetricPositiveDefinite([[1, 0]], name, fn)).toThrow(
      /covariance of q is not square/,
    );
  });

  it('assertSymmetricPositiveDefinite reports a singular PSD matrix as not positive definite', () => {
    expect(() =>
      assertSymmetricPositiveDefinite(
        [
          [1, 1],
          [1, 1],
        ],
        'S',
        'f',
      ),
    ).toThrow(/f: S is not positive definite \(smallest eigenvalue/);
  });

  it('assertSymmetricPositiveDefinite accepts asymmetry of 1e-13 relative (rounding) and returns L', () => {
    const A = [
      [4, 2 * (1 + 1e-13)],
      [2, 3],
    ];
    const L = assertSymmetricPositiveDefinite(A, 'A', 'f');
    expect(L[0][0]).toBeCloseTo(2, 14);
    expect(L[0][1]).toBe(0);
  });
});

describe('cholesky and SPD solves', () => {
  const rng = createRng(20240601);

  it('cholesky(A) is lower-triangular with L Lᵀ = A to 1e-14 relative (d = 1..10, κ up to 1e6)', () => {
    for (let d = 1; d <= 10; d++) {
      for (const condition of [1, 100, 1e6]) {
        const A = randomSPD(rng, d, { condition, scale: Math.exp(4 * rng.normal()) });
        const L = cholesky(A);
        for (let i = 0; i < d; i++) {
          expect(L[i][i]).toBeGreaterThan(0);
          for (let j = i + 1; j < d; j++) expect(L[i][j]).toBe(0);
        }
        expect(relErr(matMul(L, transpose(L)), A)).toBeLessThan(1e-14);
      }
    }
  });

  it('cholesky throws a RangeError naming the failing pivot for an indefinite matrix', () => {
    expect(() =>
      cholesky([
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(/cholesky: A is not positive definite \(pivot 1 is -3\)/);
  });

  it('choleskySolve and solveSPD solve vector and matrix right-hand sides (residual ≤ 1e-12 relative, κ ≤ 100)', () => {
    for (let d = 1; d <= 10; d++) {
      const A = randomSPD(rng, d, { condition: 100 });
      const b = Array.from({ length: d }, () => rng.normal());
      const x = choleskySolve(cholesky(A), b);
      const reference = asArray(math.lusolve(A, b)).map((r) => r[0]);
      reference.forEach((r, i) =>
        expect(Math.abs(x[i] - r)).toBeLessThan(1e-12 * vecNorm(reference)),
      );
      const B = Array.from({ length: d }, () => [rng.normal(), rng.normal(), rng.normal()]);
      const X = solveSPD(A, B);
      expect(relErr(matMul(A, X), B)).toBeLessThan(1e-12);
      expect(solveSPD(A, b)).toEqual(x);
    }
  });

  it('forwardSubstitute and backSubstituteTransposed invert L and Lᵀ', () => {
    const L = [
      [2, 0],
      [1, 3],
    ];
    expect(forwardSubstitute(L, [2, 7])).toEqual([1, 2]);
    expect(backSubstituteTransposed(L, [4, 6])).toEqual([1, 2]);
  });

  it('solveSPD rejects a non-SPD matrix', () => {
    expect(() =>
      solveSPD(
        [
          [0, 1],
          [1, 0],
        ],
        [1, 1],
      ),
    ).toThrow(/solveSPD: A is not positive definite/);
  });

  it('logDetSPD equals ln det from mathjs to 1e-12 relative for well-conditioned matrices', () => {
    for (let d = 1; d <= 10; d++) {
      const A = randomSPD(rng, d, { condition: 50, scale: 0.5 + rng.uniform() });
      const reference = Math.log(math.det(A));
      expect(Math.abs(logDetSPD(A) - reference)).toBeLessThan(
        1e-12 * Math.max(1, Math.abs(reference)),
      );
    }
  });

  it('logDetSPD stays finite in dimension 10 where det under- or overflows (scales 1e-40 and 1e40)', () => {
    for (const s of [1e-40, 1e40]) {
      const A = scale(randomSPD(rng, 10, { condition: 1e3 }), s);
      const exact = symmetricEigen(A).values.reduce((acc, l) => acc + Math.log(l), 0);
      expect(Math.abs(logDetSPD(A) - exact)).toBeLessThan(1e-9 * Math.abs(exact));
      // The naive route really fails here, which is why only log-determinants are used.
      const naiveDet = symmetricEigen(A).values.reduce((acc, l) => acc * l, 1);
      expect(Number.isFinite(Math.log(naiveDet))).toBe(false);
    }
  });
});

describe('symmetricEigen (cyclic Jacobi)', () => {
  const rng = createRng(7);

  it('matches mathjs.eigs eigenvalues to 1e-12 relative and reconstructs A = V Λ Vᵀ to 1e-12 (d = 1..10)', () => {
    for (let d = 1; d <= 10; d++) {
      // A symmetric indefinite matrix as well as SPD ones.
      const G = Array.from({ length: d }, () => Array.from({ length: d }, () => rng.normal()));
      const candidates = [symmetrize(G), randomSPD(rng, d, { condition: 1e4 })];
      for (const A of candidates) {
        const { values, vectors: V } = symmetricEigen(A);
        const reference = (math.eigs(A).values as number[]).slice().sort((a, b) => a - b);
        const scaleOf = Math.max(...values.map(Math.abs));
        values.forEach((l, k) => {
          expect(Math.abs(l - reference[k])).toBeLessThan(1e-12 * scaleOf);
          if (k > 0) expect(l).toBeGreaterThanOrEqual(values[k - 1]);
        });
        const VL = V.map((row) => row.map((v, k) => v * values[k]));
        expect(relErr(matMul(VL, transpose(V)), A)).toBeLessThan(1e-12);
        expect(relErr(matMul(transpose(V), V), identity(d))).toBeLessThan(1e-13);
      }
    }
  });

  it('eigenvectors agree with mathjs.eigs up to sign for distinct eigenvalues (d = 5)', () => {
    const A = randomSPD(rng, 5, { condition: 20 });
    const { values, vectors } = symmetricEigen(A);
    const reference = math.eigs(A).eigenvectors;
    for (const { value, vector } of reference) {
      const k = values.findIndex((l) => Math.abs(l - (value as number)) < 1e-10);
      const v = vector as number[];
      const mine = vectors.map((row) => row[k]);
      expect(Math.abs(Math.abs(dot(mine, v)) - vecNorm(v))).toBeLessThan(1e-12);
    }
  });

  it('handles repeated eigenvalues, 1×1 input and diagonal input exactly', () => {
    const repeated = symmetricEigen([
      [2, 1, 0],
      [1, 2, 0],
      [0, 0, 3],
    ]);
    repeated.values.forEach((l, k) => expect(l).toBeCloseTo([1, 3, 3][k], 14));
    expect(symmetricEigen([[-4]])).toEqual({ values: [-4], vectors: [[1]] });
    expect(symmetricEigen(identity(4)).values).toEqual([1, 1, 1, 1]);
    expect(
      symmetricEigen([
        [3, 0],
        [0, 1],
      ]),
    ).toEqual({
      values: [1, 3],
      vectors: [
        [0, 1],
        [1, 0],
      ],
    });
  });

  it('symmetrises its input: the eigenvalues of A equal those of (A + Aᵀ)/2', () => {
    const A = [
      [2, 1.5],
      [0.5, 2],
    ];
    const { values } = symmetricEigen(A);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
  });

  it('keeps the relative accuracy of tiny eigenvalues of a graded diagonal-dominant SPD matrix', () => {
    // diag(1, 1e-6, 1e-12) with small relative off-diagonal coupling: eigenvalues are known to
    // be within a relative 1e-6 of the diagonal, and Jacobi must not lose the 1e-12 one.
    const A = [
      [1, 1e-7, 0],
      [1e-7, 1e-6, 1e-13],
      [0, 1e-13, 1e-12],
    ];
    const { values } = symmetricEigen(A);
    // Second-order perturbation theory: λ_min = 1e-12 − (1e-13)²/1e-6 + O(1e-28).
    expect(Math.abs(values[0] / 1e-12 - (1 - 1e-8))).toBeLessThan(1e-12);
  });
});

describe('matrix square roots', () => {
  const rng = createRng(99);

  it('sqrtmSPD(A) is symmetric with S S = A to 1e-13 and matches mathjs.sqrtm to 1e-10 (κ ≤ 1e4)', () => {
    for (let d = 1; d <= 10; d++) {
      const A = randomSPD(rng, d, { condition: 1e4, scale: 0.1 + rng.uniform() });
      const S = sqrtmSPD(A);
      expect(relErr(S, transpose(S))).toBe(0);
      expect(relErr(matMul(S, S), A)).toBeLessThan(1e-13);
      expect(relErr(S, asArray(math.sqrtm(A)))).toBeLessThan(1e-10);
    }
  });

  it('sqrtmSPD clips the rounding-level negative eigenvalues of a rank-one PSD matrix', () => {
    const v = [0.3, -1.7, 2.2, 0.1];
    const A = outer(v, v);
    const S = sqrtmSPD(A);
    S.flat().forEach((x) => expect(Number.isFinite(x)).toBe(true));
    expect(relErr(matMul(S, S), A)).toBeLessThan(1e-12);
  });

  it('sqrtmSPD rejects an indefinite matrix with its smallest eigenvalue', () => {
    expect(() =>
      sqrtmSPD([
        [1, 0],
        [0, -2],
      ]),
    ).toThrow(/sqrtmSPD: A is not positive semidefinite \(smallest eigenvalue -2\)/);
  });

  it('invSqrtmSPD(A) satisfies S A S = I to 1e-12 (κ ≤ 100)', () => {
    for (let d = 1; d <= 10; d++) {
      const A = randomSPD(rng, d, { condition: 100 });
      const S = invSqrtmSPD(A);
      expect(relErr(matMul(matMul(S, A), S), identity(d))).toBeLessThan(1e-12);
    }
  });

  it('traceSqrtProductSPD(A, B) = tr((A^½ B A^½)^½) matches mathjs and is symmetric in A, B to 1e-12', () => {
    for (let d = 1; d <= 10; d++) {
      const A = randomSPD(rng, d, { condition: 30 });
      const B = randomSPD(rng, d, { condition: 30, scale: 2 });
      const rootA = math.sqrtm(A);
      const reference = math.trace(math.sqrtm(math.multiply(math.multiply(rootA, B), rootA)));
      const value = traceSqrtProductSPD(A, B);
      expect(Math.abs(value - reference)).toBeLessThan(1e-10 * reference);
      expect(Math.abs(value - traceSqrtProductSPD(B, A))).toBeLessThan(1e-12 * value);
    }
  });

  it('traceSqrtProductSPD of commuting diagonal matrices is Σ √(aᵢ bᵢ)', () => {
    const value = traceSqrtProductSPD(
      [
        [1, 0],
        [0, 4],
      ],
      [
        [9, 0],
        [0, 1],
      ],
    );
    expect(value).toBeCloseTo(3 + 2, 14);
  });
});
