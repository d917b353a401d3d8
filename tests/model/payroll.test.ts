/**
 * Staff are paid as staff: a team's cost is FTE × salary × (1 + on-costs) for
 * every month it is employed, whether or not its places are full; a bed
 * service's places are paid filled or not. Every expected figure is worked by
 * hand here from the discount factors, not from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../engine/des/rng.ts';
import { buildLedger } from '../../engine/economics/ledger.ts';
import type { Economics } from '../../engine/economics/schema.ts';
import { loadScenario } from '../../engine/model/load.ts';
import { compile } from '../../engine/model/compile.ts';
import { formatProblems } from '../../engine/model/problems.ts';
import { simulateReplication } from '../../engine/model/pathway.ts';
import type { Scenario, Service } from '../../engine/model/scenario.ts';
import { priceReplication } from '../../engine/run.ts';
import { measures, pairedDifferences } from '../../engine/pipeline/compare.ts';
import { Accumulator } from '../../engine/pipeline/accumulator.ts';
import { runHereSync } from '../../engine/pipeline/plan.ts';
import { exit, scenario, state } from '../helpers/scenario.ts';

const salary = 28162;
const onCosts = 0.3;
const perFte = salary * (1 + onCosts); // £36,610.60 a year

/** A team service of `fte` workers at 7 cases each, with optional dated changes and opening. */
function team(fte: number, extra: Partial<Service> = {}): Service {
  return { name: 'iss', capacity: fte * 7, changes: [], discipline: 'fifo', staff: { fte, caseloadPerWorker: 7 }, opens: 0, ...extra };
}

/**
 * Ten people held in ISS for five years (nobody arrives or leaves), far below
 * 14 FTE × 7 = 98 places: demand never reaches capacity, so more staff change
 * nobody's path. Green Book discounting, costs raised 10% for optimism bias,
 * the funder changing part-way through year 3.
 */
function held(service: Service, econ: Partial<Economics['programme']> = {}, over: Partial<Scenario> = {}): Scenario {
  const economics: Economics = {
    priceYear: 2015,
    deflators: {},
    unitCosts: [
      { name: 'ae_attendance', label: 'A&E', cost: 117, per: 'attendance', priceYear: 2015, agency: 'nhs', valueType: 'fiscal', cashable: 0 },
      { name: 'budget', label: 'Personal budget', cost: 500, per: 'year', priceYear: 2015, agency: 'programme', valueType: 'fiscal', cashable: 1 },
    ],
    use: { iss: { ae_attendance: 2 } },
    counterfactual: { ae_attendance: 5 },
    programme: {
      perPersonYear: { iss: 'budget' },
      staff: { iss: { salary, onCosts } },
      places: {},
      fixedPerYear: 0,
      setup: 0,
      assessmentCost: 0,
      funders: [{ agency: 'programme', until: 2.5 }, { agency: 'social-care', until: Infinity }],
      ...econ,
    },
    appraisal: {
      discount: [{ rate: 0.035, until: 30 }, { rate: 0.03, until: 75 }, { rate: 0.025, until: Infinity }],
      optimismBias: { costs: 0.1, benefits: 0.4, delayYears: 0 },
      deadweight: 0.25,
      attribution: 0.8,
      displacement: 0.05,
      dropOff: 0,
    },
  };
  return scenario({
    horizon: 5,
    referrals: [],
    initial: [{ state: 'iss', count: 10 }],
    states: [state('iss', 'intensive', [exit('died', 0)], { service: 'iss' })],
    services: [service],
    economics,
    ...over,
  });
}

/** One replication priced: its ledger and appraisal. */
function priced(sc: Scenario) {
  const model = compile(sc);
  const out = simulateReplication(model, new RandomStreams('payroll', 0));
  return { out, ...priceReplication(model, out)! };
}

/** A ledger item's amounts by year, summed over the funders that pay it. */
function item(ledger: ReturnType<typeof buildLedger>, name: string): number[] {
  const total = new Array<number>(ledger.years).fill(0);
  ledger.lines.forEach((l, i) => {
    if (l.item === name) ledger.amounts[i].forEach((x, y) => (total[y] += x));
  });
  return total;
}

