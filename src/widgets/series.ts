/**
 * A recorder of a run's history (losses, accuracies, estimates against the step), for the plots
 * of a training widget: one point per x, at most `maxPoints` of them however long the run.
 */

/** One recorded point: its x (usually the step) and named values. */
export interface SeriesPoint {
  x: number;
  values: Readonly<Record<string, number>>;
}

export interface SeriesOptions {
  /** Keep at most this many points; past it every other point is dropped (default 400). */
  maxPoints?: number;
  /** Record only every this many x (1 = all); the first and the last point always count. */
  every?: number;
}

export class SeriesRecorder {
  private readonly maxPoints: number;
  private readonly every: number;
  private list: SeriesPoint[] = [];
  /** Points whose x is a multiple of this are kept; it doubles each time the series is thinned. */
  private stride: number;

  constructor({ maxPoints = 400, every = 1 }: SeriesOptions = {}) {
    if (!(Number.isInteger(maxPoints) && maxPoints >= 4))
      throw new RangeError(`SeriesRecorder: maxPoints must be an integer ≥ 4, got ${maxPoints}`);
    if (!(Number.isInteger(every) && every >= 1))
      throw new RangeError(`SeriesRecorder: every must be a positive integer, got ${every}`);
    this.maxPoints = maxPoints;
    this.every = every;
    this.stride = every;
  }

  /** The points in order of x. The array is replaced, never mutated, so it can be React state. */
  get points(): readonly SeriesPoint[] {
    return this.list;
  }

  /**
   * Records the values at x. The series keeps its first point, every point whose x is a multiple
   * of the stride (`every`, doubled each time the series outgrows `maxPoints`), and the latest
   * point, which the next one replaces if it is off the stride. A point at the x of the latest
   * replaces it (a step reported twice); an x below it is refused (a series belongs to one run).
   * Returns whether the point was recorded.
   */
  add(x: number, values: Readonly<Record<string, number>>): boolean {
    if (!Number.isFinite(x)) return false;
    const previous = this.list[this.list.length - 1];
    if (previous && x < previous.x) return false;
    let next = this.list;
    if (previous && (x === previous.x || (next.length > 1 && !this.onStride(previous.x)))) {
      next = next.slice(0, -1);
    }
    next = [...next, { x, values }];
    if (next.length > this.maxPoints) {
      this.stride *= 2;
      const end = next.length - 1;
      next = next.filter((p, i) => i === 0 || i === end || this.onStride(p.x));
    }
    this.list = next;
    return true;
  }

  private onStride(x: number): boolean {
    return Math.round(x) % this.stride === 0;
  }

  /** One named value as [x, value] pairs, for a LinePath. */
  line(name: string): [number, number][] {
    return this.list.map((p) => [p.x, p.values[name] ?? NaN]);
  }

  clear(): void {
    this.list = [];
    this.stride = this.every;
  }
}
