/**
 * Composite Gauss–Legendre quadrature in one and two dimensions. The tests use it as an
 * independent check of closed-form integrals such as $\int p\ln(p/q)$ and $\int\sqrt{pq}$; the
 * widgets may use it to integrate densities that have no closed form.
 */

/** Gauss–Legendre nodes $x_i \in (-1, 1)$ and weights $w_i$ with $\int_{-1}^1 f \approx \sum_i w_i f(x_i)$. */
export interface QuadratureRule {
  nodes: number[];
  weights: number[];
}

const ruleCache = new Map<number, QuadratureRule>();

/**
 * The n-point Gauss–Legendre rule on [−1, 1] (exact for polynomials of degree ≤ 2n − 1): nodes are
 * the roots of $P_n$ (found by Newton's method) and weights $w_i = 2 / \big((1 - x_i^2) P_n'(x_i)^2\big)$.
 */
export function gaussLegendre(n: number): QuadratureRule {
  if (!Number.isInteger(n) || n < 1 || n > 200) {
    throw new RangeError(`gaussLegendre: n must be an integer in [1, 200], got ${n}`);
  }
  const cached = ruleCache.get(n);
  if (cached) return cached;
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    // Tricomi's approximation of the i-th root is close enough for Newton to converge fast.
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      // Three-term recurrence: (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1}.
      let p0 = 1;
      let p1 = x;
      for (let k = 1; k < n; k++) {
        const p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1);
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pnm1 = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pnm1)) / (x * x - 1);
      const step = pn / dp;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    weights[i] = w;
    nodes[n - 1 - i] = x;
    weights[n - 1 - i] = w;
  }
  const rule = { nodes, weights };
  ruleCache.set(n, rule);
  return rule;
}

/** Options for the composite rules: the interval is cut into `panels` equal pieces of `order` nodes. */
export interface CompositeOptions {
  panels?: number;
  order?: number;
}

/**
 * Composite Gauss–Legendre approximation of $\int_a^b f(x)\,dx$ with `panels` equal sub-intervals
 * (default 64) and an `order`-point rule on each (default 10).
 */
export function integrate1D(
  f: (x: number) => number,
  a: number,
  b: number,
  options: CompositeOptions = {},
): number {
  const { x, w } = compositeNodes(a, b, options);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i] * f(x[i]);
  return s;
}

/**
 * Tensor-product composite Gauss–Legendre approximation of
 * $\int_{a_x}^{b_x}\int_{a_y}^{b_y} f(x, y)\,dy\,dx$, with the same panels and order along both axes
 * (defaults 32 panels of 8 nodes).
 */
export function integrate2D(
  f: (x: number, y: number) => number,
  [ax, bx]: [number, number],
  [ay, by]: [number, number],
  options: CompositeOptions = {},
): number {
  const opts = { panels: options.panels ?? 32, order: options.order ?? 8 };
  const gx = compositeNodes(ax, bx, opts);
  const gy = compositeNodes(ay, by, opts);
  let s = 0;
  for (let i = 0; i < gx.x.length; i++) {
    let row = 0;
    for (let j = 0; j < gy.x.length; j++) row += gy.w[j] * f(gx.x[i], gy.x[j]);
    s += gx.w[i] * row;
  }
  return s;
}

function compositeNodes(
  a: number,
  b: number,
  options: CompositeOptions,
): { x: number[]; w: number[] } {
  const panels = options.panels ?? 64;
  const order = options.order ?? 10;
  if (!Number.isInteger(panels) || panels < 1) {
    throw new RangeError(`integrate: panels must be a positive integer, got ${panels}`);
  }
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    throw new RangeError(`integrate: the interval [${a}, ${b}] must be finite`);
  }
  const rule = gaussLegendre(order);
  const h = (b - a) / panels;
  const x: number[] = [];
  const w: number[] = [];
  for (let k = 0; k < panels; k++) {
    // Affine map of [−1, 1] onto panel k: centre + half-width · node.
    const centre = a + (k + 0.5) * h;
    for (let i = 0; i < order; i++) {
      x.push(centre + 0.5 * h * rule.nodes[i]);
      w.push(0.5 * h * rule.weights[i]);
    }
  }
  return { x, w };
}
