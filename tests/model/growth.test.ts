import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/run.ts';
import type { Band } from '../../engine/band.ts';
import { loadFile } from '../helpers/load.ts';

const yearEnd = (b: Band, year: number): number => b.mean[year * 12 - 1];

describe('"no closed cases" against discharge on the default scenario', () => {
  const none = loadFile('scenarios/liverpool-waves-of-hope.yaml');
  const discharge = loadFile('scenarios/liverpool-waves-of-hope-discharge.yaml');
  const plan = { seed: 'growth', replications: 40 };
  const a = runScenario(none.scenario, none.resolvedText, plan);
  const b = runScenario(discharge.scenario, discharge.resolvedText, plan);

  it('uses the same inputs apart from the closure policy', () => {
    expect(none.scenario.policy.closure).toBe('none');
    expect(discharge.scenario.policy.closure).toBe('discharge');
    const strip = (s: typeof none.scenario) => JSON.stringify({ ...s, name: '', description: '', policy: { ...s.policy, closure: '', source: undefined, assumption: undefined } });
    expect(strip(discharge.scenario)).toBe(strip(none.scenario));
  });

  it('under no closed cases the open caseload grows every year for 10 years', () => {
    const totals = Array.from({ length: 10 }, (_, y) => yearEnd(a.series.total, y + 1));
    for (let y = 1; y < 10; y++) expect(totals[y]).toBeGreaterThan(totals[y - 1]);
    // Still growing at the end: year 10 is well above year 5, with intervals apart.
    expect(totals[9]).toBeGreaterThan(1.1 * totals[4]);
    expect(a.series.total.lo[119]).toBeGreaterThan(a.series.total.hi[59]);
    // The growth is in the lighter tiers that never close.
    expect(yearEnd(a.tiers['drop-in'], 10)).toBeGreaterThan(2 * yearEnd(a.tiers['drop-in'], 2));
  });

  it('under discharge the open caseload levels off', () => {
    const y5 = yearEnd(b.series.total, 5);
    const y10 = yearEnd(b.series.total, 10);
    expect(Math.abs(y10 - y5) / y5).toBeLessThan(0.05);
    expect(yearEnd(b.tiers['drop-in'], 10) + yearEnd(b.tiers.dormant, 10)).toBe(0);
    expect(y10).toBeLessThan(0.5 * yearEnd(a.series.total, 10));
  });
});
