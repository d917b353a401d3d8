/**
 * Column statistics for the accumulator: the same arithmetic, bit for bit, as
 * engine/des/statistics.ts `summarizeAs` (simple-statistics' compensated mean,
 * its sample sd, quantiles of type 7), but on slices of reused Float64Arrays,
 * with each t multiplier worked out once per n.
 */
import { intervalLevel, studentTQuantile, type IntervalKind } from '../des/statistics.ts';

/** Mean and interval of one column. */
export interface Cell {
  mean: number;
  lo: number;
  hi: number;
}

const tCache = new Map<number, number>();

/** The two-sided 95% t multiplier for n values (NaN when n < 2), as statistics.ts computes it. */
export function tFor(n: number): number {
  if (n < 2) return NaN;
  let t = tCache.get(n);
  if (t === undefined) tCache.set(n, (t = studentTQuantile((1 + intervalLevel.mean) / 2, n - 1)));
  return t;
}

/**
 * simple-statistics' sum (Kahan–Babuška) of x[start..start + n). Its
 * correction adds each addition's rounding error, which it finds by a branch
 * on which term is larger; TwoSum finds the same error (the exact one, a
 * single number) without the branch, which a column of mixed values would
 * mispredict every other time.
 */
export function kahanSum(x: ArrayLike<number>, start: number, n: number): number {
  if (n === 0) return 0;
  let sum = x[start];
  let correction = 0;
  for (let i = start + 1; i < start + n; i++) {
    const v = x[i];
    const next = sum + v;
    const back = next - sum;
    correction += sum - (next - back) + (v - back);
    sum = next;
  }
  return sum + correction;
}

const tail = (1 - intervalLevel.spread) / 2;

/**
 * Puts the k-th smallest of s[0..n) at s[k], smaller or equal values before
 * it and larger or equal after (Hoare's selection with a median-of-three
 * pivot): a quantile in linear time, where sorting the column would cost n log n.
 */
