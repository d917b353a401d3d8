import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { incBeta, logGamma } from './special.ts';

// ---------------------------------------------------------------------------
// Within one replication
// ---------------------------------------------------------------------------

/** Time-weighted statistic of a piecewise-constant quantity (occupancy, waiting-list length). */
export class TimeWeighted {
  private start: number;
  private last: number;
  private current: number;
  private acc = 0; // integral over [start, last]
  private lowest: number;
  private highest: number;

  constructor(startTime = 0, initialValue = 0) {
    this.start = this.last = startTime;
    this.current = this.lowest = this.highest = initialValue;
  }

  /** The quantity changes to `value` at time `now`; throws RangeError if `now` is before the last change. */
  update(now: number, value: number): void {
    this.advance(now);
    this.current = value;
    if (value < this.lowest) this.lowest = value;
    if (value > this.highest) this.highest = value;
  }

  /** The quantity changes by `delta` at time `now`. */
  add(now: number, delta: number): void {
    this.update(now, this.current + delta);
  }

  /** Current value. */
  get value(): number {
    return this.current;
  }

  /** Largest value seen since construction or the last reset. */
  get max(): number {
    return this.highest;
  }

  /** Smallest value seen since construction or the last reset. */
  get min(): number {
    return this.lowest;
  }

  /** Integral of the quantity over [start, now]. */
  area(now: number): number {
    this.check(now);
    return this.acc + this.current * (now - this.last);
  }

  /** Time-average over [start, now]; the current value when the window is empty. */
  mean(now: number): number {
    const area = this.area(now);
    return now === this.start ? this.current : area / (now - this.start);
  }

  /** Restart accumulation (area and extremes) at `now`, keeping the current value: warm-up deletion. */
  reset(now: number): void {
    this.check(now);
    this.start = this.last = now;
    this.acc = 0;
    this.lowest = this.highest = this.current;
  }

  private advance(now: number): void {
    this.check(now);
    this.acc += this.current * (now - this.last);
    this.last = now;
  }

  private check(now: number): void {
    // `!(>=)` also rejects NaN.
    if (!(now >= this.last)) throw new RangeError(`time went backwards: ${now} < ${this.last}`);
  }
}

/** Tally of observations (waits, durations): count, mean, variance via Welford, min, max. */
export class Tally {
  private n = 0;
  private m = 0; // running mean
  private m2 = 0; // sum of squared deviations from the running mean
  private total = 0;
  private lowest = Infinity;
  private highest = -Infinity;

  /** Add one observation. */
  record(x: number): void {
    this.n++;
    const d = x - this.m;
    this.m += d / this.n;
    // Welford: stable when values are large and their spread small.
    this.m2 += d * (x - this.m);
    this.total += x;
    if (x < this.lowest) this.lowest = x;
    if (x > this.highest) this.highest = x;
  }

  /** Number of observations. */
  get count(): number {
    return this.n;
  }

  /** Mean of the observations; NaN if there are none. */
  get mean(): number {
    return this.n > 0 ? this.m : NaN;
  }

  /** Sample variance (divisor n - 1); NaN with fewer than two observations. */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : NaN;
  }

  /** Sample standard deviation; NaN with fewer than two observations. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** Smallest observation; NaN if there are none. */
  get min(): number {
    return this.n > 0 ? this.lowest : NaN;
  }

  /** Largest observation; NaN if there are none. */
  get max(): number {
    return this.n > 0 ? this.highest : NaN;
  }

  /** Sum of the observations. */
  get sum(): number {
    return this.total;
  }

  /** Forget all observations. */
  reset(): void {
    this.n = this.m = this.m2 = this.total = 0;
    this.lowest = Infinity;
    this.highest = -Infinity;
  }
}

// ---------------------------------------------------------------------------
// Across replications
// ---------------------------------------------------------------------------

