/**
 * How much work a run of a scenario is, estimated before anything runs: the
 * people each replication creates, the events the whole run processes, the
 * reporting periods and the memory its results take. Runs beyond sane limits
 * are refused up front with a problem that names the field to change, rather
 * than left to grow until the process runs out of memory.
 *
 * Pure: no fs or process, so the CLI and the viewer share one estimate.
 */
import { fromSpec } from '../des/distributions.ts';
import { compile } from './compile.ts';
import { Recorder } from './record.ts';
import type { RateSchedule, Scenario } from './scenario.ts';

/** Limits on one run (all replications of one scenario). */
export interface WorkLimits {
  /** Years simulated. */
  horizon: number;
  /** Reporting periods per replication (horizon ÷ period). */
  periods: number;
  /** People created in one replication (referrals, cohorts, initial clients); the engine keeps each one, and each costs a few events. */
  people: number;
  /** Simulation events across all replications (a measure of run time: about two million a second per core). */
  events: number;
  /** Bytes of per-replication results held until the run is summarised (periods × series × replications). */
  bytes: number;
}

/**
 * Defaults sized for a machine with about 24 GB of memory, and far above every
 * bundled scenario at 5,000 replications (the largest, Liverpool Waves of Hope,
 * is about 3,600 people a replication and 0.4 GB of results at 5,000).
 */
export const defaultWorkLimits: Readonly<WorkLimits> = Object.freeze({
  horizon: 1_000,
  periods: 100_000,
  people: 2_000_000,
  events: 10_000_000_000,
  bytes: 4 * 1024 ** 3,
});

/** The command-line flag that lifts the limits, for fixes in messages. */
export const allowLargeFlag = '--allow-large';

/** One limit exceeded: the field to change, what it comes to, and the limit. */
export interface WorkProblem {
  /** Field path in the scenario file ("referrals.main.rate", "cohorts[0].count", "period"), or "replications". */
  path: string;
  /** Which limit: a key of WorkLimits. */
  limit: keyof WorkLimits;
  /** The estimate and the limit, in the limit's unit. */
  estimate: number;
  max: number;
  /** What is too large, in words. */
  message: string;
  /** How to fix it, naming the flag that lifts the limit deliberately. */
  fix: string;
}

export interface WorkEstimate {
  /** People created in one replication. */
  people: number;
  /** Events across all replications. */
  events: number;
  /** Reporting periods per replication. */
  periods: number;
  /** Bytes of results across all replications. */
  bytes: number;
  problems: WorkProblem[];
}

/** Series recorded per period regardless of the pathway: tiers (4), entry kinds (7) and the totals (10). */
const FIXED_SERIES = 21;
/** Moves between states one person could make over the horizon beyond which a rate is surely wrong (the bundled scenarios: under 10). */
const ABSURD_MOVES = 1000;
/** Events a person costs besides moving between states: referral, assessment, start, a place granted or a wait given up. */
const EVENTS_PER_PERSON = 4;

/** ∫₀^T of a step rate schedule scaled by a linear ramp min(1, t/ramp): the expected arrivals. */
export function expectedArrivals(schedule: RateSchedule, rampUp: number, horizon: number): number {
  const steps = [{ at: 0, rate: schedule.rate }, ...schedule.changes].filter((s) => s.at < horizon);
  let total = 0;
  steps.forEach((s, i) => {
    const a = Math.max(0, s.at);
    const b = Math.min(horizon, steps[i + 1]?.at ?? horizon);
    if (!(b > a) || !(s.rate > 0)) return;
    total += s.rate * rampedLength(a, b, rampUp);
  });
  return total;
}

/** ∫ₐᵇ min(1, t/ramp) dt. */
function rampedLength(a: number, b: number, ramp: number): number {
  if (!(ramp > 0) || a >= ramp) return b - a;
  const c = Math.min(b, ramp);
  return (c * c - a * a) / (2 * ramp) + (b - c);
}

