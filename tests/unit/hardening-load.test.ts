/**
 * Hardening of the loader (issue 12): one rule for names, one guard for paths
 * to other files, messages that never quote more than an excerpt of a file,
 * and range checks so validate refuses what a run would refuse.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkRanges } from '../../engine/model/check-ranges.ts';
import { defaultRoot, insideRoot, loadScenario, parseScenarioText, type LoadResult, type ReadFile } from '../../engine/model/load.ts';
import { isReservedName, isSafeName, nameProblem, reservedNames } from '../../engine/model/names.ts';
import { splitPath } from '../../engine/model/overlay.ts';
import { formatProblems, pathText, valueAt } from '../../engine/model/problems.ts';
import { rawChain } from '../../engine/model/raw.ts';
import { MAX_QUOTED, parseDuration, parseRate, quote, showFound } from '../../engine/model/units.ts';
import { loadSweep } from '../../engine/sweep/load.ts';
import { readScenarioFile } from '../../cli/files.ts';
import { parseOverride } from '../../cli/overrides.ts';

const disk: ReadFile = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};
const realpath = (p: string): string | undefined => {
  try {
    return realpathSync(p).split(sep).join('/');
  } catch {
    return undefined;
  }
};
const text = (r: LoadResult): string => (r.ok ? 'ok' : formatProblems(r.errors));

/** A small valid scenario in which each test changes one thing. */
const BASE = `name: base
horizon: 2 years
referrals:
  main: { rate: 60 per year }
screening:
  entry: iss
services:
  iss: { beds: 5 }
states:
  iss:
    tier: intensive
    service: iss
    exits:
      died: { rate: 0.1 per month }
`;
const parse = (t: string, file = 'x.yaml'): LoadResult => parseScenarioText(t, file);

describe('one rule for names', () => {
  it('reserves every name an ordinary object already answers to', () => {
    for (const k of [...Object.getOwnPropertyNames(Object.prototype), 'prototype']) expect(reservedNames, k).toContain(k);
    expect(isReservedName('__proto__')).toBe(true);
    expect(isSafeName('toString')).toBe(false);
    expect(isSafeName('drop-in_2')).toBe(true);
    expect(isSafeName('2nd')).toBe(false);
    expect(nameProblem('my service')?.hint).toContain('"my-service"');
  });

  it('refuses a reserved name in every map of a scenario, at the line of the key', () => {
    const cases: [string, string, string][] = [
      ['services', BASE.replace('  iss: { beds: 5 }', '  iss: { beds: 5 }\n  __proto__: { beds: 3 }'), 'services.__proto__'],
      ['referrals', BASE.replace('  main: { rate: 60 per year }', '  main: { rate: 60 per year }\n  constructor: { rate: 1 per year }'), 'referrals.constructor'],
      ['initial', `${BASE}initial:\n  __proto__: { count: 40 }\n`, 'initial.__proto__'],
      ['states', `${BASE}  toString:\n    tier: dormant\n    exits:\n      died: { rate: 0.1 per month }\n`, 'states.toString'],
      ['exits', BASE.replace('      died: { rate: 0.1 per month }', '      died: { rate: 0.1 per month }\n      valueOf: { rate: 0.1 per month }'), 'states.iss.exits.valueOf'],
      ['sources', `${BASE}sources:\n  hasOwnProperty: a report\n`, 'sources.hasOwnProperty'],
      ['a field', `${BASE}__proto__: { horizon: 1 year }\n`, '__proto__'],
    ];
    for (const [where, t, path] of cases) {
      const r = parse(t);
      expect(r.ok, where).toBe(false);
      if (r.ok) continue;
      const p = r.errors.find((e) => e.path === path);
      expect(p, `${where}: ${text(r)}`).toBeDefined();
      expect(p!.message).toMatch(/is a reserved name/);
      expect(p!.line).toBe(t.split('\n').findIndex((l) => l.includes(path.split('.').pop()!)) + 1);
    }
    expect(({} as Record<string, unknown>).beds).toBeUndefined();
  });

  it('treats a reference to a reserved name as unknown', () => {
    expect(text(parse(BASE.replace('service: iss', 'service: constructor')))).toMatch(/unknown service "constructor"/);
    expect(text(parse(BASE.replace('died: { rate', 'died: { to: __proto__, rate')))).toMatch(/unknown state "__proto__"/);
    expect(text(parse(BASE.replace('entry: iss', 'entry: toString')))).toMatch(/unknown state "toString"/);
  });

  it('refuses reserved names in --set paths and in a sweep', () => {
    for (const set of ['__proto__=1', 'services.constructor.beds=3', 'states.iss.exits.toString.rate=1 per year']) {
      expect(() => parseOverride(set), set).toThrow(/is a reserved name/);
    }
    expect(() => splitPath('a.prototype')).toThrow(/reserved/);
    const FILE = 'tests/sweeps/hardening.yaml';
    const sweep = (body: string): string => {
      const r = loadSweep(FILE, (p) => (p === FILE ? `sweep: x\nbase: steady.yaml\ndesign: oneway\n${body}` : disk(p, '')));
      return r.ok ? 'ok' : formatProblems(r.errors);
    };
    const param = 'path: economics.unitCosts.arrest.cost, low: 1, high: 2';
    expect(sweep(`parameters:\n  __proto__: { ${param} }\n`)).toMatch(/hardening\.yaml:5:3 {2}parameters\.__proto__\n {2}"__proto__" is a reserved name/);
    expect(sweep(`parameters:\n  constructor: { ${param} }\n`)).toMatch(/parameters\.constructor\n {2}"constructor" is a reserved name/);
    expect(sweep(`parameters:\n  fte: { path: services.__proto__.beds, low: 1, high: 2 }\n`)).toMatch(/parameters\.fte\.path\n {2}"__proto__" is a reserved name/);
    expect(sweep(`parameters:\n  fte: { ${param} }\ndecision:\n  alternatives: { toString: steady.yaml }\n`)).toMatch(/decision\.alternatives\.toString\n {2}"toString" is a reserved name/);
  });

  it('builds plain data without prototypes, so a name never written is never found', () => {
    const raw = rawChain(BASE, 'x.yaml', disk) as Record<string, Record<string, unknown>>;
    expect(Object.getPrototypeOf(raw)).toBeNull();
    expect(raw.services.constructor).toBeUndefined();
    expect(raw.states.toString).toBeUndefined();
  });
});

