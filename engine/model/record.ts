import type { Resource } from '../des/resource.ts';
import { TimeWeighted } from '../des/statistics.ts';
import type { CompiledModel } from './compile.ts';
import { lighterTiers, type Tier } from './scenario.ts';

export const tiers: readonly Tier[] = ['intensive', 'custody', 'drop-in', 'dormant'];

/** Kinds of entry counted each period. */
export const entryKinds = ['referrals', 'ineligible', 'neverStarted', 'started', 'reReferrals', 'reopened', 'returned'] as const;
export type EntryKind = (typeof entryKinds)[number];

/** The reason recorded when a policy switch to discharge closes lighter-tier cases. */
export const policyClosure = 'policy change';

/**
 * One replication's output: per reporting period, snapshots at the period end
 * and counts of what happened during it. Plain typed arrays, so it can cross a
 * worker boundary cheaply.
 */
export interface ReplicationOutput {
  states: Float64Array[];
  tiers: Float64Array[];
  total: Float64Array;
  weighted: Float64Array;
  /** Per finite service: weighted load, capacity, people waiting, and demand (load plus the weight of those waiting). */
  load: Float64Array[];
  capacity: Float64Array[];
  waiting: Float64Array[];
  demand: Float64Array[];
  waitingTotal: Float64Array;
  /** Entries by kind (entryKinds order), per period. */
  entries: Float64Array[];
  /** Exits from the open caseload by reason key, per period. */
  exits: Record<string, Float64Array>;
  /** Transitions by reason, per period. */
  transitions: Record<string, Float64Array>;
  reneged: Float64Array;
  /** Sum and count of waits (years) of those granted a place in each period. */
  waitSum: Float64Array;
  waitCount: Float64Array;
  cumulativeSupported: Float64Array;
  /** Cumulative caseload entries and exits, for the conservation check. */
  cumulativeOpened: Float64Array;
  cumulativeExits: Float64Array;
  /** Person-years in each period: open cases by state; closed (discharged) people by the lighter state they are in. */
  openYears: Float64Array[];
  closedYears: Float64Array[];
  /** Closed person-years weighted by the benefit still persisting, (1 − dropOff)^(years since closing). */
  closedPersisting: Float64Array[];
  /** Person-years of everyone who has started support and has not left the population (died, moved away). */
  populationYears: Float64Array;
  events: number;
  people: number;
}

/** Collects a replication's counts as the pathway runs, and snapshots them each period. */
export class Recorder {
  private readonly model: CompiledModel;
  private readonly out: ReplicationOutput;
  private readonly stateCounts: Float64Array;
  private readonly tierOf: number[];
  private weightedNow = 0;
  private openNow = 0;
  private openedCount = 0;
  private exited = 0;
  private supported = 0;
  private readonly entryNow: Float64Array;
  private readonly transitionNow: Float64Array;
  private readonly exitNow = new Map<string, number>();
  private renegedNow = 0;
  private waitSumNow = 0;
  private waitCountNow = 0;
  private readonly open: TimeWeighted[];
  private readonly closed: TimeWeighted[];
  private readonly population = new TimeWeighted();
  private readonly persisting: Persistence[];

  constructor(model: CompiledModel) {
    this.model = model;
    const P = model.periods;
    const series = (): Float64Array => new Float64Array(P);
    const finite = model.services.filter((s) => s.finite);
    this.stateCounts = new Float64Array(model.states.length);
    this.tierOf = model.states.map((s) => tiers.indexOf(s.tier));
    this.entryNow = new Float64Array(entryKinds.length);
    this.open = model.states.map(() => new TimeWeighted());
    this.closed = model.states.map(() => new TimeWeighted());
    const dropOff = model.scenario.economics?.appraisal.dropOff ?? 0;
    this.persisting = model.states.map(() => new Persistence(1 - dropOff));
    this.transitionNow = new Float64Array(model.reasons.length);
    this.out = {
      states: model.states.map(series),
      tiers: tiers.map(series),
      total: series(),
      weighted: series(),
      load: finite.map(series),
      capacity: finite.map(series),
      waiting: finite.map(series),
      demand: finite.map(series),
      waitingTotal: series(),
      entries: entryKinds.map(series),
      exits: {},
      transitions: Object.fromEntries(model.reasons.map((r) => [r, series()])),
      reneged: series(),
      waitSum: series(),
      waitCount: series(),
      cumulativeSupported: series(),
      cumulativeOpened: series(),
      cumulativeExits: series(),
      openYears: model.states.map(series),
      closedYears: model.states.map(series),
      closedPersisting: model.states.map(series),
      populationYears: series(),
      events: 0,
      people: 0,
    };
    for (const key of exitKeys(model)) this.out.exits[key] = series();
  }

  referral(): void { this.entryNow[0]++; }
  ineligible(): void { this.entryNow[1]++; }
  neverStarted(): void { this.entryNow[2]++; }
  started(now: number): void {
    this.entryNow[3]++;
    this.supported++;
    this.population.add(now, 1);
  }
  leftPopulation(now: number): void { this.population.add(now, -1); }
  shadowIn(now: number, s: number, closedAt: number): void {
    this.closed[s].add(now, 1);
    this.persisting[s].add(now, closedAt, 1);
  }
  shadowOut(now: number, s: number, closedAt: number): void {
    this.closed[s].add(now, -1);
    this.persisting[s].add(now, closedAt, -1);
  }
  reReferred(): void { this.entryNow[4]++; }
  reopened(): void { this.entryNow[5]++; }
  returned(): void { this.entryNow[6]++; }
  reneged(): void { this.renegedNow++; }
  opened(): void { this.openedCount++; }

