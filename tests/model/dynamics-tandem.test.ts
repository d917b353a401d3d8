/**
 * Two front-door stages in tandem. Poisson referrals, exponential stays, a fixed number of places at each stage,
 * no patience, and a person who finishes stage 1 and finds stage 2 full gives back their stage-1 place and waits in
 * stage 2's list. That is a Jackson network of two M/M/c queues, so in the steady state each stage is an M/M/c queue
 * on its own (Jackson's theorem; Burke's theorem makes stage 1's departures Poisson at the arrival rate):
 *   Lq = C(c, a) · ρ / (1 − ρ),  mean in service = a,  L = Lq + a,  a = λ / μ, ρ = a / c,
 * with C(c, a) the Erlang-C probability of waiting. Were the stage-1 place kept while waiting (blocking), or the
 * waiting not counted in stage 2's list, stage 2's figures and stage 1's occupancy would differ from these.
 */
import { describe, expect, it } from 'vitest';
import { entryKinds } from '../../engine/model/record.ts';
import { meanFrom, meanSe, modelOf, replicate, sum } from '../helpers/dynamics.ts';

/** Erlang C: the probability an arrival waits in an M/M/c queue with offered load a (ρ = a / c < 1). */
function erlangC(c: number, a: number): number {
  const rho = a / c;
  let term = 1;
  let below = 0;
  for (let k = 0; k < c; k++) {
    below += term; // a^k / k!
    term *= a / (k + 1);
  }
  const top = term / (1 - rho); // a^c / c! / (1 − ρ)
  return top / (below + top);
}
const lq = (c: number, a: number): number => (erlangC(c, a) * (a / c)) / (1 - a / c);

const lambdaPerDay = 10 / 7; // 10 referrals a week
const c1 = 3;
const mean1Days = 1.47; // a1 = 2.1, ρ1 = 0.7
const c2 = 2;
const mean2Days = 1.05; // a2 = 1.5, ρ2 = 0.75
const a1 = lambdaPerDay * mean1Days;
const a2 = lambdaPerDay * mean2Days;

const yaml = `
name: tandem front door
horizon: 10 years
period: 1 week
referrals: { main: { rate: 10 per week } }
screening: { entry: stage1 }
services:
  desk: { places: ${c1} }
  panel: { places: ${c2} }
states:
  stage1:
    tier: front-door
    service: desk
    duration: { distribution: { type: exponential, mean: ${mean1Days} days } }
    next: { on: { to: stage2, p: 1 } }
  stage2:
    tier: front-door
    service: panel
    duration: { distribution: { type: exponential, mean: ${mean2Days} days } }
    next: { allocated: { to: support, p: 1 } }
  support:
    tier: intensive
    exits: { done: { rate: 365 per year } }
`;

