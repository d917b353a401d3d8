/**
 * The results contract from a full matrix of replications: every band, the
 * first year over capacity, mean waits, spells of intensive support and the
 * work done, with the arithmetic of the contract (engine/results.ts) run in
 * replication order.
 */
import type { IntervalKind } from '../des/statistics.ts';
import type { CompiledModel } from '../model/compile.ts';
import { entryKinds, tiers } from '../model/record.ts';
import { type Band } from '../band.ts';
import { intervalsOf, overCapacity, periodEnds, tidy, type Manifest, type Results, type ServiceResults } from '../results.ts';
import type { Layout } from './layout.ts';
import type { Matrix } from './matrix.ts';
import { Columns, meanIntervals } from './stats.ts';

/** Bands of blocks of `width` columns, each column summarised in replication order. */
export class Bands {
  private readonly cols = new Columns();
  constructor(
    private readonly m: Matrix,
    private readonly interval: IntervalKind,
    private readonly periods = 0,
  ) {}

  /** The raw band of columns [offset, offset + width); `skipNaN` leaves out missing values (a column with none is NaN). */
  raw(offset: number, width: number, skipNaN = false): Band {
    const n = this.m.n;
    const out: Band = { mean: new Array(width), lo: new Array(width), hi: new Array(width) };
    if (this.interval === 'mean' && !skipNaN) {
      meanIntervals(this.m.data, n, this.m.rowLength, offset, width, out);
      return out;
    }
    const s = this.m.columns(offset, width);
    for (let c = 0; c < width; c++) {
      const start = c * n;
      let count = n;
      if (skipNaN) {
        // Move the column's values to its front, in order.
        count = 0;
        for (let r = 0; r < n; r++) if (!Number.isNaN(s[start + r])) s[start + count++] = s[start + r];
      }
      if (count === 0) {
        out.mean[c] = out.lo[c] = out.hi[c] = NaN;
        continue;
      }
      const cell = this.cols.cell(s, start, count, this.interval, true);
      out.mean[c] = cell.mean;
      out.lo[c] = cell.lo;
      out.hi[c] = cell.hi;
    }
    return out;
  }

  /** A series of counts: tidied as the contract's bands are. */
  series(offset: number, width = this.periods): Band {
    return tidy(this.raw(offset, width));
  }
}

/** The spells' lengths by reason and year, pooled over replications in order; `tails[r]` holds row r's (cell, days) pairs. */
export type SpellTails = readonly Float64Array[];

function timeInSupport(L: Layout, tails: SpellTails, bands: Bands): Results['flows']['timeInSupport'] {
  const Y = L.years;
  // Each cell's lengths gathered into a typed array and sorted natively: hundreds of thousands of spells.
  const counts = new Int32Array(L.spellReasons.length * Y);
  for (const t of tails) for (let i = 0; i < t.length; i += 2) counts[t[i]]++;
  const cells = Array.from(counts, (n) => new Float64Array(n));
  counts.fill(0);
  for (const t of tails) for (let i = 0; i < t.length; i += 2) cells[t[i]][counts[t[i]]++] = t[i + 1];
  for (const c of cells) c.sort();
  const r4 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);
  const out: Results['flows']['timeInSupport'] = {};
  L.spellReasons.forEach((reason, j) => {
    const sorted = cells.slice(j * Y, (j + 1) * Y);
    const q = (xs: Float64Array, p: number): number => (xs.length === 0 ? NaN : r4(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]));
    out[reason] = {
      exits: bands.series(L.spellCount[j]),
      byYear: {
        year: sorted.map((_, y) => y + 1),
        meanDays: sorted.map((xs) => (xs.length === 0 ? NaN : r4(sumInOrder(xs) / xs.length))),
        p10Days: sorted.map((xs) => q(xs, 0.1)),
        p50Days: sorted.map((xs) => q(xs, 0.5)),
        p90Days: sorted.map((xs) => q(xs, 0.9)),
      },
    };
  });
  return out;
}

/** ((0 + x0) + x1) + …, as Array.reduce adds them. */
function sumInOrder(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** The results contract (without economics) of a full matrix, with intervals of `interval` kind. */
export function summarizeMatrix(model: CompiledModel, L: Layout, m: Matrix, tails: SpellTails, manifest: Manifest, interval: IntervalKind): Results {
  const sc = model.scenario;
  const b = new Bands(m, interval, L.periods);
  const firsts = (offset: number): number[] => m.column(offset);

  const series: Results['series'] = { t: periodEnds(model), total: b.series(L.total), weighted: b.series(L.weighted) };
  model.states.forEach((s, i) => (series[s.name] = b.series(L.states[i])));
  series.waitingForFirstPlace = b.series(L.waitingForFirstPlace);
  series.openIncludingWaiting = b.series(L.openIncludingWaiting);

  const services: Record<string, ServiceResults> = {};
  for (const s of L.services) {
    services[s.name] = {
      capacity: b.series(s.capacity),
      load: b.series(s.load),
      demand: b.series(s.demand),
      utilisation: b.series(s.utilisation),
      waiting: b.series(s.waiting),
      firstYearOverCapacity: overCapacity(firsts(s.firstOver), sc.horizon),
    };
  }

  const keyed = (names: readonly string[], offsets: readonly number[]): Record<string, Band> => Object.fromEntries(names.map((n, i) => [n, b.series(offsets[i])]));
  // A source of screened cohorts is reported only when some replication had any.
  const anyReferral = (offset: number): boolean => {
    for (let r = 0; r < m.n; r++) for (let k = 0; k < L.periods; k++) if (m.at(r, offset + k) > 0) return true;
    return false;
  };
  let events = 0;
  let people = 0;
  for (let r = 0; r < m.n; r++) events += m.at(r, L.events);
  for (let r = 0; r < m.n; r++) people += m.at(r, L.people);

  return {
    manifest,
    intervals: intervalsOf(interval),
    series,
    tiers: keyed(tiers, L.tiers),
    capacity: { total: b.series(L.capacityTotal), services },
    waiting: {
      total: b.series(L.waitingTotal),
      meanWaitDays: { year: Array.from({ length: L.years }, (_, y) => y + 1), ...tidy(b.raw(L.waitDays, L.years, true)) },
      reneged: b.series(L.reneged),
    },
    flows: {
      entries: keyed(entryKinds, L.entries),
      exits: keyed(L.exitNames, L.exits),
      transitions: keyed(model.reasons, L.transitions),
      moves: model.moves.map((mv, i) => ({ ...mv, count: b.series(L.moves[i]) })),
      bySource: Object.fromEntries(
        model.sources
          .map((src, i) => [src.name, i] as const)
          .filter(([name, i]) => name !== 'cohorts' || anyReferral(L.bySource[i].referrals))
          .map(([name, i]) => [name, { referrals: b.series(L.bySource[i].referrals), eligible: b.series(L.bySource[i].eligible), started: b.series(L.bySource[i].started) }]),
      ),
      timeInSupport: timeInSupport(L, tails, b),
    },
    cumulativeSupported: b.series(L.cumulativeSupported),
    firstYearOverCapacity: overCapacity(firsts(L.firstOverTotal), sc.horizon),
    work: { eventsPerReplication: round(events / m.n, 1), peoplePerReplication: round(people / m.n, 1) },
    ...(L.dynamics.length > 0 && { dynamics: keyed(L.dynamicNames, L.dynamics) }),
  };
}
