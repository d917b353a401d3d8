/**
 * A validated scenario, as the model reads it. The loader turns scenario text
 * (YAML or JSON, with units such as "6 months" and "160 per year") into this
 * shape: every time is in years, every rate is per year, every default filled.
 */
import type { DistributionSpec } from '../des/distributions.ts';
import type { Economics } from '../economics/schema.ts';
import type { Uncertainty } from '../uncertainty/resolve.ts';

/** Where a figure comes from: a report citation, or an assumption and its reason. */
export interface Provenance {
  source?: string;
  assumption?: string;
}

/**
 * Support tiers. Intensive and custody are open and active; drop-in and dormant are the lighter tiers kept open under
 * "no closed cases". A front-door state is a stage before support: its people have not started and are not open cases.
 */
export type Tier = 'intensive' | 'custody' | 'drop-in' | 'dormant' | 'front-door';
export const lighterTiers: readonly Tier[] = ['drop-in', 'dormant'];

export type Closure = 'none' | 'discharge';

/** A need flag sampled per person. */
export type Need = 'homelessness' | 'mentalHealth' | 'substanceMisuse' | 'offending' | 'physicalHealth';
export const needs: readonly Need[] = ['homelessness', 'mentalHealth', 'substanceMisuse', 'offending', 'physicalHealth'];

/**
 * Multipliers that make a rate or branch weight depend on the person:
 * each need present multiplies by its factor; complexity multiplies by
 * exp(complexity × (score − complexityReference)).
 */
export interface Modifiers {
  needs: Partial<Record<Need, number>>;
  complexity: number;
}

/** A distribution whose values are in years (durations) or plain numbers (scores). */
export type Dist = DistributionSpec;

/** A rate that changes over simulated time (steps at absolute times, in years). */
export interface RateSchedule {
  /** Rate per year from time 0. */
  rate: number;
  /** Later steps, ascending by `at`. */
  changes: { at: number; rate: number }[];
}

/** A number (a probability, a threshold) that steps at absolute times, in years. */
export interface Schedule {
  value: number;
  /** Later steps, ascending by `at`. */
  changes: { at: number; value: number }[];
}

/** A stream of referrals from one source, arriving as a Poisson process with a time-varying rate. */
export interface ReferralStream extends Provenance {
  name: string;
  rate: RateSchedule;
  /** Linear ramp-up: the rate rises from 0 to its scheduled value over this many years (0 = none). */
  rampUp: number;
  /** This source's share of referrals that pass screening's rule and are accepted; undefined = screening.eligible's. */
  eligible?: Provenance & { p: Schedule };
  /** This source's needs and complexity, where they differ from the scenario's attributes. */
  attributes?: Attributes;
  /** Referrers stop referring: while `service`'s waiting list is at least `atLeast`, the rate is multiplied by `factor`. */
  whenWaiting?: { service: string; atLeast: number; factor: number };
}

/** A one-off group of people who arrive together at `at`. */
export interface Cohort extends Provenance {
  at: number;
  count: number;
  /** State they enter; undefined = they are referred and go through screening. */
  state?: string;
}

/** Existing clients at time 0, already in a state. */
export interface InitialGroup extends Provenance {
  state: string;
  count: number;
}

export interface NeedSpec extends Provenance {
  prevalence: number;
}

export interface Attributes {
  needs: Partial<Record<Need, NeedSpec>>;
  complexity: Provenance & { distribution: Dist; reference: number };
}

/** Who is eligible by their attributes: enough of the listed needs, and a complexity score at or above a threshold. */
export interface EligibilityRule {
  needs?: { atLeast: number; of: Need[] };
  complexity?: { atLeast: Schedule };
}

/** Screening and assessment at the front door. */
export interface Screening {
  /** Share of referrals that are eligible: those meeting `rule` are accepted with probability `p` (other reasons). */
  eligible: Provenance & { p: Schedule; rule: EligibilityRule };
  /** Time from referral to the screening decision, years. */
  assessment: Provenance & { duration: Dist };
  /** Share of eligible people who go on to start support; the rest leak away. */
  starts: Provenance & { p: Schedule };
  /** Entry states and their probabilities (sum to 1). */
  entry: Branch[];
  /** At most `count` eligible referrals accepted in each window of `per` years (from time 0), until `until`. */
  cap?: Provenance & { count: number; per: number; until: number };
}

/** A service with capacity: a staff team or a set of beds. */
export interface Service extends Provenance {
  name: string;
  /** Weighted places: staff FTE × caseload per worker, or beds; Infinity = unlimited. */
  capacity: number;
  /** Capacity changes over time (recruitment, funding ending). */
  changes: { at: number; capacity: number }[];
  discipline: 'fifo' | 'priority';
  /** Time a person will wait before leaving the list; undefined = waits indefinitely. */
  patience?: Dist;
  /** How capacity was given, for reports: staff and caseload (or throughput, turned into a caseload), or beds. */
  staff?: { fte: number; caseloadPerWorker: number; throughput?: number };
  /** Staffing that changes by itself: posts left and recruited to, and absence; places follow the FTE at work. */
  staffing?: Staffing;
  /** Contacts the service can take a year (pro rata per period); Infinity = no limit. */
  contactLimit?: number;
  /** When the service opens (years); before then it has no capacity. 0 = from the start. */
  opens: number;
}

/** Posts of `postSize` FTE that staff leave at a turnover rate and take a recruitment delay to fill, and that lose their places while absent. */
export interface Staffing extends Provenance {
  postSize: number;
  turnover?: { rate: number; recruitment: Dist };
  absence?: { rate: number; duration: Dist };
}

