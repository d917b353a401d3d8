import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../engine/des/rng.ts';
import { compile } from '../../engine/model/compile.ts';
import { simulateReplication } from '../../engine/model/pathway.ts';
import { busy, exit, scenario, state } from '../helpers/scenario.ts';

describe('conservation of people', () => {
  for (const [label, sc] of [
    ['no closed cases', busy('none')],
    ['discharge', busy('discharge')],
    ['switch to discharge at year 5 and back at year 8', busy('none', [{ at: 5, closure: 'discharge' }, { at: 8, closure: 'none' }])],
  ] as const) {
    it(`${label}: everyone is in exactly one state, and entries − exits = open caseload`, () => {
      const model = compile(sc);
      for (let rep = 0; rep < 5; rep++) {
        // audit: at every period end, each open person is in exactly one state and the state counts match.
        const out = simulateReplication(model, new RandomStreams('conserve', rep), { audit: true });
        for (let k = 0; k < model.periods; k++) {
          const byState = out.states.reduce((s, row) => s + row[k], 0);
          const byTier = out.tiers.reduce((s, row) => s + row[k], 0);
          const weighted = out.states.reduce((s, row, i) => s + row[k] * model.states[i].weight, 0);
          expect(out.total[k]).toBe(byState);
          expect(byTier).toBe(byState);
          expect(out.cumulativeOpened[k] - out.cumulativeExits[k]).toBe(out.total[k]);
          expect(out.weighted[k]).toBeCloseTo(weighted, 9);
          // Capacity holders: the iss and abs loads are the weights of the people in their states.
          const issLoad = out.states.reduce((s, row, i) => s + (model.states[i].service === 0 ? row[k] * model.states[i].weight : 0), 0);
          expect(out.load[0][k]).toBeCloseTo(issLoad, 9);
          expect(out.load[1][k]).toBe(out.states[1][k]);
          expect(out.load[1][k]).toBeLessThanOrEqual(5);
        }
        expect(out.people).toBeGreaterThan(300);
      }
    });
  }

  it('discharge closes lighter-tier cases: none are open in drop-in or dormant', () => {
    const model = compile(busy('discharge'));
    const out = simulateReplication(model, new RandomStreams('conserve', 0));
    expect(Math.max(...out.states[3], ...out.states[4])).toBe(0);
    expect(out.entries[4].reduce((a, b) => a + b, 0)).toBeGreaterThan(0); // re-referrals happen
  });

  it('a switch to discharge closes the open lighter-tier cases at that moment', () => {
    const model = compile(busy('none', [{ at: 5, closure: 'discharge' }]));
    const out = simulateReplication(model, new RandomStreams('conserve', 1));
    const k5 = 59; // period ending at 5 years: the switch at t=5 fires before the snapshot
    expect(out.states[3][k5 - 1]).toBeGreaterThan(0);
    expect(out.states[3][k5] + out.states[4][k5]).toBe(0);
    const closedBySwitch = out.exits['closed: policy change'];
    expect(closedBySwitch[k5]).toBeGreaterThanOrEqual(0.5 * (out.states[3][k5 - 1] + out.states[4][k5 - 1]));
    expect(closedBySwitch.reduce((a, b) => a + b, 0)).toBe(closedBySwitch[k5]); // only at the switch
  });
});

describe('exposure: person-years by state, closed cases and population', () => {
  it('never counts more people in states than in the population', () => {
    const model = compile(busy('none', [{ at: 5, closure: 'discharge' }]));
    const out = simulateReplication(model, new RandomStreams('exposure', 0));
    for (let k = 0; k < model.periods; k++) {
      const inStates = out.openYears.reduce((s, r) => s + r[k], 0) + out.closedYears.reduce((s, r) => s + r[k], 0);
      expect(inStates).toBeLessThanOrEqual(out.populationYears[k] + 1e-9);
      // Open person-years in a period lie between the smallest and largest possible: total open × period, roughly.
      expect(out.openYears.reduce((s, r) => s + r[k], 0)).toBeGreaterThan(0);
    }
    // Before the switch nobody is closed; after it, closed people accumulate person-years.
    expect(out.closedYears.reduce((s, r) => s + r[30], 0)).toBe(0);
    expect(out.closedYears.reduce((s, r) => s + r[100], 0)).toBeGreaterThan(0);
  });
});

describe('Persistence (benefit drop-off after closure)', () => {
  it('integrates q^(t − closedAt) exactly', async () => {
    const { Persistence } = await import('../../engine/model/record.ts');
    const p = new Persistence(0.5); // half the benefit lost each year
    p.add(0, 0, 1); // one person closed at 0
    // ∫0^1 0.5^t dt = (0.5 − 1) / ln 0.5 = 0.7213475204444817
    expect(p.take(1)).toBeCloseTo(0.7213475204444817, 12);
    p.add(1.5, 1.5, 1); // a second person closed at 1.5
    // first: ∫1^2 0.5^t = 0.3606737602222409; second: ∫1.5^2 0.5^(t−1.5) = (0.5^0.5 − 1)/ln 0.5 = 0.4225555942921739
    expect(p.take(2)).toBeCloseTo(0.3606737602222409 + 0.4225555942921739, 12);
    p.add(2, 0, -1); // the first leaves at 2
    // second only: ∫2^3 0.5^(t−1.5) = 0.5^0.5 × 0.7213475204444817 = 0.5100646433665...
    expect(p.take(3)).toBeCloseTo(Math.SQRT1_2 * 0.7213475204444817, 12);
    const none = new Persistence(1);
    none.add(0, 0, 1);
    expect(none.take(2)).toBe(2);
    const all = new Persistence(0);
    all.add(0, 0, 1);
    expect(all.take(2)).toBe(0);
  });
});

describe('re-escalation from a lighter tier', () => {
  it('waits for a full place when the service is full, with returners ahead of new referrals', () => {
    // One place, taken for ever by the first person; a drop-in client who re-escalates must wait.
    const sc = scenario({
      referrals: [],
      horizon: 2,
      initial: [{ state: 'iss', count: 1 }, { state: 'dropin', count: 1 }],
      states: [
        state('iss', 'intensive', [exit('died', 0)], { service: 'team' }),
        state('dropin', 'drop-in', [exit('re-escalation', 1e6, 'iss')], { service: 'team', weight: 0.2 }),
      ],
      services: [{ name: 'team', capacity: 1, changes: [], discipline: 'priority', opens: 0 }],
    });
    const model = compile(sc);
    const out = simulateReplication(model, new RandomStreams('re-escalate', 0), { audit: true });
    // The drop-in client stays in drop-in, queued, never over capacity in intensive support.
    expect(out.states[0][23]).toBe(1);
    expect(out.states[1][23]).toBe(1);
    expect(out.waiting[0][23]).toBe(1);
    expect(out.load[0][23]).toBeCloseTo(1.2, 12); // the intensive place plus the drop-in share
  });
});
