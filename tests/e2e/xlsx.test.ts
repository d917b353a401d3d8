/**
 * The Excel workbook of `casecast run`, read back by independent readers:
 * openpyxl (Debian's python3-openpyxl, run by /usr/bin/python3) for the cells,
 * formats and the formulas' cached values; LibreOffice headless, when
 * installed, to recalculate the formulas from a copy without cached values.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWorkbook } from '../../cli/xlsx/compare.ts';
import { sweepWorkbook } from '../../cli/xlsx/sweep.ts';

const python = '/usr/bin/python3';
const hasOpenpyxl = existsSync(python) && spawnSync(python, ['-c', 'import openpyxl'], { encoding: 'utf8' }).status === 0;
const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
if (!hasOpenpyxl) console.warn('xlsx tests skipped: /usr/bin/python3 has no openpyxl (apt-get install python3-openpyxl)');

const DEFAULT = 'scenarios/liverpool-waves-of-hope.yaml';
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'casecast-xlsx-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function casecast(args: string[], stdoutFile?: string): { status: number; stderr: string } {
  const fd = stdoutFile ? openSync(stdoutFile, 'w') : 'pipe';
  try {
    const r = spawnSync(process.execPath, ['cli/bin.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000, stdio: ['ignore', fd, 'pipe'] });
    return { status: r.status ?? -1, stderr: r.stderr };
  } finally {
    if (typeof fd === 'number') closeSync(fd);
  }
}

/** What openpyxl reads of a workbook: every sheet's cells (formulas and cached values) and number formats; optionally a copy saved without cached values, with the discount rate set. */
const reader = String.raw`
import json, sys, openpyxl
path = sys.argv[1]
f = openpyxl.load_workbook(path)
v = openpyxl.load_workbook(path, data_only=True)
out = {"sheets": f.sheetnames, "cells": {}, "formats": {}, "values": {}, "frozen": {}}
for ws in f:
    vs = v[ws.title]
    out["frozen"][ws.title] = ws.freeze_panes
    out["cells"][ws.title] = [[c.value if not hasattr(c.value, "text") else str(c.value) for c in row] for row in ws.iter_rows()]
    out["values"][ws.title] = [[c.value for c in row] for row in vs.iter_rows()]
    out["formats"][ws.title] = [[c.number_format for c in row] for row in ws.iter_rows()]
if len(sys.argv) > 2:
    ws = f["Costs and benefits by year"]
    for r in range(1, ws.max_row + 1):
        if str(ws.cell(r, 1).value or "").startswith("Discount rate, years"):
            if sys.argv[3] != "same": ws.cell(r, 2).value = float(sys.argv[3])
    f.save(sys.argv[2])
print(json.dumps(out, default=str))
`;

interface Read {
  sheets: string[];
  cells: Record<string, unknown[][]>;
  values: Record<string, unknown[][]>;
  formats: Record<string, string[][]>;
  frozen: Record<string, string | null>;
}