/** The highest rate of the schedule: arrivals are drawn at this rate and thinned, so each candidate is an event. */
const peakRate = (s: RateSchedule): number => Math.max(s.rate, ...s.changes.map((c) => c.rate));

/** The fastest rate per year at which a person can move from one state to another, and the state. */
function fastestMove(scenario: Scenario): { rate: number; state?: string } {
  let fastest = 0;
  let state: string | undefined;
  for (const s of scenario.states) {
    // A stage of the front door is passed through once a referral, not moved about in: a few events per person.
    if (s.tier === 'front-door') continue;
    // Contacts are events too, for as long as the person stays.
    let rate = Math.max(0, ...(s.contacts ?? []).flatMap((c) => c.rate.map((p) => p.rate)));
    for (const e of s.exits) {
      if (e.to === undefined) continue;
      // Dated changes (where the format has them) may raise the hazard later on.
      const dated = (e as { changes?: { rate: { rate: number }[] }[] }).changes ?? [];
      rate += Math.max(0, ...[e.rate, ...dated.map((c) => c.rate)].flat().map((p) => p.rate));
    }
    if (s.duration && s.next.some((b) => b.to !== undefined)) {
      let mean = NaN;
      try {
        mean = fromSpec(s.duration.distribution).mean;
      } catch {
        // An invalid distribution is the validator's to report.
      }
      if (mean > 0) rate += 1 / mean;
    }
    if (rate > fastest) (fastest = rate), (state = s.name);
  }
  return { rate: fastest, state };
}

/** Entries of an array or a map, 0 for anything else. */
const size = (v: unknown): number => (Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0);

/** Numbers in a replication's output: typed arrays, in lists and maps, counted element by element. */
function cells(v: unknown): number {
  if (v instanceof Float64Array) return v.length;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + cells(x), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + cells(x), 0);
  return 0;
}

/**
 * Series recorded per period in one replication: the recorder's own layout,
 * measured on a one-period copy of the scenario (so it never allocates the
 * real run's arrays); a rough count from the pathway if that cannot be built.
 */
export function seriesPerPeriod(scenario: Scenario): number {
  try {
    return cells(new Recorder(compile({ ...scenario, horizon: scenario.period })).output(0, 0));
  } catch {
    const reasons = new Set<string>();
    for (const s of scenario.states) for (const x of [...s.exits, ...s.next]) reasons.add(x.reason);
    return FIXED_SERIES + 8 * scenario.states.length + 4 * scenario.services.length + 2 * reasons.size;
  }
}

/** Ledger amounts per replication: about one line per unit cost and programme item, per year. */
function ledgerCells(scenario: Scenario): number {
  const e = scenario.economics as unknown as Record<string, unknown> | undefined;
  if (!e) return 0;
  return (size(e.unitCosts) + size(e.programme) + 2) * Math.ceil(scenario.horizon);
}

const whole = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-GB') : 'unbounded');

/** A byte count as people read it: "3.2 GB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return 'unbounded';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let k = 0;
  while (n >= 1024 && k < units.length - 1) (n /= 1024), k++;
  return `${k === 0 ? n : n.toPrecision(2)} ${units[k]}`;
}

const shown = (limit: keyof WorkLimits, n: number): string => (limit === 'bytes' ? formatBytes(n) : limit === 'horizon' ? `${whole(n)} years` : whole(n));

/**
 * Estimates the work of `replications` replications of a validated scenario,
 * and lists every limit it exceeds. Estimates are expectations (Poisson
 * arrivals at their scheduled rates), rounded up where the engine does more.
 * `known.series` is seriesPerPeriod(scenario) when the caller has it already
 * (a sweep's variants share their option's layout), since measuring it
 * compiles the scenario.
 */
