/**
 * The pipeline's column statistics against engine/des/statistics.ts, which the
 * results contract was defined with: the same numbers to the last bit, for
 * whole-number and fractional columns, constant ones and a single value.
 */
import { describe, expect, it } from 'vitest';
import { createStream } from '../../engine/des/rng.ts';
import { summarizeAs, type IntervalKind } from '../../engine/des/statistics.ts';
import { Columns, meanIntervals } from '../../engine/pipeline/stats.ts';

const rng = createStream('pipeline-stats', 0, 'columns');
const columns: Float64Array[] = [
  Float64Array.from({ length: 1000 }, () => Math.floor(rng() * 40)), // counts
  Float64Array.from({ length: 1000 }, () => (rng() - 0.3) * 1e6), // money
  Float64Array.from({ length: 999 }, () => Math.floor(rng() * 3) - 1), // few values, odd length
  Float64Array.from({ length: 200 }, () => 7), // constant
  Float64Array.from({ length: 5 }, () => rng() * 1e-3 + 1e9), // large and close together
  Float64Array.of(3.25), // one value
  Float64Array.of(0, 1e6),
];

describe('pipeline column statistics', () => {
  for (const kind of ['mean', 'spread'] as IntervalKind[]) {
    it(`equal summarizeAs(…, '${kind}') bit for bit`, () => {
      const cols = new Columns();
      for (const x of columns) {
        const want = summarizeAs(Array.from(x), kind);
        const got = { ...cols.cell(x.slice(), 0, x.length, kind, true) };
        expect(got).toEqual({ mean: want.mean, lo: want.lo, hi: want.hi });
      }
    });
  }

  it('read row by row (meanIntervals), equal the column-by-column answer', () => {
    // A matrix of 3 columns × 1000 rows, row-major, from the first three columns above (their first 999 rows).
    const n = 999;
    const data = new Float64Array(n * 3);
    for (let r = 0; r < n; r++) for (let c = 0; c < 3; c++) data[r * 3 + c] = columns[c][r];
    const out = { mean: [] as number[], lo: [] as number[], hi: [] as number[] };
    meanIntervals(data, n, 3, 0, 3, out);
    for (let c = 0; c < 3; c++) {
      const want = summarizeAs(Array.from(columns[c].subarray(0, n)), 'mean');
      expect([out.mean[c], out.lo[c], out.hi[c]]).toEqual([want.mean, want.lo, want.hi]);
    }
  });
});
