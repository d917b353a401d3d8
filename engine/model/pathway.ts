import { nextSubstream, seedSubstream, type RandomStreams, type Rng } from '../des/rng.ts';
import { Priority, Simulation } from '../des/simulation.ts';
import { branchP, modifierFactor, type CompiledBranch, type CompiledModel, type CompiledState } from './compile.ts';
import { Places } from './places.ts';
import { Recorder, type ReplicationOutput } from './record.ts';
import { staffTimeline } from './staffing.ts';
import type { Closure, Scenario, Schedule } from './scenario.ts';
import { scheduleAt } from './schedule.ts';

/** A schedule's value now; most have no changes, so skip the search. */
const valueAt = (s: Schedule, now: number): number => (s.changes.length === 0 ? s.value : scheduleAt(s, now));

/**
 * Everyone a replication has referred, one slot per person in typed arrays
 * (structure of arrays), so a referral allocates nothing the collector must
 * trace: most referrals are screened out and never start. A person's random
 * stream is four words in `rng`. One store is kept and reused by the
 * replications a thread runs, growing to the largest.
 */
class People {
  capacity = 0;
  rng = new Int32Array(0);
  needs = new Int32Array(0);
  /** Complexity score minus the model's reference. */
  complexityOffset = new Float64Array(0);
  /** Whether needs and complexity have been drawn (only for people who get past screening). */
  profiled = new Uint8Array(0);
  /** Current state index, or -1 (not yet started, waiting, or gone). */
  state = new Int32Array(0);
  enteredAt = new Float64Array(0);
  /** Counted in the open caseload (0 for discharged people whose return is still simulated). */
  open = new Uint8Array(0);
  started = new Uint8Array(0);
  /** The scheduled end of the current stay, or -1. */
  event = new Float64Array(0);
  /** When the duration clock of the current state ends (absolute), or Infinity. */
  durationEnd = new Float64Array(0);
  /** Next move when `event` fires: a target state (-1 = leave), its reason and its index in the model's moves. */
  nextTo = new Int32Array(0);
  nextReason = new Int32Array(0);
  nextMove = new Int32Array(0);
  /** The phase (accounting unit) of the current stay, and the event that ends it, or -1. */
  unit = new Int32Array(0);
  phase = new Int32Array(0);
  phaseEvent = new Float64Array(0);
  /** When the current spell of intensive support began. */
  spellStart = new Float64Array(0);
  /** What the person is waiting as, while pending: 0 an open case, 1 a closed case re-referred, 2 a first place. */
  waitKind = new Uint8Array(0);
  /** The referral source (index into the scenario's referral streams), or -1. */
  source = new Int32Array(0);
  /** The service whose capacity the current state holds (-1 none), and how much. */
  claimService = new Int32Array(0);
  claimAmount = new Float64Array(0);
  /** When the case was closed (discharged), for the drop-off of its benefit. */
  closedAt = new Float64Array(0);
  /** A queued move into a full service: the service (-1 none), its entry there, and the state it leads to. */
  pendingService = new Int32Array(0);
  pendingEntry = new Int32Array(0);
  pendingTo = new Int32Array(0);
  /** Where a re-referral is headed once screened, or -1 for the entry branches. */
  referredTo = new Int32Array(0);
  /** The person's next contact (an event, or -1) and which of their state's contact kinds it is. */
  contactEvent = new Float64Array(0);
  contactKind = new Int32Array(0);

