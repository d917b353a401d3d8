import { fromSpec, type Distribution } from '../des/distributions.ts';
import { lighterTiers, needs, type Branch, type Modifiers, type Scenario, type Tier } from './scenario.ts';

/** Modifiers in a form that is quick to apply: a factor per need bit, and a complexity slope. */
export interface CompiledModifiers {
  needFactor: Float64Array;
  complexity: number;
}

export interface CompiledExit {
  /** Target state index, or -1 to leave the caseload. */
  to: number;
  reason: number;
  /** Rate per year in each piece of the state's merged time grid. */
  rates: Float64Array;
  modifiers: CompiledModifiers | null;
}

export interface CompiledBranch {
  to: number;
  reason: number;
  p: number;
  modifiers: CompiledModifiers | null;
}

export interface CompiledState {
  index: number;
  name: string;
  tier: Tier;
  lighter: boolean;
  /** Service index, or -1 when the state uses no capacity. */
  service: number;
  weight: number;
  exits: CompiledExit[];
  /** Ends of the pieces of time-in-state over which every exit's rate is constant; the last is Infinity. */
  pieceEnds: Float64Array;
  duration: { dist: Distribution; modifiers: CompiledModifiers | null } | null;
  next: CompiledBranch[];
}

export interface CompiledService {
  index: number;
  name: string;
  capacity: number;
  changes: { at: number; capacity: number }[];
  discipline: 'fifo' | 'priority';
  patience: Distribution | null;
  finite: boolean;
}

/** The scenario turned into indexed arrays and distribution objects the pathway runs on. */
export interface CompiledModel {
  scenario: Scenario;
  states: CompiledState[];
  services: CompiledService[];
  /** Transition and exit reasons, interned. */
  reasons: string[];
  entry: CompiledBranch[];
  assessment: Distribution;
  complexity: Distribution;
  complexityReference: number;
  /** Prevalence per need bit (0 when the need is not modelled). */
  prevalence: Float64Array;
  periods: number;
}

/** Compiles a validated scenario; throws only on inconsistencies validation should have caught. */
export function compile(scenario: Scenario): CompiledModel {
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
  const branch = (b: Branch): CompiledBranch => ({
    to: target(b.to),
    reason: reason(b.reason),
    p: b.p,
    modifiers: compileModifiers(b.modifiers),
  });

  const services: CompiledService[] = scenario.services.map((s, index) => ({
    index,
    name: s.name,
    capacity: s.capacity,
    changes: s.changes,
    discipline: s.discipline,
    patience: s.patience ? fromSpec(s.patience) : null,
    finite: Number.isFinite(s.capacity) && s.changes.every((c) => Number.isFinite(c.capacity)),
  }));

  const states: CompiledState[] = scenario.states.map((s, index) => {
    const ends = [...new Set(s.exits.flatMap((e) => e.rate.map((p) => p.until)))].sort((a, b) => a - b);
    if (ends[ends.length - 1] !== Infinity) ends.push(Infinity);
    const pieceEnds = Float64Array.from(ends);
    const exits = s.exits.map((e): CompiledExit => {
      const rates = new Float64Array(pieceEnds.length);
      let k = 0;
      for (let j = 0; j < pieceEnds.length; j++) {
        while (e.rate[k].until < pieceEnds[j]) k++;
        rates[j] = e.rate[k].rate;
      }
      return { to: target(e.to), reason: reason(e.reason), rates, modifiers: compileModifiers(e.modifiers) };
    });
    const service = s.service === undefined ? -1 : (serviceIndex.get(s.service) ?? -1);
    return {
      index,
      name: s.name,
      tier: s.tier,
      lighter: lighterTiers.includes(s.tier),
      service: service >= 0 && services[service].finite ? service : -1,
      weight: s.weight,
      exits,
      pieceEnds,
      duration: s.duration ? { dist: fromSpec(s.duration.distribution), modifiers: compileModifiers(s.duration.modifiers) } : null,
      next: s.next.map(branch),
    };
  });

  const prevalence = new Float64Array(needs.length);
  needs.forEach((n, bit) => (prevalence[bit] = scenario.attributes.needs[n]?.prevalence ?? 0));

  return {
    scenario,
    states,
    services,
    reasons,
    entry: scenario.screening.entry.map(branch),
    assessment: fromSpec(scenario.screening.assessment.duration),
    complexity: fromSpec(scenario.attributes.complexity.distribution),
    complexityReference: scenario.attributes.complexity.reference,
    prevalence,
    periods: Math.round(scenario.horizon / scenario.period),
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
