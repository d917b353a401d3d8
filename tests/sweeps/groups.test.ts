/**
 * A PSA's named groups of parameters: bad names are placed at their line with
 * a fix, good groups reach the manifest, and the summary recomputed from the
 * manifest (as merge and --summary do) reports their EVPPI.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { psaSummary, type VariantRecord } from '../../engine/sweep/analysis.ts';
import { sweepInfo } from '../../engine/sweep/info.ts';
import { loadSweep } from '../../engine/sweep/load.ts';
import { planVariants } from '../../engine/sweep/variants.ts';

const FILE = 'tests/sweeps/groups.yaml';
const disk = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};
const load = (text: string) => loadSweep(FILE, (p) => (p === FILE ? text : disk(p)));

const params =
  'parameters:\n' +
  '  ae: { path: economics.unitCosts.ae_attendance.cost, distribution: { type: gamma, mean: 117, sd: 30 } }\n' +
  '  arrest: { path: economics.unitCosts.arrest.cost, distribution: { type: gamma, mean: 710, sd: 100 } }\n' +
  '  iss: { path: economics.unitCosts.iss_person_year.cost, distribution: { type: gamma, mean: 5230, sd: 500 } }\n';
const psa = (groups: string, design = 'psa'): string => `sweep: groups\nbase: steady.yaml\ndesign: ${design}\nsize: 200\nreplications: 2\n${params}${groups}`;

function errors(text: string) {
  const r = load(text);
  if (r.ok) throw new Error('expected the sweep to be refused');
  return r.errors;
}

describe('groups in a sweep file', () => {
  it('places a misspelt parameter at its line, with what was expected and the nearest name', () => {
    const [p, ...rest] = errors(psa('groups:\n  costs: [ae, arest]\n'));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: FILE, line: 11, path: 'groups.costs[1]', message: '"arest" is not a parameter of this sweep', expected: 'a name under parameters:', hint: 'did you mean "arrest"?' });
    expect(p.column).toBeGreaterThan(10);
  });

  it('lists the parameters when no name is near', () => {
    const [p] = errors(psa('groups:\n  costs:\n    - ae\n    - hospital\n'));
    expect(p).toMatchObject({ line: 13, path: 'groups.costs[1]', hint: 'parameters: ae, arrest or iss' });
  });

  it('refuses a group of one, a parameter named twice, a group named like a parameter, and groups outside a psa', () => {
    expect(errors(psa('groups:\n  costs: [ae]\n'))[0]).toMatchObject({ path: 'groups.costs', message: expect.stringContaining('has one parameter') });
    expect(errors(psa('groups:\n  costs: [ae, ae]\n'))[0]).toMatchObject({ path: 'groups.costs[1]', message: '"ae" is named twice in the group "costs"' });
    expect(errors(psa('groups:\n  ae: [ae, arrest]\n'))[0]).toMatchObject({ path: 'groups.ae', hint: 'give the group another name, e.g. ae-group' });
    const text = psa('groups:\n  costs: [ae, arrest]\n', 'lhs');
    expect(errors(text)[0]).toMatchObject({ path: 'groups', message: expect.stringContaining('only by design psa') });
  });

  it('refuses a group name that is not a name, at its key', () => {
    const [p] = errors(psa('groups:\n  "unit costs": [ae, arrest]\n'));
    expect(p.path).toMatch(/^groups/);
    expect(p.line).toBe(11);
  });

  it('leaves the hash alone: groups shape the summary, not the variants', () => {
    const plain = load(psa(''));
    const grouped = load(psa('groups:\n  costs: [ae, arrest]\n'));
    if (!plain.ok || !grouped.ok) throw new Error('both should load');
    expect(sweepInfo(plain.sweep)).not.toHaveProperty('groups');
    expect(sweepInfo(grouped.sweep).groups).toEqual([{ name: 'costs', parameters: ['ae', 'arrest'] }]);
    expect(grouped.sweep.sha256).toBe(plain.sweep.sha256);
  });

  it('reaches the summary through the manifest, as merge and --summary recompute it', () => {
    const r = load(psa('groups:\n  minor: [arrest, iss]\n  costs: [ae, arrest]\n'));
    if (!r.ok) throw new Error('should load');
    const manifest = JSON.parse(JSON.stringify(sweepInfo(r.sweep)));
    // NPVs made up from each draw's inputs: the A&E cost matters most (sd £6,000), then arrests' (£3,000); the ISS cost not at all.
    const records = planVariants(r.sweep).map((v): VariantRecord => ({ variant: v.index, option: v.option, draw: v.draw, inputs: v.inputs, metrics: { npv: 200 * (v.inputs.ae - 117) + 30 * (v.inputs.arrest - 710), roi: 1, paybackYear: null } }));
    const s = psaSummary(manifest, records)!;
    expect(s.evppi!.parameters.map((p) => p.name)).toEqual(['ae', 'arrest', 'iss']);
    expect(s.evppi!.groups.map((g) => [g.name, g.parameters])).toEqual([
      ['costs', ['ae', 'arrest']],
      ['minor', ['arrest', 'iss']],
    ]);
    // The NPV is a function of the costs group alone, so knowing it is knowing everything.
    expect(s.evppi!.groups[0].evppi / s.decision.evpi).toBeCloseTo(1, 2);
    expect(s.evppi!.parameters[2].evppi).toBeLessThan(0.05 * s.decision.evpi);
  });
});