  /** Makes room for person index n; every field is assigned by name, so the object keeps one fast shape. */
  ensure(n: number): void {
    if (n < this.capacity) return;
    const size = Math.max(1024, this.capacity * 2, n + 1);
    const i32 = (a: Int32Array<ArrayBuffer>, per = 1): Int32Array<ArrayBuffer> => grow(a, new Int32Array(size * per));
    const f64 = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => grow(a, new Float64Array(size));
    const u8 = (a: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> => grow(a, new Uint8Array(size));
    this.rng = i32(this.rng, 4);
    this.needs = i32(this.needs);
    this.complexityOffset = f64(this.complexityOffset);
    this.profiled = u8(this.profiled);
    this.state = i32(this.state);
    this.enteredAt = f64(this.enteredAt);
    this.open = u8(this.open);
    this.started = u8(this.started);
    this.event = f64(this.event);
    this.durationEnd = f64(this.durationEnd);
    this.nextTo = i32(this.nextTo);
    this.nextReason = i32(this.nextReason);
    this.nextMove = i32(this.nextMove);
    this.unit = i32(this.unit);
    this.phase = i32(this.phase);
    this.phaseEvent = f64(this.phaseEvent);
    this.spellStart = f64(this.spellStart);
    this.waitKind = u8(this.waitKind);
    this.source = i32(this.source);
    this.claimService = i32(this.claimService);
    this.claimAmount = f64(this.claimAmount);
    this.closedAt = f64(this.closedAt);
    this.pendingService = i32(this.pendingService);
    this.pendingEntry = i32(this.pendingEntry);
    this.pendingTo = i32(this.pendingTo);
    this.referredTo = i32(this.referredTo);
    this.contactEvent = f64(this.contactEvent);
    this.contactKind = i32(this.contactKind);
    this.capacity = size;
  }
}

function grow<A extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(from: A, to: A): A {
  to.set(from);
  return to;
}

let spare: People | null = null;

/** The kinds of a person's events; an event's code is person × 8 + kind, fired through one dispatcher. */
const ASSESSED = 0;
const END_OF_STAY = 1;
const NEXT_PHASE = 2;
const RENEGE = 3;
/** Assessed, and already known to start (decided when the referral was screened). */
const STARTS = 4;
const CONTACT = 5;
/** A referral arrives, to be decided then: demand that responds to the service. */
const REFER = 6;

/** Options for one replication. */
export interface ReplicationOptions {
  /** Check at every period that each person is in exactly one state and the counts agree (slow: tests). */
  audit?: boolean;
  /** Called at every end of a stay, before the move it leads to: for tests that follow people one by one. */
  trace?: (move: { person: number; at: number; from: number; to: number; reason: number; open: boolean }) => void;
  /** Called when a person starts support for the first time, with their needs (a bit per need) and complexity score. */
  onStart?: (start: { person: number; at: number; needs: number; complexity: number; source: number }) => void;
}

/**
 * Simulates one replication of the pathway: referrals, screening, waiting for
 * capacity, moves between states and tiers under the closure policy, and a
 * snapshot of everything every reporting period.
 */
export function simulateReplication(model: CompiledModel, streams: RandomStreams, options: ReplicationOptions = {}): ReplicationOutput {
  const people = spare ?? new People();
  spare = null;
  try {
    return simulate(model, streams, options, people);
  } finally {
    spare = people;
  }
}

function simulate(model: CompiledModel, streams: RandomStreams, options: ReplicationOptions, P: People): ReplicationOutput {
  const sc = model.scenario;
  const states = model.states;
  const sim = new Simulation();
  const rec = new Recorder(model);
  const familyKey = streams.familyKey('people');
  let count = 0; // people referred so far: person ids are 0 .. count - 1
  const hazard = new Float64Array(64); // per-exit hazard multipliers for the person being scheduled
  let closure: Closure = sc.policy.closure;

  // People's random streams: draw(p) from person p's; `rng` is the same for distributions, drawing from person `cur`.
  let streamsOf = P.rng;
  const draw = (p: number): number => nextSubstream(streamsOf, p << 2);
  let cur = 0;
  const rng: Rng = () => nextSubstream(streamsOf, cur << 2);
  const sample = (d: { sample(rng: Rng): number }, p: number): number => {
    cur = p;
    return d.sample(rng);
  };

  /** Every person's event, by code: person × 8 + kind. */
  const dispatch = (code: number): void => {
    const p = code >>> 3;
    switch (code & 7) {
      case ASSESSED:
        return assessed(p);
      case STARTS:
        return starts(p);
      case END_OF_STAY:
        return endOfStay(p);
      case NEXT_PHASE:
        return nextPhase(p);
      case CONTACT:
        return contact(p);
      case REFER:
        return referred(p);
      default:
        return places[P.pendingService[p]]!.renege(P.pendingEntry[p]);
    }
  };

  const places = model.services.map((s) => {
    if (!s.finite) return null;
    let capacity = s.capacity;
    let changes = s.changes;
    if (s.staffing) {
      // Posts left, recruited to and absent, drawn from the team's own stream: the places follow the staff at work.
      const team = staffTimeline(s.staffing, streams.stream(`staff:${s.name}`), model.periods, sc.period);
      capacity = team.capacity;
      changes = team.changes;
      for (let k = 0; k < model.periods; k++) {
        rec.level(s.staffing.series, k, team.employed[k]);
        rec.level(s.staffing.series + 1, k, team.vacant[k]);
        rec.level(s.staffing.series + 2, k, team.absent[k]);
      }
    }
    return new Places(sim, capacity, changes, s.discipline === 'priority', { granted: onGranted, reneged: onRenege }, (p, patience) => sim.schedule(patience, dispatch, (p << 3) | RENEGE));
  });

  const newPerson = (): number => {
    const p = count++;
    if (p >= P.capacity) {
      P.ensure(p);
      streamsOf = P.rng;
    }
    seedSubstream(familyKey, p, streamsOf, p << 2);
    P.needs[p] = 0;
    P.complexityOffset[p] = 0;
    P.profiled[p] = 0;
    P.state[p] = -1;
    P.enteredAt[p] = 0;
    P.open[p] = 0;
    P.started[p] = 0;
    P.event[p] = -1;
    P.durationEnd[p] = Infinity;
    P.nextTo[p] = -1;
    P.nextReason[p] = -1;
    P.nextMove[p] = -1;
    P.unit[p] = -1;
    P.phase[p] = 0;
    P.phaseEvent[p] = -1;
    P.spellStart[p] = 0;
    P.waitKind[p] = 0;
    P.source[p] = -1;
    P.claimService[p] = -1;
    P.claimAmount[p] = 0;
    P.closedAt[p] = 0;
    P.pendingService[p] = -1;
    P.pendingEntry[p] = -1;
    P.pendingTo[p] = -1;
    P.referredTo[p] = -1;
    P.contactEvent[p] = -1;
    P.contactKind[p] = -1;
    return p;
  };

  /** Draws needs and complexity when a person first needs them: most referrals never get that far. */
  const profile = (p: number): void => {
    if (P.profiled[p]) return;
    P.profiled[p] = 1;
    const src = model.sources[P.source[p] < 0 ? cohortSource : P.source[p]];
    for (let bit = 0; bit < src.prevalence.length; bit++) if (draw(p) < src.prevalence[bit]) P.needs[p] |= 1 << bit;
    P.complexityOffset[p] = sample(src.complexity, p) - model.complexityReference;
  };

  const choose = (p: number, branches: CompiledBranch[]): CompiledBranch => {
    if (branches.length === 1) return branches[0];
    const now = sim.now;
    const needs = P.needs[p];
    const cx = P.complexityOffset[p];
    let total = 0;
    for (const b of branches) total += branchP(b, now) * modifierFactor(b.modifiers, needs, cx);
    let u = draw(p) * total;
    let last = branches[branches.length - 1];
    for (const b of branches) {
      const w = branchP(b, now) * modifierFactor(b.modifiers, needs, cx);
      if (w > 0) last = b;
      u -= w;
      if (u < 0) return b;
    }
    return last;
  };

  // ---- front door ------------------------------------------------------
  const stagedEntry = model.entry.some((b) => b.to >= 0 && states[b.to].frontDoor);
  const cohortSource = model.sources.length - 1;
  const userWindows = model.userWindows;
  const rule = model.rule;
  /** Whether the person's needs and complexity meet screening's rule at time `now`. */
  const meetsRule = (p: number, now: number): boolean => {
    if (rule === null) return true;
    let n = 0;
    for (let m = P.needs[p] & rule.needMask; m; m &= m - 1) n++;
    if (n < rule.atLeast) return false;
    return rule.complexity === null || P.complexityOffset[p] + model.complexityReference >= valueAt(rule.complexity, now);
  };
  /** Screening at time t: whether a referral from source `src` is eligible (drawing the person's profile if the rule needs it). */
  const eligibleAt = (p: number, src: number, t: number): boolean => {
    if (rule !== null) profile(p);
    return meetsRule(p, t) && draw(p) < valueAt(model.sources[src].eligible, t);
  };
  const refer = (p: number, to: number): void => {
    const src = P.source[p] < 0 ? cohortSource : P.source[p];
    rec.referral(src);
    if (!eligibleAt(p, src, sim.now)) return rec.ineligible();
    rec.eligible(src);
    if (demand !== null && !takesOn()) return rec.count(demand.turnedAway);
    P.referredTo[p] = to;
    sim.schedule(sample(model.assessment, p), dispatch, (p << 3) | ASSESSED);
  };
  function assessed(p: number): void {
    if (draw(p) >= valueAt(sc.screening.starts.p, sim.now)) return rec.neverStarted();
    starts(p);
  }
  function starts(p: number): void {
    profile(p);
    // A staged front door is passed again by everyone referred, re-referrals too.
    const to = P.referredTo[p] >= 0 && !stagedEntry ? P.referredTo[p] : choose(p, model.entry).to;
    P.referredTo[p] = -1;
    if (P.started[p]) rec.reReferred();
    moveTowards(p, to);
  }

  // ---- moves between states --------------------------------------------
  /** Moves a person into state `to`, queueing first if its service is full. */
  const moveTowards = (p: number, to: number): void => {
    profile(p);
    const st = states[to];
    const service = st.service >= 0 && !st.lighter ? st.service : -1;
    // No queue for uncapped states, lighter tiers, or moves between intensive states of the service that
    // already holds the person. A re-escalation from a lighter tier does queue: it needs a full place.
    const within = service >= 0 && P.claimService[p] === service && !states[P.state[p]].lighter;
    if (service < 0 || within) return enter(p, to, false);
    const returner = P.open[p] === 1 && P.state[p] >= 0; // re-escalating from a lighter tier, not re-referred
    const patience = model.services[service].patience;
    // Between stages of a front door the finished stage's place is given back: the person waits in the next one's list.
    if (P.state[p] >= 0 && states[P.state[p]].frontDoor) leave(p);
    P.pendingTo[p] = to;
    const wait = patience ? sample(patience, p) : Infinity;
    const entry = places[service]!.request(p, st.weight, returner && sc.policy.returnersFirst ? 0 : 1, wait);
    if (entry >= 0) {
      P.pendingService[p] = service;
      P.pendingEntry[p] = entry;
      P.waitKind[p] = !P.started[p] ? 2 : !P.open[p] ? 1 : 0;
      rec.waitStart(P.waitKind[p]);
      if (P.state[p] >= 0) arm(p, to); // keeps their current state's other clocks running
    }
  };
  /** A place is granted: at once (nothing pending yet), or after a wait since `requestedAt`. */
  function onGranted(p: number, requestedAt: number): void {
    const to = P.pendingTo[p];
    const waited = P.pendingService[p] >= 0;
    rec.granted(waited ? sim.now - requestedAt : 0);
    if (waited) rec.waitEnd(P.waitKind[p]);
    P.pendingService[p] = -1;
    P.pendingTo[p] = -1;
    enter(p, to, true);
  }
  function onRenege(p: number): void {
    P.pendingService[p] = -1;
    P.pendingTo[p] = -1;
    rec.reneged();
    rec.waitEnd(P.waitKind[p]);
    if (P.state[p] >= 0) arm(p, -2); // back to their current state's clocks in full
  }

  /** Leaves the current state (releasing its capacity) and enters `to`, holding a place granted from its queue if `granted`. */
  const enter = (p: number, to: number, granted: boolean): void => {
    const st = states[to];
    // Take the new place before giving back the old, so a move within a full service cannot let a waiting person in between.
    if (!granted && st.service >= 0) places[st.service]!.occupy(st.weight);
    if (st.frontDoor) return enterStage(p, to);
    if (st.intensive && !(P.open[p] && P.state[p] >= 0 && states[P.state[p]].intensive)) P.spellStart[p] = sim.now;
    vacate(p);
    if (!P.started[p]) {
      P.started[p] = 1;
      const source = P.source[p];
      rec.started(sim.now, source < 0 ? cohortSource : source);
      options.onStart?.({ person: p, at: sim.now, needs: P.needs[p], complexity: P.complexityOffset[p] + model.complexityReference, source });
    } else if (!P.open[p]) rec.reopened();
    if (!P.open[p]) rec.opened();
    P.open[p] = 1;
    P.state[p] = to;
    startClocks(p);
    P.claimService[p] = st.service;
    P.claimAmount[p] = st.weight;
    rec.enterState(sim.now, to, P.unit[p], st.weight);
    for (let w = 0; w < userWindows.length; w++) {
      const uw = userWindows[w];
      if (uw.states[to] && sim.now >= uw.from && sim.now < uw.to) rec.user(w, p);
    }
    arm(p, -2);
    if (st.contacts.length > 0) armContact(p);
    if (books !== null) watchBooks();
  };
  /** Enters a stage of the front door: held in the stage and its service, not yet an open case. */
  const enterStage = (p: number, to: number): void => {
    const st = states[to];
    vacate(p);
    P.state[p] = to;
    startClocks(p);
    P.claimService[p] = st.service;
    P.claimAmount[p] = st.weight;
    rec.enterStage(to);
    arm(p, -2);
    if (st.contacts.length > 0) armContact(p);
    if (books !== null) watchBooks();
  };
  /** Leaves the current state for good, then looks at the books (a move between states looks once, when it is done). */
  const leave = (p: number): void => {
    vacate(p);
    if (books !== null) watchBooks();
  };
  /** Leaves the current state, releasing its capacity. */
  const vacate = (p: number): void => {
    if (P.event[p] >= 0) sim.cancel(P.event[p]);
    P.event[p] = -1;
    if (P.phaseEvent[p] >= 0) sim.cancel(P.phaseEvent[p]);
    P.phaseEvent[p] = -1;
    if (P.contactEvent[p] >= 0) sim.cancel(P.contactEvent[p]);
    P.contactEvent[p] = -1;
    const s = P.state[p];
    if (s < 0) return;
    if (states[s].frontDoor) rec.leaveStage(s);
    else if (P.open[p]) rec.leaveState(sim.now, s, P.unit[p], states[s].weight);
    else rec.shadowOut(sim.now, P.unit[p], P.closedAt[p]);
    const service = P.claimService[p];
    P.claimService[p] = -1;
    P.state[p] = -1;
    if (service >= 0) places[service]!.release(P.claimAmount[p]);
  };
  const withdrawPending = (p: number): void => {
    const service = P.pendingService[p];
    P.pendingService[p] = -1;
    P.pendingTo[p] = -1;
    if (service >= 0) {
      places[service]!.withdraw(P.pendingEntry[p]);
      rec.waitEnd(P.waitKind[p]);
    }
  };

  /**
   * Schedules the end of the current stay: the earliest of the competing
   * hazards (from the time already spent in the state) and the duration
   * clock. `exclude` drops exits to a state the person is already queueing
   * for; -2 keeps all.
   */
  const arm = (p: number, exclude: number): void => {
    if (P.event[p] >= 0) sim.cancel(P.event[p]);
    const st = states[P.state[p]];
    const elapsed = sim.now - P.enteredAt[p];
    const until = sampleHazard(p, st, elapsed, exclude);
    let at = P.enteredAt[p] + until;
    const durationEnd = P.durationEnd[p];
    if (durationEnd <= at && durationEnd < Infinity) {
      at = durationEnd;
      const b = choose(p, st.next);
      P.nextTo[p] = b.to;
      P.nextReason[p] = b.reason;
      P.nextMove[p] = b.move;
    }
    P.event[p] = at < Infinity ? sim.at(Math.max(at, sim.now), dispatch, (p << 3) | END_OF_STAY) : -1;
  };

  /** Samples the time in state at which the first hazard fires; sets the next move. */
  const sampleHazard = (p: number, st: CompiledState, elapsed: number, exclude: number): number => {
    const exits = st.exits;
    if (exits.length === 0) return Infinity;
    const needs = P.needs[p];
    const cx = P.complexityOffset[p];
    for (let i = 0; i < exits.length; i++) {
      const e = exits[i];
      hazard[i] = exclude !== -2 && e.to === exclude ? 0 : modifierFactor(e.modifiers, needs, cx);
    }
    let budget = -Math.log(1 - draw(p)); // unit exponential, spent against the cumulative hazard
    // The hazard is constant on segments bounded by the pieces of time in state and the dated epochs.
    const enteredAt = P.enteredAt[p];
    const ends = st.pieceEnds;
    const J = ends.length;
    const epochs = st.epochStarts;
    let j = 0;
    while (ends[j] <= elapsed) j++;
    let e = 0;
    while (e < epochs.length && epochs[e] <= enteredAt + elapsed) e++;
    let t = elapsed;
    while (j < J) {
      const epochEnd = e < epochs.length ? epochs[e] - enteredAt : Infinity;
      const end = Math.min(ends[j], epochEnd);
      const base = e * J + j;
      let total = 0;
      for (let i = 0; i < exits.length; i++) total += hazard[i] * exits[i].rates[base];
      const span = end - t;
      if (total > 0 && budget <= total * span) {
        t += budget / total;
        let u = draw(p) * total;
        let i = 0;
        for (; i < exits.length - 1; i++) {
          u -= hazard[i] * exits[i].rates[base];
          if (u < 0) break;
        }
        P.nextTo[p] = exits[i].to;
        P.nextReason[p] = exits[i].reason;
        P.nextMove[p] = exits[i].move;
        return t;
      }
      budget -= total * span;
      t = end;
      if (end === ends[j]) j++;
      if (end === epochEnd) e++;
    }
    return Infinity;
  };

  /** The current stay ends: leave, step down or up, or close under discharge. */
  function endOfStay(p: number): void {
    P.event[p] = -1;
    if (sim.now >= P.durationEnd[p]) P.durationEnd[p] = Infinity; // the duration clock is spent
    const to = P.nextTo[p];
    const reason = P.nextReason[p];
    const from = P.state[p];
    rec.transition(reason, P.nextMove[p]);
    options.trace?.({ person: p, at: sim.now, from, to, reason, open: P.open[p] === 1 });
    if (to >= 0 && to === P.pendingTo[p]) return; // already queueing for it; keep waiting
    withdrawPending(p);
    if (states[from].frontDoor) {
      // A route out of the front door (counted as a move), or on to the next stage or to support.
      if (to < 0) return leave(p);
      return moveTowards(p, to);
    }
    // A spell of intensive support ends when an open case moves out of the intensive tier.
    if (P.open[p] && states[from].intensive && !(to >= 0 && states[to].intensive)) rec.spellEnd(sim.now, reason, sim.now - P.spellStart[p]);
    if (to < 0) {
      if (P.open[p]) rec.exit(reason);
      leave(p);
      P.open[p] = 0;
      rec.leftPopulation(sim.now);
      return;
    }
    const target = states[to];
    if (!P.open[p]) {
      // Discharged: a return to support comes back through the front door.
      if (target.lighter) return shadow(p, to);
      leave(p);
      return refer(p, to);
    }
    if (target.lighter && closure === 'discharge') return close(p, reason, to);
    if (states[from].lighter && !target.lighter) rec.returned();
    moveTowards(p, to);
  }

  /** A closed case still lives on: it sits in a lighter state, uncounted, until it returns or leaves. */
  const shadow = (p: number, to: number): void => {
    leave(p);
    P.state[p] = to;
    startClocks(p);
    rec.shadowIn(sim.now, P.unit[p], P.closedAt[p]);
    arm(p, -2);
  };

  /** Closes an open case (discharge) as it moves to lighter state `to`; `reason` -1 = a policy switch. */
  const close = (p: number, reason: number, to: number): void => {
    rec.exit(reason, true);
    withdrawPending(p);
    leave(p);
    P.open[p] = 0;
    P.closedAt[p] = sim.now;
    shadow(p, to);
  };

  /** Starts the time in state, and samples the stay's duration clock if the state has one. */
  const startClocks = (p: number): void => {
    const st = states[P.state[p]];
    P.enteredAt[p] = sim.now;
    P.durationEnd[p] = Infinity;
    P.phase[p] = 0;
    P.unit[p] = st.units[0];
    if (st.units.length > 1) P.phaseEvent[p] = sim.at(sim.now + st.unitEnds[0], dispatch, (p << 3) | NEXT_PHASE);
    if (st.duration !== null) {
      const f = modifierFactor(st.duration.modifiers, P.needs[p], P.complexityOffset[p]);
      P.durationEnd[p] = sim.now + sample(st.duration.dist, p) * f;
      // Allocated in batches: the stay ends at the next meeting.
      if (st.allocatedEvery > 0) P.durationEnd[p] = Math.ceil(P.durationEnd[p] / st.allocatedEvery) * st.allocatedEvery;
    }
  };

  // ---- contacts --------------------------------------------------------
  const contactRate = new Float64Array(Math.max(0, ...states.map((s) => s.contacts.length)));
  const contactsNow = new Float64Array(model.services.length);
  /** Schedules the person's next contact: the first event of their state's contact streams, piecewise in time in state. */
  const armContact = (p: number): void => {
    const cs = states[P.state[p]].contacts;
    const needs = P.needs[p];
    const cx = P.complexityOffset[p];
    let budget = -Math.log(1 - draw(p));
    let t = sim.now - P.enteredAt[p];
    for (;;) {
      let end = Infinity;
      let total = 0;
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i];
        let j = 0;
        while (c.pieceEnds[j] <= t) j++;
        contactRate[i] = c.rates[j] * modifierFactor(c.modifiers, needs, cx);
        total += contactRate[i];
        if (c.pieceEnds[j] < end) end = c.pieceEnds[j];
      }
      if (total > 0 && budget <= total * (end - t)) {
        t += budget / total;
        let u = draw(p) * total;
        let i = 0;
        for (; i < cs.length - 1; i++) {
          u -= contactRate[i];
          if (u < 0) break;
        }
        P.contactKind[p] = i;
        P.contactEvent[p] = sim.at(P.enteredAt[p] + t, dispatch, (p << 3) | CONTACT);
        return;
      }
      if (end === Infinity) return;
      budget -= total * (end - t);
      t = end;
    }
  };
  /** A contact is made, or is unmet when its service has taken its limit this period; some lead to an onward referral. */
  function contact(p: number): void {
    P.contactEvent[p] = -1;
    const c = states[P.state[p]].contacts[P.contactKind[p]];
    const limited = c.service >= 0;
    if (limited && contactsNow[c.service] >= model.services[c.service].contactLimit) rec.count(c.series + 1);
    else {
      if (limited) contactsNow[c.service]++;
      rec.count(c.series);
      if (c.onward > 0 && draw(p) < c.onward) rec.count(c.series + 2);
    }
    armContact(p);
  }

  // ---- demand that responds -----------------------------------------------
  const demand = model.demand;
  const books = demand?.books ?? null;
  let booksClosed = false;
  let booksMark = 0;
  let booksArea = 0;
  /** Closes the books when the caseload reaches the limit, and reopens them below the other. */
  const watchBooks = (): void => {
    const b = books!;
    const load = b.service >= 0 ? places[b.service]!.inUse : rec.weightedOpen;
    if (!booksClosed && load >= b.closeAbove - 1e-9) {
      booksClosed = true;
      booksMark = sim.now;
    } else if (booksClosed && load < b.reopenBelow - 1e-9) {
      booksClosed = false;
      booksArea += sim.now - booksMark;
    }
  };
  let capWindow = -1;
  let capTaken = 0;
  /** Takes an eligible referral on, if the books are open and the period's cap is not reached; whether it did. */
  const takesOn = (): boolean => {
    if (booksClosed) return false;
    const cap = demand!.cap;
    if (cap === null || sim.now >= cap.until) return true;
    const w = Math.floor(sim.now / cap.per + 1e-9);
    if (w !== capWindow) {
      capWindow = w;
      capTaken = 0;
    }
    if (capTaken >= cap.count) return false;
    capTaken++;
    return true;
  };
  /** A referral arrives: referrers who see a long waiting list may not make it. */
  function referred(p: number): void {
    const w = demand!.whenWaiting[P.source[p]];
    if (w !== null && w.service >= 0 && places[w.service]!.queueLength >= w.atLeast && draw(p) >= w.factor) return;
    refer(p, -1);
  }

  /** The stay moves into its next phase: only the accounting unit changes. */
  function nextPhase(p: number): void {
    const st = states[P.state[p]];
    const from = P.unit[p];
    const phase = ++P.phase[p];
    P.unit[p] = st.units[phase];
    if (!st.frontDoor) rec.phase(sim.now, from, P.unit[p], P.open[p] === 1, P.closedAt[p]);
    P.phaseEvent[p] = phase < st.units.length - 1 ? sim.at(P.enteredAt[p] + st.unitEnds[phase], dispatch, (p << 3) | NEXT_PHASE) : -1;
  }

  const closeLighterCases = (): void => {
    for (let p = 0; p < count; p++) {
      if (P.open[p] && P.state[p] >= 0 && states[P.state[p]].lighter) close(p, -1, P.state[p]);
    }
  };

  // ---- arrivals ----------------------------------------------------------
  // Initial clients come first; then referrals and cohorts take person ids in time order.
  const horizon = model.periods * sc.period;
  for (const g of sc.initial) {
    const to = states.findIndex((s) => s.name === g.state);
    for (let k = 0; k < g.count; k++) {
      const p = newPerson();
      profile(p);
      enter(p, to, false);
    }
  }
  // Referrals are screened as they are generated, before the run: screening depends on the person and the
  // date alone, so only the eligible become events (their assessment), and nobody screened out is simulated.
  const arrivals = sc.referrals.map((stream) => arrivalTimes(stream, streams.stream(`arrivals:${stream.name}`), horizon));
  const cohorts = sc.cohorts.filter((c) => c.at <= horizon).map((c, i) => ({ c, i })).sort((x, y) => x.c.at - y.c.at || x.i - y.i);
  const next = new Int32Array(arrivals.length);
  for (let c = 0; ; ) {
    // The earliest of the streams' next referrals and the next cohort (ties: the stream listed first).
    let source = -1;
    let t = Infinity;
    for (let s = 0; s < arrivals.length; s++) {
      if (next[s] < arrivals[s].length && arrivals[s][next[s]] < t) {
        t = arrivals[s][next[s]];
        source = s;
      }
    }
    if (c < cohorts.length && cohorts[c].c.at <= t) {
      cohortAt(cohorts[c++].c);
      continue;
    }
    if (source < 0) break;
    next[source]++;
    const p = newPerson();
    P.source[p] = source;
    if (demand !== null) {
      // The state of the service decides: the referral is screened when it arrives.
      sim.at(t, dispatch, (p << 3) | REFER);
      continue;
    }
    const eligible = eligibleAt(p, source, t);
    rec.screenedIn(periodOf(t, sc.period), source, eligible);
    if (!eligible) continue;
    // Whether they start is the person's next draw, at the end of an assessment nothing else can touch:
    // those who never start are counted where their assessment ends, and only starters become events.
    const at = t + sample(model.assessment, p);
    if (at > horizon) continue; // assessed after the horizon: never seen
    if (draw(p) >= valueAt(sc.screening.starts.p, at)) rec.neverStartedIn(periodOf(at, sc.period));
    else sim.at(at, dispatch, (p << 3) | STARTS);
  }
  /** A cohort's people take their ids now and are referred (or placed) when it arrives. */
  function cohortAt(c: (typeof sc.cohorts)[number]): void {
    const to = c.state === undefined ? -1 : states.findIndex((s) => s.name === c.state);
    const first = count;
    for (let k = 0; k < c.count; k++) newPerson();
    sim.at(c.at, () => {
      for (let p = first; p < first + c.count; p++) {
        if (to < 0) refer(p, -1);
        else moveTowards(p, to);
      }
    });
  }
  for (const change of sc.policy.changes) {
    sim.at(
      change.at,
      () => {
        closure = change.closure;
        if (closure === 'discharge') closeLighterCases();
      },
      undefined,
      Priority.urgent,
    );
  }
  if (closure === 'discharge') closeLighterCases();

  // A user window counts everyone already in its states when it opens, then everyone who enters them.
  userWindows.forEach((uw, w) => {
    if (uw.from >= model.periods * sc.period) return;
    sim.at(uw.from, () => {
      for (let p = 0; p < count; p++) if (P.open[p] && P.state[p] >= 0 && uw.states[P.state[p]]) rec.user(w, p);
    }, undefined, Priority.urgent);
  });

  // ---- reporting -----------------------------------------------------------
  for (let k = 1; k <= model.periods; k++) {
    sim.at(k * sc.period, () => {
      rec.snapshot(sim.now, k - 1, places);
      contactsNow.fill(0);
      if (demand !== null && demand.booksClosed >= 0) {
        if (booksClosed) {
          booksArea += sim.now - booksMark;
          booksMark = sim.now;
        }
        rec.level(demand.booksClosed, k - 1, booksArea / sc.period);
        booksArea = 0;
      }
      if (options.audit) audit(P, count, model, rec);
    }, undefined, Priority.late);
  }
  sim.run(model.periods * sc.period);
  return rec.output(sim.eventsFired, count);
}