function select(s: Float64Array, n: number, k: number): void {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot.
    let a = s[lo];
    let b = s[mid];
    const c = s[hi];
    if (a > b) [a, b] = [b, a];
    const pivot = c < a ? a : c > b ? b : c;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (s[i] < pivot) i++;
      while (s[j] > pivot) j--;
      if (i <= j) {
        const t = s[i];
        s[i] = s[j];
        s[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** The type-7 quantile p of s[0..n) (simple-statistics' quantileSorted, without sorting); reorders s. */
function quantileOf(s: Float64Array, n: number, p: number): number {
  const idx = (n - 1) * p;
  const lower = Math.floor(idx);
  select(s, n, lower);
  const x = s[lower];
  if (idx % 1 === 0) return x;
  // The next order statistic is the smallest of those after it.
  let next = Infinity;
  for (let i = lower + 1; i < n; i++) if (s[i] < next) next = s[i];
  return x + (idx - lower) * (next - x);
}

/**
 * Means and 95% intervals of the mean of columns [offset, offset + width) of a
 * row-major matrix (n rows of `stride`), read row by row: per column the very
 * arithmetic of `Columns.cell` (compensated sum, then squared deviations, each
 * in row order), without copying a column out. Results go to mean/lo/hi.
 */
export function meanIntervals(data: Float64Array, n: number, stride: number, offset: number, width: number, out: { mean: number[]; lo: number[]; hi: number[] }): void {
  const sum = new Float64Array(width);
  const corr = new Float64Array(width);
  const first = new Float64Array(width);
  // Counts of values above or below the first: none means all equal, as statistics.ts's min === max (NaN aside, it ignores them too).
  const differ = new Float64Array(width);
  for (let c = 0; c < width; c++) sum[c] = first[c] = data[offset + c];
  for (let r = 1; r < n; r++) {
    const o = r * stride + offset;
    for (let c = 0; c < width; c++) {
      const v = data[o + c];
      const s = sum[c];
      const next = s + v;
      const back = next - s;
      corr[c] += s - (next - back) + (v - back); // TwoSum: kahanSum's correction, without a branch
      sum[c] = next;
      const f = first[c];
      differ[c] += +(v < f) + +(v > f);
    }
  }
  const mean = sum; // reused: the mean of each column
  for (let c = 0; c < width; c++) mean[c] = (sum[c] + corr[c]) / n;
  const ss = corr; // reused: squared deviations
  ss.fill(0);
  for (let r = 0; r < n; r++) {
    const o = r * stride + offset;
    for (let c = 0; c < width; c++) {
      const d = data[o + c] - mean[c];
      ss[c] += d * d;
    }
  }
  const t = tFor(n);
  for (let c = 0; c < width; c++) {
    const m = mean[c];
    if (differ[c] === 0 && first[c] === first[c] && n > 1) {
      out.mean[c] = out.lo[c] = out.hi[c] = first[c];
    } else if (n < 2) {
      out.mean[c] = m;
      out.lo[c] = out.hi[c] = NaN;
    } else {
      const half = (t * Math.sqrt(ss[c] / (n - 1))) / Math.sqrt(n);
      out.mean[c] = m;
      out.lo[c] = m - half;
      out.hi[c] = m + half;
    }
  }
}

/** Summarises columns, sorting into one reused buffer; each answer is one reused Cell, read before the next call. */
export class Columns {
  private sorted = new Float64Array(1);
  private readonly out: Cell = { mean: NaN, lo: NaN, hi: NaN };

  private put(mean: number, lo: number, hi: number): Cell {
    this.out.mean = mean;
    this.out.lo = lo;
    this.out.hi = hi;
    return this.out;
  }

  /** Mean and interval of kind `kind` of x[start..start + n), n ≥ 1; `x` is not changed unless `scratch` says it may be reordered. */
  cell(x: Float64Array, start: number, n: number, kind: IntervalKind, scratch = false): Cell {
    if (kind === 'spread') return this.spread(x, start, n, scratch);
    const m = kahanSum(x, start, n) / n;
    const end = start + n;
    let min = x[start];
    let max = x[start];
    for (let i = start + 1; i < end; i++) {
      const v = x[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    // Equal values: reported exactly, as statistics.ts does.
    if (min === max && n > 1) return this.put(min, min, min);
    if (n < 2) return this.put(m, NaN, NaN);
    let ss = 0;
    for (let i = start; i < end; i++) {
      const d = x[i] - m;
      ss += d * d;
    }
    const half = (tFor(n) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
    return this.put(m, m - half, m + half);
  }

  /** The central 90% of x[start..start + n): by counting when the values are whole numbers in a short range (most series count people), else by selection. */
  private spread(x: Float64Array, start: number, n: number, scratch: boolean): Cell {
    // One pass: the compensated sum (kahanSum's steps, in order), the extremes, and whether all are whole.
    let sum = x[start];
    let correction = 0;
    let min = sum;
    let max = sum;
    let fractions = sum - Math.floor(sum); // 0 while every value is whole (NaN for an infinite one)
    for (let i = start + 1; i < start + n; i++) {
      const v = x[i];
      const next = sum + v;
      const back = next - sum;
      correction += sum - (next - back) + (v - back); // TwoSum: kahanSum's correction, without a branch
      sum = next;
      min = v < min ? v : min;
      max = v > max ? v : max;
      fractions += v - Math.floor(v);
    }
    const m = (sum + correction) / n;
    const whole = fractions === 0;
    // All equal (a count that never moves, a service never used): every quantile is that value.
    if (min === max) return this.put(m, min, min);
    if (whole && max - min < 65536) {
      this.histogram(x, start, n, min, max);
      return this.put(m, this.counted(n, min, max, tail), this.counted(n, min, max, 1 - tail));
    }
    let s: Float64Array;
    if (scratch) s = start === 0 ? x : x.subarray(start, start + n);
    else {
      if (this.sorted.length !== n) this.sorted = new Float64Array(n);
      s = this.sorted;
      for (let i = 0; i < n; i++) s[i] = x[start + i];
    }
    const lo = quantileOf(s, n, tail);
    return this.put(m, lo, quantileOf(s, n, 1 - tail));
  }

  private counts = new Int32Array(0);

  /** Counts of each whole number of x[start..start + n), from min to max. */
  private histogram(x: Float64Array, start: number, n: number, min: number, max: number): void {
    const range = max - min + 1;
    if (this.counts.length < range) this.counts = new Int32Array(range);
    const c = this.counts;
    c.fill(0, 0, range);
    for (let i = start; i < start + n; i++) c[x[i] - min]++;
  }

  /** The type-7 quantile p of the whole numbers last counted. */
  private counted(n: number, min: number, max: number, p: number): number {
    const range = max - min + 1;
    const c = this.counts;
    const idx = (n - 1) * p;
    const lower = Math.floor(idx);
    /** The k-th smallest (0-based). */
    const kth = (k: number): number => {
      let seen = 0;
      for (let v = 0; v < range; v++) {
        seen += c[v];
        if (seen > k) return v + min;
      }
      return max;
    };
    const a = kth(lower);
    if (idx % 1 === 0) return a;
    const b = kth(lower + 1);
    return a + (idx - lower) * (b - a);
  }
}
