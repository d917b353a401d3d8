import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../engine/des/rng.ts';
import { buildLedger } from '../../engine/economics/ledger.ts';
import type { Economics } from '../../engine/economics/schema.ts';
import { compile } from '../../engine/model/compile.ts';
import { simulateReplication } from '../../engine/model/pathway.ts';
import { runScenario } from '../../engine/run.ts';
import { exit, scenario, state } from '../helpers/scenario.ts';

/** Ten people held in intensive support for three years, with nobody arriving or leaving: every figure can be worked by hand. */
function steady(econ: Partial<Economics> = {}) {
  const economics: Economics = {
    priceYear: 2015,
    deflators: {},
    unitCosts: [
      { name: 'ae_attendance', label: 'A&E', cost: 117, per: 'attendance', priceYear: 2015, agency: 'nhs', valueType: 'fiscal', cashable: 0.1 },
      { name: 'arrest', label: 'Arrest', cost: 710, per: 'arrest', priceYear: 2015, agency: 'police', valueType: 'fiscal', cashable: 0 },
      { name: 'iss_person_year', label: 'ISS', cost: 5230, per: 'year', priceYear: 2015, agency: 'programme', valueType: 'fiscal', cashable: 1 },
    ],
    use: { iss: { ae_attendance: 2, arrest: 0.5 } },
    counterfactual: { ae_attendance: 5, arrest: 1.5 },
    programme: { perPersonYear: { iss: 'iss_person_year' }, staff: {}, places: {}, fixedPerYear: 0, setup: 0, assessmentCost: 0, funders: [{ agency: 'programme', until: 2 }, { agency: 'social-care', until: Infinity }] },
    appraisal: { discount: [{ rate: 0.035, until: Infinity }], optimismBias: { costs: 0, benefits: 0, delayYears: 0 }, deadweight: 0, attribution: 1, displacement: 0, dropOff: 0 },
    ...econ,
  };
  return scenario({
    horizon: 3,
    referrals: [],
    initial: [{ state: 'iss', count: 10 }],
    states: [state('iss', 'intensive', [exit('died', 0)])],
    economics,
  });
}

describe('the ledger, by hand', () => {
  it('prices savings and programme costs by year and agency', () => {
    const model = compile(steady());
    const ledger = buildLedger(model, simulateReplication(model, new RandomStreams('ledger', 0)));
    const amount = (item: string, agency: string): number[] => {
      const i = ledger.lines.findIndex((l) => l.item === item && l.agency === agency);
      return i < 0 ? [] : Array.from(ledger.amounts[i], (x) => Math.round(x * 100) / 100);
    };
    // 10 people × (5 − 2) A&E a year × £117 = £3,510 a year; arrests 10 × 1 × £710 = £7,100.
    expect(amount('ae_attendance', 'nhs')).toEqual([3510, 3510, 3510]);
    expect(amount('arrest', 'police')).toEqual([7100, 7100, 7100]);
    // 10 × £5,230 a year, paid by the programme for two years, then by adult social care.
    expect(amount('support: iss', 'programme')).toEqual([52300, 52300, 0]);
    expect(amount('support: iss', 'social-care')).toEqual([0, 0, 52300]);
  });

  it('appraises them: NPV, ratios and the wrong pocket', () => {
    const sc = steady();
    const r = runScenario(sc, JSON.stringify(sc), { seed: 'ledger', replications: 3 }).economics!;
    const d = [1, 1 / 1.035, 1 / 1.035 ** 2];
    const pv = (x: number): number => x * (d[0] + d[1] + d[2]);
    // Nothing is random here, so every replication agrees and the interval is the point.
    expect(r.summary.pvCosts.mean).toBeCloseTo(pv(52300), 2); // 151,282.78
    expect(r.summary.pvBenefits.mean).toBeCloseTo(pv(3510 + 7100), 2);
    expect(r.summary.npv.mean).toBeCloseTo(pv(10610 - 52300), 2);
    expect(r.summary.bcr.mean).toBeCloseTo(10610 / 52300, 5);
    expect(r.summary.paybackYear.median).toBeNull();
    expect(r.summary.probRoiAbove1.mean).toBe(0);
    // Who pays and who benefits.
    expect(r.byAgency.programme.costs.mean).toBeCloseTo(52300 * (d[0] + d[1]), 2);
    expect(r.byAgency['social-care'].costs.mean).toBeCloseTo(52300 * d[2], 2);
    expect(r.byAgency.nhs.savings.mean).toBeCloseTo(pv(3510), 2);
    expect(r.byAgency.nhs.npv.mean).toBeGreaterThan(0);
    expect(r.byAgency.programme.npv.mean).toBeLessThan(0);
    // Cashable: 10% of the A&E saving, none of the police time.
    expect(r.summary.cashable.mean).toBeCloseTo(pv(351), 2);
  });

  it('applies additionality and optimism bias from the scenario', () => {
    const sc = steady({
      appraisal: { discount: [{ rate: 0, until: Infinity }], optimismBias: { costs: 0.1, benefits: 0.2, delayYears: 0 }, deadweight: 0.2, attribution: 0.9, displacement: 0.05, dropOff: 0 },
    });
    const r = runScenario(sc, JSON.stringify(sc), { seed: 'ledger', replications: 2 }).economics!;
    // Undiscounted: costs 3 × 52,300 × 1.1 = 172,590; benefits 3 × 10,610 × 0.8 × 0.9 × 0.95 × 0.8 = 17,417.376.
    expect(r.summary.pvCosts.mean).toBeCloseTo(172590, 2);
    expect(r.summary.pvBenefits.mean).toBeCloseTo(17417.38, 2);
  });

  it('lets a closed case drift back to business as usual as its benefit drops off', () => {
    // Everyone steps down to drop-in at once under discharge, so all are closed at t≈0 and their benefit decays.
    const base = steady();
    const sc = {
      ...base,
      states: [state('iss', 'intensive', [exit('move-on', 1e6, 'dropin')]), state('dropin', 'drop-in', [exit('died', 0)])],
      policy: { closure: 'discharge' as const, changes: [], returnersFirst: true },
    };
    sc.economics = { ...base.economics!, use: { iss: { ae_attendance: 2, arrest: 0.5 }, dropin: { ae_attendance: 2, arrest: 0.5 } }, programme: { ...base.economics!.programme, perPersonYear: {} } };
    const saving = (dropOff: number): number => {
      const s = { ...sc, economics: { ...sc.economics!, appraisal: { ...sc.economics!.appraisal, dropOff } } };
      const model = compile(s);
      const ledger = buildLedger(model, simulateReplication(model, new RandomStreams('ledger', 0)));
      const i = ledger.lines.findIndex((l) => l.item === 'ae_attendance');
      return ledger.amounts[i].reduce((a, b) => a + b, 0);
    };
    // No drop-off: the full 3 years × 3,510. Half lost a year: 3,510 × ∫0^3 0.5^t dt = 3,510 × 1.2623582 = 4,430.88.
    expect(saving(0)).toBeCloseTo(3 * 3510, 0);
    expect(saving(0.5)).toBeCloseTo(3510 * ((1 - 0.125) / Math.LN2), 0);
    expect(saving(1)).toBeCloseTo(0, 1); // all but the microseconds spent in intensive support before closure
  });
});
