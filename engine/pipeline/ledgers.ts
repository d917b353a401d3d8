/**
 * The ledger summarised line by line and year by year across replications
 * (ledger.csv, the workbook's ledger sheet).
 */
import type { IntervalKind } from '../des/statistics.ts';
import type { Ledger, LedgerLine } from '../economics/types.ts';
import { Columns } from './stats.ts';

/** Mean and interval (by default 95% of the mean), in whole pence, of each ledger line in each year across replications. */
export interface LedgerSummary {
  years: number;
  lines: LedgerLine[];
  /** [line][year] */
  mean: number[][];
  lo: number[][];
  hi: number[][];
}

/**
 * Summarises replications' ledgers (in replication order) line by line and
 * year by year. Every replication of a model has the same lines, so they are
 * taken from the first.
 */
export function summarizeLedgers(ledgers: readonly Ledger[], interval: IntervalKind = 'mean'): LedgerSummary {
  if (ledgers.length === 0) throw new RangeError('summarizeLedgers needs at least one ledger');
  const { years, lines } = ledgers[0];
  for (const l of ledgers) {
    if (l.years !== years || l.lines.length !== lines.length) throw new RangeError('ledgers differ in years or lines');
  }
  const pence = (x: number): number => (Number.isFinite(x) ? Math.round(x * 100) / 100 + 0 : x);
  const out: LedgerSummary = { years, lines, mean: [], lo: [], hi: [] };
  const cols = new Columns();
  const column = new Float64Array(ledgers.length);
  lines.forEach((_, i) => {
    const mean: number[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    for (let y = 0; y < years; y++) {
      ledgers.forEach((l, r) => (column[r] = l.amounts[i][y]));
      const s = cols.cell(column, 0, column.length, interval);
      mean.push(pence(s.mean));
      lo.push(pence(s.lo));
      hi.push(pence(s.hi));
    }
    out.mean.push(mean);
    out.lo.push(lo);
    out.hi.push(hi);
  });
  return out;
}
