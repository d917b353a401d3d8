import { fromSpec, type Distribution } from '../des/distributions.ts';
import { lighterTiers, needs, type Branch, type Modifiers, type Scenario, type Schedule, type Tier } from './scenario.ts';
import { scheduleAt } from './schedule.ts';

/** A branch's probability at time `now`: 0 before its target opens. */
export function branchP(b: CompiledBranch, now: number): number {
  if (now < b.opens) return 0;
  return b.p.changes.length === 0 ? b.p.value : scheduleAt(b.p, now);
}

/** Modifiers in a form that is quick to apply: a factor per need bit, and a complexity slope. */
export interface CompiledModifiers {
  needFactor: Float64Array;
  complexity: number;
}

export interface CompiledExit {
  /** Target state index, or -1 to leave the caseload. */
  to: number;
  reason: number;
  /** Index into the model's moves. */
  move: number;
  /** Rate per year in each epoch and piece of the state's grids: rates[epoch × pieces + piece]. */
  rates: Float64Array;
  modifiers: CompiledModifiers | null;
}

export interface CompiledBranch {
  to: number;
  reason: number;
  /** Index into the model's moves, or -1 (entry branches: a start is counted as such). */
  move: number;
  p: Schedule;
  /** When the target state opens: before then the branch is not taken. */
  opens: number;
  modifiers: CompiledModifiers | null;
}

/** A kind of move between states, as results count it: from, to ("" = out of the caseload) and why. */
export interface Move {
  from: string;
  to: string;
  reason: string;
}

/** A state's phase, the unit service use and costs are accounted in. */
export interface CompiledUnit {
  name: string;
  state: number;
}

export interface CompiledState {
  index: number;
  name: string;
  tier: Tier;
  lighter: boolean;
  /** In the intensive tier: a spell of intensive support runs while a person moves among such states. */
  intensive: boolean;
  /** Service index, or -1 when the state uses no capacity. */
  service: number;
  weight: number;
  exits: CompiledExit[];
  /** Ends of the pieces of time-in-state over which every exit's rate is constant; the last is Infinity. */
  pieceEnds: Float64Array;
  /** Absolute times (years) at which the exits' rates change (dated changes, targets opening): epoch e + 1 starts at epochStarts[e]. */
  epochStarts: Float64Array;
  /** The state's phases as units: their indices and where each ends in time in state (the last Infinity). */
  units: Int32Array;
  unitEnds: Float64Array;
  duration: { dist: Distribution; modifiers: CompiledModifiers | null } | null;
  next: CompiledBranch[];
  /** A stage before support: its people are not open cases and have not started. */
  frontDoor: boolean;
  /** Allocation meetings every this many years (0 = none): the duration ends at the next one. */
  allocatedEvery: number;
  contacts: CompiledContact[];
}

/** A kind of contact a person in a state makes: a Poisson stream, piecewise in time since entry. */
export interface CompiledContact {
  /** Its dynamics series: made at this index, unmet at the next, onward after that. */
  series: number;
  pieceEnds: Float64Array;
  rates: Float64Array;
  modifiers: CompiledModifiers | null;
  /** The service whose contact limit it counts toward, or -1. */
  service: number;
  onward: number;
}

/** Posts that are left, recruited to and absent; the establishment as steps of FTE. */
export interface CompiledStaffing {
  postSize: number;
  turnover: { rate: number; recruitment: Distribution } | null;
  absence: { rate: number; duration: Distribution } | null;
  establishment: { at: number; fte: number }[];
  placesPerFte: number;
  /** The dynamics series (employed, vacant, absent) of this service. */
  series: number;
}

/** A per-period series beyond the fixed ones: counts (contacts, turned away) or levels (staff in post, books closed). */
export interface DynamicSeries {
  name: string;
  kind: 'count' | 'level';
}

export interface CompiledService {
  index: number;
  name: string;
  capacity: number;
  changes: { at: number; capacity: number }[];
  discipline: 'fifo' | 'priority';
  patience: Distribution | null;
  finite: boolean;
  staffing: CompiledStaffing | null;
  /** Contacts a period can take, or Infinity. */
  contactLimit: number;
}

/** Where referrals come from: each source's need prevalences, complexity and eligible share. */
export interface CompiledSource {
  name: string;
  /** Prevalence per need bit (0 when the need is not modelled). */
  prevalence: Float64Array;
  complexity: Distribution;
  eligible: Schedule;
}

