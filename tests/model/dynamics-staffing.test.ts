/**
 * Staffing that changes by itself. Known answers:
 * - One post left at rate r and vacant for a fixed recruitment delay d alternates filled spells of mean 1/r and
 *   vacant spells of d (an alternating renewal process), so the long-run vacant share is d / (1/r + d) = rd / (1 + rd).
 *   Twenty such posts are twenty independent copies: the same share of the FTE.
 * - With no turnover a post alternates working spells Exp(a) and absences of mean b, so the absent share is
 *   ab / (1 + ab); places are the FTE at work × caseloadPerWorker.
 * - Posts with `from` / `until` (no turnover) add their FTE exactly over [from, until).
 * - A budget pays for floor(budget / (salary × (1 + on-costs))) whole posts, and none after `until`.
 * - The ledger pays the FTE employed (in post, absent or not) each period at salary × (1 + on-costs).
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../engine/des/rng.ts';
import { buildLedger } from '../../engine/economics/ledger.ts';
import { simulateReplication } from '../../engine/model/pathway.ts';
import { dyn, meanSe, modelOf, replicate, sum } from '../helpers/dynamics.ts';

/** A scenario with one team `iss` used by one held state; `staff` is the YAML of the team's staff block. */
const teamYaml = (staff: string, opts: { horizon?: string; period?: string; economics?: string } = {}) => `
name: staffing
horizon: ${opts.horizon ?? '5 years'}
period: ${opts.period ?? '1 month'}
referrals: { main: { rate: 0 per year } }
screening: { entry: iss }
services:
  iss:
    staff: ${staff}
states:
  iss: { tier: intensive, service: iss, exits: { died: { rate: 0.01 per year } } }
${opts.economics ?? ''}
`;

const salary = 28162;
const onCosts = 0.3;
const perFte = salary * (1 + onCosts); // £36,610.60 a year
const economics = `
economics:
  unitCosts: { ae: { label: A&E, cost: 117, priceYear: 2015, agency: nhs } }
  counterfactual: { ae: 1 per year }
  programme:
    staff: { iss: { salary: ${salary}, onCosts: ${onCosts} } }
`;

/** Each replication's time-average of a dynamics series (all periods equally long, so the mean of the period means). */
const average = (text: string, series: string, R: number, seed: string) => {
  const model = modelOf(text);
  return meanSe(replicate(model, seed, R).map((o) => sum(dyn(model, o, series)) / model.periods));
};

describe('turnover: vacancies by the alternating renewal formula', () => {
  const r = 1; // per year
  const d = 0.25; // 3 months
  const share = (r * d) / (1 + r * d); // 0.2

  // Tolerance: 4 standard errors of the mean over independent replications (each a 100-year time average; the
  // start with every post filled biases it by about d / 100 years' worth, far below the tolerance).
  it('one post: mean vacant FTE ≈ rd / (1 + rd) = 0.2, and employed + vacant = 1 every period', () => {
    const text = teamYaml(`{ fte: 1, postSize: 1, caseloadPerWorker: 5, turnover: { rate: ${r} per year, recruitment: 3 months } }`, { horizon: '100 years', period: '1 quarter' });
    const v = average(text, 'staff.iss.vacant', 30, 'one-post');
    expect(v.se).toBeLessThan(0.01);
    expect(Math.abs(v.mean - share)).toBeLessThan(4 * v.se);
    const model = modelOf(text);
    const o = simulateReplication(model, new RandomStreams('one-post', 0));
    const emp = dyn(model, o, 'staff.iss.employed');
    const vac = dyn(model, o, 'staff.iss.vacant');
    for (let k = 0; k < model.periods; k++) expect(emp[k] + vac[k]).toBeCloseTo(1, 9);
    // A fixed delay: no vacancy is shorter than 3 months, so a quarter fully vacant happens, and some fully filled.
    expect(Math.max(...vac)).toBeGreaterThan(0.5);
    expect(Math.min(...vac)).toBe(0);
  });

  it('twenty posts: the same share of the FTE (4 vacant of 20), and places follow the staff in post', () => {
    const text = teamYaml(`{ fte: 20, caseloadPerWorker: 5, turnover: { rate: ${r} per year, recruitment: 3 months } }`, { horizon: '40 years', period: '1 month' });
    const v = average(text, 'staff.iss.vacant', 10, 'twenty');
    expect(v.se).toBeLessThan(0.1);
    expect(Math.abs(v.mean - 20 * share)).toBeLessThan(4 * v.se);
    // Without absence the places at a period end are 5 × the FTE in post then: their time-average is 5 × 16.
    const model = modelOf(text);
    const caps = meanSe(replicate(model, 'twenty', 10).map((o) => sum(o.capacity[0]) / model.periods));
    expect(Math.abs(caps.mean - 5 * 20 * (1 - share))).toBeLessThan(4 * caps.se + 1e-9);
  });
});

