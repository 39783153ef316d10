/** Options of {@link autoDomain}. */
export interface AutoDomainOptions {
  /** Fraction of the span added at each end (default 0.05). */
  pad?: number;
  /**
   * The smallest span shown, so that a flat series still gets a readable axis: in data units on
   * a linear axis (default 1e-9), in decades on a log axis (default 1).
   */
  minSpan?: number;
  /** Values the domain must contain besides the data (0 for a loss axis, a reference line). */
  include?: readonly number[];
  /** A log axis: only positive values count, and padding is done on their logarithms. */
  log?: boolean;
  /** The domain when nothing finite is left (default [0, 1], or [0.1, 10] on a log axis). */
  fallback?: readonly [number, number];
}

/**
 * An axis domain from data: [lo − pad·s, hi + pad·s] for the finite values (and `include`) with
 * lo and hi their least and greatest and s = hi − lo, after widening s to `minSpan` about the
 * midpoint. On a log axis the same is done to log₁₀ of the positive values.
 */
export function autoDomain(
  values: Iterable<number>,
  { pad = 0.05, minSpan, include = [], log = false, fallback }: AutoDomainOptions = {},
): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const source of [values, include]) {
    for (const v of source) {
      if (!Number.isFinite(v) || (log && !(v > 0))) continue;
      const m = log ? Math.log10(v) : v;
      if (m < lo) lo = m;
      if (m > hi) hi = m;
    }
  }
  if (!(lo <= hi)) return fallback ? [fallback[0], fallback[1]] : log ? [0.1, 10] : [0, 1];
  const least = minSpan ?? (log ? 1 : 1e-9);
  if (hi - lo < least) {
    const mid = (lo + hi) / 2;
    lo = mid - least / 2;
    hi = mid + least / 2;
  }
  const margin = (hi - lo) * pad;
  const ends: [number, number] = [lo - margin, hi + margin];
  return log ? [10 ** ends[0], 10 ** ends[1]] : ends;
}
