/**
 * A validated scenario, as the model reads it. The loader turns scenario text
 * (YAML or JSON, with units such as "6 months" and "160 per year") into this
 * shape: every time is in years, every rate is per year, every default filled.
 */
import type { DistributionSpec } from '../des/distributions.ts';
import type { Economics } from '../economics/schema.ts';

/** Where a figure comes from: a report citation, or an assumption and its reason. */
export interface Provenance {
  source?: string;
  assumption?: string;
}

/** Support tiers. Intensive and custody are open and active; drop-in and dormant are the lighter tiers kept open under "no closed cases". */
export type Tier = 'intensive' | 'custody' | 'drop-in' | 'dormant';
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

/** A stream of referrals arriving as a Poisson process with a time-varying rate. */
export interface ReferralStream extends Provenance {
  name: string;
  rate: RateSchedule;
  /** Linear ramp-up: the rate rises from 0 to its scheduled value over this many years (0 = none). */
  rampUp: number;
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

/** Screening and assessment at the front door. */
export interface Screening {
  /** Share of referrals that are eligible. */
  eligible: Provenance & { p: number };
  /** Time from referral to the screening decision, years. */
  assessment: Provenance & { duration: Dist };
  /** Share of eligible people who go on to start support; the rest leak away. */
  starts: Provenance & { p: number };
  /** Entry states and their probabilities (sum to 1). */
  entry: Branch[];
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
  /** How capacity was given, for reports: staff and caseload, or beds. */
  staff?: { fte: number; caseloadPerWorker: number };
}

/** A competing exit from a state, with a hazard rate per year. */
export interface Exit extends Provenance {
  /** Target state; undefined = leaves the caseload for good (death, moved away). */
  to?: string;
  reason: string;
  /** Hazard per year, piecewise constant in time since entering the state. */
  rate: { rate: number; until: number }[];
  modifiers: Modifiers;
}

/** One branch of a probabilistic choice. */
export interface Branch extends Provenance {
  to?: string;
  reason: string;
  p: number;
  modifiers: Modifiers;
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
}

export interface Policy extends Provenance {
  closure: Closure;
  /** Policy switches at absolute times. */
  changes: { at: number; closure: Closure }[];
  /** Priority of people returning from a lighter tier over new referrals in waiting lists. */
  returnersFirst: boolean;
}

export interface Scenario extends Provenance {
  name: string;
  description: string;
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
}
