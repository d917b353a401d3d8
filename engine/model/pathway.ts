import type { Rng } from '../des/rng.ts';
import { RandomStreams } from '../des/rng.ts';
import { Resource, type Request } from '../des/resource.ts';
import { Priority, Simulation } from '../des/simulation.ts';
import { branchP, modifierFactor, type CompiledBranch, type CompiledModel, type CompiledState } from './compile.ts';
import { Recorder, type ReplicationOutput } from './record.ts';
import type { Closure, Schedule } from './scenario.ts';
import { scheduleAt } from './schedule.ts';

/** A schedule's value now; most have no changes, so skip the search. */
const valueAt = (s: Schedule, now: number): number => (s.changes.length === 0 ? s.value : scheduleAt(s, now));

/** One person on the pathway: attributes, where they are, and what they are waiting for. */
class Person {
  readonly id: number;
  readonly rng: Rng;
  needs = 0;
  complexityOffset = 0;
  /** Whether needs and complexity have been drawn (only for people who get past screening). */
  profiled = false;
  /** Current state index, or -1 (not yet started, waiting, or gone). */
  state = -1;
  enteredAt = 0;
  /** Counted in the open caseload (false for discharged people whose return is still simulated). */
  open = false;
  started = false;
  /** The scheduled end of the current stay, or -1. */
  event = -1;
  /** When the duration clock of the current state ends (absolute), or Infinity. */
  durationEnd = Infinity;
  /** Next move when `event` fires: a target state (-1 = leave), its reason and its index in the model's moves. */
  nextTo = -1;
  nextReason = -1;
  nextMove = -1;
  /** The phase (accounting unit) of the current stay, and the event that ends it, or -1. */
  unit = -1;
  phase = 0;
  phaseEvent = -1;
  /** When the current spell of intensive support began. */
  spellStart = 0;
  /** What the person is waiting as, while `pending`: 0 an open case, 1 a closed case re-referred, 2 a first place. */
  waitKind = 0;
  /** The referral source (index into the scenario's referral streams), or -1. */
  source = -1;
  /** Capacity held in the current state. */
  claim: Request | null = null;
  /** When the case was closed (discharged), for the drop-off of its benefit. */
  closedAt = 0;
  /** A queued move into a full service. */
  pending: Request | null = null;
  pendingTo = -1;
  /** Where a re-referral is headed once screened, or -1 for the entry branches. */
  referredTo = -1;

