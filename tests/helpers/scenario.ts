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

/** A scenario that exercises every mechanism at once: capacity, waiting, reneging, tiers, durations, modifiers, policy switches. */
export function busy(closure: Scenario['policy']['closure'], changes: Scenario['policy']['changes'] = []): Scenario {
  const base = scenario({
    states: [
      state('iss', 'intensive', [
        { ...exit('move-on', 0.6, 'dropin'), modifiers: { needs: { offending: 0.8 }, complexity: -0.02 } },
        { ...exit('disengaged', 0, 'dormant'), rate: [{ rate: 0.5, until: 0.5 }, { rate: 0.1, until: Infinity }] },
        exit('prison', 0.2, 'prison'),
        exit('to ABS', 0.1, 'abs'),
        exit('died', 0.05),
      ], { service: 'iss' }),
      state('abs', 'intensive', [exit('died', 0.3)], {
        service: 'abs',
        duration: { distribution: { type: 'lognormal', mean: 0.5, sd: 0.3 }, modifiers: { needs: {}, complexity: 0 } },
        next: [
          { name: 'moved-on-from-ABS', to: 'iss', reason: 'moved on from ABS', p: fixedP(0.6), modifiers: { needs: { homelessness: 1.5 }, complexity: 0 } },
          { name: 'move-on', to: 'dropin', reason: 'move-on', p: fixedP(0.4), modifiers: { needs: {}, complexity: 0 } },
        ],
      }),
      state('prison', 'custody', [exit('released', 2, 'iss'), exit('died', 0.01)], { service: 'iss', weight: 0.3 }),
      state('dropin', 'drop-in', [exit('re-escalation', 0.4, 'iss'), exit('died', 0.02)], { service: 'iss' }),
      state('dormant', 'dormant', [exit('re-engagement', 0.3, 'iss'), exit('moved away', 0.1)], { service: 'iss' }),
    ],
    services: [
      { name: 'iss', capacity: 40, changes: [{ at: 6, capacity: 25 }], discipline: 'priority', patience: { type: 'exponential', mean: 0.5 }, opens: 0 },
      { name: 'abs', capacity: 5, changes: [], discipline: 'fifo', opens: 0 },
    ],
    referrals: [{ name: 'main', rate: { rate: 120, changes: [{ at: 3, rate: 60 }] }, rampUp: 0.5 }],
    cohorts: [{ at: 2, count: 15 }, { at: 4, count: 5, state: 'abs' }],
    initial: [{ state: 'iss', count: 20 }, { state: 'dropin', count: 10 }],
    attributes: {
      needs: { homelessness: { prevalence: 0.75 }, offending: { prevalence: 0.85 } },
      complexity: { distribution: { type: 'normal', mean: 28, sd: 7, lower: 0, upper: 48 }, reference: 28 },
    },
    policy: { closure, changes, returnersFirst: true },
  });
  base.screening = { ...base.screening, eligible: { p: fixedP(0.7), rule: {} }, starts: { p: fixedP(0.8) }, assessment: { duration: { type: 'exponential', mean: 0.04 } } };
  return base;
}
