/**
 * The results contract shared by the CLI and the web viewer: what one run of a
 * scenario reports, as means with 95% intervals across replications.
 */
import { intervalLevel, SeriesAccumulator, summarizeAs, type IntervalKind } from './des/statistics.ts';
import type { Band, Estimate } from './band.ts';
import type { EconomicsSummary } from './economics/appraisal.ts';
import type { UncertaintySummary } from './uncertainty/summary.ts';
import type { CompiledModel } from './model/compile.ts';
import { entryKinds, tiers, type ReplicationOutput } from './model/record.ts';

export interface Manifest {
  scenario: string;
  /** sha256 of the resolved scenario (canonical JSON). */
  sha256: string;
  seed: string;
  replications: number;
  version: string;
  horizonYears: number;
  periodYears: number;
  /** A run over parameter draws: how many, and the replications of each (replications = draws × replicationsPerDraw). */
  draws?: number;
  replicationsPerDraw?: number;
}

/**
 * When weighted demand (the weighted caseload plus the weight of everyone
 * waiting for a place) first exceeds staffed capacity, across replications.
 * Admissions stop at capacity, so the caseload alone rarely passes it: the
 * waiting list is where outgrowing the staff shows.
 */
export interface OverCapacity {
  /** Share of replications whose first year over capacity is `year` (1 = the first year). */
  byYear: { year: number; share: number }[];
  /** Share of replications that never exceed capacity within the horizon. */
  never: number;
  /** Median first year over capacity; null if most replications never exceed it. */
  median: number | null;
}

export interface ServiceResults {
  capacity: Band;
  /** Weighted caseload held on the service (its states' weights). */
  load: Band;
  /** Weighted caseload plus the weight of those waiting for the service: what it would carry if it took everyone. */
  demand: Band;
  utilisation: Band;
  waiting: Band;
  firstYearOverCapacity: OverCapacity;
}

/** What every interval of a results file means, in words as well as in kind. */
export interface Intervals {
  kind: IntervalKind;
  level: number;
  text: string;
}

/** The words for each kind of interval, the same in every surface. */
export const intervalText: Record<IntervalKind, string> = {
  mean: 'Monte Carlo error: the 95% confidence interval of the mean across replications. It narrows as replications grow; it says how precisely the simulation has estimated the mean, not how sure the answer is.',
  spread: 'Uncertainty interval: the central 90% of outcomes over parameter draws and replications, so uncertainty about the parameters and chance together. It does not narrow as replications grow; it is the range to read for a decision.',
};

export const intervalsOf = (kind: IntervalKind): Intervals => ({ kind, level: intervalLevel[kind], text: intervalText[kind] });

export interface Results {
  manifest: Manifest;
  /** What the lo and hi of every band and estimate below mean. */
  intervals: Intervals;
  /** `t` is each period's end in years; one Band per state, plus `total` (open cases) and `weighted`. */
  series: { t: number[]; total: Band; weighted: Band } & Record<string, Band | number[]>;
  tiers: Record<string, Band>;
  /** Staffed capacity (weighted places) summed over services with a limit, and per service. */
  capacity: { total: Band; services: Record<string, ServiceResults> };
  waiting: {
    /** People on waiting lists at each period end. */
    total: Band;
    /** Mean wait, in days, of those given a place during each year. */
    meanWaitDays: { year: number[] } & Band;
    reneged: Band;
  };
  flows: {
    entries: Record<string, Band>;
    exits: Record<string, Band>;
    transitions: Record<string, Band>;
    /** Every kind of move between states (exits and `next` branches), from → to ("" = out of the caseload) with its reason, per period. */
    moves: { from: string; to: string; reason: string; count: Band }[];
    /** Referrals, eligible referrals and starts per period, by referral source ("cohorts" for screened cohorts). */
    bySource: Record<string, { referrals: Band; eligible: Band; started: Band }>;
    /**
     * Spells of intensive support that ended, by the reason of the move that
     * ended them: how many per period, and by year the mean and 10th, 50th and
     * 90th percentiles of their length in days, pooled over replications.
     */
    timeInSupport: Record<string, { exits: Band; byYear: { year: number[]; meanDays: number[]; p10Days: number[]; p50Days: number[]; p90Days: number[] } }>;
  };
  cumulativeSupported: Band;
  firstYearOverCapacity: OverCapacity;
  /** Events fired per replication (mean), and people simulated per replication (mean). */
  work: { eventsPerReplication: number; peoplePerReplication: number };
  /** Costs, savings and appraisal by year and agency, when the scenario has an economics section. */
  economics?: EconomicsSummary;
  /** A run over parameter draws: the headline figures with both intervals, and the chances by draw. */
  uncertainty?: UncertaintySummary;
}