export function estimateWork(scenario: Scenario, replications: number, limits: Partial<WorkLimits> = {}, known: { series?: number } = {}): WorkEstimate {
  const max: WorkLimits = { ...defaultWorkLimits, ...limits };
  const horizon = scenario.horizon;
  const periods = scenario.period > 0 ? Math.round(horizon / scenario.period) : Infinity;

  // Who creates the people, each with its field path, largest first.
  const sources: { path: string; people: number; candidates: number; what: string }[] = [];
  for (const r of scenario.referrals) {
    const people = expectedArrivals(r.rate, r.rampUp, horizon);
    const peak = peakRate(r.rate);
    const path = r.rate.changes.length > 0 && peak > r.rate.rate ? `referrals.${r.name}.changes[${r.rate.changes.findIndex((c) => c.rate === peak)}].rate` : `referrals.${r.name}.rate`;
    sources.push({ path, people, candidates: peak > 0 ? peak * horizon : 0, what: `referral stream "${r.name}"` });
  }
  scenario.cohorts.forEach((c, i) => c.at < horizon && sources.push({ path: `cohorts[${i}].count`, people: c.count, candidates: 0, what: `cohort ${i + 1}` }));
  for (const g of scenario.initial) sources.push({ path: `initial.${g.state}.count`, people: g.count, candidates: 0, what: `the initial clients in "${g.state}"` });
  sources.sort((a, b) => b.people - a.people);

  const people = sources.reduce((n, s) => n + s.people, 0);
  const candidates = sources.reduce((n, s) => n + s.candidates, 0);
  const moves = fastestMove(scenario);
  const perPerson = EVENTS_PER_PERSON + (horizon / 2) * moves.rate;
  const perReplication = people * perPerson + candidates + periods;
  const events = perReplication * replications;
  const bytes = (periods * (known.series ?? seriesPerPeriod(scenario)) + ledgerCells(scenario)) * 8 * replications;

  const problems: WorkProblem[] = [];
  const add = (path: string, limit: keyof WorkLimits, estimate: number, message: string, fix: string): void => {
    if (!(estimate <= max[limit])) {
      problems.push({ path, limit, estimate, max: max[limit], message, fix: `${fix}, or pass ${allowLargeFlag} to run it anyway` });
    }
  };
  const top = sources[0];
  const blamePeople = top ? top.path : 'referrals';

  add('horizon', 'horizon', horizon, `a horizon of ${shown('horizon', horizon)} is longer than the limit of ${shown('horizon', max.horizon)}`, 'shorten the horizon');
  add('period', 'periods', periods, `${whole(periods)} reporting periods (horizon ÷ period) are more than the limit of ${whole(max.periods)} a replication`, 'use a longer period, e.g. "1 month", or a shorter horizon');
  add(
    blamePeople,
    'people',
    people,
    `about ${whole(people)} people a replication${top ? ` (${whole(top.people)} from ${top.what})` : ''} are more than the limit of ${whole(max.people)}`,
    'lower the count or rate (check its unit, e.g. "per month" against "per year"), or shorten the horizon',
  );
  if (problems.length === 0) {
    // Events: blame moves between states when a person would make more of them than any pathway has (a rate far too
    // high, or in the wrong unit), else the replications.
    const moving = moves.state !== undefined && (horizon / 2) * moves.rate > ABSURD_MOVES;
    add(
      moving ? `states.${moves.state}` : 'replications',
      'events',
      events,
      `${moving ? `people leave state "${moves.state}" for another up to ${whole(moves.rate)} times a year: ` : ''}about ${whole(events)} simulation events (${whole(perReplication)} a replication × ${whole(replications)} replications) are more than the limit of ${whole(max.events)}`,
      moving ? 'check the rates and durations of its exits and next steps (and their units), or run fewer replications' : 'run fewer replications',
    );
    add(
      'replications',
      'bytes',
      bytes,
      `results of ${whole(replications)} replications take about ${formatBytes(bytes)} of memory, more than the limit of ${formatBytes(max.bytes)}`,
      'run fewer replications, or use a longer period',
    );
  }
  return { people, events, periods, bytes, problems };
}

/** One problem as text: "field: what is too large.\n  fix: ...". */
export function describeWorkProblem(p: WorkProblem): string {
  return `${p.path}: ${p.message}.\n  fix: ${p.fix}`;
}
