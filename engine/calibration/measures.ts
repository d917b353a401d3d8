/**
 * Targets measured in a replication exactly as the reports measured them:
 * counts over a window, stocks at a time, the mean time in support before an
 * exit among those who exited in the window, distinct users of states, and
 * shares. Windows are whole reporting periods: a time is rounded to the
 * nearest period end.
 */
import type { CompiledModel } from '../model/compile.ts';
import type { ReplicationOutput } from '../model/record.ts';
import type { CountMeasure, Measure, Target, Window } from '../model/scenario.ts';

/** Reads one target's value from one replication's output. */
export type Evaluate = (out: ReplicationOutput) => number;

/** The period index nearest a time: period k ends at (k + 1) × period. */
const periodsTo = (model: CompiledModel, t: number): number => Math.round(t / model.scenario.period);

/** The last period a target reads, plus one: how many periods a run needs to measure it. */
export function periodsNeeded(model: CompiledModel, m: Measure): number {
  if (m.kind === 'open' || m.kind === 'waiting') return periodsTo(model, m.at);
  if (m.kind === 'share') return periodsTo(model, m.numerator.window.to);
  return periodsTo(model, m.window.to);
}

const sumWindow = (model: CompiledModel, row: ArrayLike<number>, w: Window): number => {
  let n = 0;
  for (let k = periodsTo(model, w.from); k < periodsTo(model, w.to); k++) n += row[k];
  return n;
};

/** States named directly or by their tier. */
const stateIndices = (model: CompiledModel, names: readonly string[]): number[] =>
  model.states.flatMap((s, i) => (names.includes(s.name) || names.includes(s.tier) ? [i] : []));

function countOf(model: CompiledModel, m: CountMeasure): Evaluate {
  const src = m.source === undefined ? -1 : model.sources.findIndex((s) => s.name === m.source);
  const add = (rows: (out: ReplicationOutput) => ArrayLike<number>[]): Evaluate => (out) => rows(out).reduce((a, row) => a + sumWindow(model, row, m.window), 0);
  switch (m.of) {
    case 'referrals':
      return src < 0 ? add((o) => [o.entries[0]]) : add((o) => [o.bySource.referrals[src]]);
    case 'eligible':
      return src < 0 ? add((o) => o.bySource.eligible) : add((o) => [o.bySource.eligible[src]]);
    case 'starts':
      return src < 0 ? add((o) => [o.entries[3]]) : add((o) => [o.bySource.started[src]]);
    case 'spells':
      return add((o) => Object.entries(o.spellCount).flatMap(([r, row]) => (m.reason === undefined || r === m.reason ? [row] : [])));
    case 'exits':
      return add((o) => Object.entries(o.exits).flatMap(([r, row]) => (m.reason === undefined || r === m.reason ? [row] : [])));
    case 'moves': {
      const named = (list: string[] | undefined, name: string): boolean => {
        if (list === undefined) return true;
        const st = model.states.find((s) => s.name === name);
        return list.includes(name) || (st !== undefined && list.includes(st.tier));
      };
      const moves = model.moves.flatMap((mv, i) => (named(m.from, mv.from) && named(m.to, mv.to) && (m.reason === undefined || mv.reason === m.reason) ? [i] : []));
      return add((o) => moves.map((i) => o.moves[i]));
    }
    case 'contacts':
    case 'onward': {
      const suffix = m.of === 'contacts' ? 'made' : 'onward';
      const series = model.dynamics.flatMap((d, i) => (d.name === `contacts.${m.contact}.${suffix}` || (m.contact === undefined && d.name.startsWith('contacts.') && d.name.endsWith(`.${suffix}`)) ? [i] : []));
      return add((o) => series.map((i) => o.dynamics[i]));
    }
    case 'turnedAway': {
      const i = model.demand?.turnedAway ?? -1;
      return add((o) => (i < 0 ? [] : [o.dynamics[i]]));
    }
  }
}

