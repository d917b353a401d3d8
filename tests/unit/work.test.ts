import { readdirSync, readFileSync } from 'node:fs';
import { compile } from '../../engine/model/compile.ts';
import { runBatch, runScenario } from '../../engine/run.ts';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../engine/model/load.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import { defaultWorkLimits, describeWorkProblem, estimateWork, expectedArrivals, seriesPerPeriod } from '../../engine/model/work.ts';

function load(file: string): Scenario {
  const r = loadScenario(file, (path) => readFileSync(path, 'utf8'));
  if (!r.ok) throw new Error(`${file} does not load`);
  return r.scenario;
}

const bundled = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`);
const lwoh = (): Scenario => structuredClone(load('scenarios/liverpool-waves-of-hope.yaml'));

describe('estimateWork', () => {
  it.each(bundled)('%s at 5,000 replications is well within the default limits', (file) => {
    const w = estimateWork(load(file), 5000);
    expect(w.problems).toEqual([]);
    expect(w.events * 10).toBeLessThan(defaultWorkLimits.events);
    expect(w.bytes * 4).toBeLessThan(defaultWorkLimits.bytes);
    expect(w.people * 100).toBeLessThan(defaultWorkLimits.people);
  });

  it('counts the people a replication creates: referrals with ramp and changes, cohorts, initial clients', () => {
    expect(expectedArrivals({ rate: 120, changes: [] }, 0, 10)).toBeCloseTo(1200);
    expect(expectedArrivals({ rate: 120, changes: [] }, 1, 10)).toBeCloseTo(1140); // half a year lost to the ramp
    expect(expectedArrivals({ rate: 120, changes: [{ at: 2, rate: 0 }, { at: 20, rate: 1e9 }] }, 0, 10)).toBeCloseTo(240);
    const s = lwoh();
    // Six referral sources, each stepping up in January 2016: the estimate is the expected count,
    // so it lies within 3% of the mean over 20 replications (about 3,900 people, sd about 60 each).
    const measured = runScenario(s, 'work', { seed: '1', replications: 20 }).work.peoplePerReplication;
    const estimate = estimateWork(s, 1).people;
    expect(Math.abs(estimate - measured) / measured).toBeLessThan(0.03);
    s.cohorts = [{ at: 1, count: 100 }];
    s.initial = [{ state: s.states[0].name, count: 50 }];
    expect(estimateWork(s, 1).people).toBeCloseTo(estimate + 150, 6);
  });

  it('names the field of each absurd run, with the limit and the flag that lifts it', () => {
    const cases: [string, (s: Scenario) => void, number, string | ((s: Scenario) => string)][] = [
      ['a referral rate of 10,000,000 a month', (s) => (s.referrals[0].rate.rate = 120_000_000), 1, 'referrals.voluntary-sector.rate'],
      ['a referral change to 10,000,000 a month', (s) => (s.referrals[0].rate.changes[0].rate = 120_000_000), 1, 'referrals.voluntary-sector.changes[0].rate'],
      ['1,000,000,000 replications', () => {}, 1e9, 'replications'],
      ['a horizon of 100,000 years', (s) => (s.horizon = 100_000), 1, 'horizon'],
      ['a period of 0.001 day', (s) => (s.period = 0.001 / 365.25), 1, 'period'],
      ['an initial count of 1e8', (s) => (s.initial = [{ state: 'iss', count: 1e8 }]), 1, 'initial.iss.count'],
      ['a cohort of 1e12', (s) => (s.cohorts = [{ at: 0.5, count: 1e12 }]), 1, 'cohorts[0].count'],
      ['people moving between states a million times a year', (s) => (s.states[0].exits[0].to = s.states[1].name, s.states[0].exits[0].rate = [{ rate: 1e9, until: Infinity }]), 1, (s) => `states.${s.states[0].name}`],
    ];
    const first = (s: Scenario, replications: number): string | undefined => estimateWork(s, replications).problems[0]?.path;
    expect(first(lwoh(), 1e9), 'many replications blame the replications').toBe('replications');
    for (const [what, change, replications, field] of cases) {
      const s = lwoh();
      change(s);
      const path = typeof field === 'string' ? field : field(s);
      const w = estimateWork(s, replications);
      expect(w.problems.map((p) => p.path), what).toContain(path);
      const text = describeWorkProblem(w.problems.find((p) => p.path === path)!);
      expect(text, what).toMatch(/limit/);
      expect(text, what).toMatch(/--allow-large/);
      expect(text.startsWith(`${path}: `), what).toBe(true);
    }
  });

  it("estimates the results' memory from the recorder's own layout, without running", () => {
    const s = lwoh();
    const [out] = runBatch(compile(s), { seed: '1', replications: 1, first: 0 });
    const count = (v: unknown): number =>
      v instanceof Float64Array ? v.length : Array.isArray(v) ? v.reduce((n: number, x) => n + count(x), 0) : v && typeof v === 'object' ? Object.values(v).reduce((n: number, x) => n + count(x), 0) : 0;
    const stored = count(out) * 8; // one replication's series; the ledger adds a little
    const w = estimateWork(s, 1);
    expect(w.bytes / stored).toBeGreaterThan(0.9); // some exit series appear only once someone leaves that way
    expect(w.bytes / stored).toBeLessThan(1.5);
    expect(estimateWork(s, 10, {}, { series: seriesPerPeriod(s) }).bytes).toBeCloseTo(10 * w.bytes, 0);
  });

  it('takes lower limits, as the viewer may', () => {
    const w = estimateWork(lwoh(), 100, { bytes: 1024 });
    expect(w.problems).toHaveLength(1);
    expect(w.problems[0]).toMatchObject({ path: 'replications', limit: 'bytes', max: 1024 });
  });
});