describe('absence: lost places without cover', () => {
  const a = 4; // spells a year
  const b = 1 / 12; // a month each
  const share = (a * b) / (1 + a * b); // 0.25
  it('absent share of the (all filled) posts ≈ ab / (1 + ab) = 0.25, employed stays at the establishment', () => {
    const text = teamYaml(`{ fte: 10, caseloadPerWorker: 3, absence: { rate: ${a} per year, duration: { type: exponential, mean: 1 month } } }`, { horizon: '30 years' });
    const model = modelOf(text);
    const runs = replicate(model, 'absence', 10);
    const absent = meanSe(runs.map((o) => sum(dyn(model, o, 'staff.iss.absent')) / model.periods));
    expect(absent.se).toBeLessThan(0.05);
    expect(Math.abs(absent.mean - 10 * share)).toBeLessThan(4 * absent.se);
    for (const o of runs) {
      for (const x of dyn(model, o, 'staff.iss.employed')) expect(x).toBeCloseTo(10, 9);
      for (const x of dyn(model, o, 'staff.iss.vacant')) expect(x).toBeCloseTo(0, 9);
    }
    // Places: 3 per FTE at work, on average 3 × 10 × 0.75 = 22.5.
    const caps = meanSe(runs.map((o) => sum(o.capacity[0]) / model.periods));
    expect(Math.abs(caps.mean - 22.5)).toBeLessThan(4 * caps.se);
  });
});

describe('posts with dates and budgets', () => {
  it('posts with from / until add their FTE from and to those times exactly (no turnover)', () => {
    const model = modelOf(teamYaml(`{ fte: 10, caseloadPerWorker: 2, posts: { grant: { fte: 4, from: 1 year, until: 3 years } } }`));
    const o = simulateReplication(model, new RandomStreams('posts', 0));
    // Snapshot k is taken at the end of month k + 1, after a change at that moment.
    const expected = Array.from({ length: 60 }, (_, k) => ((k + 1) / 12 >= 1 - 1e-9 && (k + 1) / 12 < 3 - 1e-9 ? 28 : 20));
    expect(Array.from(o.capacity[0])).toEqual(expected);
  });

  it('with turnover, posts that start later (from) start vacant and take the recruitment delay to fill', () => {
    // 2 core posts plus 3 from year 1 to year 3; fixed 3-month recruitment, so in months 13-15 at most the 2 core
    // posts are filled, and employed + vacant is the establishment in every month.
    const model = modelOf(teamYaml(`{ fte: 2, caseloadPerWorker: 5, posts: { g: { fte: 3, from: 1 year, until: 3 years } }, turnover: { rate: 0.5 per year, recruitment: 3 months } }`, { horizon: '4 years' }));
    for (const o of replicate(model, 'late-posts', 5)) {
      const emp = dyn(model, o, 'staff.iss.employed');
      const vac = dyn(model, o, 'staff.iss.vacant');
      for (let k = 0; k < 48; k++) expect(emp[k] + vac[k]).toBeCloseTo(k >= 12 && k < 36 ? 5 : 2, 9);
      // Mean FTE over months 13-15 (to 1.25 years), and the places at the ends of months 13 and 14: the new posts
      // are filled exactly at 1.25 years, the end of month 15, whose snapshot already sees them.
      for (const k of [12, 13, 14]) expect(emp[k]).toBeLessThanOrEqual(2 + 1e-9);
      for (const k of [12, 13]) expect(o.capacity[0][k]).toBeLessThanOrEqual(10);
      expect(Math.max(...o.capacity[0].subarray(15, 36))).toBeGreaterThan(10); // then they are filled
    }
  });

  it('a budget buys floor(budget / (salary × (1 + on-costs))) posts, changes at its dates, none after until; the ledger pays them', () => {
    // £150,000 / £36,610.60 = 4.10 → 4 posts (28 places); £100,000 → 2 posts (14 places) from year 1; nothing from year 2.
    const model = modelOf(teamYaml(`{ caseloadPerWorker: 7, budget: { perYear: 150000, until: 2 years, changes: [{ at: 1 year, perYear: 100000 }] } }`, { horizon: '3 years', economics }));
    const o = simulateReplication(model, new RandomStreams('budget', 0));
    const expected = Array.from({ length: 36 }, (_, k) => (k < 11 ? 28 : k < 23 ? 14 : 0));
    expect(Array.from(o.capacity[0])).toEqual(expected);
    const ledger = buildLedger(model, o);
    const paid = ledger.amounts.filter((_, i) => ledger.lines[i].item === 'staff: iss').reduce((t, x) => t.map((v, y) => v + x[y]), [0, 0, 0]);
    [4 * perFte, 2 * perFte, 0].forEach((x, y) => expect(paid[y]).toBeCloseTo(x, 4));
  });

  it('with turnover, the ledger pays Σ employed FTE × period × salary × (1 + on-costs), less than the establishment', () => {
    const model = modelOf(teamYaml(`{ caseloadPerWorker: 7, budget: { perYear: 150000 }, turnover: { rate: 2 per year, recruitment: 4 months } }`, { horizon: '3 years', economics }));
    const o = simulateReplication(model, new RandomStreams('payroll', 0));
    const employed = dyn(model, o, 'staff.iss.employed');
    const ledger = buildLedger(model, o);
    const lines = ledger.lines.flatMap((l, i) => (l.item === 'staff: iss' ? [i] : []));
    expect(lines.length).toBeGreaterThan(0);
    for (let y = 0; y < 3; y++) {
      let fteYears = 0;
      for (let k = 12 * y; k < 12 * (y + 1); k++) fteYears += employed[k] / 12;
      const paid = lines.reduce((t, i) => t + ledger.amounts[i][y], 0);
      expect(paid).toBeCloseTo(fteYears * perFte, 4);
      expect(fteYears).toBeLessThanOrEqual(4 + 1e-9);
    }
    // With 2 leavers a post a year and 4-month vacancies (share 0.4), some money is saved over the three years.
    expect(sum(employed) / 12).toBeLessThan(4 * 3 - 0.5);
  });
});
