/**
 * The replications × row matrix the accumulator fills, and how the summary
 * reads it: blocks of consecutive columns copied out column by column into a
 * reused buffer (a row-major matrix read down a column would miss the cache
 * on every value), always in replication order.
 */
export class Matrix {
  readonly rowLength: number;
  /** Replications (rows). */
  readonly n: number;
  readonly data: Float64Array;
  private scratch = new Float64Array(0);

  constructor(rowLength: number, n: number, data = new Float64Array(n * rowLength)) {
    if (data.length !== n * rowLength) throw new RangeError(`a matrix of ${n} rows of ${rowLength} needs ${n * rowLength} numbers, got ${data.length}`);
    this.rowLength = rowLength;
    this.n = n;
    this.data = data;
  }

  /** Row r's numbers (a view, not a copy). */
  row(r: number): Float64Array {
    const L = this.rowLength;
    return this.data.subarray(r * L, (r + 1) * L);
  }

  /** One number of row r. */
  at(r: number, offset: number): number {
    return this.data[r * this.rowLength + offset];
  }

  /**
   * Columns [offset, offset + width) laid out column-major in a reused buffer:
   * column c is [c·n, (c + 1)·n). Read it before the next call.
   */
  columns(offset: number, width: number): Float64Array {
    const n = this.n;
    const L = this.rowLength;
    if (this.scratch.length < width * n) this.scratch = new Float64Array(width * n);
    const s = this.scratch;
    const d = this.data;
    for (let r = 0; r < n; r++) {
      const src = r * L + offset;
      for (let c = 0; c < width; c++) s[c * n + r] = d[src + c];
    }
    return s;
  }

  /** One column, as a new array (for the few consumers that keep it). */
  column(offset: number): number[] {
    const out = new Array<number>(this.n);
    for (let r = 0; r < this.n; r++) out[r] = this.at(r, offset);
    return out;
  }
}
