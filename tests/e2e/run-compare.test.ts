import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Runs the real CLI as a subprocess, as a user would; never waits more than a minute. */
function casecast(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['cli/bin.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const DEFAULT = 'scenarios/liverpool-waves-of-hope.yaml';
const MORE_STAFF = 'scenarios/liverpool-waves-of-hope-more-staff.yaml';
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'casecast-e2e-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('casecast run --out', () => {
  it('writes results.json, series.csv (long and wide), ledger.csv, manifest.json and the workbook, and nothing half-written', () => {
    const out = tempDir();
    const r = casecast(['run', DEFAULT, '-r', '4', '--workers', '1', '--seed', '9', '--out', out, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['casecast.xlsx', 'ledger.csv', 'manifest.json', 'results.json', 'series-wide.csv', 'series.csv']);

    const results = readFileSync(join(out, 'results.json'), 'utf8');
    expect(results).toBe(r.stdout); // the file is the contract --format json prints
    const res = JSON.parse(results);
    expect(res.manifest).toMatchObject({ seed: '9', replications: 4 });

    // CSV files start with a byte-order mark, so a spreadsheet reads them as UTF-8.
    const csv = (name: string): string[] => {
      const text = readFileSync(join(out, name), 'utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      return text.slice(1).trim().split('\n');
    };
    const series = csv('series.csv');
    expect(series[0]).toBe('t,state,mean,lo,hi');
    const extra = ['total', 'weighted', 'waiting', 'waitingForFirstPlace', 'openIncludingWaiting'];
    const states = Object.keys(res.series).filter((k) => k !== 't' && !extra.includes(k));
    expect(series.length - 1).toBe(res.series.t.length * (states.length + extra.length));
    const names = new Set(series.slice(1).map((l) => l.split(',')[1]));
    expect([...names]).toEqual([...states, ...extra]);
    const lastTotal = series.find((l) => l.startsWith('10,total,'))!.split(',');
    expect(Number(lastTotal[2])).toBe(res.series.total.mean[res.series.t.length - 1]);

    // The wide form: a row a period, a column a series, with capacity and waiting.
    const wide = csv('series-wide.csv');
    expect(wide).toHaveLength(res.series.t.length + 1);
    const head = wide[0].split(',');
    expect(head.slice(0, 3)).toEqual(['t', 'year', 'month']);
    for (const col of ['total', 'weighted', 'waiting', 'capacity', 'iss.capacity', 'iss.waiting']) expect(head).toContain(col);
    const last = wide[wide.length - 1].split(',');
    expect(last.slice(1, 3)).toEqual(['10', '12']);
    expect(Number(last[head.indexOf('total')])).toBe(res.series.total.mean[res.series.t.length - 1]);
    expect(Number(last[head.indexOf('capacity')])).toBe(res.capacity.total.mean[res.series.t.length - 1]);

    const ledger = csv('ledger.csv');
    expect(ledger[0]).toBe('year,agency,agencyLabel,kind,item,valueType,cashable,mean,lo,hi');
    const rows = ledger.slice(1).map((l) => l.split(','));
    expect(new Set(rows.map((c) => c[0]))).toEqual(new Set(Array.from({ length: 10 }, (_, y) => String(y + 1))));
    expect(rows.some((c) => c[3] === 'cost')).toBe(true);
    expect(rows.some((c) => c[3] === 'saving')).toBe(true);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ sha256: res.manifest.sha256, seed: '9', replications: 4, version: res.manifest.version, workers: 1 });
    expect(manifest.command.slice(0, 3)).toEqual(['casecast', 'run', DEFAULT]);
    expect(Date.parse(manifest.finishedAt)).toBeGreaterThanOrEqual(Date.parse(manifest.startedAt));
    expect(manifest.resolvedScenario.name).toBe('Liverpool Waves of Hope');
  });

  it('prints series.csv on stdout under --format csv', () => {
    const r = casecast(['run', DEFAULT, '-r', '2', '--workers', '1', '--horizon', '2 years', '--format', 'csv']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('t,state,mean,lo,hi');
    expect(lines[lines.length - 1]).toMatch(/^2,openIncludingWaiting,/);
  });
});

describe('parallel replications', () => {
  it('gives byte-identical results.json for 1, 2 and 3 workers, over parameter draws', () => {
    const outs = ['1', '2', '3'].map((w) => {
      const r = casecast(['run', DEFAULT, '-r', '10', '--seed', '5', '--workers', w, '--format', 'json', '--quiet']);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    });
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
    expect(JSON.parse(outs[0]).economics).toBeDefined();
    expect(JSON.parse(outs[0]).manifest).toMatchObject({ replications: 10, draws: 2, replicationsPerDraw: 5 });
  });

  it('reports a failing worker once, exits 1 and does not hang', () => {
    for (const workers of ['2', '1']) {
      const r = casecast(['run', DEFAULT, '-r', '8', '--workers', workers], { CASECAST_TEST_FAIL_REPLICATION: '3' });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toBe(
        'casecast: the run failed: replication 3 of "Liverpool Waves of Hope" failed: test failure injected at replication 3 (CASECAST_TEST_FAIL_REPLICATION)',
      );
    }
  });
});

describe('casecast run --set and --horizon', () => {
  it('applies overrides before validation, and the hash covers them', () => {
    const base = JSON.parse(casecast(['run', DEFAULT, '-r', '2', '--workers', '1', '--format', 'json']).stdout);
    const r = casecast(['run', DEFAULT, '-r', '2', '--workers', '1', '--format', 'json', '--horizon', '5 years', '--set', 'services.iss.staff.fte=20']);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.manifest.horizonYears).toBe(5);
    expect(res.series.t).toHaveLength(60);
    expect(res.capacity.services.iss.capacity.mean[0]).toBe(140);
    expect(res.manifest.sha256).not.toBe(base.manifest.sha256);
  });

  it('sets an item of a list by index', () => {
    const r = casecast(['run', DEFAULT, '-r', '2', '--workers', '1', '--format', 'json', '--set', 'referrals.voluntary-sector.changes[0].rate=0 per month']);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.flows.bySource['voluntary-sector'].referrals.mean.at(-1)).toBe(0);
    expect(res.flows.bySource.nhs.referrals.mean.slice(-12).reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(0);
  });

  it('sets one exit by its name', () => {
    const moveOns = (args: string[]): Record<string, number> => {
      const r = casecast(['run', DEFAULT, '-r', '4', '--fixed', '--workers', '1', '--seed', '3', '--format', 'json', ...args]);
      expect(r.status, r.stderr).toBe(0);
      const res = JSON.parse(r.stdout);
      const total = (m: { count: { mean: number[] } }): number => m.count.mean.reduce((a, b) => a + b, 0);
      return Object.fromEntries(res.flows.moves.filter((m: { reason: string }) => m.reason === 'move-on').map((m: { from: string; count: { mean: number[] } }) => [m.from, total(m)]));
    };
    const base = moveOns([]);
    const more = moveOns(['--set', 'states.iss.exits.move-on.rate=0.08 per month']);
    expect(more.iss).toBeGreaterThan(base.iss * 1.3);
  });

  it('rejects a bad path, a bad value and a malformed --set with exit 2, naming the override', () => {
    const path = casecast(['run', DEFAULT, '-r', '2', '--set', 'services.iss.staf.fte=3']);
    expect(path.status).toBe(2);
    expect(path.stderr).toContain('--set services.iss.staf.fte=3  services.iss.staf');
    expect(path.stderr).toContain('did you mean "staff"?');

    const value = casecast(['run', DEFAULT, '-r', '2', '--set', 'services.iss.staff.fte=lots']);
    expect(value.status).toBe(2);
    expect(value.stderr).toContain('--set services.iss.staff.fte=lots  services.iss.staff.fte');
    expect(value.stderr).toContain('expected a number, found "lots"');

    const horizon = casecast(['run', DEFAULT, '-r', '2', '--horizon', '5 yrs']);
    expect(horizon.status).toBe(2);
    expect(horizon.stderr).toContain('did you mean "5 years"?');

    const malformed = casecast(['run', DEFAULT, '--set', 'services.iss.staff.fte']);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/--set expects path=value/);

    const index = casecast(['run', DEFAULT, '--set', 'referrals.voluntary-sector.changes[7].rate=1 per year']);
    expect(index.status).toBe(2);
    expect(index.stderr).toMatch(/is a list of 1; use an index from 0 to 0/);

    for (const r of [path, value, horizon, malformed, index]) {
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    }
  });

  it('rejects an unknown scenario and bad numbers with exit 2', () => {
    const missing = casecast(['run', 'scenarios/no-such-scenario.yaml', '--set', 'horizon=2 years']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read the scenario file "scenarios/no-such-scenario.yaml"');
    const workers = casecast(['run', DEFAULT, '--workers', '0']);
    expect(workers.status).toBe(2);
    expect(workers.stderr).toContain('--workers must be a whole number ≥ 1');
  });
});

