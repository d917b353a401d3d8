import type { Exit, Scenario, Schedule, State } from '../../engine/model/scenario.ts';

const noModifiers = { needs: {}, complexity: 0 };

/** A constant hazard exit (rate per year). */
export function exit(reason: string, rate: number, to?: string): Exit {
  return { name: reason.replace(/[^A-Za-z0-9_-]+/g, '-'), to, reason, rate: [{ rate, until: Infinity }], changes: [], modifiers: noModifiers };
}

/** A probability that never changes. */
export const fixedP = (value: number): Schedule => ({ value, changes: [] });

/** A state with the given tier and exits; no service unless given. */
export function state(name: string, tier: State['tier'], exits: Exit[], extra: Partial<State> = {}): State {
  return { name, tier, weight: tier === 'drop-in' ? 0.2 : tier === 'dormant' ? 0.05 : 1, exits, next: [], phases: [{ name, until: Infinity }], opens: 0, ...extra };
}

/** A resolved scenario with simple defaults: Poisson referrals straight into `entry`, no screening losses. */
export function scenario(over: Partial<Scenario> & Pick<Scenario, 'states'>): Scenario {
  return {
    name: 'test',
    description: '',
    sources: {},
    horizon: 10,
    period: 1 / 12,
    referrals: [{ name: 'main', rate: { rate: 100, changes: [] }, rampUp: 0 }],
    cohorts: [],
    initial: [],
    attributes: { needs: {}, complexity: { distribution: { type: 'fixed', value: 0 }, reference: 0 } },
    screening: {
      eligible: { p: fixedP(1), rule: {} },
      assessment: { duration: { type: 'fixed', value: 0 } },
      starts: { p: fixedP(1) },
      entry: [{ name: 'start', to: over.states[0].name, reason: 'start', p: fixedP(1), modifiers: noModifiers }],
    },
    services: [],
    policy: { closure: 'none', changes: [], returnersFirst: true },
    targets: [],
    ...over,
  };
}