/** Cross-replication summary: mean, sample sd, confidence interval [lo, hi], extremes and quantiles (R type 7). */
export interface Summary {
  n: number;
  mean: number;
  sd: number;
  lo: number;
  hi: number;
  min: number;
  max: number;
  q05: number;
  q25: number;
  median: number;
  q75: number;
  q95: number;
}

/**
 * Mean, sd, t-based confidence interval (lo, hi) and quantiles of per-replication values.
 * With one value sd, lo and hi are NaN (no spread can be estimated); with all values equal sd is 0 and lo = hi = mean.
 */
export function summarize(values: ArrayLike<number>, level = 0.95): Summary {
  if (values.length === 0) throw new RangeError('summarize needs at least one value');
  const sorted = Array.from(values).sort((a, b) => a - b);
  const c = centre(Array.from(values), tMultiplier(values.length, level));
  return {
    n: values.length,
    ...c,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    q05: quantileSorted(sorted, 0.05),
    q25: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q75: quantileSorted(sorted, 0.75),
    q95: quantileSorted(sorted, 0.95),
  };
}

/**
 * Which interval a summary across replications gives: `mean`, the 95%
 * confidence interval of the mean (the Monte Carlo error, which narrows as
 * replications grow), or `spread`, the central 90% of the values themselves
 * (over parameter draws and replications: an uncertainty interval, which does not).
 */
export type IntervalKind = 'mean' | 'spread';
export const intervalLevel: Record<IntervalKind, number> = { mean: 0.95, spread: 0.9 };

/** Mean and the interval of `kind`; the same arithmetic as `summarize` for `mean`. */
export function summarizeAs(values: ArrayLike<number>, kind: IntervalKind): { mean: number; lo: number; hi: number } {
  if (kind === 'mean') return summarize(values);
  if (values.length === 0) throw new RangeError('summarizeAs needs at least one value');
  return spreadOfSorted(Array.from(values).sort((a, b) => a - b), mean(Array.from(values)));
}

function spreadOfSorted(sorted: number[], m: number): { mean: number; lo: number; hi: number } {
  const tail = (1 - intervalLevel.spread) / 2;
  return { mean: m, lo: quantileSorted(sorted, tail), hi: quantileSorted(sorted, 1 - tail) };
}

/** Per-period values across replications, summarised to mean/lo/hi arrays. */
export class SeriesAccumulator {
  readonly periods: number;
  private rows = 0;
  // Row-major replications × periods, grown by doubling: exact values, no per-replication objects.
  private data: Float64Array;

  constructor(periods: number) {
    if (!Number.isInteger(periods) || periods < 0) {
      throw new RangeError(`periods must be a whole number ≥ 0, got ${periods}`);
    }
    this.periods = periods;
    this.data = new Float64Array(periods * 8);
  }

  /** Number of replications added. */
  get count(): number {
    return this.rows;
  }