describe('one guard for paths to other files', () => {
  it('keeps files inside the root', () => {
    expect(defaultRoot('scenarios/x.yaml')).toBe('');
    expect(defaultRoot('/data/s/x.yaml')).toBe('/data/s');
    expect(defaultRoot('/x.yaml')).toBe('/');
    expect(defaultRoot('../other/x.yaml')).toBe('../other');
    expect(insideRoot('scenarios/base.yaml', '')).toBe(true);
    expect(insideRoot('../etc/passwd', '')).toBe(false);
    expect(insideRoot('/etc/passwd', '')).toBe(false);
    expect(insideRoot('/data/s/base.yaml', '/data/s')).toBe(true);
    expect(insideRoot('/data/secrets', '/data/s')).toBe(false);
    expect(insideRoot('../other/base.yaml', '../other')).toBe(true);
  });

  it('still reaches a base in a parent folder inside the root', () => {
    const r = loadScenario('tests/scenarios/good/variants/half-staff.yaml', disk);
    expect(text(r)).toBe('ok');
  });

  describe('never prints a file outside the scenario folder', () => {
    const MARK = 'SECRET-MARK-8c1f';
    const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'casecast-guard-')));
    const outside = join(tmp, 'outside');
    const project = join(tmp, 'project');
    mkdirSync(outside);
    mkdirSync(join(project, 'sweeps'), { recursive: true });
    writeFileSync(join(outside, 'environ'), `${MARK}=1\0HOME=/x\0`);
    writeFileSync(join(outside, 'secret.yaml'), `name: ${MARK}\nhorizon: ${MARK}\n${MARK}: 1\n`);
    writeFileSync(join(outside, 'secret.txt'), `${MARK} ${MARK} ${MARK}\n`);
    symlinkSync(join(outside, 'secret.yaml'), join(project, 'link.yaml'));
    symlinkSync(outside, join(project, 'linked-folder'));
    const scenario = (name: string, ext: string): string => {
      writeFileSync(join(project, name), `extends: ${ext}\nname: ${name}\n`);
      return join(project, name);
    };
    const files = {
      'a parent folder': scenario('up.yaml', '../outside/secret.yaml'),
      'the environment': scenario('environ.yaml', '../outside/environ'),
      'a text file': scenario('text.yaml', '../outside/secret.txt'),
      'a link to a file': scenario('link-file.yaml', 'link.yaml'),
      'a link to a folder': scenario('link-folder.yaml', 'linked-folder/secret.yaml'),
    };
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    for (const [what, file] of Object.entries(files)) {
      it(`through ${what}`, () => {
        const r = readScenarioFile(file);
        expect(r.ok).toBe(false);
        const out = text(r);
        expect(out).not.toContain(MARK);
        expect(out).toMatch(/ {2}extends\n {2}".*" (leads outside|is a symbolic link to a file outside) the folder .*; files outside it are never read\n/);
      });
    }

    it("through a sweep's base or alternative", () => {
      const sweepFile = join(project, 'sweeps', 's.yaml');
      for (const [field, rel] of [['base', '../../outside/secret.yaml'], ['base', '../link.yaml'], ['alt', '../../outside/secret.yaml']] as const) {
        const body = field === 'base' ? `base: ${rel}\n` : `base: ../up.yaml\ndecision:\n  alternatives: { other: ${rel} }\n`;
        writeFileSync(sweepFile, `sweep: s\ndesign: oneway\n${body}parameters:\n  p: { path: horizon, low: 1 year, high: 2 years }\n`);
        const r = loadSweep(sweepFile, disk, new Map(), { root: project, realpath });
        const out = r.ok ? 'ok' : formatProblems(r.errors);
        expect(out, rel).not.toContain(MARK);
        expect(out, rel).toMatch(/(leads outside|is a symbolic link to a file outside) the folder/);
      }
    });

    it('in any golden message: a file that is not a scenario is quoted by at most an excerpt', () => {
      const bad = 'tests/scenarios/bad';
      for (const name of readdirSync(bad).filter((f) => /\.expected\.txt$/.test(f))) {
        const out = readFileSync(join(bad, name), 'utf8');
        expect(out, name).not.toContain('NOT-FOR-PRINTING');
        for (const line of out.split('\n')) expect(line.length, `${name}: ${line.slice(0, 80)}`).toBeLessThan(1200);
      }
    });
  });
});