/** A stream of contacts (visits, calls, onward referrals) a person in a state makes. */
export interface Contact extends Provenance {
  name: string;
  /** Contacts per year, piecewise in time since entering the state. */
  rate: RatePieces;
  /** The service whose contact limit the contacts count toward. */
  service?: string;
  /** Share of contacts that lead to an onward referral. */
  onward: number;
  modifiers: Modifiers;
}

/** Hazard per year, piecewise constant in time since entering the state: each piece holds until `until` (the last is Infinity). */
export type RatePieces = { rate: number; until: number }[];

/** A competing exit from a state, with a hazard rate per year. */
export interface Exit extends Provenance {
  /** The exit's name, its key in the file (move-on, disengaged). */
  name: string;
  /** Target state; undefined = leaves the caseload for good (death, moved away). */
  to?: string;
  reason: string;
  rate: RatePieces;
  /** Dated changes: from `at` (years from the start) the hazard is `rate`. */
  changes: { at: number; rate: RatePieces }[];
  modifiers: Modifiers;
}

/** One branch of a probabilistic choice. */
export interface Branch extends Provenance {
  /** The branch's name, its key in the file. */
  name: string;
  to?: string;
  reason: string;
  p: Schedule;
  modifiers: Modifiers;
}

/** A phase of a stay, by time in state: service use and costs can differ by phase; the pathway does not. */
export interface Phase extends Provenance {
  name: string;
  /** Time in state (years) when the phase ends; Infinity for the last. */
  until: number;
}

/** A pathway state: where a person is, which tier and service, and how they leave. */
export interface State extends Provenance {
  name: string;
  tier: Tier;
  /** Service whose capacity this state uses; undefined = no capacity limit. */
  service?: string;
  /** Caseload weight: share of one place this state takes (intensive 1, drop-in 0.2). */
  weight: number;
  /** Competing hazards. */
  exits: Exit[];
  /** A sojourn time that competes with the hazards; when it ends, one of `next` is taken. */
  duration?: Provenance & { distribution: Dist; modifiers: Modifiers };
  next: Branch[];
  /** Phases by time in state; one phase named as the state when none are given. */
  phases: Phase[];
  /** When the state opens (years): before then no move leads into it. 0 = from the start. */
  opens: number;
  /** Allocation in batches: the duration ends at the next meeting, held every this many years (0 = no meetings). */
  allocatedEvery?: number;
  contacts?: Contact[];
}

/** Closing the books: referrals are turned away from when the weighted caseload reaches `closeAbove` until it falls below `reopenBelow`. */
export interface Books extends Provenance {
  closeAbove: number;
  reopenBelow: number;
  /** Measure the service's weighted load instead of the whole open caseload. */
  service?: string;
}

export interface Policy extends Provenance {
  closure: Closure;
  /** Policy switches at absolute times. */
  changes: { at: number; closure: Closure }[];
  /** Priority of people returning from a lighter tier over new referrals in waiting lists. */
  returnersFirst: boolean;
  books?: Books;
}

/** A window of simulated time, in years from the start: [from, to). */
export interface Window {
  from: number;
  to: number;
}

/** Which counts a target can add up over a window. */
export type CountOf = 'referrals' | 'eligible' | 'starts' | 'spells' | 'moves' | 'exits' | 'contacts' | 'onward' | 'turnedAway';

/** A count over a window: entries, spells of intensive support ended, moves or exits, optionally filtered. */
export interface CountMeasure {
  kind: 'count';
  of: CountOf;
  /** Referral source (referrals, eligible, starts). */
  source?: string;
  /** Reason of the move that ended a spell, of a move, or of an exit. */
  reason?: string;
  /** The kind of contact (contacts, onward). */
  contact?: string;
  /** Moves from and to these states ("" = out of the caseload). */
  from?: string[];
  to?: string[];
  window: Window;
}

/** What a target measures, simulated as the report measured it. */
export type Measure =
  | CountMeasure
  /** Open cases in these states at a time. */
  | { kind: 'open'; states: string[]; at: number }
  /** People waiting for a service at a time. */
  | { kind: 'waiting'; service: string; at: number }
  /** Mean time in intensive support, in days, before an exit for a reason, among those who exited in the window. */
  | { kind: 'meanDays'; reason: string; window: Window }
  /** Distinct people who were in any of these states at some time in the window. */
  | { kind: 'users'; states: string[]; window: Window }
  /** One count as a share of another, e.g. eligible of referrals. */
  | { kind: 'share'; numerator: CountMeasure; denominator: CountMeasure };

/** A figure a report observed, which the scenario should reproduce: checked by `casecast check`, fitted by `casecast calibrate`. */
export interface Target extends Provenance {
  name: string;
  observed: number;
  /** Its standard error: given, from a range (as a 95% interval), or Poisson for a count. */
  sd: number;
  measure: Measure;
  /** Why the structure may not reach it, when the file says so. */
  note?: string;
}

export interface Scenario extends Provenance {
  name: string;
  description: string;
  /** Calendar date of time 0 (YYYY-MM-DD), when dates are used. */
  start?: string;
  /** Citations: key (e.g. "000") → full reference. */
  sources: Record<string, string>;
  /** Years simulated. */
  horizon: number;
  /** Reporting period, years (1/12 = monthly). */
  period: number;
  referrals: ReferralStream[];
  cohorts: Cohort[];
  initial: InitialGroup[];
  attributes: Attributes;
  screening: Screening;
  services: Service[];
  states: State[];
  policy: Policy;
  /** Costs, savings and appraisal; absent for a caseload-only scenario. */
  economics?: Economics;
  /** Parameter uncertainty: what `casecast run` draws parameter sets from; absent when the scenario states none. */
  uncertainty?: Uncertainty;
  /** What the evaluation observed, for `casecast check` and `casecast calibrate`. */
  targets: Target[];
}