/** Green Book factors for years 0-4, written out: year 0 is not discounted. */
const df = [1, 1 / 1.035, 1 / 1.035 ** 2, 1 / 1.035 ** 3, 1 / 1.035 ** 4];

describe('staff paid as staff', () => {
  it('14 against 20 FTE, demand below capacity: the programme cost differs by 6 × salary × (1 + on-costs) a year, discounted, to the penny', () => {
    const a = priced(held(team(14)));
    const b = priced(held(team(20)));
    // The same people, the same paths: only the payroll differs.
    expect(Array.from(b.out.openYears[0])).toEqual(Array.from(a.out.openYears[0]));
    expect(Math.max(...a.out.load[0])).toBeLessThan(14 * 7);
    // 6 × £28,162 × 1.3 = £219,663.60 a year; × 1.1 optimism bias = £241,629.96; discounted year by year.
    const perYear = 6 * 28162 * 1.3 * 1.1;
    const expected = perYear * (df[0] + df[1] + df[2] + df[3] + df[4]);
    expect(perYear).toBeCloseTo(241629.96, 6);
    expect(expected).toBeCloseTo(1129155.94, 2); // Σ factors 4.6730792
    expect(Math.abs(b.appraisal.pvCosts - a.appraisal.pvCosts - expected)).toBeLessThan(0.005);
    // The savings are the same in both, so the NPV falls by exactly the payroll.
    expect(Math.abs(b.appraisal.npv - a.appraisal.npv + expected)).toBeLessThan(0.005);
  });

  it('pays idle staff: a team at a tenth of its places costs what a full one does, per FTE', () => {
    const few = priced(held(team(14)));
    const many = priced(held(team(14), {}, { initial: [{ state: 'iss', count: 98 }] }));
    const idle = few.out.load[0].reduce((s, x) => s + x, 0) / few.out.capacity[0].reduce((s, x) => s + x, 0);
    const full = many.out.load[0].reduce((s, x) => s + x, 0) / many.out.capacity[0].reduce((s, x) => s + x, 0);
    expect(idle).toBeCloseTo(10 / 98, 6);
    expect(full).toBeCloseTo(1, 6);
    // 14 × £36,610.60 = £512,548.40 a year, whatever the use.
    for (const r of [few, many]) for (const x of item(r.ledger, 'staff: iss')) expect(x).toBeCloseTo(512548.4, 6);
    // Per-person items stay per person: 10 or 98 people × £500.
    expect(item(few.ledger, 'support: iss')[0]).toBeCloseTo(5000, 6);
    expect(item(many.ledger, 'support: iss')[0]).toBeCloseTo(49000, 6);
  });

  it('splits the payroll at a funder change part-way through a year', () => {
    const { ledger } = priced(held(team(14)));
    const by = (agency: string): number[] => Array.from(ledger.amounts[ledger.lines.findIndex((l) => l.item === 'staff: iss' && l.agency === agency)]);
    const year = 14 * perFte;
    expect(by('programme').map((x) => +x.toFixed(6))).toEqual([year, year, year / 2, 0, 0].map((x) => +x.toFixed(6)));
    expect(by('social-care').map((x) => +x.toFixed(6))).toEqual([0, 0, year / 2, year, year].map((x) => +x.toFixed(6)));
  });

  it('pays a dated FTE change from its date, part-way through a month', () => {
    // 14 FTE, then 20 from 1.2 years (14.4 months) and 7 from 3 years.
    const changes = [{ at: 1.2, capacity: 140 }, { at: 3, capacity: 49 }];
    const paid = item(priced(held(team(14, { changes }))).ledger, 'staff: iss');
    const expected = [14, 14 * 0.2 + 20 * 0.8, 20, 7, 7].map((fte) => fte * perFte);
    paid.forEach((x, y) => expect(x).toBeCloseTo(expected[y], 6));
  });

  it('pays a service that opens later from its opening, not before', () => {
    // Opens at 9 months; the ten people wait until then.
    const paid = item(priced(held(team(14, { opens: 0.75 }))).ledger, 'staff: iss');
    const expected = [0.25, 1, 1, 1, 1].map((share) => 14 * perFte * share);
    paid.forEach((x, y) => expect(x).toBeCloseTo(expected[y], 6));
  });

  it('charges a bed service for its places, filled or not, and for a change of beds from its date', () => {
    const beds: Service = { name: 'iss', capacity: 9, changes: [{ at: 2.5, capacity: 6 }], discipline: 'fifo', opens: 0 };
    const { ledger, out } = priced(held(beds, { staff: {}, places: { iss: { perPlaceYear: 13360 } } }, { initial: [{ state: 'iss', count: 4 }] }));
    expect(out.load[0][0]).toBe(4); // 4 of 9 beds filled
    const expected = [9, 9, 9 * 0.5 + 6 * 0.5, 6, 6].map((n) => n * 13360);
    item(ledger, 'places: iss').forEach((x, y) => expect(x).toBeCloseTo(expected[y], 6));
  });

  it('is read from a scenario file: staff.changes, opens and the ledger line "staff: iss"', () => {
    const text = `
name: Payroll from a file
start: "2015-01-01"
horizon: 3 years
period: 1 month
referrals: { main: { rate: 0 per year } }
initial: { iss: { count: 5 } }
screening: { entry: iss }
services:
  iss:
    opens: "2015-07-02"
    staff: { fte: 14, caseloadPerWorker: 7 }
    changes: [{ at: "2016-07-02", staff: { fte: 20 } }]
states:
  iss: { tier: intensive, service: iss, exits: { died: { rate: 0.01 per year } } }
economics:
  unitCosts: { ae: { label: A&E, cost: 117, priceYear: 2015, agency: nhs } }
  counterfactual: { ae: 1 per year }
  programme:
    staff: { iss: { salary: 28162, onCosts: 0.3 } }
`;
    const loaded = loadScenario('payroll.yaml', (file) => (file === 'payroll.yaml' ? text : undefined));
    if (!loaded.ok) throw new Error(formatProblems(loaded.errors));
    const { ledger } = priced(loaded.scenario);
    expect(ledger.lines.filter((l) => l.kind === 'cost').map((l) => `${l.item} (${l.agency})`)).toEqual(['staff: iss (programme)']);
    // Dates are read at 365.25 days a year: opening after 182 days, the change after 548.
    const opens = 182 / 365.25;
    const change = 548 / 365.25;
    const expected = [14 * (1 - opens), 14 * (change - 1) + 20 * (2 - change), 20].map((fte) => fte * perFte);
    item(ledger, 'staff: iss').forEach((x, y) => expect(x).toBeCloseTo(expected[y], 6));
  });

  it('shows in compare: each staff line\'s present value and how full its places are, in each scenario', () => {
    const rows = (fte: number) => {
      const sc = held(team(fte));
      const model = compile(sc);
      const run = runHereSync([{ scenario: sc, key: '', first: 0, count: 1, model }], 'payroll', new Accumulator(model, 1));
      return measures(sc, run, [1, 5]);
    };
    const d = pairedDifferences(rows(14), rows(20), { a: 'A', b: 'B' });
    const cost = d.find((x) => x.key === 'staff.iss.cost')!;
    const use = d.find((x) => x.key === 'staff.iss.use')!;
    expect(cost).toMatchObject({ label: 'Staff: iss (PV)', group: 'staff', unit: 'money' });
    // 14 and 20 FTE × £36,610.60 × 1.1, discounted over the five years; their difference as in the first test.
    const factors = df.reduce((a, b) => a + b, 0);
    expect(cost.a).toBeCloseTo(14 * perFte * 1.1 * factors, 4);
    expect(cost.b).toBeCloseTo(20 * perFte * 1.1 * factors, 4);
    expect(cost.difference.mean).toBeCloseTo(1129155.94, 2);
    // Ten people: 10 of 98 places filled, then 10 of 140.
    expect(use).toMatchObject({ label: 'iss: places filled, mean over the horizon', unit: 'share' });
    expect(use.a).toBeCloseTo(10 / 98, 9);
    expect(use.b).toBeCloseTo(10 / 140, 9);
  });
});