describe('messages that say what is wrong, never quoting a whole file', () => {
  const one = (r: LoadResult): string => {
    expect(r.ok).toBe(false);
    const out = text(r);
    expect(out.length).toBeLessThan(600);
    expect(out).not.toMatch(/must match pattern|Maximum call stack|\\u0000/);
    return out;
  };
  const bytes = (b: Buffer): string => new TextDecoder('utf-8').decode(b);

  it('knows UTF-16 with or without a byte-order mark, in either byte order', () => {
    const t = `${BASE}description: ${'long text '.repeat(3000)}\n`;
    const le = Buffer.from(t, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const b of [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), le, Buffer.concat([Buffer.from([0xfe, 0xff]), be]), be]) {
      expect(one(parse(bytes(b)))).toContain('this file is UTF-16 text');
    }
  });

  it('knows a binary file and text that is not UTF-8', () => {
    expect(one(parse(bytes(Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0xff, 0x10]))))).toContain('not a text file');
    expect(one(parse(bytes(Buffer.from('name: x\ndescription: \xa31\n', 'latin1'))))).toMatch(/^x\.yaml:2:14\n {2}this file is not UTF-8 text/);
  });

  it('says JSON has no comments', () => {
    expect(one(parse('{ "name": "x", /* why */ "horizon": "1 year" }', 'x.json'))).toMatch(/^x\.json:1:16\n {2}this is not valid JSON: JSON does not allow comments/);
    expect(text(parse('{ "name": "a // b", "description": "http://x" }', 'x.json'))).toBe('ok');
  });

  it('bounds nesting, in flow and block style, at any depth', () => {
    for (const depth of [33, 200, 5000, 100_000]) {
      expect(one(parse(`name: x\nsources: ${'['.repeat(depth)}${']'.repeat(depth)}\n`))).toContain('nests maps and lists more than 32 levels deep');
    }
    const block = `name: x\nsources:\n${Array.from({ length: 400 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}`;
    expect(one(parse(block))).toContain('more than 32 levels deep');
    expect(one(parse(`a: &a [*a]\nname: x\n`))).toMatch(/levels deep|alias/);
  });

  it('cuts quoted text to an excerpt', () => {
    expect(quote('x'.repeat(MAX_QUOTED))).toBe(JSON.stringify('x'.repeat(MAX_QUOTED)));
    expect(quote('y'.repeat(5000))).toBe(`"${'y'.repeat(MAX_QUOTED - 1)}…" (5,000 characters)`);
    expect(one(parse(`${'z'.repeat(20_000)}\n`))).toMatch(/found "z{59}…" \(20,000 characters\)/);
    expect(showFound(Infinity)).toBe('.inf');
    expect(showFound(-Infinity)).toBe('-.inf');
    expect(showFound(NaN)).toBe('.nan');
  });

  it.each([
    [parseRate, Infinity, 'which is not a finite number', 'e.g. "160 per year"'],
    [parseRate, '1e308 per year', 'a number with an exponent', 'without "e" notation'],
    [parseRate, '3per week', 'found "3per week"', 'write "3 per week"'],
    [parseDuration, '10years', 'found "10years"', 'write "10 years"'],
    [parseDuration, ' 6 months', 'found " 6 months"', 'write "6 months"'],
    [parseDuration, '1e3 days', 'a number with an exponent', 'without "e" notation'],
    [parseDuration, NaN, 'which is not a finite number', 'e.g. "6 months"'],
    [parseDuration, `${'9'.repeat(400)} days`, 'too large a number', 'plain digits'],
  ] as const)('%o of %j says how to write it', (parseUnit, input, message, hint) => {
    const r = parseUnit(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.message).toContain(message);
      expect(r.problem.hint).toContain(hint);
    }
  });

  it('never shows a pattern, in a unit of any section', () => {
    const t = `${BASE}economics:\n  appraisal: { horizon: 10years }\n`;
    expect(text(parse(t))).not.toMatch(/must match pattern/);
    expect(one(parse(BASE.replace('horizon: 2 years', 'horizon: 10years')))).toContain('write "10 years"');
  });
});

