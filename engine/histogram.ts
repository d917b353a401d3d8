/** Counts of values in bins of a round width, for the distribution charts. */

export interface Bin {
  from: number;
  to: number;
  count: number;
}

const round = (x: number): number => Number(x.toPrecision(10)) + 0;

/** Counts values into about `bins` bins of a round width (1, 2 or 5 × a power of ten); a bin holds from ≤ x < to. */
export function histogram(xs: readonly number[], bins = 12): Bin[] {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  if (!(hi > lo)) return [{ from: lo, to: hi, count: xs.length }];
  const raw = (hi - lo) / bins;
  const power = 10 ** Math.floor(Math.log10(raw));
  const width = [1, 2, 5, 10].map((m) => m * power).find((w) => w >= raw)!;
  const start = Math.floor(lo / width) * width;
  const n = Math.floor((hi - start) / width) + 1;
  const out = Array.from({ length: n }, (_, i): Bin => ({ from: round(start + i * width), to: round(start + (i + 1) * width), count: 0 }));
  for (const x of xs) out[Math.min(n - 1, Math.floor((x - start) / width))].count++;
  return out;
}