describe('a two-stage front door is two M/M/c queues in tandem (Jackson)', () => {
  const model = modelOf(yaml);
  const R = 12;
  const runs = replicate(model, 'tandem', R, { audit: true });
  const s1 = model.states.findIndex((s) => s.name === 'stage1');
  const s2 = model.states.findIndex((s) => s.name === 'stage2');
  const f1 = model.services.filter((s) => s.finite).findIndex((s) => s.name === 'desk');
  const f2 = model.services.filter((s) => s.finite).findIndex((s) => s.name === 'panel');
  const warm = 52; // a year of warm-up; the queues relax in days
  // One figure per replication (a time average of weekly snapshots after the warm-up); replications are independent,
  // so the tolerance is 4 standard errors of the mean over them (a false failure has p ≈ 1e-4 per check).
  const per = (f: (o: (typeof runs)[number]) => ArrayLike<number>) => meanSe(runs.map((o) => meanFrom(f(o), warm)));

  it('has loads of 0.7 and 0.75 and Erlang-C waiting lists of a useful size', () => {
    expect(a1 / c1).toBeCloseTo(0.7, 9);
    expect(a2 / c2).toBeCloseTo(0.75, 9);
    expect(lq(c1, a1)).toBeGreaterThan(0.5); // ≈ 1.15
    expect(lq(c2, a2)).toBeGreaterThan(1); // ≈ 1.93
    // Check the Erlang-C helper against a known value: M/M/1 has C = ρ, Lq = ρ² / (1 − ρ).
    expect(lq(1, 0.5)).toBeCloseTo(0.5, 12);
  });

  it('waiting for each stage matches Lq = C(c, a) ρ / (1 − ρ) within 4 standard errors', () => {
    for (const [f, c, a] of [[f1, c1, a1], [f2, c2, a2]] as const) {
      const w = per((o) => o.waiting[f]);
      const exact = lq(c, a);
      expect(w.se).toBeLessThan(0.06 * exact); // enough replications for the check to have power
      expect(Math.abs(w.mean - exact)).toBeLessThan(4 * w.se);
    }
  });

  it('people in each stage (in service) average a, and waiting + in stage averages L = Lq + a', () => {
    for (const [s, f, c, a] of [[s1, f1, c1, a1], [s2, f2, c2, a2]] as const) {
      const inStage = per((o) => o.states[s]);
      expect(Math.abs(inStage.mean - a)).toBeLessThan(4 * inStage.se);
      const load = per((o) => o.load[f]);
      expect(Math.abs(load.mean - a)).toBeLessThan(4 * load.se);
      const L = per((o) => Float64Array.from(o.states[s], (x, k) => x + o.waiting[f][k]));
      expect(Math.abs(L.mean - (lq(c, a) + a))).toBeLessThan(4 * L.se);
    }
  });

  it('stage people are not open cases, and everyone referred starts once through both stages', () => {
    // The open caseload is the support state alone, λ × its mean stay of 365.25 / 365 days (Little's law, ≈ 1.43),
    // not the ≈ 3.3 + 3.4 people in the stages and their lists.
    const sup = model.states.findIndex((s) => s.name === 'support');
    for (const o of runs) expect(Array.from(o.total)).toEqual(Array.from(o.states[sup]));
    const open = per((o) => o.total);
    expect(Math.abs(open.mean - lambdaPerDay * (365.25 / 365))).toBeLessThan(4 * open.se);
    const started = entryKinds.indexOf('started');
    for (const o of runs) {
      const refs = sum(o.entries[0]);
      // Those still in the stages or their lists at the end have not started: a handful.
      expect(refs - sum(o.entries[started])).toBeGreaterThanOrEqual(0);
      expect(refs - sum(o.entries[started])).toBeLessThan(40);
    }
  });
});

describe('a stage staffed by throughput is an M/M/c queue with c = floor(fte × throughput × mean stay)', () => {
  // 2 FTE finishing 12 a week each, stays of mean 3 days: 2 × 12 × 3/7 = 10.29 places, so 10 people at a time.
  // 15 referrals a week: a = 15 × 3/7 = 6.43, ρ = 0.64 on 10 servers.
  const model = modelOf(`
name: throughput
horizon: 10 years
period: 1 week
referrals: { main: { rate: 15 per week } }
screening: { entry: triage }
services:
  triage-team: { staff: { fte: 2, throughput: 12 per week } }
states:
  triage:
    tier: front-door
    service: triage-team
    duration: { distribution: { type: exponential, mean: 3 days } }
    next: { done: { to: support, p: 1 } }
  support: { tier: intensive, exits: { done: { rate: 365 per year } } }
`);
  const runs = replicate(model, 'throughput', 8);
  it('has 72/7 places and the M/M/10 waiting list and occupancy (4 standard errors over replications)', () => {
    for (const o of runs) for (const x of o.capacity[0]) expect(x).toBeCloseTo(72 / 7, 9);
    const a = (15 / 7) * 3;
    const w = meanSe(runs.map((o) => meanFrom(o.waiting[0], 52)));
    const exact = lq(10, a); // ≈ 0.16
    expect(w.se).toBeLessThan(0.15 * exact);
    expect(Math.abs(w.mean - exact)).toBeLessThan(4 * w.se);
    const inStage = meanSe(runs.map((o) => meanFrom(o.states[0], 52)));
    expect(Math.abs(inStage.mean - a)).toBeLessThan(4 * inStage.se);
    expect(Math.max(...runs.map((o) => Math.max(...o.states[0])))).toBeLessThanOrEqual(10);
  });
});