/**
 * A referral stream's arrival times up to the horizon, by thinning: candidates
 * at the peak rate, each kept with probability rate(t) / peak.
 */
function arrivalTimes(stream: Scenario['referrals'][number], rng: Rng, horizon: number): Float64Array {
  const steps = [{ at: 0, rate: stream.rate.rate }, ...stream.rate.changes];
  const max = Math.max(...steps.map((s) => s.rate));
  if (!(max > 0)) return new Float64Array(0);
  const rampUp = stream.rampUp;
  const rateAt = (t: number): number => {
    let r = steps[0].rate;
    for (let i = 1; i < steps.length && steps[i].at <= t; i++) r = steps[i].rate;
    return rampUp > 0 && t < rampUp ? (r * t) / rampUp : r;
  };
  let times = new Float64Array(Math.max(16, Math.ceil(max * horizon * 1.1)));
  let n = 0;
  for (let t = -Math.log(1 - rng()) / max; t <= horizon; t += -Math.log(1 - rng()) / max) {
    if (rng() * max >= rateAt(t)) continue;
    if (n === times.length) times = grow(times, new Float64Array(n * 2));
    times[n++] = t;
  }
  return times.subarray(0, n);
}

/** The reporting period whose snapshot counts what happens at time t: the first k ≥ 1 with k × period ≥ t, less one. */
function periodOf(t: number, period: number): number {
  let k = Math.max(1, Math.ceil(t / period));
  while (k * period < t) k++;
  while (k > 1 && (k - 1) * period >= t) k--;
  return k - 1;
}

/** Checks that every open person is in exactly one state and that the counts agree. */
function audit(P: People, count: number, model: CompiledModel, rec: Recorder): void {
  const counts = new Array(model.states.length).fill(0);
  for (let p = 0; p < count; p++) {
    if (P.open[p]) {
      if (P.state[p] < 0) throw new Error(`audit: open person ${p} is in no state`);
      counts[P.state[p]]++;
    } else if (P.state[p] >= 0 && model.states[P.state[p]].frontDoor) counts[P.state[p]]++;
  }
  counts.forEach((n, s) => {
    if (n !== rec.stateCount(s)) throw new Error(`audit: state ${model.states[s].name} counts ${rec.stateCount(s)} but holds ${n}`);
  });
}