function read(path: string, copy?: { to: string; rate: number | 'same' }): Read {
  const args = ['-c', reader, path, ...(copy ? [copy.to, String(copy.rate)] : [])];
  const r = spawnSync(python, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Read;
}

/** The row of `sheet` whose first cell starts with `label`. */
const rowOf = (rows: unknown[][], label: string): unknown[] => {
  const row = rows.find((r) => typeof r[0] === 'string' && (r[0] as string).startsWith(label));
  if (!row) throw new Error(`no row ${label}`);
  return row;
};

const sheets = ['Summary', 'Inputs and assumptions', 'Caseload by year', 'Costs and benefits by year', 'By agency by year', 'Ledger'];

/** The NPV of mean yearly costs and net benefits at a flat discount rate, the Green Book way (year 1 undiscounted). */
function npvAt(costs: number[], net: number[], rate: number): number {
  return net.reduce((s, b, y) => s + (b - costs[y]) / (1 + rate) ** y, 0);
}

describe.skipIf(!hasOpenpyxl)('casecast run: the workbook of a scenario with staffing, contacts and front-door stages', () => {
  it('has a sheet of the dynamics by period whose cells are results.json\'s means and intervals', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const r = casecast(['run', 'scenarios/cheshire-front-door.yaml', '--fixed', '-r', '10', '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const wb = read(join(out, 'casecast.xlsx'));
    expect(wb.sheets).toContain('Staff, contacts and demand');
    const rows = wb.cells['Staff, contacts and demand'];
    const names = Object.keys(res.dynamics);
    expect(names.length).toBeGreaterThan(0);
    expect(rows[0].length).toBe(1 + 3 * names.length);
    res.series.t.forEach((t: number, k: number) => {
      expect(rows[k + 1][0]).toBeCloseTo(t, 12);
      names.forEach((n, i) => {
        for (const [j, f] of (['mean', 'lo', 'hi'] as const).entries()) {
          const want = res.dynamics[n][f][k];
          const got = rows[k + 1][1 + 3 * i + j];
          if (want === null || !Number.isFinite(want)) expect(got).toBeNull();
          else expect(got).toBeCloseTo(want, 9);
        }
      });
    });
  }, 120_000);

  // The default scenario has no dynamics, so no such sheet: the main test below checks its sheets exactly.
});

describe.skipIf(!hasOpenpyxl)('casecast run: the workbook', () => {
  let fixedDir: string;
  let fixed: Read;
  let results: any;
  beforeAll(() => {
    fixedDir = tempDir();
    const out = join(fixedDir, 'out');
    const r = casecast(['run', DEFAULT, '--fixed', '-r', '20', '--seed', '3', '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    fixed = read(join(out, 'casecast.xlsx'));
  }, 180_000);

  it('--out writes casecast.xlsx beside the other files, with every sheet, a frozen header and headers', () => {
    expect(readdirSync(join(fixedDir, 'out'))).toEqual(expect.arrayContaining(['casecast.xlsx', 'ledger.csv', 'manifest.json', 'results.json', 'series.csv']));
    expect(fixed.sheets).toEqual(sheets);
    for (const s of sheets) expect(fixed.frozen[s], s).toMatch(/^[A-C]2$/);
    expect(fixed.cells.Summary[0].slice(0, 2)).toEqual(['Measure', 'Mean']);
    expect(fixed.cells['Caseload by year'][0][0]).toBe('Year end');
    expect(fixed.cells['Costs and benefits by year'][0].slice(0, 6)).toEqual(['Year', expect.stringMatching(/^Costs/), expect.stringMatching(/^Gross savings/), expect.stringMatching(/^Net benefits/), 'Discount rate', 'Discount factor']);
    expect(fixed.cells.Ledger[0].slice(0, 3)).toEqual(['Item', 'Name in the scenario', 'Agency']);
    expect(fixed.cells['Inputs and assumptions'][0].slice(0, 5)).toEqual(['Path', 'Value', 'Unit', 'Source', 'Assumption']);
    const horizon = rowOf(fixed.cells['Inputs and assumptions'], 'horizon');
    expect(horizon.slice(1, 3)).toEqual([10, 'years']);
  });

  it('the Summary states NPV, BCR and payback as results.json does, money in £', () => {
    const s = results.economics.summary;
    const npv = rowOf(fixed.values.Summary, 'Net present value');
    expect(npv[1]).toBe(s.npv.mean);
    expect([npv[4], npv[5]]).toEqual([s.npv.lo, s.npv.hi]);
    expect(rowOf(fixed.values.Summary, 'Benefit–cost ratio (BCR)')[1]).toBe(s.bcr.mean);
    expect(rowOf(fixed.values.Summary, 'Payback year, median')[1]).toBe(s.paybackYear.median ?? 'not within the horizon');
    const k = fixed.cells.Summary.findIndex((r) => String(r[0]).startsWith('Net present value'));
    expect(fixed.formats.Summary[k][1]).toContain('£');
    const costs = fixed.formats['Costs and benefits by year'];
    expect(costs[1][1]).toContain('£');
    expect(costs[1][6]).toContain('£');
    expect(fixed.formats.Ledger[1][5]).toContain('£');
    expect(rowOf(fixed.values.Summary, 'Scenario sha256')[1]).toBe(results.manifest.sha256);
    expect(rowOf(fixed.values.Summary, 'Seed')[1]).toBe('3');
  });

  it('the live totals are formulas whose cached values are casecast\'s figures (NPV to the penny)', () => {
    const s = results.economics.summary;
    const live = rowOf(fixed.cells.Summary, 'NPV, live');
    expect(String(live[1])).toMatch(/^=SUMPRODUCT\('Costs and benefits by year'!\$D\$2:\$D\$11,'Costs and benefits by year'!\$F\$2:\$F\$11\)-SUMPRODUCT/);
    const cached = rowOf(fixed.values.Summary, 'NPV, live')[1] as number;
    expect(Math.round(cached * 100) / 100).toBe(s.npv.mean);
    expect(rowOf(fixed.values.Summary, 'Programme cost, live')[1]).toBeCloseTo(s.pvCosts.mean, 2);
    expect(rowOf(fixed.values.Summary, 'Savings, live')[1]).toBeCloseTo(s.pvBenefits.mean, 2);
    expect(rowOf(fixed.values.Summary, 'Benefit–cost ratio, live')[1]).toBeCloseTo(s.bcr.mean, 4);
    // Payback from the mean cumulative curves: 0 when they never cross.
    const cumC = results.economics.byYear.cumulativeDiscountedCosts.mean as number[];
    const cumB = results.economics.byYear.cumulativeDiscountedBenefits.mean as number[];
    const crossed = cumC.findIndex((c, y) => c > 0 && cumB[y] >= c);
    expect(rowOf(fixed.values.Summary, 'Payback year from the mean cumulative curves')[1]).toBe(crossed + 1);
    // The discount factors are formulas over the rate's input cell.
    const years = fixed.cells['Costs and benefits by year'];
    expect(years[1][4]).toMatch(/^=\$B\$\d+$/);
    expect(years[2][5]).toBe('=F2/(1+E2)');
    const factors = fixed.values['Costs and benefits by year'].slice(1, 11).map((r) => r[5] as number);
    factors.forEach((f, y) => expect(f).toBeCloseTo(1 / 1.035 ** y, 12));
  });

  it.skipIf(!soffice)('LibreOffice recalculates the NPV to results.json\'s, and follows an edited discount rate', () => {
    const dir = tempDir();
    const src = join(fixedDir, 'out', 'casecast.xlsx');
    const convert = (name: string): string[][] => {
      const r = spawnSync(soffice!, ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1', '--outdir', dir, join(dir, name)], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const csv = readFileSync(join(dir, name.replace(/\.xlsx$/, '-Summary.csv')), 'utf8');
      return csv.split('\n').map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')));
    };
    // openpyxl saves formulas without cached values, so LibreOffice must compute them.
    read(src, { to: join(dir, 'same.xlsx'), rate: 'same' });
    read(src, { to: join(dir, 'five.xlsx'), rate: 0.05 });
    const same = Number(rowOf(convert('same.xlsx'), 'NPV, live')[1]);
    expect(Math.round(same * 100) / 100).toBe(results.economics.summary.npv.mean);
    const five = Number(rowOf(convert('five.xlsx'), 'NPV, live')[1]);
    const rows = fixed.values['Costs and benefits by year'].slice(1, 11);
    const expected = npvAt(rows.map((r) => r[1] as number), rows.map((r) => r[3] as number), 0.05);
    expect(five).toBeCloseTo(expected, 4);
    expect(five).not.toBeCloseTo(same, 0);
  }, 240_000);

  it('over parameter draws, --format xlsx on a redirected stdout: expected values with both intervals', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const file = join(dir, 'stdout.xlsx');
    const r = casecast(['run', DEFAULT, '-r', '10', '--seed', '5', '--out', out, '--format', 'xlsx', '--quiet'], file);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    for (const path of [file, join(out, 'casecast.xlsx')]) {
      const wb = read(path);
      expect(wb.sheets).toEqual(sheets.filter((s) => s !== 'By agency by year' || wb.sheets.includes(s)));
      expect(wb.cells.Summary[0].slice(0, 6)).toEqual(['Measure', 'Expected value', 'Uncertainty interval: low', 'Uncertainty interval: high', 'Monte Carlo error: low', 'Monte Carlo error: high']);
      const h = res.uncertainty.headline;
      expect(rowOf(wb.values.Summary, 'Net present value').slice(1, 6)).toEqual([h.npv.mean, h.npv.uncertainty.lo, h.npv.uncertainty.hi, h.npv.monteCarlo.lo, h.npv.monteCarlo.hi]);
      expect(rowOf(wb.values.Summary, 'Benefit–cost ratio (BCR)')[1]).toBe(h.bcr.mean);
      expect(rowOf(wb.values.Summary, 'Payback year, median')[1]).toBe(res.economics.summary.paybackYear.median ?? 'not within the horizon');
      expect(rowOf(wb.values.Summary, 'Parameter draws')[1]).toBe(res.manifest.draws);
      // The appraisal's settings are drawn, so the live NPV is over the yearly means to the penny: within a penny a year of the mean NPV.
      const live = rowOf(wb.values.Summary, 'NPV, live')[1] as number;
      expect(Math.abs(live - h.npv.mean)).toBeLessThanOrEqual(0.01 * res.economics.byYear.year.length);
      const drawn = wb.cells['Inputs and assumptions'].find((row) => row[0] === 'Parameters drawn (the uncertainty section)');
      expect(drawn).toBeDefined();
      expect(rowOf(wb.values['Inputs and assumptions'], 'Deadweight (deadweight)')[6]).toMatch(/type: beta/);
    }
  }, 180_000);

  it('--set is marked in the inputs', () => {
    const dir = tempDir();
    const file = join(dir, 'set.xlsx');
    const r = casecast(['run', DEFAULT, '--fixed', '-r', '2', '--horizon', '3 years', '--set', 'services.iss.staff.fte=20', '--format', 'xlsx', '--quiet'], file);
    expect(r.status, r.stderr).toBe(0);
    const wb = read(file);
    const fte = rowOf(wb.cells['Inputs and assumptions'], 'services.iss.staff.fte');
    expect([fte[1], fte[5]]).toEqual([20, 'yes']);
    expect(rowOf(wb.cells['Inputs and assumptions'], 'horizon')[5]).toBe('yes');
  }, 120_000);
});

describe.skipIf(!hasOpenpyxl)('compareWorkbook: compare\'s JSON document as a workbook', () => {
  it('has the scenarios, the paired differences with their intervals and what differs', async () => {
    const dir = tempDir();
    const json = join(dir, 'compare.json');
    const r = casecast(['compare', DEFAULT, 'scenarios/liverpool-waves-of-hope-more-staff.yaml', '--fixed', '-r', '10', '--format', 'json', '--quiet'], json);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    const file = join(dir, 'compare.xlsx');
    writeFileSync(file, await compareWorkbook(doc));
    const wb = read(file);
    expect(wb.sheets).toEqual(['Comparison', 'B against A']);
    expect(wb.values.Comparison[1].slice(0, 2)).toEqual(['A', DEFAULT]);
    const diffs = wb.values['B against A'];
    expect(diffs[0].slice(0, 4)).toEqual(['Group', 'Measure', 'A', 'B']);
    const npv = doc.comparisons[0].differences.find((d: { key: string }) => d.key === 'npv') ?? doc.comparisons[0].differences.find((d: { unit: string }) => d.unit === 'money');
    const row = rowOf(diffs.map((x) => x.slice(1)), npv.label);
    expect(row.slice(1, 4)).toEqual([npv.a, npv.b, npv.difference.mean]);
    expect(row[4]).toBeCloseTo(npv.b - npv.a, 6);
    const k = diffs.findIndex((x) => x[1] === npv.label);
    expect(wb.formats['B against A'][k][2]).toContain('£');
    expect(wb.values['B against A'].some((x) => x[0] === 'services[0].staff.fte')).toBe(true);
  }, 180_000);
});

describe.skipIf(!hasOpenpyxl)('casecast sweep: the workbook', () => {
  it('writes casecast.xlsx beside the final files: Summary, Tornado with the swing as a formula, Variants', () => {
    const out = join(tempDir(), 'sweep');
    const r = casecast(['sweep', 'tests/sweeps/oneway-fast.yaml', '-o', out, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const wb = read(join(out, 'casecast.xlsx'));
    expect(wb.sheets).toEqual(['Summary', 'Tornado', 'Variants']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const tornado = wb.values.Tornado;
    expect(tornado[0].slice(0, 3)).toEqual(['Metric', 'Parameter', 'Rank']);
    const first = summary.tornado[0];
    expect(tornado[1].slice(0, 3)).toEqual([first.metric, first.parameter, first.rank]);
    expect(tornado[1].slice(6, 9)).toEqual([first.low, first.base, first.high]);
    expect(wb.cells.Tornado[1][9]).toBe('=ABS(I2-G2)');
    expect(tornado[1][9]).toBeCloseTo(first.swing, 6);
    if (/£/.test(first.metric)) expect(wb.formats.Tornado[1][6]).toContain('£');
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\n');
    expect(wb.values.Variants.filter((row) => row.some((c) => c !== null))).toHaveLength(csv.length);
    expect(wb.values.Variants[0]).toEqual(csv[0].split(','));

    // A sweep larger than the sheet's cap lists the first variants and says where the rest are.
    const records = readFileSync(join(out, 'results.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const capped = join(out, '..', 'capped.xlsx');
    return sweepWorkbook(manifest, records, summary, 3).then((bytes) => {
      writeFileSync(capped, bytes);
      const c = read(capped);
      expect(c.values.Variants.filter((row) => row.some((x) => x !== null))).toHaveLength(4);
      expect(c.values.Variants[3]).toEqual(wb.values.Variants[3]);
      expect(c.values.Summary.some((row) => row[0] === `The Variants sheet lists the first 3 of the ${records.length} variants; results.csv has them all.`)).toBe(true);
    });
  }, 180_000);
});