/** Each reporting period's end, in years. */
export const periodEnds = (model: CompiledModel): number[] => Array.from({ length: model.periods }, (_, k) => round((k + 1) * model.scenario.period, 10));

/** Summarises replications, in replication order, into the results contract, with intervals of `interval` kind. */
export function summarizeRun(model: CompiledModel, runs: ReplicationOutput[], manifest: Manifest, interval: IntervalKind = 'mean'): Results {
  const sc = model.scenario;
  const P = model.periods;
  const band = (pick: (r: ReplicationOutput) => ArrayLike<number>): Band => {
    const acc = new SeriesAccumulator(P);
    for (const r of runs) acc.add(pick(r));
    return tidy(acc.summaryAs(interval));
  };
  const finite = model.services.filter((s) => s.finite);
  const totalCapacity = (r: ReplicationOutput): Float64Array => sumSeries(r.capacity, P);

  const series: Results['series'] = {
    t: periodEnds(model),
    total: band((r) => r.total),
    weighted: band((r) => r.weighted),
  };
  model.states.forEach((s, i) => (series[s.name] = band((r) => r.states[i])));
  series.waitingForFirstPlace = band((r) => r.waitingForFirstPlace);
  series.openIncludingWaiting = band((r) => r.total.map((x, k) => x + r.waitingNotOpen[k]));

  const services: Record<string, ServiceResults> = {};
  finite.forEach((s, f) => {
    services[s.name] = {
      capacity: band((r) => r.capacity[f]),
      load: band((r) => r.load[f]),
      demand: band((r) => r.demand[f]),
      utilisation: band((r) => ratio(r.load[f], r.capacity[f])),
      waiting: band((r) => r.waiting[f]),
      firstYearOverCapacity: overCapacity(runs.map((r) => firstOver(r.demand[f], r.capacity[f], sc.period)), sc.horizon),
    };
  });

  const years = Math.ceil(sc.horizon - 1e-9);
  const perYear = Math.round(1 / sc.period);
  const waitDays = runs.map((r) =>
    Array.from({ length: years }, (_, y) => {
      let sum = 0;
      let n = 0;
      for (let k = y * perYear; k < Math.min(P, (y + 1) * perYear); k++) {
        sum += r.waitSum[k];
        n += r.waitCount[k];
      }
      return n > 0 ? (sum / n) * 365.25 : NaN;
    }),
  );

  const keyed = (names: readonly string[], pick: (r: ReplicationOutput, i: number) => ArrayLike<number>): Record<string, Band> =>
    Object.fromEntries(names.map((n, i) => [n, band((r) => pick(r, i))]));
  const exitNames = Object.keys(runs[0]?.exits ?? {});

  return {
    manifest,
    intervals: intervalsOf(interval),
    series,
    tiers: keyed(tiers, (r, i) => r.tiers[i]),
    capacity: { total: band(totalCapacity), services },
    waiting: {
      total: band((r) => r.waitingTotal),
      meanWaitDays: { year: Array.from({ length: years }, (_, y) => y + 1), ...columnBands(waitDays, years, interval) },
      reneged: band((r) => r.reneged),
    },
    flows: {
      entries: keyed(entryKinds, (r, i) => r.entries[i]),
      exits: keyed(exitNames, (r, i) => r.exits[exitNames[i]]),
      transitions: keyed(model.reasons, (r, i) => r.transitions[model.reasons[i]]),
      moves: model.moves.map((m, i) => ({ ...m, count: band((r) => r.moves[i]) })),
      bySource: Object.fromEntries(
        model.sources
          .map((src, i) => [src.name, { referrals: band((r) => r.bySource.referrals[i]), eligible: band((r) => r.bySource.eligible[i]), started: band((r) => r.bySource.started[i]) }] as const)
          .filter(([name], i) => name !== 'cohorts' || runs.some((r) => r.bySource.referrals[i].some((x) => x > 0))),
      ),
      timeInSupport: Object.fromEntries(Object.keys(runs[0]?.spellCount ?? {}).map((reason) => [reason, { exits: band((r) => r.spellCount[reason]), byYear: spellsByYear(model, runs, reason, years) }])),
    },
    cumulativeSupported: band((r) => r.cumulativeSupported),
    firstYearOverCapacity: overCapacity(runs.map((r) => firstOver(sumSeries(r.demand, P), totalCapacity(r), sc.period)), sc.horizon),
    work: {
      eventsPerReplication: round(runs.reduce((s, r) => s + r.events, 0) / runs.length, 1),
      peoplePerReplication: round(runs.reduce((s, r) => s + r.people, 0) / runs.length, 1),
    },
  };
}