describe('casecast compare', () => {
  it('finds exactly zero difference between a scenario and itself', () => {
    const r = casecast(['compare', DEFAULT, DEFAULT, '-r', '10', '--workers', '1', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    const [c] = doc.comparisons;
    expect(c.parameters.differences).toEqual([]);
    expect(c.differences.length).toBeGreaterThan(5);
    for (const d of c.differences) {
      if (d.n === 0) continue; // e.g. payback, reached in neither
      expect(d.identical).toBe(true);
      expect(d.difference).toEqual({ mean: 0, lo: 0, hi: 0 });
    }
    const table = casecast(['compare', DEFAULT, DEFAULT, '-r', '2', '--fixed', '--workers', '1']);
    expect(table.stdout).toContain('identical results in every replication');
  });

  it('shows that more staff shortens the waiting list, beyond noise, and what differs in the files', () => {
    const r = casecast(['compare', DEFAULT, MORE_STAFF, '-r', '12', '--fixed', '--workers', '2', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const [c] = JSON.parse(r.stdout).comparisons;
    const waiting = c.differences.filter((d: { key: string }) => d.key.startsWith('waiting.'));
    expect(waiting.map((d: { key: string }) => d.key)).toEqual(['waiting.y1', 'waiting.y3', 'waiting.y5', 'waiting.y10']);
    // Year 3, when the drop-in and on-hold tiers fill the smaller team, shows the clearest gap; it narrows later.
    const y3 = waiting.find((d: { key: string }) => d.key === 'waiting.y3');
    expect(y3.difference.hi).toBeLessThan(0);
    expect(y3.winner).toBe('b');
    expect(y3.verdict).toMatch(/^B better/);
    expect(waiting.at(-1).difference.mean).toBeLessThan(0);
    expect(c.parameters.differences).toContainEqual({ path: 'services[0].staff.fte', a: 15.3, b: 20 });

    const table = casecast(['compare', DEFAULT, MORE_STAFF, '-r', '6', '--fixed', '--workers', '1']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/Waiting list, year 3 .* B better \(B lower\), distinguishable from noise/);
    expect(table.stdout).toContain('services[0].staff.fte');
  });

  it('over parameter draws, pairs the draws, keeps each scenario\'s decisions, and gives both intervals', () => {
    const r = casecast(['compare', DEFAULT, MORE_STAFF, '-r', '40', '--draws', '8', '--workers', '2', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ replications: 40, draws: 8, replicationsPerDraw: 5 });
    expect(doc.intervals.uncertainty).toMatch(/^Uncertainty interval/);
    const [c] = doc.comparisons;
    // B fixes its team at 20 FTE: it draws every figure A draws but that one.
    const drawn = c.parameters.differences.find((d: { path: string }) => d.path === 'uncertainty (figures drawn)');
    expect(drawn).toMatchObject({ a: '20', b: '19; not fte' });
    const staff = c.differences.find((d: { key: string }) => d.key === 'staff.iss.cost');
    expect(staff.uncertainty.lo).toBeLessThanOrEqual(staff.difference.mean);
    expect(staff.uncertainty.hi).toBeGreaterThanOrEqual(staff.difference.mean);
    // The uncertainty interval of a difference is wider than the Monte Carlo error of its mean.
    expect(staff.uncertainty.hi - staff.uncertainty.lo).toBeGreaterThan(staff.difference.hi - staff.difference.lo);
    expect(staff.uncertainty.bBetterInDraws).toBeGreaterThanOrEqual(0);
    const table = casecast(['compare', DEFAULT, MORE_STAFF, '-r', '10', '--workers', '1']);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Uncertainty \(90%\) +Monte Carlo \(95%\) +B better in/);
  });

  it('a --set of an uncertain figure fixes it: the value set is run, and the note says so', () => {
    const r = casecast(['run', DEFAULT, '-r', '10', '--workers', '1', '--set', 'services.iss.staff.fte=30', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('note: --set fixes fte: a value set is a decision, so it is not drawn');
    const res = JSON.parse(r.stdout);
    expect(res.uncertainty.parameters.map((p: { name: string }) => p.name)).not.toContain('fte');
    // 30 FTE at 7 cases each, in every draw.
    expect(res.capacity.services.iss.capacity.mean[0]).toBe(210);
    expect(res.capacity.services.iss.capacity.lo[0]).toBe(210);
    // A printed what-if says what it changed.
    const table = casecast(['run', DEFAULT, '-r', '5', '--fixed', '--workers', '1', '--set', 'services.iss.staff.fte=30']);
    expect(table.stdout.split('\n')[2]).toBe('Changed from the file for this run: services.iss.staff.fte=30');
  });

  it('--out writes the comparison as JSON, CSV and an Excel workbook; --format csv prints the CSV', () => {
    const out = tempDir();
    const r = casecast(['compare', DEFAULT, MORE_STAFF, '-r', '10', '--workers', '1', '--out', out, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['compare.csv', 'compare.json', 'compare.xlsx']);
    const doc = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(JSON.parse(r.stdout).comparisons).toEqual(doc.comparisons);
    const text = readFileSync(join(out, 'compare.csv'), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true); // so a spreadsheet reads the £ as it is
    const rows = text.slice(1).trim().split('\n');
    expect(rows[0].split(',').slice(0, 4)).toEqual(['against', 'a', 'b', 'key']);
    expect(rows).toHaveLength(doc.comparisons[0].differences.length + 1);
    const npv = rows.find((l) => l.includes(',npv,'))!.split(',');
    expect(Number(npv[9])).toBeCloseTo(doc.comparisons[0].differences.find((d: { key: string }) => d.key === 'npv').difference.mean, 6);
    // A workbook is a zip file.
    expect(readFileSync(join(out, 'compare.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
    const csv = casecast(['compare', DEFAULT, MORE_STAFF, '-r', '10', '--workers', '1', '--format', 'csv']);
    expect(csv.stdout.trim().split('\n')).toEqual(rows);
  });

  it('fits an 80-column terminal: no line of run, compare or check is wider than COLUMNS', () => {
    const narrow = { COLUMNS: '80' };
    for (const args of [
      ['run', DEFAULT, '-r', '10', '--workers', '1'],
      ['run', DEFAULT, '-r', '10', '--fixed', '--workers', '1'],
      ['compare', DEFAULT, MORE_STAFF, '-r', '10', '--workers', '1'],
      ['check', DEFAULT, '-r', '10'],
    ]) {
      const r = casecast(args, narrow);
      expect(r.status, r.stderr).toBe(0);
      const wide = r.stdout.split('\n').filter((l) => [...l].length > 80);
      expect(wide, args.join(' ')).toEqual([]);
    }
    // Without a width (output to a file), tables keep every column side by side.
    const file = casecast(['run', DEFAULT, '-r', '10', '--workers', '1'], { COLUMNS: '' });
    expect(file.stdout.split('\n').some((l) => [...l].length > 80)).toBe(true);
  });

  it('needs two scenarios and valid files', () => {
    expect(casecast(['compare', DEFAULT]).status).toBe(2);
    const bad = casecast(['compare', DEFAULT, 'tests/scenarios/bad/negative-rate.yaml']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/negative-rate\.yaml:\d+:\d+/);
  });

  it('has --help with examples', () => {
    const help = casecast(['compare', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
    expect(help.stdout).toMatch(/common random numbers/);
  });
});
