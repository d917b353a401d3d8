/**
 * The results contract shared by the CLI and the web viewer: what one run of a
 * scenario reports, as means with 95% intervals across replications.
 */
import { intervalLevel, type IntervalKind } from './des/statistics.ts';
import type { Band, Estimate } from './band.ts';
import type { EconomicsSummary } from './economics/appraisal.ts';
import type { UncertaintySummary } from './uncertainty/summary.ts';
import type { CompiledModel } from './model/compile.ts';

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
  /**
   * Series of the programme's dynamics, when the scenario has them, per period: \`staff.<service>.employed\`,
   * \`.vacant\` and \`.absent\` (mean FTE), \`contacts.<kind>.made\`, \`.unmet\` and \`.onward\` (counts),
   * \`demand.turnedAway\` (referrals) and \`demand.booksClosed\` (share of the period).
   */
  dynamics?: Record<string, Band>;
  /** Costs, savings and appraisal by year and agency, when the scenario has an economics section. */
  economics?: EconomicsSummary;
  /** A run over parameter draws: the headline figures with both intervals, and the chances by draw. */
  uncertainty?: UncertaintySummary;
}

/** Each reporting period's end, in years. */
export const periodEnds = (model: CompiledModel): number[] => Array.from({ length: model.periods }, (_, k) => round((k + 1) * model.scenario.period, 10));

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

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Collapses a Band at one period into an Estimate. */
export function at(b: Band, k: number): Estimate {
  return { mean: b.mean[k], lo: b.lo[k], hi: b.hi[k] };
}
