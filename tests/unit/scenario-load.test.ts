import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenarioText, type LoadResult } from '../../engine/model/load.ts';
import { closest, formatProblems } from '../../engine/model/problems.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import { scenarioJsonSchema } from '../../engine/model/schema.ts';
import { durationPattern, parseDuration, parseRate, ratePattern } from '../../engine/model/units.ts';

// Paths are relative to the repository root, as the CLI shows them.
const readFile = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};
const load = (file: string): LoadResult => loadScenario(file, readFile);
const ok = (r: LoadResult): Scenario => {
  if (!r.ok) throw new Error(formatProblems(r.errors));
  return r.scenario;
};

const BAD = 'tests/scenarios/bad';
const GOOD = 'tests/scenarios/good';
const update = process.env.UPDATE_GOLDEN === '1';

describe('bad scenario files: every problem, in the golden wording', () => {
  const files = readdirSync(BAD).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

  it('has at least 30 bad files', () => expect(files.length).toBeGreaterThanOrEqual(30));

  for (const name of files) {
    it(name, () => {
      const file = `${BAD}/${name}`;
      // The size limit is exercised with a small limit rather than a 1 MiB fixture.
      const r = loadScenario(file, readFile, name.startsWith('oversize') ? { maxBytes: 256 } : {});
      expect(r.ok).toBe(false);
      if (r.ok) return;
      for (const p of r.errors) {
        expect(p.line).toBeGreaterThan(0);
        expect(p.column).toBeGreaterThan(0);
        expect(p.message).not.toMatch(/\n|at .*\.ts|Error:/); // one line, never a stack trace
        expect(p.hint, `${p.path}: every problem says how to fix it`).toBeTruthy();
      }
      const text = `${formatProblems(r.errors)}\n`;
      const golden = file.replace(/\.(ya?ml|json)$/, '.expected.txt');
      if (update) writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }

  it('reports problems from different sections in one pass', () => {
    const r = load(`${BAD}/several-problems.yaml`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(new Set(r.errors.map((e) => e.path.split('.')[0]))).toEqual(new Set(['horizon', 'referrals', 'screening', 'services', 'states']));
  });

  it('places a problem written in a base file at the base file line', () => {
    const r = load(`${BAD}/extends-base-problem.yaml`);
    expect(r.ok ? [] : r.errors.map((e) => [e.file, e.line, e.path])).toEqual([
      [`${BAD}/parts/base-with-problem.yaml`, 9, 'services.iss.staff.caseloadPerWorker'],
    ]);
  });

  it('rejects files over 1 MiB by default', () => {
    const big = `name: big\ndescription: "${'x'.repeat(1024 * 1024)}"\n`;
    const r = parseScenarioText(big, 'big.yaml');
    expect(r.ok ? '' : formatProblems(r.errors)).toMatch(/^big\.yaml:1:1\n {2}the file is 1048602 bytes; the limit is 1048576 bytes/);
  });

  it('bounds YAML alias expansion', () => {
    const lol = ['name: lol', 'a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)].join('\n');
    const r = parseScenarioText(lol, 'lol.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toMatch(/alias/);
  });

  it('never throws on odd input', () => {
    for (const text of ['', '~', '[]', '42', '"x"', 'name: x\nstates: []', 'name: x\nstates: { a: 1 }', '{', 'name: [x', 'a: *nope', '__proto__: { polluted: true }\nname: x']) {
      const r = parseScenarioText(text, 'odd.yaml');
      expect(r.ok, text).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('units', () => {
  const day = 1 / 365.25;
  it.each([
    ['196 days', 196 * day],
    ['1 day', day],
    ['6 weeks', (6 * 7) / 365.25],
    ['1 week', 7 / 365.25],
    ['6 months', 0.5],
    ['1 month', 1 / 12],
    ['1 quarter', 0.25],
    ['3 quarters', 0.75],
    ['2 years', 2],
    ['1 year', 1],
    ['1.5 years', 1.5],
    ['0.5 year', 0.5],
    ['.5 years', 0.5],
    ['0 days', 0],
    ['-3 months', -0.25],
  ])('duration %s', (text, years) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: years });
    expect(new RegExp(durationPattern).test(text)).toBe(true);
  });

  it.each([
    ['160 per year', 160],
    ['0.04 per month', 0.48],
    ['3 per week', (3 * 365.25) / 7],
    ['1 per day', 365.25],
    ['2 per quarter', 8],
    ['0 per year', 0],
  ])('rate %s', (text, perYear) => {
    const r = parseRate(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toBeCloseTo(perYear, 12);
    expect(new RegExp(ratePattern).test(text)).toBe(true);
  });

  it.each([
    [6, 'expected a duration with a unit, such as "6 months"; found 6', 'add a unit'],
    ['6', 'expected a duration with a unit, such as "6 months"; found "6"', 'add a unit'],
    ['6 mnths', 'expected a unit of time (day, week, month, quarter or year); found "mnths" in "6 mnths"', 'did you mean "6 months"?'],
    ['6 Months', 'expected the unit in lower case; found "6 Months"', 'write "6 months"'],
    ['2 fortnights', 'expected a unit of time (day, week, month, quarter or year); found "fortnights" in "2 fortnights"', 'a fortnight is 2 weeks: write "4 weeks"'],
    ['six months', 'expected a duration with a unit, such as "6 months"; found "six months"', 'digits'],
    ['3 per week', 'expected a duration with a unit, such as "6 months"; found the rate "3 per week"', 'length of time'],
    [null, 'expected a duration with a unit, such as "6 months"; found nothing', 'as text'],
  ])('duration problem for %j', (input, message, hint) => {
    const r = parseDuration(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.message).toBe(message);
      expect(r.problem.hint).toContain(hint);
    }
  });

  it.each([
    [160, 'expected a rate such as "160 per year"; found 160', 'say what the number is per'],
    ['160 per yaer', 'expected a rate such as "160 per year"; found "160 per yaer"', 'write "160 per year"'],
    ['160 a year', 'expected a rate such as "160 per year"; found "160 a year"', 'write "160 per year"'],
    ['160/year', 'expected a rate such as "160 per year"; found "160/year"', 'write "160 per year"'],
    ['3 per weeks', 'expected a rate such as "160 per year"; found "3 per weeks"', 'write "3 per week"'],
    ['6 months', 'expected a rate such as "160 per year"; found the duration "6 months"', 'per unit of time'],
    ['1 per annum', 'expected a unit of time after "per" (day, week, month, quarter or year); found "annum" in "1 per annum"', 'convert'],
  ])('rate problem for %j', (input, message, hint) => {
    const r = parseRate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.message).toBe(message);
      expect(r.problem.hint).toContain(hint);
    }
    if (typeof input === 'string') expect(new RegExp(ratePattern).test(input)).toBe(false);
  });

  it('suggests close names only', () => {
    expect(closest('satff', ['staff', 'beds'])).toBe('staff');
    expect(closest('dropn', ['iss', 'dropin'])).toBe('dropin');
    expect(closest('caseloadperworker', ['fte', 'caseloadPerWorker'])).toBe('caseloadPerWorker');
    expect(closest('xyz', ['staff', 'beds'])).toBeUndefined();
    expect(closest('t', ['iss'])).toBeUndefined();
  });
});

describe('good scenario files', () => {
  const none = { needs: {}, complexity: 0 };
  const minimal: Scenario = {
    name: 'Minimal',
    description: '',
    sources: {},
    horizon: 5,
    period: 1 / 12,
    referrals: [{ name: 'main', rate: { rate: 120, changes: [] }, rampUp: 0, source: '000 L12' }],
    cohorts: [],
    initial: [],
    attributes: { needs: {}, complexity: { distribution: { type: 'fixed', value: 0 }, reference: 0 } },
    screening: {
      eligible: { p: { value: 0.7, changes: [] }, rule: {} },
      assessment: { duration: { type: 'fixed', value: 14 / 365.25 } },
      starts: { p: { value: 1, changes: [] } },
      entry: [{ name: 'iss', to: 'iss', reason: 'iss', p: { value: 1, changes: [] }, modifiers: none }],
    },
    services: [{ name: 'iss', capacity: 28, changes: [], discipline: 'fifo', staff: { fte: 4, caseloadPerWorker: 7 }, opens: 0 }],
    states: [
      {
        name: 'iss',
        tier: 'intensive',
        service: 'iss',
        weight: 1,
        exits: [
          { name: 'move-on', to: 'dropin', reason: 'move-on', rate: [{ rate: 0.5, until: Infinity }], changes: [], modifiers: none },
          { name: 'died', reason: 'died', rate: [{ rate: 0.12, until: Infinity }], changes: [], modifiers: none },
        ],
        next: [],
        phases: [{ name: 'iss', until: Infinity }],
        opens: 0,
      },
      {
        name: 'dropin',
        tier: 'drop-in',
        service: 'iss',
        weight: 0.2,
        exits: [
          { name: 're-escalation', to: 'iss', reason: 're-escalation', rate: [{ rate: 0.25, until: Infinity }], changes: [], modifiers: none },
          { name: 'moved-away', reason: 'moved-away', rate: [{ rate: 1, until: Infinity }], changes: [], modifiers: none },
        ],
        next: [],
        phases: [{ name: 'dropin', until: Infinity }],
        opens: 0,
      },
    ],
    policy: { closure: 'none', returnersFirst: true, changes: [] },
    targets: [],
  };

  it('loads the minimal scenario into exactly the expected Scenario', () => {
    const r = load(`${GOOD}/minimal.yaml`);
    expect(ok(r)).toStrictEqual(minimal);
    expect(r.ok && r.files).toEqual([`${GOOD}/minimal.yaml`]);
  });

  it('gives the same Scenario and resolvedText from JSON and YAML', () => {
    const y = load(`${GOOD}/minimal.yaml`);
    const j = load(`${GOOD}/minimal.json`);
    expect(ok(j)).toStrictEqual(ok(y));
    expect(j.ok && j.resolvedText).toBe(y.ok && y.resolvedText);
  });

  it('writes resolvedText as canonical JSON with sorted keys', () => {
    const r = load(`${GOOD}/minimal.yaml`);
    if (!r.ok) throw new Error('not ok');
    expect(r.resolvedText.startsWith('{"attributes":{"complexity":{"distribution":{"type":"fixed","value":0},"reference":0},"needs":{}},"cohorts":[]')).toBe(true);
    expect(r.resolvedText).toContain('"until":"Infinity"');
    expect(JSON.parse(r.resolvedText).name).toBe('Minimal');
  });

  it('merges extends: maps key by key, exits name by name, a null removes, chain listed in files', () => {
    const r = load(`${GOOD}/variants/half-staff.yaml`);
    const s = ok(r);
    expect(r.ok && r.files).toEqual([`${GOOD}/variants/half-staff.yaml`, `${GOOD}/minimal.yaml`]);
    expect(s.name).toBe('Half staff');
    expect(s.services[0]).toEqual({ name: 'iss', capacity: 14, changes: [], discipline: 'fifo', staff: { fte: 2, caseloadPerWorker: 7 }, opens: 0 });
    expect(s.states[1].exits).toEqual([{ name: 'moved-away', reason: 'moved-away', rate: [{ rate: 2, until: Infinity }], changes: [], modifiers: none }]);
    expect(s.states[0]).toEqual(minimal.states[0]); // untouched by the variant
    expect(s.horizon).toBe(5);
  });

  it('needs readFile only for extends', () => {
    const text = readFileSync(`${GOOD}/minimal.yaml`, 'utf8');
    expect(ok(parseScenarioText(text, 'minimal.yaml'))).toStrictEqual(minimal);
    const r = parseScenarioText('extends: base.yaml\nname: x\n', 'x.yaml');
    expect(r.ok ? '' : formatProblems(r.errors)).toContain('cannot read "base.yaml"');
  });

  it('loads the full format example with shorthands expanded', () => {
    const s = ok(load(`${GOOD}/full.yaml`));
    expect(s.period).toBe(0.25);
    expect(s.referrals[0]).toMatchObject({ rampUp: 0.25, rate: { rate: 340, changes: [{ at: 1, rate: 250 }] } });
    expect(s.screening.entry.map((b) => [b.name, b.to, b.p.value])).toEqual([['iss', 'iss', 0.9], ['abs', 'abs', 0.1]]);
    expect(s.screening.assessment.duration).toEqual({ type: 'exponential', mean: 14 / 365.25 });
    expect(s.services.map((v) => [v.name, v.capacity, v.changes])).toEqual([
      ['iss', 98, [{ at: 5, capacity: 49 }]],
      ['abs', 9, []],
      ['hub', Infinity, []],
    ]);
    expect(s.services[0].patience).toEqual({ type: 'exponential', mean: 0.5 });
    const iss = s.states[0];
    expect(iss.exits[1]).toEqual({
      name: 'disengaged',
      to: 'dormant',
      reason: 'disengaged',
      rate: [{ rate: 0.36, until: 0.5 }, { rate: 0.12, until: Infinity }],
      changes: [],
      modifiers: { needs: { offending: 1.2 }, complexity: 0.02 },
    });
    expect(iss.duration).toEqual({ distribution: { type: 'lognormal', mean: 196 / 365.25, sd: 120 / 365.25 }, modifiers: none });
    expect(s.states[1].duration).toEqual({ distribution: { type: 'fixed', value: 0.5 }, modifiers: none });
    expect(s.states[1].next).toEqual([{ name: 'iss', to: 'iss', reason: 'iss', p: { value: 1, changes: [] }, modifiers: none }]);
    expect(s.attributes.complexity).toEqual({ distribution: { type: 'normal', mean: 28, sd: 7, lower: 0, upper: 48 }, reference: 28 });
    expect(s.cohorts[1]).toEqual({ at: 3, count: 10, state: 'iss' });
    expect(s.policy.changes).toEqual([{ at: 5, closure: 'discharge' }]);
  });
});

describe('scenarioJsonSchema', () => {
  const schema = scenarioJsonSchema();

  it('is a draft 2020-12 object schema that rejects unknown keys', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name']);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('describes every field', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      const o = node as Record<string, unknown>;
      if (o.properties) {
        for (const [k, v] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
          if (!v.description && k !== 'type') missing.push(`${path}.${k}`);
          walk(v, `${path}.${k}`);
        }
      }
      for (const key of ['items', 'additionalProperties', 'anyOf', 'oneOf']) if (o[key]) walk(o[key], `${path}.${key}`);
    };
    walk(schema, '');
    expect(missing).toEqual([]);
  });

  it('gives units as string patterns', () => {
    const props = schema.properties as Record<string, { type: string; pattern: string }>;
    expect(props.horizon.type).toBe('string');
    expect(new RegExp(props.horizon.pattern).test('10 years')).toBe(true);
    expect(new RegExp(props.horizon.pattern).test('10')).toBe(false);
  });
});