/** Screening's rule on attributes: at least `atLeast` of the needs in `needMask`, and a complexity score at or above a threshold. */
export interface CompiledRule {
  needMask: number;
  atLeast: number;
  complexity: Schedule | null;
}

/** A window over which the distinct people in some states are counted (a `users` target). */
export interface UserWindow {
  /** 1 for each state counted. */
  states: Uint8Array;
  from: number;
  to: number;
}

/** The scenario turned into indexed arrays and distribution objects the pathway runs on. */
export interface CompiledModel {
  scenario: Scenario;
  states: CompiledState[];
  services: CompiledService[];
  /** Transition and exit reasons, interned. */
  reasons: string[];
  /** Every exit and `next` branch of every state. */
  moves: Move[];
  /** Accounting units: each state's phases, in state order. */
  units: CompiledUnit[];
  entry: CompiledBranch[];
  assessment: Distribution;
  complexity: Distribution;
  complexityReference: number;
  /** Prevalence per need bit (0 when the need is not modelled). */
  prevalence: Float64Array;
  /** One per referral stream, in order, then one for cohorts and initial clients (the scenario's attributes). */
  sources: CompiledSource[];
  rule: CompiledRule | null;
  /** Windows of the scenario's `users` targets, in target order; empty unless compiled to measure targets. */
  userWindows: UserWindow[];
  periods: number;
  /** Series beyond the fixed ones, in results' `dynamics`. */
  dynamics: DynamicSeries[];
  contactKinds: string[];
  /** Demand that responds to the state of the service: referrals are then decided as they arrive. */
  demand: CompiledDemand | null;
}

export interface CompiledDemand {
  /** Per referral stream: thinning while a service's list is long, or null. */
  whenWaiting: ({ service: number; atLeast: number; factor: number } | null)[];
  /** Closing the books: on the whole weighted caseload (service -1) or one service's load. */
  books: { closeAbove: number; reopenBelow: number; service: number } | null;
  cap: { count: number; per: number; until: number } | null;
  /** The dynamics series of referrals turned away, and of the share of each period the books were closed (-1 none). */
  turnedAway: number;
  booksClosed: number;
}

/**
 * Compiles a validated scenario; throws only on inconsistencies validation should have caught.
 * `measureTargets` also tracks who enters the states of `users` targets, which only a
 * target run reads, so an ordinary run carries no such bookkeeping.
 */
