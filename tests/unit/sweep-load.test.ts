/** A bad sweep is rejected before anything runs, with the file, line, field, what was expected and a fix. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSweep } from '../../engine/sweep/load.ts';
import { checkVariants, planVariants } from '../../engine/sweep/variants.ts';
import type { ScenarioProblem } from '../../engine/model/problems.ts';

const FILE = 'tests/sweeps/bad.yaml';
const disk = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The problems with a sweep file (written in memory beside the fixtures), including those of its variants. */
function problems(text: string): ScenarioProblem[] {
  const read = (p: string): string | undefined => (p === FILE ? text : disk(p));
  const r = loadSweep(FILE, read);
  if (!r.ok) return r.errors;
  const cache = new Map();
  return checkVariants(r.sweep, planVariants(r.sweep), read, cache).map(r.place);
}

const head = 'sweep: bad\nbase: steady.yaml\n';
const oneway = (params: string): string => `${head}design: oneway\nparameters:\n${params}`;

describe('bad sweep files', () => {
  it('places a misspelt field path at its line and suggests the right name', () => {
    const [p] = problems(oneway('  fte:\n    path: economics.unitCosts.ae_attendance.costs\n    low: 1\n    high: 2\n'));
    expect(p).toMatchObject({ file: FILE, line: 6, column: 11, path: 'parameters.fte.path' });
    expect(p.message).toContain('economics.unitCosts.ae_attendance has no "costs"');
    expect(p.hint).toBe('did you mean "cost"?');
  });

  it('says when a path leads to a map, and names a number inside it', () => {
    const [p] = problems(oneway('  ae:\n    path: economics.unitCosts.ae_attendance\n    low: 1\n    high: 2\n'));
    expect(p.message).toContain('is a map, not a number');
    expect(p.hint).toContain('economics.unitCosts.ae_attendance.cost');
  });

  it('says when an exit name does not exist, and suggests the nearest', () => {
    const [p] = problems(oneway('  exit:\n    path: states.iss.exits.dide.rate\n    low: 1 per year\n    high: 2 per year\n'));
    expect(p.message).toContain('states.iss.exits has no "dide"');
    expect(p.hint).toContain('did you mean "died"');
  });

  it('wants values in the unit the scenario writes', () => {
    const [p] = problems(oneway('  death:\n    path: states.iss.exits.died.rate\n    low: 0.001 per month\n    high: 0.002 per year\n'));
    expect(p).toMatchObject({ line: 7, path: 'parameters.death.low' });
    expect(p.message).toContain('"0.001 per month" is in "per month", but the scenario writes states.iss.exits.died.rate in "per year"');
    expect(p.hint).toMatch(/per year/);
  });

  it('asks for what the design needs', () => {
    const [a] = problems(oneway('  ae:\n    path: economics.unitCosts.ae_attendance.cost\n    low: 100\n'));
    expect(a.message).toBe('parameter "ae" needs low and high for design oneway');
    expect(a.hint).toContain('high: 140');
    const [b] = problems(`${head}design: psa\nsize: 10\nparameters:\n  ae:\n    path: economics.unitCosts.ae_attendance.cost\n    low: 100\n    high: 200\n`);
    expect(b.message).toBe('parameter "ae" needs a distribution for design psa');
    expect(b.hint).toContain('type: gamma, mean: 117');
    const [c] = problems(`${head}design: lhs\nparameters:\n  ae:\n    path: economics.unitCosts.ae_attendance.cost\n    low: 100\n    high: 200\n`);
    expect(c.message).toContain('design lhs needs a size');
  });

  it('checks distributions and designs by name', () => {
    const [a] = problems(`${head}design: psa\nsize: 10\nparameters:\n  share:\n    path: economics.appraisal.deadweight\n    distribution: { type: beta, mean: 1.5, sd: 0.1 }\n`);
    expect(a.path).toBe('parameters.share.distribution');
    expect(a.message).toMatch(/beta/);
    const [b] = problems(`${head}design: tornado\nparameters: {}\n`);
    expect(b).toMatchObject({ line: 3, path: 'design' });
    expect(b.message).toMatch(/grid.*oneway.*lhs.*psa.*sample/);
  });

  it('checks correlations: names, and whether they can hold together', () => {
    const params = '  ae: { path: economics.unitCosts.ae_attendance.cost, low: 100, high: 200 }\n  arrest: { path: economics.unitCosts.arrest.cost, low: 600, high: 800 }\n  iss: { path: economics.unitCosts.iss_person_year.cost, low: 5000, high: 6000 }\n';
    const [a] = problems(`${head}design: lhs\nsize: 10\nparameters:\n${params}correlations:\n  - [ae, arest, 0.5]\n`);
    expect(a).toMatchObject({ path: 'correlations[0][1]' });
    expect(a.hint).toBe('did you mean "arrest"?');
    const [b] = problems(`${head}design: lhs\nsize: 10\nparameters:\n${params}correlations:\n  - [ae, arrest, 0.9]\n  - [arrest, iss, 0.9]\n  - [ae, iss, -0.9]\n`);
    expect(b.message).toContain('not positive definite');
    const [c] = problems(`${head}design: oneway\nparameters:\n${params}correlations:\n  - [ae, arrest, 0.5]\n`);
    expect(c.message).toContain('correlations do not apply');
  });

  it('tells a value that makes a variant invalid against the parameter that set it', () => {
    const [p, ...rest] = problems(oneway('  deadweight:\n    path: economics.appraisal.deadweight\n    low: 0.1\n    high: 1.5\n'));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: FILE, line: 5, path: 'parameters.deadweight' });
    expect(p.message).toMatch(/^variant 2 \(deadweight = 1\.5\) is not a valid scenario: economics\.appraisal\.deadweight: /);
  });

  it('reports an unreadable base, and a decision outside a PSA', () => {
    const [a] = problems('sweep: bad\nbase: nowhere.yaml\ndesign: oneway\nparameters: {}\n');
    expect(a).toMatchObject({ line: 2, path: 'base' });
    expect(a.message).toContain('cannot read "nowhere.yaml"');
    const [b] = problems(oneway('  ae: { path: economics.unitCosts.ae_attendance.cost, low: 100, high: 200 }\n') + 'decision:\n  alternatives: {}\n');
    expect(b.message).toContain('analysed only by design psa');
  });

  it('reports a base scenario problem in the base file', () => {
    const errors = problems(`sweep: bad\nbase: ../scenarios/bad/negative-rate.yaml\ndesign: oneway\nparameters: {}\n`);
    expect(errors[0].file).toBe('tests/scenarios/bad/negative-rate.yaml');
  });
});
