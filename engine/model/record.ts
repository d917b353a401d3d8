/** What a snapshot reads of a service's capacity. */
export interface Capacity {
  readonly inUse: number;
  readonly capacity: number;
  readonly queueLength: number;
  readonly queueAmount: number;
}
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
  /** People waiting for their first place (never started), and everyone waiting who is not an open case (first places and re-referred closed cases). */
  waitingForFirstPlace: Float64Array;
  waitingNotOpen: Float64Array;
  /** Entries by kind (entryKinds order), per period. */
  entries: Float64Array[];
  /** Exits from the open caseload by reason key, per period. */
  exits: Record<string, Float64Array>;
  /** Transitions by reason, per period. */
  transitions: Record<string, Float64Array>;
  /** Transitions by kind of move (the model's moves: from, to and reason), per period. */
  moves: Float64Array[];
  /** Spells of intensive support that ended, by the reason of the move that ended them: how many, and their total length (years), per period. */
  spellCount: Record<string, Float64Array>;
  spellYears: Record<string, Float64Array>;
  /** Every spell that ended, in order: reason (index into the model's reasons), when (years) and its length (years). */
  spellLog: { reason: Int32Array; at: Float64Array; length: Float64Array };
  /** Referrals, eligible referrals and starts by source (the model's sources), per period. */
  bySource: { referrals: Float64Array[]; eligible: Float64Array[]; started: Float64Array[] };
  /** Distinct people in each of the model's user windows (its `users` targets). */
  users: Float64Array;
  reneged: Float64Array;
  /** Sum and count of waits (years) of those granted a place in each period. */
  waitSum: Float64Array;
  waitCount: Float64Array;
  cumulativeSupported: Float64Array;
  /** Cumulative caseload entries and exits, for the conservation check. */
  cumulativeOpened: Float64Array;
  cumulativeExits: Float64Array;
  /** Person-years in each period by unit (a state's phase): open cases; closed (discharged) people by the lighter state they are in. */
  openYears: Float64Array[];
  closedYears: Float64Array[];
  /** Closed person-years weighted by the benefit still persisting, (1 − dropOff)^(years since closing). */
  closedPersisting: Float64Array[];
  /** Person-years of everyone who has started support and has not left the population (died, moved away). */
  populationYears: Float64Array;
  /** The model's dynamics series (staff in post, contacts, referrals turned away), per period. */
  dynamics: Float64Array[];
  events: number;
  people: number;
}

/** Collects a replication's counts as the pathway runs, and snapshots them each period. */
export class Recorder {
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
  /** Exits this period by reason (index reason + 1, 0 the policy closure), left and closed. */
  private readonly leftNow: Float64Array;
  private readonly closedNow: Float64Array;
  /** Each reason's series (by the same index) in `out.exits`, or null when it cannot happen. */
  private readonly leftSeries: (Float64Array | null)[];
  private readonly closedSeries: (Float64Array | null)[];
  private readonly transitionSeries: Float64Array[];
  /** The series of spells ended by each reason that can end one: [reason index, count, years]. */
  private readonly spellSeries: [number, Float64Array, Float64Array][];
  private renegedNow = 0;
  private readonly movesNow: Float64Array;
  private readonly sourceNow: Float64Array[];
  private readonly spellCountNow: Float64Array;
  private readonly spellYearsNow: Float64Array;
  private readonly log: { reason: number[]; at: number[]; length: number[] } = { reason: [], at: [], length: [] };
  private readonly waitingKinds = new Float64Array(3);
  /** Referrals screened before the run, by period and source: [referred, eligible] pairs. */
  private readonly early: Float64Array;
  /** Eligible referrals that will not start, by the period their assessment ends in. */
  private readonly earlyNeverStarted: Float64Array;
  private readonly usersSeen: Set<number>[] = [];
  private waitSumNow = 0;
  private waitCountNow = 0;
  private readonly open: TimeWeighted[];
  private readonly closed: TimeWeighted[];
  private readonly population = new TimeWeighted();
  private readonly persisting: Persistence[];
  /** Counts this period of the model's dynamics series that are counts (levels are written directly). */
  private readonly dynamicNow: Float64Array;
  private readonly dynamicCounts: number[];