  /** Add one replication's series; its length must equal `periods`. */
  add(values: ArrayLike<number>): void {
    if (values.length !== this.periods) {
      throw new RangeError(`expected ${this.periods} values, got ${values.length}`);
    }
    if ((this.rows + 1) * this.periods > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    for (let i = 0, o = this.rows * this.periods; i < this.periods; i++) this.data[o + i] = values[i];
    this.rows++;
  }

  /** Per-period mean and the interval of `kind`: for `mean`, identical to `summarize` on each period's column; NaN before any add. */
  summaryAs(kind: IntervalKind): { mean: number[]; lo: number[]; hi: number[] } {
    if (kind === 'mean' || this.rows === 0) return this.summary();
    const out = { mean: [] as number[], lo: [] as number[], hi: [] as number[] };
    const column = new Array<number>(this.rows);
    for (let p = 0; p < this.periods; p++) {
      for (let r = 0; r < this.rows; r++) column[r] = this.data[r * this.periods + p];
      const m = mean(column);
      const s = spreadOfSorted(column.sort((a, b) => a - b), m);
      out.mean.push(s.mean);
      out.lo.push(s.lo);
      out.hi.push(s.hi);
    }
    return out;
  }

  /** Per-period mean and confidence interval, identical to `summarize` on each period's column; NaN before any add. */
  summary(level = 0.95): { mean: number[]; lo: number[]; hi: number[] } {
    const out = { mean: [] as number[], lo: [] as number[], hi: [] as number[] };
    const t = this.rows > 0 ? tMultiplier(this.rows, level) : NaN;
    const column = new Array<number>(this.rows);
    for (let p = 0; p < this.periods; p++) {
      for (let r = 0; r < this.rows; r++) column[r] = this.data[r * this.periods + p];
      const c = this.rows > 0 ? centre(column, t) : { mean: NaN, lo: NaN, hi: NaN };
      out.mean.push(c.mean);
      out.lo.push(c.lo);
      out.hi.push(c.hi);
    }
    return out;
  }
}

/** Two-sided t multiplier for a `level` interval from n values (NaN when n < 2). */
function tMultiplier(n: number, level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  return n > 1 ? studentTQuantile((1 + level) / 2, n - 1) : NaN;
}

/** Mean, sd and interval shared by summarize and SeriesAccumulator so both give bit-identical results. */
function centre(x: number[], t: number): { mean: number; sd: number; lo: number; hi: number } {
  let min = x[0];
  let max = x[0];
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Equal values: report them exactly rather than a mean and sd off by rounding.
  if (min === max && x.length > 1) return { mean: min, sd: 0, lo: min, hi: min };
  const m = mean(x);
  const sd = x.length > 1 ? sampleStandardDeviation(x) : NaN;
  const half = (t * sd) / Math.sqrt(x.length);
  return { mean: m, sd, lo: m - half, hi: m + half };
}

// ---------------------------------------------------------------------------
// Student's t distribution
// ---------------------------------------------------------------------------

/** Cumulative probability P(T ≤ t) of Student's t with `df` > 0 degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  const tail = upperTail(Math.abs(t), df);
  return t > 0 ? 1 - tail : tail;
}

/** Quantile of Student's t: the t with P(T ≤ t) = p; about 1e-13 relative accuracy, nearer 1e-10 once df exceeds ~1e5. */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (p === 0.5) return 0;
  // Solve on the smaller tail, where probabilities keep full relative precision.
  const q = p > 0.5 ? 1 - p : p;
  const t = upperQuantile(q, df);
  return p > 0.5 ? t : -t;
}

function checkDf(df: number): void {
  if (!(df > 0 && df < Infinity)) throw new RangeError(`df must be finite and > 0, got ${df}`);
}

/** P(T > t) for t ≥ 0: ½·I_x(df/2, ½) with x = df/(df+t²); 1 − x passed separately to avoid cancellation. */
function upperTail(t: number, df: number): number {
  const t2 = t * t;
  return 0.5 * incBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2)).lower;
}

/** Density of Student's t. */
function density(t: number, df: number): number {
  const logC = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** t > 0 with P(T > t) = q, q in [0, ½): Newton's method kept inside a shrinking bracket. */
function upperQuantile(q: number, df: number): number {
  if (q === 0) return Infinity;
  // Start from the normal quantile with a Cornish–Fisher correction (A&S 26.2.23, 26.7.5).
  const s = Math.sqrt(-2 * Math.log(q));
  const z = s - (2.515517 + 0.802853 * s + 0.010328 * s * s) / (1 + 1.432788 * s + 0.189269 * s * s + 0.001308 * s * s * s);
  let t = Math.max(z + (z * z * z + z) / (4 * df), 1e-3);
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 500; i++) {
    const f = upperTail(t, df) - q;
    if (f === 0) return t;
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / density(t, df);
    // Fall back to doubling / bisection whenever Newton leaves the bracket.
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * t : (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * next || hi - lo <= 1e-15 * lo) return next;
    t = next;
  }
  return t;
}