describe('allocatedEvery and routes out of a stage', () => {
  // Referrals at 10 a week into an uncapped profile stage of exactly 10 days, moved on only at the weekly meeting:
  // the stay is 10 days plus the wait for the next meeting, uniform on (0, 7 days) for Poisson arrivals, so by
  // Little's law the stage holds 10/7 × 13.5 ≈ 19.3 people. 40% leave by a route out (no further action).
  const allocationYaml = (horizon: string, period: string) => `
name: allocation
horizon: ${horizon}
period: ${period}
referrals: { main: { rate: 10 per week } }
screening: { entry: profile }
states:
  profile:
    tier: front-door
    duration: 10 days
    allocatedEvery: 1 week
    next:
      allocated: { to: support, p: 0.6 }
      nfa: { p: 0.4, reason: no further action }
  support: { tier: intensive, exits: { done: { rate: 365 per year } } }
`;
  const model = modelOf(allocationYaml('10 years', '1 week'));
  const week = 7 / 365.25;
  const times: number[] = [];
  const runs = replicate(model, 'allocation', 6, {
    audit: true,
    trace: (m) => {
      if (m.from === 0) times.push(m.at);
    },
  });

  it('moves people on only at meetings, every week from time 0', () => {
    expect(times.length).toBeGreaterThan(20000);
    const worst = times.reduce((w, t) => Math.max(w, Math.abs(t / week - Math.round(t / week))), 0);
    expect(worst).toBeLessThan(1e-6);
  });

  it('holds λ × 10 days at each weekly snapshot, taken just after that week\'s meeting (Little), within 4 standard errors', () => {
    // Snapshots fall at meeting times and are taken after the moves at that instant, so a person referred at u is
    // still in the stage at snapshot T only if u + 10 days > T: those referred in the last 10 days, λ × 10 days ≈ 14.3
    // (a uniform time sample would see λ × 13.5 days ≈ 19.3; a stay not held for the meeting, λ × 10 days as well,
    // but then the first test fails).
    const held = meanSe(runs.map((o) => meanFrom(o.states[0], 8)));
    expect(Math.abs(held.mean - (10 / 7) * 10)).toBeLessThan(4 * held.se);
    expect(held.se).toBeLessThan(0.3);
  });

  it('monthly snapshots, at every phase of the week, see the wait for the meeting: λ × (10 + 3.47) days (Poisson, 4 sd)', () => {
    // A month is 30 7/16 days, so over 112 months the snapshots fall at each sixteenth of a day of the week once:
    // the days since the last meeting average (7 − 1/16) / 2 = 3.46875. At a snapshot j days after a meeting the stage
    // holds those referred in the last 10 + j days, a Poisson count; stays are under 17 days, so the windows of
    // different months do not overlap and the counts are independent. Without the meetings: λ × 10 days, 25% fewer.
    const monthly = modelOf(allocationYaml('112 months', '1 month'));
    const o = replicate(monthly, 'allocation-monthly', 3);
    const total = o.reduce((t, x) => t + sum(x.states[0]), 0);
    const expected = 3 * 112 * (10 / 7) * (10 + (7 - 1 / 16) / 2);
    expect(Math.abs(total - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });

  it('counts a route out as a move to "" (not an exit from the caseload), 40% of those leaving the stage (binomial, 4 sd)', () => {
    const nfa = model.moves.findIndex((m) => m.from === 'profile' && m.to === '' && m.reason === 'no further action');
    expect(nfa).toBeGreaterThanOrEqual(0);
    let out = 0;
    let on = 0;
    for (const o of runs) {
      out += sum(o.moves[nfa]);
      on += sum(o.entries[entryKinds.indexOf('started')]);
      expect(o.exits['no further action']).toBeUndefined();
    }
    const n = out + on;
    expect(Math.abs(out - 0.4 * n)).toBeLessThan(4 * Math.sqrt(n * 0.4 * 0.6));
  });
});