export function compile(scenario: Scenario, opts: { measureTargets?: boolean } = {}): CompiledModel {
  const stateIndex = new Map(scenario.states.map((s, i) => [s.name, i]));
  const serviceIndex = new Map(scenario.services.map((s, i) => [s.name, i]));
  const reasons: string[] = [];
  const reason = (r: string): number => {
    const i = reasons.indexOf(r);
    return i >= 0 ? i : reasons.push(r) - 1;
  };
  const target = (name: string | undefined): number => {
    if (name === undefined) return -1;
    const i = stateIndex.get(name);
    if (i === undefined) throw new Error(`unknown state "${name}"`);
    return i;
  };
  const moves: Move[] = [];
  const move = (from: string, to: string | undefined, why: string): number => moves.push({ from, to: to ?? '', reason: why }) - 1;
  const opensOf = (name: string | undefined): number => (name === undefined ? 0 : (scenario.states.find((s) => s.name === name)?.opens ?? 0));
  const branch = (b: Branch, from: string | undefined): CompiledBranch => ({
    to: target(b.to),
    reason: reason(b.reason),
    move: from === undefined ? -1 : move(from, b.to, b.reason),
    p: b.p,
    opens: opensOf(b.to),
    modifiers: compileModifiers(b.modifiers),
  });
  const units: CompiledUnit[] = [];

  const services: CompiledService[] = scenario.services.map((s, index) => ({
    index,
    name: s.name,
    capacity: s.capacity,
    changes: s.changes,
    discipline: s.discipline,
    patience: s.patience ? fromSpec(s.patience) : null,
    finite: Number.isFinite(s.capacity) && s.changes.every((c) => Number.isFinite(c.capacity)),
    staffing: null,
    contactLimit: (s.contactLimit ?? Infinity) * scenario.period,
  }));
  const dynamics: DynamicSeries[] = [];
  const dynamic = (name: string, kind: DynamicSeries['kind']): number => dynamics.push({ name, kind }) - 1;
  // A service that opens later has no places until then.
  for (const [i, s] of scenario.services.entries()) {
    if (s.opens > 0) services[i] = { ...services[i], capacity: 0, changes: [{ at: s.opens, capacity: s.capacity }, ...s.changes.filter((c) => c.at > s.opens)] };
  }
  for (const [i, s] of scenario.services.entries()) {
    if (!s.staffing || !s.staff || !services[i].finite) continue;
    const perFte = s.staff.caseloadPerWorker;
    const c = services[i];
    const series = dynamic(`staff.${s.name}.employed`, 'level');
    dynamic(`staff.${s.name}.vacant`, 'level');
    dynamic(`staff.${s.name}.absent`, 'level');
    services[i].staffing = {
      postSize: s.staffing.postSize,
      turnover: s.staffing.turnover ? { rate: s.staffing.turnover.rate, recruitment: fromSpec(s.staffing.turnover.recruitment) } : null,
      absence: s.staffing.absence ? { rate: s.staffing.absence.rate, duration: fromSpec(s.staffing.absence.duration) } : null,
      establishment: [{ at: 0, fte: c.capacity / perFte }, ...c.changes.map((x) => ({ at: x.at, fte: x.capacity / perFte }))],
      placesPerFte: perFte,
      series,
    };
  }
  const contactKinds = [...new Set(scenario.states.flatMap((s) => (s.contacts ?? []).map((c) => c.name)))];
  const contactSeries = contactKinds.map((k) => {
    const made = dynamic(`contacts.${k}.made`, 'count');
    dynamic(`contacts.${k}.unmet`, 'count');
    dynamic(`contacts.${k}.onward`, 'count');
    return made;
  });

  const states: CompiledState[] = scenario.states.map((s, index) => {
    const schedules = s.exits.map((e) => [e.rate, ...e.changes.map((c) => c.rate)]);
    const ends = [...new Set(schedules.flat(2).map((p) => p.until))].sort((a, b) => a - b);
    if (ends[ends.length - 1] !== Infinity) ends.push(Infinity);
    const pieceEnds = Float64Array.from(ends);
    const starts = [...new Set(s.exits.flatMap((e) => [...e.changes.map((c) => c.at), opensOf(e.to)]))].filter((t) => t > 0).sort((a, b) => a - b);
    const epochStarts = Float64Array.from(starts);
    const J = pieceEnds.length;
    const exits = s.exits.map((e): CompiledExit => {
      const rates = new Float64Array((starts.length + 1) * J);
      const opens = opensOf(e.to);
      for (let ep = 0; ep <= starts.length; ep++) {
        const from = ep === 0 ? 0 : starts[ep - 1];
        if (from < opens) continue; // the target is not open yet: no one moves there
        let pieces = e.rate;
        for (const c of e.changes) if (c.at <= from) pieces = c.rate;
        let k = 0;
        for (let j = 0; j < J; j++) {
          while (pieces[k].until < pieceEnds[j]) k++;
          rates[ep * J + j] = pieces[k].rate;
        }
      }
      return { to: target(e.to), reason: reason(e.reason), move: move(s.name, e.to, e.reason), rates, modifiers: compileModifiers(e.modifiers) };
    });
    const stateUnits = Int32Array.from(s.phases, (ph) => units.push({ name: ph.name, state: index }) - 1);
    const service = s.service === undefined ? -1 : (serviceIndex.get(s.service) ?? -1);
    return {
      index,
      name: s.name,
      tier: s.tier,
      lighter: lighterTiers.includes(s.tier),
      intensive: s.tier === 'intensive',
      service: service >= 0 && services[service].finite ? service : -1,
      weight: s.weight,
      exits,
      pieceEnds,
      epochStarts,
      units: stateUnits,
      unitEnds: Float64Array.from(s.phases, (ph) => ph.until),
      duration: s.duration ? { dist: fromSpec(s.duration.distribution), modifiers: compileModifiers(s.duration.modifiers) } : null,
      next: s.next.map((b) => branch(b, s.name)),
      frontDoor: s.tier === 'front-door',
      allocatedEvery: s.allocatedEvery ?? 0,
      contacts: (s.contacts ?? []).map((c): CompiledContact => {
        const ends = [...new Set(c.rate.map((p) => p.until))].sort((a, b) => a - b);
        return {
          series: contactSeries[contactKinds.indexOf(c.name)],
          pieceEnds: Float64Array.from(ends),
          rates: Float64Array.from(ends, (e) => c.rate.find((p) => p.until >= e)!.rate),
          modifiers: compileModifiers(c.modifiers),
          service: c.service === undefined ? -1 : (serviceIndex.get(c.service) ?? -1),
          onward: c.onward,
        };
      }),
    };
  });
  const books = scenario.policy.books;
  const cap = scenario.screening.cap;
  const whenWaiting = scenario.referrals.map((r) => (r.whenWaiting ? { service: serviceIndex.get(r.whenWaiting.service) ?? -1, atLeast: r.whenWaiting.atLeast, factor: r.whenWaiting.factor } : null));
  const demand: CompiledDemand | null =
    books || cap || whenWaiting.some((w) => w !== null)
      ? {
          whenWaiting,
          books: books ? { closeAbove: books.closeAbove, reopenBelow: books.reopenBelow, service: books.service === undefined ? -1 : (serviceIndex.get(books.service) ?? -1) } : null,
          cap: cap ? { count: cap.count, per: cap.per, until: cap.until } : null,
          turnedAway: books || cap ? dynamic('demand.turnedAway', 'count') : -1,
          booksClosed: books ? dynamic('demand.booksClosed', 'level') : -1,
        }
      : null;

  const prevalenceOf = (a: Scenario['attributes']): Float64Array => Float64Array.from(needs, (n) => a.needs[n]?.prevalence ?? 0);
  const prevalence = prevalenceOf(scenario.attributes);
  const complexity = fromSpec(scenario.attributes.complexity.distribution);
  const sources: CompiledSource[] = [
    ...scenario.referrals.map((r) => ({
      name: r.name,
      prevalence: r.attributes ? prevalenceOf(r.attributes) : prevalence,
      complexity: r.attributes ? fromSpec(r.attributes.complexity.distribution) : complexity,
      eligible: r.eligible?.p ?? scenario.screening.eligible.p,
    })),
    { name: 'cohorts', prevalence, complexity, eligible: scenario.screening.eligible.p },
  ];
  const r = scenario.screening.eligible.rule;
  const rule: CompiledRule | null =
    r.needs || r.complexity
      ? { needMask: (r.needs?.of ?? []).reduce((m, n) => m | (1 << needs.indexOf(n)), 0), atLeast: r.needs?.atLeast ?? 0, complexity: r.complexity?.atLeast ?? null }
      : null;

  return {
    scenario,
    states,
    services,
    reasons,
    moves,
    units,
    entry: scenario.screening.entry.map((b) => branch(b, undefined)),
    assessment: fromSpec(scenario.screening.assessment.duration),
    complexity,
    complexityReference: scenario.attributes.complexity.reference,
    prevalence,
    sources,
    rule,
    userWindows: (opts.measureTargets ? scenario.targets : []).flatMap((t) => {
      const m = t.measure;
      if (m.kind !== 'users') return [];
      const mask = Uint8Array.from(scenario.states, (st) => (m.states.includes(st.name) || m.states.includes(st.tier) ? 1 : 0));
      return [{ states: mask, from: m.window.from, to: m.window.to }];
    }),
    periods: Math.round(scenario.horizon / scenario.period),
    dynamics,
    contactKinds,
    demand,
  };
}

function compileModifiers(m: Modifiers | undefined): CompiledModifiers | null {
  if (!m) return null;
  const factors = needs.map((n) => m.needs[n] ?? 1);
  if (factors.every((f) => f === 1) && m.complexity === 0) return null;
  return { needFactor: Float64Array.from(factors), complexity: m.complexity };
}

/** The factor a person's needs (bit mask) and complexity score give under these modifiers. */
export function modifierFactor(m: CompiledModifiers | null, needBits: number, complexityOffset: number): number {
  if (m === null) return 1;
  let f = m.complexity === 0 ? 1 : Math.exp(m.complexity * complexityOffset);
  for (let bit = 0; needBits >> bit; bit++) if ((needBits >> bit) & 1) f *= m.needFactor[bit];
  return f;
}