  constructor(id: number, rng: Rng) {
    this.id = id;
    this.rng = rng;
  }
}

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
  const sc = model.scenario;
  const sim = new Simulation();
  const rec = new Recorder(model);
  const personRng = streams.family('people');
  const resources = model.services.map((s) =>
    s.finite ? new Resource(sim, { name: s.name, capacity: [{ at: 0, capacity: s.capacity }, ...s.changes], discipline: s.discipline }) : null,
  );
  const people: Person[] = [];
  const hazard = new Float64Array(64); // per-exit hazard multipliers for the person being scheduled
  let closure: Closure = sc.policy.closure;

  const newPerson = (): Person => {
    const p = new Person(people.length, personRng(people.length));
    people.push(p);
    return p;
  };

  /** Draws needs and complexity when a person first needs them: most referrals never get that far. */
  const profile = (p: Person): void => {
    if (p.profiled) return;
    p.profiled = true;
    const src = model.sources[p.source < 0 ? cohortSource : p.source];
    for (let bit = 0; bit < src.prevalence.length; bit++) if (p.rng() < src.prevalence[bit]) p.needs |= 1 << bit;
    p.complexityOffset = src.complexity.sample(p.rng) - model.complexityReference;
  };

  const choose = (p: Person, branches: CompiledBranch[]): CompiledBranch => {
    if (branches.length === 1) return branches[0];
    const now = sim.now;
    let total = 0;
    for (const b of branches) total += branchP(b, now) * modifierFactor(b.modifiers, p.needs, p.complexityOffset);
    let u = p.rng() * total;
    let last = branches[branches.length - 1];
    for (const b of branches) {
      const w = branchP(b, now) * modifierFactor(b.modifiers, p.needs, p.complexityOffset);
      if (w > 0) last = b;
      u -= w;
      if (u < 0) return b;
    }
    return last;
  };

  // ---- front door ------------------------------------------------------
  const cohortSource = model.sources.length - 1;
  const userWindows = model.userWindows;
  const rule = model.rule;
  /** Whether the person's needs and complexity meet screening's rule at time `now`. */
  const meetsRule = (p: Person, now: number): boolean => {
    if (rule === null) return true;
    let n = 0;
    for (let m = p.needs & rule.needMask; m; m &= m - 1) n++;
    if (n < rule.atLeast) return false;
    return rule.complexity === null || p.complexityOffset + model.complexityReference >= valueAt(rule.complexity, now);
  };
  const refer = (p: Person, to: number): void => {
    const src = p.source < 0 ? cohortSource : p.source;
    rec.referral(src);
    if (rule !== null) profile(p);
    if (!meetsRule(p, sim.now) || p.rng() >= valueAt(model.sources[src].eligible, sim.now)) return rec.ineligible();
    rec.eligible(src);
    p.referredTo = to;
    sim.schedule(model.assessment.sample(p.rng), assessed, p);
  };
  const assessed = (p: Person): void => {
    if (p.rng() >= valueAt(sc.screening.starts.p, sim.now)) return rec.neverStarted();
    profile(p);
    const to = p.referredTo >= 0 ? p.referredTo : choose(p, model.entry).to;
    p.referredTo = -1;
    if (p.started) rec.reReferred();
    moveTowards(p, to);
  };

  // ---- moves between states --------------------------------------------
  /** Moves a person into state `to`, queueing first if its service is full. */
  const moveTowards = (p: Person, to: number): void => {
    profile(p);
    const st = model.states[to];
    const res = st.service >= 0 && !st.lighter ? resources[st.service] : null;
    // No queue for uncapped states, lighter tiers, or moves between intensive states of the service that
    // already holds the person. A re-escalation from a lighter tier does queue: it needs a full place.
    const within = p.claim !== null && p.claim.resource === res && !model.states[p.state].lighter;
    if (res === null || within) return enter(p, to, null);
    const returner = p.open && p.state >= 0; // re-escalating from a lighter tier, not re-referred
    const patience = model.services[st.service].patience;
    p.pendingTo = to;
    const req = res.request(st.weight, onGranted, {
      priority: returner && sc.policy.returnersFirst ? 0 : 1,
      patience: patience ? patience.sample(p.rng) : undefined,
      onRenege,
      data: p,
    });
    if (req.state === 'waiting') {
      p.pending = req;
      p.waitKind = !p.started ? 2 : !p.open ? 1 : 0;
      rec.waitStart(p.waitKind);
      if (p.state >= 0) arm(p, to); // keeps their current state's other clocks running
    }
  };
  // Shared by every request: the person rides along as `req.data`.
  const onGranted = (req: Request): void => {
    const p = req.data as Person;
    const to = p.pendingTo;
    rec.granted(p.pending !== null ? sim.now - req.requestedAt : 0);
    if (p.pending !== null) rec.waitEnd(p.waitKind);
    p.pending = null;
    p.pendingTo = -1;
    enter(p, to, req);
  };
  const onRenege = (req: Request): void => {
    const p = req.data as Person;
    p.pending = null;
    p.pendingTo = -1;
    rec.reneged();
    rec.waitEnd(p.waitKind);
    if (p.state >= 0) arm(p, -2); // back to their current state's clocks in full
  };

  /** Leaves the current state (releasing its capacity) and enters `to`. */
  const enter = (p: Person, to: number, granted: Request | null): void => {
    const st = model.states[to];
    // Take the new place before giving back the old, so a move within a full service cannot let a waiting person in between.
    const claim = granted ?? (st.service >= 0 ? resources[st.service]!.occupy(st.weight) : null);
    if (st.intensive && !(p.open && p.state >= 0 && model.states[p.state].intensive)) p.spellStart = sim.now;
    leave(p);
    if (!p.started) {
      p.started = true;
      rec.started(sim.now, p.source < 0 ? cohortSource : p.source);
      options.onStart?.({ person: p.id, at: sim.now, needs: p.needs, complexity: p.complexityOffset + model.complexityReference, source: p.source });
    } else if (!p.open) rec.reopened();
    if (!p.open) rec.opened();
    p.open = true;
    p.state = to;
    startClocks(p);
    p.claim = claim;
    rec.enterState(sim.now, to, p.unit, st.weight);
    for (let w = 0; w < userWindows.length; w++) {
      const uw = userWindows[w];
      if (uw.states[to] && sim.now >= uw.from && sim.now < uw.to) rec.user(w, p.id);
    }
    arm(p, -2);
  };
  const leave = (p: Person): void => {
    if (p.event >= 0) sim.cancel(p.event);
    p.event = -1;
    if (p.phaseEvent >= 0) sim.cancel(p.phaseEvent);
    p.phaseEvent = -1;
    if (p.state < 0) return;
    if (p.open) rec.leaveState(sim.now, p.state, p.unit, model.states[p.state].weight);
    else rec.shadowOut(sim.now, p.unit, p.closedAt);
    if (p.claim !== null) p.claim.resource.release(p.claim);
    p.claim = null;
    p.state = -1;
  };
  const withdrawPending = (p: Person): void => {
    if (p.pending !== null) {
      p.pending.resource.withdraw(p.pending);
      rec.waitEnd(p.waitKind);
    }
    p.pending = null;
    p.pendingTo = -1;
  };

  /**
   * Schedules the end of the current stay: the earliest of the competing
   * hazards (from the time already spent in the state) and the duration
   * clock. `exclude` drops exits to a state the person is already queueing
   * for; -2 keeps all.
   */
  const arm = (p: Person, exclude: number): void => {
    if (p.event >= 0) sim.cancel(p.event);
    const st = model.states[p.state];
    const elapsed = sim.now - p.enteredAt;
    const until = sampleHazard(p, st, elapsed, exclude);
    let at = p.enteredAt + until;
    if (p.durationEnd <= at && p.durationEnd < Infinity) {
      at = p.durationEnd;
      const b = choose(p, st.next);
      p.nextTo = b.to;
      p.nextReason = b.reason;
      p.nextMove = b.move;
    }
    p.event = at < Infinity ? sim.at(Math.max(at, sim.now), endOfStay, p) : -1;
  };

  /** Samples the time in state at which the first hazard fires; sets nextTo/nextReason. */
  const sampleHazard = (p: Person, st: CompiledState, elapsed: number, exclude: number): number => {
    const exits = st.exits;
    if (exits.length === 0) return Infinity;
    for (let i = 0; i < exits.length; i++) {
      const e = exits[i];
      hazard[i] = exclude !== -2 && e.to === exclude ? 0 : modifierFactor(e.modifiers, p.needs, p.complexityOffset);
    }
    let budget = -Math.log(1 - p.rng()); // unit exponential, spent against the cumulative hazard
    // The hazard is constant on segments bounded by the pieces of time in state and the dated epochs.
    const ends = st.pieceEnds;
    const J = ends.length;
    const epochs = st.epochStarts;
    let j = 0;
    while (ends[j] <= elapsed) j++;
    let e = 0;
    while (e < epochs.length && epochs[e] <= p.enteredAt + elapsed) e++;
    let t = elapsed;
    while (j < J) {
      const epochEnd = e < epochs.length ? epochs[e] - p.enteredAt : Infinity;
      const end = Math.min(ends[j], epochEnd);
      const base = e * J + j;
      let total = 0;
      for (let i = 0; i < exits.length; i++) total += hazard[i] * exits[i].rates[base];
      const span = end - t;
      if (total > 0 && budget <= total * span) {
        t += budget / total;
        let u = p.rng() * total;
        let i = 0;
        for (; i < exits.length - 1; i++) {
          u -= hazard[i] * exits[i].rates[base];
          if (u < 0) break;
        }
        p.nextTo = exits[i].to;
        p.nextReason = exits[i].reason;
        p.nextMove = exits[i].move;
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
  const endOfStay = (p: Person): void => {
    p.event = -1;
    if (sim.now >= p.durationEnd) p.durationEnd = Infinity; // the duration clock is spent
    const to = p.nextTo;
    const reason = p.nextReason;
    rec.transition(reason, p.nextMove);
    options.trace?.({ person: p.id, at: sim.now, from: p.state, to, reason, open: p.open });
    if (to >= 0 && to === p.pendingTo) return; // already queueing for it; keep waiting
    withdrawPending(p);
    // A spell of intensive support ends when an open case moves out of the intensive tier.
    if (p.open && model.states[p.state].intensive && !(to >= 0 && model.states[to].intensive)) rec.spellEnd(sim.now, reason, sim.now - p.spellStart);
    if (to < 0) {
      if (p.open) rec.exit(reason);
      leave(p);
      p.open = false;
      rec.leftPopulation(sim.now);
      return;
    }
    const target = model.states[to];
    if (!p.open) {
      // Discharged: a return to support comes back through the front door.
      if (target.lighter) return shadow(p, to);
      leave(p);
      return refer(p, to);
    }
    if (target.lighter && closure === 'discharge') return close(p, reason, to);
    if (model.states[p.state].lighter && !target.lighter) rec.returned();
    moveTowards(p, to);
  };

  /** A closed case still lives on: it sits in a lighter state, uncounted, until it returns or leaves. */
  const shadow = (p: Person, to: number): void => {
    leave(p);
    p.state = to;
    startClocks(p);
    rec.shadowIn(sim.now, p.unit, p.closedAt);
    arm(p, -2);
  };

  /** Closes an open case (discharge) as it moves to lighter state `to`; `reason` -1 = a policy switch. */
  const close = (p: Person, reason: number, to: number): void => {
    rec.exit(reason, true);
    withdrawPending(p);
    leave(p);
    p.open = false;
    p.closedAt = sim.now;
    shadow(p, to);
  };

  /** Starts the time in state, and samples the stay's duration clock if the state has one. */
  const startClocks = (p: Person): void => {
    const st = model.states[p.state];
    p.enteredAt = sim.now;
    p.durationEnd = Infinity;
    p.phase = 0;
    p.unit = st.units[0];
    if (st.units.length > 1) p.phaseEvent = sim.at(sim.now + st.unitEnds[0], nextPhase, p);
    if (st.duration !== null) {
      const f = modifierFactor(st.duration.modifiers, p.needs, p.complexityOffset);
      p.durationEnd = sim.now + st.duration.dist.sample(p.rng) * f;
    }
  };

  /** The stay moves into its next phase: only the accounting unit changes. */
  const nextPhase = (p: Person): void => {
    const st = model.states[p.state];
    const from = p.unit;
    p.phase++;
    p.unit = st.units[p.phase];
    rec.phase(sim.now, from, p.unit, p.open, p.closedAt);
    p.phaseEvent = p.phase < st.units.length - 1 ? sim.at(p.enteredAt + st.unitEnds[p.phase], nextPhase, p) : -1;
  };

  const closeLighterCases = (): void => {
    for (const p of people) {
      if (p.open && p.state >= 0 && model.states[p.state].lighter) close(p, -1, p.state);
    }
  };

  // ---- arrivals ----------------------------------------------------------
  for (const [source, stream] of sc.referrals.entries()) {
    const rng = streams.stream(`arrivals:${stream.name}`);
    const steps = [{ at: 0, rate: stream.rate.rate }, ...stream.rate.changes];
    const max = Math.max(...steps.map((s) => s.rate));
    if (!(max > 0)) continue;
    const rateAt = (t: number): number => {
      let r = steps[0].rate;
      for (const s of steps) if (s.at <= t) r = s.rate;
      return stream.rampUp > 0 && t < stream.rampUp ? (r * t) / stream.rampUp : r;
    };
    // Thinning: candidates at the peak rate, each kept with probability rate(t)/peak.
    const next = (): void => {
      if (rng() * max < rateAt(sim.now)) {
        const p = newPerson();
        p.source = source;
        refer(p, -1);
      }
      sim.schedule(-Math.log(1 - rng()) / max, next);
    };
    sim.schedule(-Math.log(1 - rng()) / max, next);
  }
  for (const c of sc.cohorts) {
    const to = c.state === undefined ? -1 : model.states.findIndex((s) => s.name === c.state);
    sim.at(c.at, () => {
      for (let k = 0; k < c.count; k++) {
        const p = newPerson();
        if (to < 0) refer(p, -1);
        else moveTowards(p, to);
      }
    });
  }
  for (const g of sc.initial) {
    const to = model.states.findIndex((s) => s.name === g.state);
    for (let k = 0; k < g.count; k++) {
      const p = newPerson();
      profile(p);
      const st = model.states[to];
      enter(p, to, st.service >= 0 ? resources[st.service]!.occupy(st.weight) : null);
    }
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
      for (const p of people) if (p.open && p.state >= 0 && uw.states[p.state]) rec.user(w, p.id);
    }, undefined, Priority.urgent);
  });

  // ---- reporting -----------------------------------------------------------
  for (let k = 1; k <= model.periods; k++) {
    sim.at(k * sc.period, () => {
      rec.snapshot(sim.now, k - 1, resources);
      if (options.audit) audit(people, model, rec);
    }, undefined, Priority.late);
  }
  sim.run(model.periods * sc.period);
  return rec.output(sim.eventsFired, people.length);
}

/** Checks that every open person is in exactly one state and that the counts agree. */
function audit(people: Person[], model: CompiledModel, rec: Recorder): void {
  const counts = new Array(model.states.length).fill(0);
  for (const p of people) {
    if (p.open) {
      if (p.state < 0) throw new Error(`audit: open person ${p.id} is in no state`);
      counts[p.state]++;
    }
  }
  counts.forEach((n, s) => {
    if (n !== rec.stateCount(s)) throw new Error(`audit: state ${model.states[s].name} counts ${rec.stateCount(s)} but holds ${n}`);
  });
}