  constructor(model: CompiledModel) {
    const P = model.periods;
    // Every series is a view on one buffer: one allocation a replication instead of one a series.
    const slab = new Float64Array(P * seriesCount(model));
    let used = 0;
    const series = (): Float64Array => {
      if (used === slab.length / P) throw new Error('seriesCount is short of the series a replication records');
      return slab.subarray(P * used, P * ++used);
    };
    const finite = model.services.filter((s) => s.finite);
    this.stateCounts = new Float64Array(model.states.length);
    this.tierOf = model.states.map((s) => tiers.indexOf(s.tier));
    this.entryNow = new Float64Array(entryKinds.length);
    this.open = model.units.map(() => new TimeWeighted());
    this.closed = model.units.map(() => new TimeWeighted());
    const dropOff = model.scenario.economics?.appraisal.dropOff ?? 0;
    this.persisting = model.units.map(() => new Persistence(1 - dropOff));
    this.transitionNow = new Float64Array(model.reasons.length);
    this.movesNow = new Float64Array(model.moves.length);
    this.sourceNow = model.sources.map(() => new Float64Array(3));
    this.early = new Float64Array(P * model.sources.length * 2);
    this.earlyNeverStarted = new Float64Array(P);
    this.spellCountNow = new Float64Array(model.reasons.length);
    this.spellYearsNow = new Float64Array(model.reasons.length);
    const intensiveEnds = spellReasons(model);
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
      waitingForFirstPlace: series(),
      waitingNotOpen: series(),
      entries: entryKinds.map(series),
      exits: {},
      transitions: Object.fromEntries(model.reasons.map((r) => [r, series()])),
      moves: model.moves.map(series),
      spellCount: Object.fromEntries(intensiveEnds.map((r) => [r, series()])),
      spellYears: Object.fromEntries(intensiveEnds.map((r) => [r, series()])),
      spellLog: { reason: new Int32Array(0), at: new Float64Array(0), length: new Float64Array(0) },
      bySource: { referrals: model.sources.map(series), eligible: model.sources.map(series), started: model.sources.map(series) },
      users: new Float64Array(model.userWindows.length),
      reneged: series(),
      waitSum: series(),
      waitCount: series(),
      cumulativeSupported: series(),
      cumulativeOpened: series(),
      cumulativeExits: series(),
      openYears: model.units.map(series),
      closedYears: model.units.map(series),
      closedPersisting: model.units.map(series),
      populationYears: series(),
      dynamics: model.dynamics.map(series),
      events: 0,
      people: 0,
    };
    for (const key of exitKeys(model)) this.out.exits[key] = series();
    if (used * P !== slab.length) throw new Error('seriesCount counts more series than a replication records');
    const named = ['', ...model.reasons].map((r, i) => (i === 0 ? policyClosure : r));
    this.leftNow = new Float64Array(named.length);
    this.closedNow = new Float64Array(named.length);
    this.leftSeries = named.map((r, i) => (i === 0 ? null : this.out.exits[r] ?? null));
    this.closedSeries = named.map((r) => this.out.exits[`closed: ${r}`] ?? null);
    this.transitionSeries = model.reasons.map((r) => this.out.transitions[r]);
    this.spellSeries = intensiveEnds.map((r) => [model.reasons.indexOf(r), this.out.spellCount[r], this.out.spellYears[r]]);
    this.dynamicNow = new Float64Array(model.dynamics.length);
    this.dynamicCounts = model.dynamics.flatMap((d, i) => (d.kind === 'count' ? [i] : []));
  }

  /** Adds to dynamics count series `i` this period. */
  count(i: number, x = 1): void {
    this.dynamicNow[i] += x;
  }
  /** Sets dynamics level series `i` for period k. */
  level(i: number, k: number, value: number): void {
    this.out.dynamics[i][k] = value;
  }
  /** A person enters or leaves a front-door stage: counted in the stage, not in the open caseload. */
  enterStage(s: number): void {
    this.stateCounts[s]++;
  }
  leaveStage(s: number): void {
    this.stateCounts[s]--;
  }

  referral(source: number): void {
    this.entryNow[0]++;
    this.sourceNow[source][0]++;
  }
  ineligible(): void { this.entryNow[1]++; }
  eligible(source: number): void { this.sourceNow[source][1]++; }
  /**
   * A referral screened before the run, counted into period k's snapshot:
   * arrivals are screened as they are generated, since screening depends on
   * the person and the date alone.
   */
  screenedIn(k: number, source: number, eligible: boolean): void {
    const at = k * this.sourceNow.length + source;
    this.early[at * 2]++;
    if (eligible) this.early[at * 2 + 1]++;
  }
  /** An eligible referral that will not start, counted into period k, where its assessment ends. */
  neverStartedIn(k: number): void {
    this.earlyNeverStarted[k]++;
  }
  neverStarted(): void { this.entryNow[2]++; }
  started(now: number, source: number): void {
    this.entryNow[3]++;
    this.sourceNow[source][2]++;
    this.supported++;
    this.population.add(now, 1);
  }
  /** A person starts or stops waiting for a place, as an open case (0), a re-referred closed case (1) or a first place (2). */
  waitStart(kind: number): void { this.waitingKinds[kind]++; }
  waitEnd(kind: number): void { this.waitingKinds[kind]--; }
  /** Person `id` is in a state counted by user window `w`: counted once per window. */
  user(w: number, id: number): void {
    const seen = (this.usersSeen[w] ??= new Set<number>());
    if (seen.has(id)) return;
    seen.add(id);
    this.out.users[w]++;
  }

  /** A spell of intensive support ends, `length` years after it began. */
  spellEnd(now: number, reason: number, length: number): void {
    this.spellCountNow[reason]++;
    this.spellYearsNow[reason] += length;
    this.log.reason.push(reason);
    this.log.at.push(now);
    this.log.length.push(length);
  }
  /** A stay moves from one phase to the next: its person-years count toward the new unit from now. */
  phase(now: number, from: number, to: number, open: boolean, closedAt: number): void {
    if (open) {
      this.open[from].add(now, -1);
      this.open[to].add(now, 1);
    } else {
      this.shadowOut(now, from, closedAt);
      this.shadowIn(now, to, closedAt);
    }
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

  transition(reason: number, move: number): void {
    this.transitionNow[reason]++;
    if (move >= 0) this.movesNow[move]++;
  }

  /** A case leaves the open caseload; `closed` marks a closure by policy rather than a leaving. */
  exit(reason: number, closed = false): void {
    if (closed) this.closedNow[reason + 1]++;
    else this.leftNow[reason + 1]++;
    this.exited++;
  }

  enterState(now: number, s: number, unit: number, weight: number): void {
    this.open[unit].add(now, 1);
    this.stateCounts[s]++;
    this.openNow++;
    this.weightedNow += weight;
  }

  leaveState(now: number, s: number, unit: number, weight: number): void {
    this.open[unit].add(now, -1);
    this.stateCounts[s]--;
    this.openNow--;
    this.weightedNow -= weight;
  }

  /** The weighted open caseload now. */
  get weightedOpen(): number {
    return this.weightedNow;
  }

  stateCount(s: number): number {
    return this.stateCounts[s];
  }

  /** Records period k's snapshot and the counts since the last one. */
  snapshot(now: number, k: number, resources: readonly (Capacity | null)[]): void {
    const o = this.out;
    for (let src = 0, at = k * this.sourceNow.length * 2; src < this.sourceNow.length; src++, at += 2) {
      const referred = this.early[at];
      const eligible = this.early[at + 1];
      this.entryNow[0] += referred;
      this.entryNow[1] += referred - eligible;
      this.sourceNow[src][0] += referred;
      this.sourceNow[src][1] += eligible;
    }
    this.entryNow[2] += this.earlyNeverStarted[k];
    for (let s = 0; s < this.stateCounts.length; s++) {
      o.states[s][k] = this.stateCounts[s];
      if (this.tierOf[s] >= 0) o.tiers[this.tierOf[s]][k] += this.stateCounts[s];
    }
    for (let u = 0; u < this.open.length; u++) {
      o.openYears[u][k] = this.open[u].area(now);
      this.open[u].reset(now);
      o.closedYears[u][k] = this.closed[u].area(now);
      this.closed[u].reset(now);
      o.closedPersisting[u][k] = this.persisting[u].take(now);
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
    o.waitingForFirstPlace[k] = this.waitingKinds[2];
    o.waitingNotOpen[k] = this.waitingKinds[1] + this.waitingKinds[2];
    for (let m = 0; m < this.movesNow.length; m++) o.moves[m][k] = this.movesNow[m];
    this.movesNow.fill(0);
    for (let src = 0; src < this.sourceNow.length; src++) {
      o.bySource.referrals[src][k] = this.sourceNow[src][0];
      o.bySource.eligible[src][k] = this.sourceNow[src][1];
      o.bySource.started[src][k] = this.sourceNow[src][2];
      this.sourceNow[src].fill(0);
    }
    for (const [i, count, years] of this.spellSeries) {
      count[k] = this.spellCountNow[i];
      years[k] = this.spellYearsNow[i];
    }
    this.spellCountNow.fill(0);
    this.spellYearsNow.fill(0);
    for (let e = 0; e < entryKinds.length; e++) o.entries[e][k] = this.entryNow[e];
    this.entryNow.fill(0);
    for (let r = 0; r < this.transitionSeries.length; r++) this.transitionSeries[r][k] = this.transitionNow[r];
    this.transitionNow.fill(0);
    for (let r = 0; r < this.leftNow.length; r++) {
      if (this.leftNow[r] > 0) exitSeries(this.leftSeries[r], r, false)[k] = this.leftNow[r];
      if (this.closedNow[r] > 0) exitSeries(this.closedSeries[r], r, true)[k] = this.closedNow[r];
    }
    this.leftNow.fill(0);
    this.closedNow.fill(0);
    o.reneged[k] = this.renegedNow;
    o.waitSum[k] = this.waitSumNow;
    o.waitCount[k] = this.waitCountNow;
    this.renegedNow = this.waitSumNow = this.waitCountNow = 0;
    o.cumulativeSupported[k] = this.supported;
    o.cumulativeOpened[k] = this.openedCount;
    o.cumulativeExits[k] = this.exited;
    for (const i of this.dynamicCounts) {
      o.dynamics[i][k] = this.dynamicNow[i];
      this.dynamicNow[i] = 0;
    }
  }

  output(events: number, people: number): ReplicationOutput {
    this.out.spellLog = { reason: Int32Array.from(this.log.reason), at: Float64Array.from(this.log.at), length: Float64Array.from(this.log.length) };
    this.out.events = events;
    this.out.people = people;
    return this.out;
  }
}

/** How many per-period series a replication's output holds (see the Recorder's constructor). */
function seriesCount(model: CompiledModel): number {
  const finite = model.services.filter((s) => s.finite).length;
  const S = model.sources.length;
  const U = model.units.length;
  return model.states.length + tiers.length + 2 + 4 * finite + 3 + entryKinds.length + exitKeys(model).length + model.reasons.length + model.moves.length + 2 * spellReasons(model).length + 3 * S + 3 + 3 + 3 * U + 1 + model.dynamics.length;
}

/** An exit's series; one the model cannot record is a bug in exitKeys. */
function exitSeries(series: Float64Array | null, reason: number, closed: boolean): Float64Array {
  if (series === null) throw new Error(`exit ${closed ? 'closed ' : ''}by reason ${reason - 1} has no series: exitKeys misses it`);
  return series;
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
    // Re-anchor at now so the stored powers stay near 1 (nothing to scale when nobody is carried).
    if (this.sum !== 0) this.sum *= this.q ** (now - this.anchor);
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
    if (st.frontDoor) continue; // routes out of a stage leave before support: counted as moves, not exits
    for (const e of st.exits) add(e.to, e.reason);
    for (const b of st.next) add(b.to, b.reason);
  }
  if (discharge) keys.add(`closed: ${policyClosure}`);
  return [...keys];
}

/** The reasons of every move that can end a spell of intensive support: from an intensive state to any other tier, or out. */
export function spellReasons(model: CompiledModel): string[] {
  const keys = new Set<string>();
  for (const st of model.states) {
    if (!st.intensive) continue;
    for (const m of [...st.exits, ...st.next]) if (m.to < 0 || !model.states[m.to].intensive) keys.add(model.reasons[m.reason]);
  }
  return [...keys];
}
