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

/** simple-statistics' sum (Kahan–Babuška) of x[start..start + n). */
export function kahanSum(x: ArrayLike<number>, start: number, n: number): number {
  if (n === 0) return 0;
  let sum = x[start];
  let correction = 0;
  for (let i = start + 1; i < start + n; i++) {
    const v = x[i];
    const next = sum + v;
    correction += Math.abs(sum) >= Math.abs(v) ? sum - next + v : v - next + sum;
    sum = next;
  }
  return sum + correction;
}

const tail = (1 - intervalLevel.spread) / 2;

function quantileSorted(x: Float64Array, n: number, p: number): number {
  const idx = (n - 1) * p;
  if (idx % 1 === 0) return x[idx];
  const lower = Math.floor(idx);
  return x[lower] + (idx - lower) * (x[Math.ceil(idx)] - x[lower]);
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

  /** Mean and interval of kind `kind` of x[start..start + n), n ≥ 1; `x` is not changed. */
  cell(x: Float64Array, start: number, n: number, kind: IntervalKind): Cell {
    const m = kahanSum(x, start, n) / n;
    const end = start + n;
    if (kind === 'spread') {
      if (this.sorted.length !== n) this.sorted = new Float64Array(n);
      const s = this.sorted;
      for (let i = 0; i < n; i++) s[i] = x[start + i];
      s.sort();
      return this.put(m, quantileSorted(s, n, tail), quantileSorted(s, n, 1 - tail));
    }
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
}