  granted(wait: number): void {
    this.waitSumNow += wait;
    this.waitCountNow++;
  }

  transition(reason: number): void {
    this.transitionNow[reason]++;
  }

  /** A case leaves the open caseload; `closed` marks a closure by policy rather than a leaving. */
  exit(reason: number, closed = false): void {
    const name = reason < 0 ? policyClosure : this.model.reasons[reason];
    const key = closed ? `closed: ${name}` : name;
    this.exitNow.set(key, (this.exitNow.get(key) ?? 0) + 1);
    this.exited++;
  }

  enterState(now: number, s: number, weight: number): void {
    this.open[s].add(now, 1);
    this.stateCounts[s]++;
    this.openNow++;
    this.weightedNow += weight;
  }

  leaveState(now: number, s: number, weight: number): void {
    this.open[s].add(now, -1);
    this.stateCounts[s]--;
    this.openNow--;
    this.weightedNow -= weight;
  }

  stateCount(s: number): number {
    return this.stateCounts[s];
  }

  /** Records period k's snapshot and the counts since the last one. */
  snapshot(now: number, k: number, resources: (Resource | null)[]): void {
    const o = this.out;
    for (let s = 0; s < this.stateCounts.length; s++) {
      o.states[s][k] = this.stateCounts[s];
      o.tiers[this.tierOf[s]][k] += this.stateCounts[s];
      o.openYears[s][k] = this.open[s].area(now);
      this.open[s].reset(now);
      o.closedYears[s][k] = this.closed[s].area(now);
      this.closed[s].reset(now);
      o.closedPersisting[s][k] = this.persisting[s].take(now);
    }
    o.populationYears[k] = this.population.area(now);
    this.population.reset(now);
    o.total[k] = this.openNow;
    o.weighted[k] = Math.abs(this.weightedNow) < 1e-9 ? 0 : this.weightedNow;
    let f = 0;
    let waitingTotal = 0;
    for (const r of resources) {
      if (r === null) continue;
      o.load[f][k] = r.inUse;
      o.capacity[f][k] = r.capacity;
      o.waiting[f][k] = r.queueLength;
      o.demand[f][k] = r.inUse + r.queueAmount;
      waitingTotal += r.queueLength;
      f++;
    }
    o.waitingTotal[k] = waitingTotal;
    for (let e = 0; e < entryKinds.length; e++) o.entries[e][k] = this.entryNow[e];
    this.entryNow.fill(0);
    this.model.reasons.forEach((r, i) => (o.transitions[r][k] = this.transitionNow[i]));
    this.transitionNow.fill(0);
    for (const [key, n] of this.exitNow) o.exits[key][k] = n;
    this.exitNow.clear();
    o.reneged[k] = this.renegedNow;
    o.waitSum[k] = this.waitSumNow;
    o.waitCount[k] = this.waitCountNow;
    this.renegedNow = this.waitSumNow = this.waitCountNow = 0;
    o.cumulativeSupported[k] = this.supported;
    o.cumulativeOpened[k] = this.openedCount;
    o.cumulativeExits[k] = this.exited;
  }

  output(events: number, people: number): ReplicationOutput {
    this.out.events = events;
    this.out.people = people;
    return this.out;
  }
}

/**
 * The integral over time of Σ q^(t − closedAt) over the people present: how
 * much of their closed cases' benefit persists, with a fraction 1 − q lost each
 * year. Kept as A = Σ q^(T − closedAt) relative to an anchor time T, so the
 * powers stay small however long the horizon.
 */
export class Persistence {
  private readonly q: number;
  private readonly logQ: number;
  private anchor = 0;
  private sum = 0; // A at the anchor
  private last = 0;
  private area = 0;

  constructor(q: number) {
    this.q = q;
    this.logQ = Math.log(q);
  }

  add(now: number, closedAt: number, sign: 1 | -1): void {
    this.advance(now);
    if (this.q === 0) return; // everything is lost at once: nothing to carry
    this.sum += sign * this.q ** (this.anchor - closedAt);
  }

  /** The integral since the last take, up to now; restarts it there. */
  take(now: number): number {
    this.advance(now);
    const a = this.area;
    this.area = 0;
    // Re-anchor at now so the stored powers stay near 1.
    this.sum *= this.q ** (now - this.anchor);
    this.anchor = now;
    return Math.abs(a) < 1e-12 ? 0 : a;
  }

  private advance(now: number): void {
    const t0 = this.last - this.anchor;
    const t1 = now - this.anchor;
    if (t1 > t0 && this.sum !== 0) {
      // ∫ A q^t dt over [t0, t1]; with q = 1 nothing decays, with q = 0 nothing persists.
      this.area += this.q === 1 ? this.sum * (t1 - t0) : this.q === 0 ? 0 : (this.sum * (this.q ** t1 - this.q ** t0)) / this.logQ;
    }
    this.last = now;
  }
}

/** Every exit key a model can record: leaving reasons, and (when discharge can apply) closures of moves into lighter tiers. */
export function exitKeys(model: CompiledModel): string[] {
  const policy = model.scenario.policy;
  const discharge = policy.closure === 'discharge' || policy.changes.some((c) => c.closure === 'discharge');
  const keys = new Set<string>();
  const add = (to: number, reason: number): void => {
    if (to < 0) keys.add(model.reasons[reason]);
    else if (discharge && lighterTiers.includes(model.states[to].tier)) keys.add(`closed: ${model.reasons[reason]}`);
  };
  for (const st of model.states) {
    for (const e of st.exits) add(e.to, e.reason);
    for (const b of st.next) add(b.to, b.reason);
  }
  if (discharge) keys.add(`closed: ${policyClosure}`);
  return [...keys];
}