describe('range checks: validate refuses what a run would refuse', () => {
  /** The range problems of a scenario text, as "path: message" (the loader's own, once checkScenario runs the range checks). */
  const ranges = (t: string): string[] => {
    const r = parse(t);
    if (!r.ok) return r.errors.map((e) => `${e.path}: ${e.message}`);
    const data: unknown = parseYaml(t);
    return checkRanges(r.scenario, { written: (path) => valueAt(data, path) }).map((f) => `${pathText(f.path)}: ${f.message}`);
  };
  const state = (extra: string): string => BASE.replace('    service: iss\n', `    service: iss\n${extra}`);
  const service = (extra: string): string => BASE.replace('  iss: { beds: 5 }\n', `  iss:\n    beds: 5\n${extra}`);
  const assessment = (d: string): string => BASE.replace('  entry: iss\n', `  entry: iss\n  assessment: { duration: ${d} }\n`);

  it('passes the base scenario', () => expect(ranges(BASE)).toEqual([]));

  it('refuses weight 0 on a state that uses a service', () => {
    expect(ranges(state('    weight: 0\n'))).toEqual(['states.iss.weight: expected a weight > 0 for a state that uses the service "iss", found 0']);
  });

  it('refuses a negative time: a fixed stay, an assessment, a range reaching below 0', () => {
    const stay = (d: string): string => state(`    duration: ${d}\n    next: { back: { to: iss, p: 1 } }\n`);
    expect(ranges(stay('-6 months'))).toEqual(['states.iss.duration: expected a time >= 0 for a stay, found "-6 months"']);
    expect(ranges(stay('{ distribution: { type: uniform, min: -1 week, max: 2 weeks } }'))).toEqual(['states.iss.duration.distribution.min: expected min >= 0 for a stay, found "-1 week"']);
    expect(ranges(assessment('-2 weeks'))).toEqual(['screening.assessment.duration: expected a time >= 0 for an assessment, found "-2 weeks"']);
    expect(ranges(assessment('{ type: discrete, values: [1 week, -1 day], weights: [1, 1] }'))).toEqual(['screening.assessment.duration.values[1]: expected values >= 0 for an assessment, found "-1 day"']);
    expect(ranges(assessment('{ type: exponential, mean: 2 weeks }'))).toEqual([]);
  });

  it('refuses a normal time without a lower bound, and a wait of 0', () => {
    expect(ranges(service('    patience: { type: normal, mean: -3 months, sd: 1 month }\n'))).toEqual(['services.iss.patience: a normal distribution of a wait without a lower bound gives negative times']);
    expect(ranges(service('    patience: { type: normal, mean: 3 months, sd: 1 month, lower: 0 days }\n'))).toEqual([]);
    expect(ranges(service('    patience: 0 days\n'))).toEqual(['services.iss.patience: expected a time > 0 for a wait, found "0 days"']);
    expect(ranges(service('    patience: { type: uniform, min: 0 days, max: 1 month }\n'))).toEqual([]);
  });

  it('refuses a capacity too large to be a number', () => {
    expect(ranges(BASE.replace('{ beds: 5 }', '{ staff: { fte: 1e200, caseloadPerWorker: 1e200 } }'))).toEqual([
      'services.iss: the capacity comes to more than the largest number there is: fte × caseloadPerWorker (or beds, places) is too large',
    ]);
  });
});