/** How to read each of the scenario's targets from a replication. */
export function targetEvaluators(model: CompiledModel): Evaluate[] {
  let users = 0;
  return model.scenario.targets.map((t): Evaluate => {
    const m = t.measure;
    switch (m.kind) {
      case 'count':
        return countOf(model, m);
      case 'open': {
        const states = stateIndices(model, m.states);
        const k = periodsTo(model, m.at) - 1;
        return (out) => states.reduce((a, s) => a + out.states[s][k], 0);
      }
      case 'waiting': {
        const f = model.services.filter((s) => s.finite).findIndex((s) => s.name === m.service);
        const k = periodsTo(model, m.at) - 1;
        return (out) => (f < 0 ? 0 : out.waiting[f][k]);
      }
      case 'meanDays': {
        const code = model.reasons.indexOf(m.reason);
        const from = periodsTo(model, m.window.from) * model.scenario.period;
        const to = periodsTo(model, m.window.to) * model.scenario.period;
        return (out) => {
          const log = out.spellLog;
          let n = 0;
          let sum = 0;
          for (let i = 0; i < log.reason.length; i++) {
            if (log.reason[i] === code && log.at[i] >= from && log.at[i] < to) (n++, (sum += log.length[i]));
          }
          return n === 0 ? NaN : (sum / n) * 365.25;
        };
      }
      case 'users': {
        const w = users++;
        return (out) => out.users[w];
      }
      case 'share': {
        const num = countOf(model, m.numerator);
        const den = countOf(model, m.denominator);
        return (out) => {
          const d = den(out);
          return d === 0 ? NaN : num(out) / d;
        };
      }
    }
  });
}

/** How one target compares with the simulation: the distance in standard errors and a verdict in words. */
export interface TargetCheck {
  name: string;
  source?: string;
  assumption?: string;
  note?: string;
  observed: number;
  /** The observation's standard error. */
  sd: number;
  /** Mean over replications, with the 95% interval of that mean, and the 2.5th to 97.5th percentile of single replications. */
  simulated: { mean: number; lo: number; hi: number; p2_5: number; p97_5: number };
  /** Replications in which the measure was defined (a mean time needs at least one exit). */
  replications: number;
  /** (simulated mean − observed) / √(sd² + Monte Carlo error²). */
  z: number;
  consistent: boolean;
  verdict: string;
}

/** Compares each target with its values over replications (NaN = not defined in that replication). */
export function compareTargets(targets: readonly Target[], values: readonly number[][], level = 1.96): TargetCheck[] {
  return targets.map((t, i) => {
    const xs = values.map((v) => v[i]).filter((x) => Number.isFinite(x));
    const n = xs.length;
    const mean = n ? xs.reduce((a, b) => a + b, 0) / n : NaN;
    const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
    const se = n ? sd / Math.sqrt(n) : NaN;
    const sorted = [...xs].sort((a, b) => a - b);
    const q = (p: number): number => (n ? sorted[Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))))] : NaN);
    const z = (mean - t.observed) / Math.sqrt(t.sd ** 2 + se ** 2);
    const consistent = Number.isFinite(z) && Math.abs(z) <= level;
    const gap = mean - t.observed;
    const verdict = !Number.isFinite(z)
      ? 'not measured: no replication defined it'
      : consistent
        ? 'consistent'
        : `off by ${fmt(Math.abs(gap))} (${fmt(Math.abs(z))} standard errors ${gap > 0 ? 'high' : 'low'})`;
    return {
      name: t.name,
      ...(t.source !== undefined && { source: t.source }),
      ...(t.assumption !== undefined && { assumption: t.assumption }),
      ...(t.note !== undefined && { note: t.note }),
      observed: t.observed,
      sd: t.sd,
      simulated: { mean, lo: mean - 1.96 * se, hi: mean + 1.96 * se, p2_5: q(0.025), p97_5: q(0.975) },
      replications: n,
      z,
      consistent,
      verdict,
    };
  });
}

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
