/**
 * The math core: the public API that widgets, tests and other users import.
 * Pure functions on plain arrays; the functions that compute on TensorFlow.js return Promises
 * and load tfjs on first use. Each function's documentation states the formula it computes.
 */
export type { Vector, Matrix, SymmetricEigen } from './linalg';
export {
  identity,
  zeros,
  transpose,
  matMul,
  matVec,
  dot,
  add,
  sub,
  scale,
  trace,
  outer,
  frobeniusNorm,
  vecAdd,
  vecSub,
  vecScale,
  vecNorm,
  symmetrize,
  assertSquareMatrix,
  assertSymmetricPositiveDefinite,
  cholesky,
  choleskySolve,
  solveSPD,
  logDetSPD,
  symmetricEigen,
  sqrtmSPD,
  invSqrtmSPD,
  traceSqrtProductSPD,
} from './linalg';

export type { Rng } from './random';
export {
  createRng,
  fillNormal,
  sampleGaussian,
  randomSPD,
  dropoutMultipliers,
  dropoutSeed,
} from './random';

export type { Gaussian } from './gaussian';
export {
  validateGaussianPair,
  klDivergence,
  bhattacharyyaDistance,
  bhattacharyyaCoefficient,
  hellingerDistance,
  wasserstein2Distance,
  wasserstein2Squared,
  wasserstein2CommutingSquared,
  gaussianEntropy,
  gaussianLogDensity,
  optimalTransportMap,
  covarianceFromAxes,
  axesFromCovariance,
} from './gaussian';

export type { RunningEstimate, MonteCarloKlResult, MonteCarloKlSampler } from './montecarlo';
export { monteCarloKl, createMonteCarloKl, logSpacedCounts } from './montecarlo';

export type { BackendName, BackendChoice, InitOptions, Tf } from './backend';
export {
  BACKEND_NAMES,
  loadTf,
  initBackend,
  activeBackend,
  resetBackendChoice,
  setWasmFilePaths,
  probeWebGpuAdapter,
  tensorMemory,
  onBackendChange,
  loseWebGpuDeviceForTesting,
} from './backend';

export { logSumExp, logSoftmax, softmax, entropy, categoricalKlFromLogits } from './softmax';

export type { QuadratureRule, CompositeOptions } from './quadrature';
export { gaussLegendre, integrate1D, integrate2D } from './quadrature';

export type { LabelledData, GaussianClass } from './datasets';
export { sampleGaussianClasses, sampleMoons, flipLabels, permutation, accuracy } from './datasets';

export type {
  Activation,
  MlpSpec,
  ForwardOptions,
  OptimizerName,
  TrainStepOptions,
  TrainStepResult,
} from './mlp';
export { Mlp, createOptimizer, trainStep, softmaxCrossEntropy } from './mlp';

// The plain-TypeScript network: faster than tfjs below the measured crossover (npm run bench).
export type {
  PlainMlpSpec,
  PlainStepResult,
  PlainGradients,
  PlainPass,
  PlainParameterGradients,
  PlainChoice,
} from './mlpPlain';
export {
  PlainMlp,
  PlainOptimizer,
  PLAIN_MLP_CROSSOVER_HIDDEN,
  PLAIN_MLP_CROSSOVER_BATCH,
  preferPlainMlp,
  plainMlpChoice,
  addGradients,
  applyPlainStep,
} from './mlpPlain';
