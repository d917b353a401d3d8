/**
 * Targets measured on hand-built cases whose answers are known person by
 * person: fixed stays, so every move happens at a known time.
 */
import { describe, expect, it } from 'vitest';
import { simulateTargets, targetModel } from '../../engine/calibration/simulate.ts';
import { compareTargets } from '../../engine/calibration/measures.ts';
import { parseScenarioText } from '../../engine/model/load.ts';
import { formatProblems } from '../../engine/model/problems.ts';

const load = (text: string) => {
  const r = parseScenarioText(text, 'measures.yaml');
  if (!r.ok) throw new Error(formatProblems(r.errors));
  return r.scenario;
};

/** Ten people open at time 0 alternate a month in `a` (intensive) and a month in `b` (drop-in). */
const alternating = `
name: alternating
horizon: 2 years
initial:
  a: { count: 10 }
services:
  team: { places: 4 }
states:
  a:
    tier: intensive
    duration: 1 month
    next: { rest: { to: b, p: 1 } }
    exits: { died: { rate: 0.000000001 per year } }
  b:
    tier: drop-in
    duration: 1 month
    next: { back: { to: a, p: 1 } }
    exits: { died: { rate: 0.000000001 per year } }
  c:
    tier: intensive
    service: team
    duration: 1 year
    next: { done: { to: b, p: 1 } }
cohorts:
  - { at: 2 months, count: 7, state: c }
targets:
  users-of-a:         { observed: 10, users: a, between: [0 months, 12 months] }
  moves-a-to-b:       { observed: 60, count: moves, from: a, to: b, between: [0 months, 12 months] }
  spells-ended:       { observed: 60, count: spells, reason: rest, between: [0 months, 12 months] }
  days-in-a:          { observed: 30, sd: 1, meanDays: rest, between: [0 months, 12 months] }
  open-in-a-at-2:   { observed: 0, sd: 1, open: a, at: 2 months }
  open-intensive:     { observed: 14, sd: 1, open: intensive, at: 3 months }
  waiting-for-team:   { observed: 3, sd: 1, waiting: team, at: 3 months }
  users-of-c:         { observed: 4, users: c, between: [0 months, 12 months] }
`;

describe('target measures, person by person', () => {
  it('reads counts, spells, stocks, waiting and distinct users exactly', () => {
    const sc = load(alternating);
    const model = targetModel(sc);
    expect(model.periods).toBe(12); // cut at the last target, not the 2-year horizon
    const [row] = simulateTargets(model, { seed: '1', replications: 1 });
    const value = Object.fromEntries(sc.targets.map((t, i) => [t.name, row[i]]));
    // In a at months 0-1, 2-3, ..., 10-11: six moves a→b each in the first 12 months, ten people.
    expect(value['users-of-a']).toBe(10);
    expect(value['moves-a-to-b']).toBe(60);
    expect(value['spells-ended']).toBe(60);
    expect(value['days-in-a']).toBeCloseTo(365.25 / 12, 9);
    // At 2 months everyone has just moved back into a (a move at a period end comes before its snapshot):
    // 10 there. The target says 0 so that the verdict test below has a known distance.
    expect(value['open-in-a-at-2']).toBe(10);
    // At 3 months: the ten are in b (drop-in), the 4 of the cohort who got a place are in c (intensive).
    expect(value['open-intensive']).toBe(4);
    expect(value['waiting-for-team']).toBe(3);
    // Only 4 of the 7 got a place within the year; the other 3 never entered c.
    expect(value['users-of-c']).toBe(4);
  });

  it('gives the verdict from the distance in standard errors', () => {
    const sc = load(alternating);
    const checks = compareTargets(sc.targets, simulateTargets(targetModel(sc), { seed: '1', replications: 3 }));
    const by = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(by['users-of-a']).toMatchObject({ consistent: true, verdict: 'consistent', z: 0 });
    // 10 observed as 0 ± 1: z = 10 / √(1 + 0) = 10, simulated high.
    expect(by['open-in-a-at-2'].z).toBeCloseTo(10, 9);
    expect(by['open-in-a-at-2'].verdict).toBe('off by 10.0 (10.0 standard errors high)');
    // A count's default sd is Poisson: √60.
    expect(sc.targets.find((t) => t.name === 'moves-a-to-b')!.sd).toBeCloseTo(Math.sqrt(60), 12);
  });

  it('reads a share and a source from referrals whose screening is known', () => {
    const sc = load(`
name: funnel
horizon: 1 year
referrals:
  a: { rate: 600 per year, eligible: { p: 1 } }
  b: { rate: 600 per year, eligible: { p: 0 } }
screening:
  entry: iss
states:
  iss:
    tier: intensive
    exits: { died: { rate: 1 per year } }
targets:
  share-eligible:  { observed: 0.5, sd: 0.05, share: { of: { count: referrals }, are: { count: eligible } }, between: [0 months, 12 months] }
  from-b-started:  { observed: 0, count: starts, referredBy: b, between: [0 months, 12 months] }
  from-a-eligible: { observed: 600, count: eligible, referredBy: a, between: [0 months, 12 months] }
`);
    const [row] = simulateTargets(targetModel(sc), { seed: '2', replications: 1 });
    // Source b's referrals are never eligible, source a's always: the share is a / (a + b), about 0.5.
    expect(row[0]).toBeGreaterThan(0.4);
    expect(row[0]).toBeLessThan(0.6);
    expect(row[1]).toBe(0);
    expect(Math.abs(row[2] - 600)).toBeLessThan(4 * Math.sqrt(600));
  });
});
