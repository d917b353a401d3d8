/**
 * A PSA's files for analysts (engine/sweep/psa-export.ts): the layout of
 * dampack's make_psa_obj (dampack-parameters.csv, dampack-cost.csv,
 * dampack-effectiveness.csv) and psa-long.csv. A tiny PSA (5 draws, two
 * options and not funding) runs through the real CLI, whole and as two merged
 * shards; the files are read back by an independent reader, Python's csv
 * module, and every cell must be the same text as results.csv's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VariantRecord } from '../../engine/sweep/analysis.ts';
import type { SweepInfo } from '../../engine/sweep/info.ts';
import { psaExportFiles, psaExports } from '../../engine/sweep/psa-export.ts';
import { InputError } from '../../cli/errors.ts';
import { finalFiles, journalFiles, sweepManifest } from '../../cli/sweep/outputs.ts';

const SWEEP = 'tests/sweeps/psa-export.yaml';
const DRAWS = 5;
const OPTIONS = ['base', 'cheaper'];
const STRATEGIES = [...OPTIONS, 'do nothing'];
const PARAMETERS = ['ae', 'arrest', 'programme'];
const EXPORTS = ['dampack-cost.csv', 'dampack-effectiveness.csv', 'dampack-parameters.csv', 'psa-long.csv'];

const python = '/usr/bin/python3';
const hasPython = existsSync(python) && spawnSync(python, ['-c', 'import csv, json'], { encoding: 'utf8' }).status === 0;
if (!hasPython) console.warn('psa-export read-back skipped: no /usr/bin/python3');

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'casecast-psa-export-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function casecast(args: string[]): void {
  const r = spawnSync(process.execPath, ['cli/bin.js', ...args, '--quiet'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`casecast ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}

/** Every CSV file of a folder as Python's csv module reads it: rows of text cells; refuses a byte-order mark (R's read.csv would put it into the first column's name). */
const reader = String.raw`
import csv, json, os, sys
out = {}
for name in sorted(os.listdir(sys.argv[1])):
    if not name.endswith('.csv') or name == 'tornado.csv':
        continue
    with open(os.path.join(sys.argv[1], name), encoding='utf-8', newline='') as f:
        text = f.read()
    if text.startswith('\ufeff'):
        sys.exit(name + ' starts with a byte-order mark')
    out[name] = list(csv.reader(text.splitlines()))
json.dump(out, sys.stdout)
`;
function readCsvs(dir: string): Record<string, string[][]> {
  const r = spawnSync(python, ['-c', reader, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Record<string, string[][]>;
}

/** results.csv's cells by (draw, option) and column name. */
function resultsCells(rows: string[][]): Map<string, Record<string, string>> {
  const [head, ...body] = rows;
  return new Map(body.map((row) => [`${row[2]}|${row[1]}`, Object.fromEntries(head.map((h, i) => [h, row[i]]))]));
}

describe.skipIf(!hasPython)('a PSA\'s files for analysts, through the CLI', () => {
  let whole: string;
  let merged: string;
  let csvs: Record<string, string[][]>;
  let cells: Map<string, Record<string, string>>;

  beforeAll(() => {
    whole = join(tempDir(), 'whole');
    casecast(['sweep', SWEEP, '--out', whole]);
    const root = tempDir();
    for (const i of [1, 2]) casecast(['sweep', SWEEP, '--shard', `${i}/2`, '--out', join(root, `shard-${i}`)]);
    merged = join(root, 'merged');
    casecast(['merge', join(root, 'shard-1'), join(root, 'shard-2'), '--out', merged]);
    csvs = readCsvs(whole);
    cells = resultsCells(csvs['results.csv']);
  }, 240_000);

  it('writes them beside results.csv, lists them in the manifest and among the files a sweep folder may hold', () => {
    for (const f of EXPORTS) expect(readdirSync(whole)).toContain(f);
    const manifest = JSON.parse(readFileSync(join(whole, 'manifest.json'), 'utf8')) as { outputs: string[] };
    expect(manifest.outputs).toEqual(['results.jsonl', 'results.csv', 'tornado.csv', 'summary.json', 'psa-long.csv', 'dampack-parameters.csv', 'dampack-cost.csv', 'dampack-effectiveness.csv', 'manifest.json']);
    for (const f of readdirSync(whole)) expect(journalFiles.includes(f) || f === 'casecast.xlsx', f).toBe(true);
    expect(cells.size).toBe(DRAWS * OPTIONS.length);
  });

  it('dampack-cost.csv and dampack-effectiveness.csv: one row per draw, one column per strategy, each cell results.csv\'s pvCosts and pvBenefits', () => {
    for (const [file, metric] of [['dampack-cost.csv', 'pvCosts'], ['dampack-effectiveness.csv', 'pvBenefits']] as const) {
      const [head, ...rows] = csvs[file];
      expect(head).toEqual(STRATEGIES);
      expect(rows).toHaveLength(DRAWS);
      rows.forEach((row, d) => {
        expect(row).toHaveLength(STRATEGIES.length);
        OPTIONS.forEach((o, j) => expect(row[j], `${file} draw ${d} ${o}`).toBe(cells.get(`${d}|${o}`)![metric]));
        expect(row[2]).toBe('0');
      });
    }
  });

  it('dampack-parameters.csv: one row per draw, one column per parameter, the same cells as every option\'s row of results.csv', () => {
    const [head, ...rows] = csvs['dampack-parameters.csv'];
    expect(head).toEqual(PARAMETERS);
    expect(rows).toHaveLength(DRAWS);
    rows.forEach((row, d) => OPTIONS.forEach((o) => PARAMETERS.forEach((p, j) => expect(row[j], `draw ${d} ${o} ${p}`).toBe(cells.get(`${d}|${o}`)![p]))));
  });

  it('psa-long.csv round-trips to results.csv: every cell but the variant number, in draw order', () => {
    const [head, ...rows] = csvs['psa-long.csv'];
    expect(head).toEqual(['draw', 'option', 'kind', 'name', 'value']);
    const columns = csvs['results.csv'][0].slice(3);
    expect(rows).toHaveLength(cells.size * columns.length);
    const draws = rows.map((r) => Number(r[0]));
    expect(draws).toEqual([...draws].sort((a, b) => a - b));
    const back = new Map<string, Record<string, string>>();
    for (const [draw, option, kind, name, value] of rows) {
      expect(kind).toBe(PARAMETERS.includes(name) ? 'parameter' : 'metric');
      const row = back.get(`${draw}|${option}`) ?? { draw, option };
      row[name] = value;
      back.set(`${draw}|${option}`, row);
    }
    expect([...back.keys()]).toEqual([...cells.keys()]);
    for (const [key, row] of cells) {
      const { variant: _variant, ...rest } = row;
      expect(back.get(key), key).toEqual(rest);
    }
  });

  it('dampack\'s net monetary benefit at a willingness to pay of 1 is the NPV: its EVPI is summary.json\'s', () => {
    const nb = csvs['dampack-cost.csv'].slice(1).map((c, d) => c.map((x, j) => Number(csvs['dampack-effectiveness.csv'][d + 1][j]) - Number(x)));
    const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
    const expected = STRATEGIES.map((_, j) => mean(nb.map((r) => r[j])));
    const evpi = mean(nb.map((r) => Math.max(...r))) - Math.max(...expected);
    const summary = JSON.parse(readFileSync(join(whole, 'summary.json'), 'utf8')) as { psa: { decision: { evpi: number; options: string[] } } };
    expect(summary.psa.decision.options).toEqual(STRATEGIES);
    expect(evpi).toBeCloseTo(summary.psa.decision.evpi, 2);
  });

  it('a second run into the finished folder is let through (the folder holds only files casecast writes) and writes the same bytes', () => {
    const before = EXPORTS.map((f) => readFileSync(join(whole, f), 'utf8'));
    casecast(['sweep', SWEEP, '--out', whole]);
    expect(EXPORTS.map((f) => readFileSync(join(whole, f), 'utf8'))).toEqual(before);
  });

  it('casecast merge of two shards writes the same bytes', () => {
    for (const f of EXPORTS) expect(readFileSync(join(merged, f), 'utf8'), f).toBe(readFileSync(join(whole, f), 'utf8'));
  });
});

/** A PSA's info and records made up: two options, three draws, two parameters, economics. */
function made(economics = true): { info: SweepInfo; records: VariantRecord[] } {
  const info: SweepInfo = {
    sweep: 'made up',
    sha256: 'x',
    design: 'psa',
    size: 3,
    replications: 1,
    seed: '1',
    caseloadYears: [1],
    horizonYears: 1,
    doNothing: false,
    agencies: [],
    economics,
    parameters: ['a', 'b'].map((name) => ({ name, label: name, paths: [name], unit: '', base: 1 })),
    options: ['base', 'alt'].map((name) => ({ name, label: name, file: `${name}.yaml`, sha256: name })),
  };
  const records: VariantRecord[] = [];
  for (let d = 0; d < 3; d++) {
    for (const [o, option] of ['base', 'alt'].entries()) {
      const metrics: Record<string, number | null> = { caseload_y1: 10 + d, waiting_y1: 0, firstYearOverCapacity: null, probOverCapacity: 0 };
      if (economics) Object.assign(metrics, { npv: -100 * d - o, pvCosts: 100 * (d + 1) + o, pvBenefits: d === 1 && o === 1 ? null : 0.1 + d });
      records.push({ variant: records.length, option, draw: d, inputs: { a: d / 3, b: -1e-7 * (d + 1) }, metrics });
    }
  }
  return { info, records };
}

describe('psaExports', () => {
  it('writes nothing for a design that is not a PSA', () => {
    const { info, records } = made();
    for (const design of ['oneway', 'grid', 'lhs', 'sample'] as const) {
      expect(psaExports({ ...info, design }, records)).toEqual({});
      expect(psaExportFiles({ ...info, design })).toEqual([]);
    }
  });

  it('writes numbers as results.csv does (a missing value empty), and no do-nothing column when the decision has none', () => {
    const { info, records } = made();
    const f = psaExports(info, records);
    expect(Object.keys(f)).toEqual(psaExportFiles(info));
    expect(f['dampack-parameters.csv']).toBe('a,b\n0,-1e-7\n0.3333333333333333,-2e-7\n0.6666666666666666,-3e-7\n');
    expect(f['dampack-cost.csv']).toBe('base,alt\n100,101\n200,201\n300,301\n');
    expect(f['dampack-effectiveness.csv']).toBe('base,alt\n0.1,0.1\n1.1,\n2.1,2.1\n');
    expect(f['psa-long.csv'].split('\n').slice(0, 4)).toEqual(['draw,option,kind,name,value', '0,base,parameter,a,0', '0,base,parameter,b,-1e-7', '0,base,metric,caseload_y1,10']);
  });

  it('puts the rows in draw order whatever order the records come in', () => {
    const { info, records } = made();
    expect(psaExports(info, [...records].reverse())).toEqual(psaExports(info, records));
  });

  it('writes only psa-long.csv for a PSA without economics', () => {
    const { info, records } = made(false);
    expect(Object.keys(psaExports(info, records))).toEqual(['psa-long.csv']);
    expect(psaExportFiles(info)).toEqual(['psa-long.csv']);
  });

  it('refuses options that do not share a draw\'s parameters, a missing draw and a draw given twice', () => {
    const { info, records } = made();
    const moved = records.map((r) => (r.variant === 3 ? { ...r, inputs: { ...r.inputs, b: 5 } } : r));
    expect(() => psaExports(info, moved)).toThrow(/draw 1: option "alt" has b = 5 but option "base" has -2e-7; every option of a PSA runs on the same draw/);
    expect(() => psaExports(info, records.slice(0, -1))).toThrow(/draw 2 of option "alt" is missing/);
    expect(() => psaExports(info, [...records, records[0]])).toThrow(/draw 0 of option "base" is there twice/);
  });

  it('reaches finalFiles, whose refusal is an input error with a fix', () => {
    const { info, records } = made();
    const manifest = sweepManifest(info, records.length);
    expect(manifest.outputs).toContain('dampack-cost.csv');
    const { files } = finalFiles(manifest, records);
    expect(Object.keys(files)).toEqual(manifest.outputs);
    const moved = records.map((r) => (r.variant === 3 ? { ...r, inputs: { ...r.inputs, b: 5 } } : r));
    expect(() => finalFiles(manifest, moved)).toThrow(InputError);
    expect(() => finalFiles(manifest, moved)).toThrow(/fix: run the sweep again with --restart/);
  });
});