/** Lengths of the spells that ended for `reason`, year by year, pooled over replications, in days. */
function spellsByYear(model: CompiledModel, runs: ReplicationOutput[], reason: string, years: number): Results['flows']['timeInSupport'][string]['byYear'] {
  const code = model.reasons.indexOf(reason);
  const byYear: number[][] = Array.from({ length: years }, () => []);
  for (const r of runs) {
    const log = r.spellLog;
    for (let i = 0; i < log.reason.length; i++) if (log.reason[i] === code) byYear[Math.min(years - 1, Math.floor(log.at[i] - 1e-12))].push(log.length[i] * 365.25);
  }
  const q = (xs: number[], p: number): number => (xs.length === 0 ? NaN : r4(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]));
  const sorted = byYear.map((xs) => xs.sort((a, b) => a - b));
  return {
    year: sorted.map((_, y) => y + 1),
    meanDays: sorted.map((xs) => (xs.length === 0 ? NaN : r4(xs.reduce((a, b) => a + b, 0) / xs.length))),
    p10Days: sorted.map((xs) => q(xs, 0.1)),
    p50Days: sorted.map((xs) => q(xs, 0.5)),
    p90Days: sorted.map((xs) => q(xs, 0.9)),
  };
}

/**
 * Every series here counts people or places, so an interval is cut at zero
 * (the mean of a non-negative quantity cannot be negative), and figures are
 * kept to 4 decimal places: finer digits are noise and bloat the JSON.
 */
export function tidy(b: Band): Band {
  return { mean: b.mean.map(r4), lo: b.lo.map((x) => r4(Math.max(0, x))), hi: b.hi.map(r4) };
}

function r4(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x;
}

export function sumSeries(rows: Float64Array[], P: number): Float64Array {
  const out = new Float64Array(P);
  for (const row of rows) for (let k = 0; k < P; k++) out[k] += row[k];
  return out;
}

function ratio(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((x, k) => (b[k] > 0 ? x / b[k] : 0));
}

/** The first year (1-based) with a period-end load above capacity, or Infinity. */
export function firstOver(load: ArrayLike<number>, capacity: ArrayLike<number>, period: number): number {
  for (let k = 0; k < load.length; k++) {
    if (load[k] > capacity[k] * (1 + 1e-9) + 1e-9) return Math.ceil((k + 1) * period - 1e-9);
  }
  return Infinity;
}

export function overCapacity(firsts: number[], horizon: number): OverCapacity {
  const n = firsts.length;
  const byYear: OverCapacity['byYear'] = [];
  for (let y = 1; y <= Math.ceil(horizon - 1e-9); y++) {
    const c = firsts.filter((f) => f === y).length;
    if (c > 0) byYear.push({ year: y, share: c / n });
  }
  const sorted = [...firsts].sort((a, b) => a - b);
  const mid = sorted[Math.floor((n - 1) / 2)];
  return { byYear, never: firsts.filter((f) => f === Infinity).length / n, median: Number.isFinite(mid) ? mid : null };
}

/** Bands per column of a replications × columns table, skipping missing (NaN) values. */
function columnBands(rows: number[][], columns: number, interval: IntervalKind): Band {
  const out: Band = { mean: [], lo: [], hi: [] };
  for (let c = 0; c < columns; c++) {
    const values = rows.map((r) => r[c]).filter((v) => !Number.isNaN(v));
    const s = values.length > 0 ? summarizeAs(values, interval) : { mean: NaN, lo: NaN, hi: NaN };
    out.mean.push(s.mean);
    out.lo.push(s.lo);
    out.hi.push(s.hi);
  }
  return tidy(out);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Collapses a Band at one period into an Estimate. */
export function at(b: Band, k: number): Estimate {
  return { mean: b.mean[k], lo: b.lo[k], hi: b.hi[k] };
}
