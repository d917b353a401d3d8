/**
 * Contacts are a Poisson stream per person while in the state. 100 people held in one state all run (nobody
 * leaves: a death rate of 1e-9 a year), so each period's person-time is exactly 100 × period and the contacts made
 * in it are Poisson(rate × person-time); the onward referrals among them are Binomial(made, onward). A rate given
 * in pieces by time in state stops when its last piece is 0; a service's contactLimit caps the contacts made in a
 * period at limit × period, the rest counted as unmet.
 */
import { describe, expect, it } from 'vitest';
import { buildLedger } from '../../engine/economics/ledger.ts';
import { dyn, modelOf, replicate, sum } from '../helpers/dynamics.ts';

const people = 100;
const yaml = (contacts: string, services = '') => `
name: contacts
horizon: 2 years
period: 1 month
referrals: { main: { rate: 0 per year } }
initial: { s: { count: ${people} } }
screening: { entry: s }
${services}
states:
  s:
    tier: drop-in
    exits: { died: { rate: 0.000000001 per year } }
    contacts:
${contacts}
`;

describe('contacts made at rate × exposure', () => {
  const model = modelOf(
    yaml(`      visits: { rate: 24 per year, onward: 0.25 }
      calls: { rate: [{ until: 6 months, rate: 12 per year }, { rate: 0 per year }] }`),
  );
  const R = 5;
  const runs = replicate(model, 'contacts', R, { audit: true });
  const s = model.states.findIndex((x) => x.name === 's');

  it('holds the 100 people all run, so exposure is 100 × 1/12 person-years each month', () => {
    for (const o of runs) {
      expect(Array.from(o.states[s])).toEqual(new Array(24).fill(people));
      for (const y of o.openYears[0]) expect(y).toBeCloseTo(people / 12, 9);
    }
  });

  it('visits per month ≈ 24 a year × 100/12 person-years = 200 (Poisson): totals within 4 √n, every month within 5 √n', () => {
    const perMonth = (24 * people) / 12;
    for (const o of runs) {
      const made = dyn(model, o, 'contacts.visits.made');
      // 24 months × 5 replications = 120 monthly counts; P(|z| > 5) ≈ 6e-7 each.
      for (const x of made) expect(Math.abs(x - perMonth)).toBeLessThan(5 * Math.sqrt(perMonth));
      expect(Math.abs(sum(made) - 24 * perMonth)).toBeLessThan(4 * Math.sqrt(24 * perMonth));
      for (const x of dyn(model, o, 'contacts.visits.unmet')) expect(x).toBe(0); // no limit
    }
    // Pooled over replications: 24,000 expected, sd 155; a rate off by 3% would fail.
    const pooled = runs.reduce((t, o) => t + sum(dyn(model, o, 'contacts.visits.made')), 0);
    expect(Math.abs(pooled - R * 24 * perMonth)).toBeLessThan(4 * Math.sqrt(R * 24 * perMonth));
  });

  it('onward referrals ≈ 0.25 × made (binomial, within 4 sd)', () => {
    let made = 0;
    let onward = 0;
    for (const o of runs) {
      const m = dyn(model, o, 'contacts.visits.made');
      const w = dyn(model, o, 'contacts.visits.onward');
      for (let k = 0; k < 24; k++) expect(w[k]).toBeLessThanOrEqual(m[k]);
      made += sum(m);
      onward += sum(w);
    }
    expect(Math.abs(onward - 0.25 * made)).toBeLessThan(4 * Math.sqrt(made * 0.25 * 0.75));
  });

  it('a piecewise rate stops after its last non-zero piece: calls only in the first 6 months in state', () => {
    let early = 0;
    for (const o of runs) {
      const calls = dyn(model, o, 'contacts.calls.made');
      expect(sum(calls.subarray(6))).toBe(0);
      early += sum(calls.subarray(0, 6));
    }
    // 12 a year × 100 people × 0.5 years = 600 a replication, Poisson.
    expect(Math.abs(early - R * 600)).toBeLessThan(4 * Math.sqrt(R * 600));
    // Each kind has its own series; onward defaults to 0.
    for (const o of runs) expect(sum(dyn(model, o, 'contacts.calls.onward'))).toBe(0);
  });
});

describe('a service contactLimit caps contacts made per period', () => {
  // Demand ≈ 200 visits a month; the hub takes 120 a year, 10 a month.
  const model = modelOf(
    yaml(`      visits: { rate: 24 per year, service: hub, onward: 0.5 }`, `services:\n  hub: { unlimited: true, contactLimit: 120 per year }`),
  );
  const runs = replicate(model, 'limit', 3, { audit: true });

  it('makes limit × period = 10 a month and counts the rest unmet; onward only from those made', () => {
    let demand = 0;
    for (const o of runs) {
      const made = dyn(model, o, 'contacts.visits.made');
      const unmet = dyn(model, o, 'contacts.visits.unmet');
      const onward = dyn(model, o, 'contacts.visits.onward');
      for (let k = 0; k < 24; k++) {
        expect(made[k]).toBeLessThanOrEqual(10);
        expect(made[k]).toBe(10); // demand of ~200 a month always reaches the limit
        expect(onward[k]).toBeLessThanOrEqual(made[k]);
      }
      demand += sum(made) + sum(unmet);
    }
    // Made + unmet is the whole Poisson demand: 3 × 24 × 200 = 14,400.
    expect(Math.abs(demand - 14400)).toBeLessThan(4 * Math.sqrt(14400));
  });
});

describe('contact modifiers and their price', () => {
  // Half the people have mentalHealth, whose visits run 1.5 times as often: the mean rate is 24 × (1 + 0.5 × 0.5) = 30
  // a year. Each visit made costs a social-care assessment of £250, demand the programme raises (a negative saving).
  const text = `
name: contacts priced
horizon: 2 years
period: 1 month
referrals: { main: { rate: 0 per year } }
initial: { s: { count: ${people} } }
screening: { entry: s }
attributes:
  needs: { mentalHealth: { prevalence: 0.5 } }
states:
  s:
    tier: drop-in
    exits: { died: { rate: 0.000000001 per year } }
    contacts:
      visits: { rate: 24 per year, modifiers: { mentalHealth: 1.5 } }
economics:
  unitCosts:
    ae: { label: A&E, cost: 117, priceYear: 2015, agency: nhs }
    sc_assess: { label: Social care assessment, cost: 250, priceYear: 2015, agency: social-care }
  counterfactual: { ae: 1 per year }
  contacts: { visits: sc_assess }
`;
  const model = modelOf(text);
  const runs = replicate(model, 'modifiers', 10);

  it('makes rate × modifier × exposure contacts: 30 a year each on average (Poisson given the needs drawn, plus their binomial spread)', () => {
    const made = runs.reduce((t, o) => t + sum(dyn(model, o, 'contacts.visits.made')), 0);
    const expected = 10 * people * 2 * 30; // 60,000
    // Poisson variance 60,000; the needs add 10 × 100 × Var(rate) × 2² = 4,000 × (24 × 0.5)² × 0.25 = 144,000.
    expect(Math.abs(made - expected)).toBeLessThan(4 * Math.sqrt(60000 + 144000));
    // Without the modifier it would be 48,000: 26 sd away.
  });

  it('prices each contact made at its unit cost, charged to the agency that meets it', () => {
    for (const o of runs.slice(0, 3)) {
      const ledger = buildLedger(model, o);
      const i = ledger.lines.findIndex((l) => l.item === 'sc_assess');
      expect(i).toBeGreaterThanOrEqual(0);
      expect(ledger.lines[i].agency).toBe('social-care');
      const made = dyn(model, o, 'contacts.visits.made');
      [sum(made.subarray(0, 12)), sum(made.subarray(12))].forEach((n, y) => expect(ledger.amounts[i][y]).toBeCloseTo(-250 * n, 6));
    }
  });
});
