import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs the real CLI as a subprocess, as a user would. */
function casecast(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['cli/bin.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const DEFAULT = 'scenarios/liverpool-waves-of-hope.yaml';

describe('casecast run', () => {
  it('prints a readable table for the default scenario', () => {
    const r = casecast('run', DEFAULT, '-r', '20');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Liverpool Waves of Hope');
    expect(r.stdout).toMatch(/Open caseload by tier/);
    // Prose wraps at 80 columns when stdout is not a terminal.
    expect(r.stdout.replace(/\n/g, ' ')).toMatch(/First year weighted demand \(caseload plus those waiting\) exceeds staffed capacity: /);
    expect(r.stdout.split('\n').filter((l) => /^10\s/.test(l)).length).toBeGreaterThanOrEqual(2); // a row for year 10 in each table
  });

  it('writes the results contract as JSON, with a manifest, identical for the same seed', () => {
    const a = casecast('run', DEFAULT, '-r', '10', '--seed', '42', '--format', 'json');
    const b = casecast('run', DEFAULT, '-r', '10', '--seed', '42', '--format', 'json');
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const res = JSON.parse(a.stdout);
    expect(res.manifest).toMatchObject({ scenario: 'Liverpool Waves of Hope', seed: '42', replications: 10 });
    expect(res.manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(res.manifest.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(res.series.t).toHaveLength(120);
    expect(res.series.t[119]).toBe(10);
    for (const key of ['total', 'weighted', 'iss', 'dropin']) {
      expect(res.series[key].mean).toHaveLength(120);
      expect(res.series[key].lo).toHaveLength(120);
      expect(res.series[key].hi).toHaveLength(120);
    }
    expect(res.capacity.total.mean[0]).toBeGreaterThan(0);
    expect(res.firstYearOverCapacity).toHaveProperty('never');
    const c = casecast('run', DEFAULT, '-r', '10', '--seed', '43', '--format', 'json');
    expect(JSON.parse(c.stdout).series.total.mean).not.toEqual(res.series.total.mean);
  });

  it('rejects a bad scenario with the file, line and field, exit code 2 and no stack trace', () => {
    const r = casecast('run', 'tests/scenarios/bad/negative-rate.yaml');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/tests\/scenarios\/bad\/negative-rate\.yaml:\d+:\d+/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('rejects bad options with exit code 2', () => {
    expect(casecast('run', DEFAULT, '-r', '0').status).toBe(2);
    expect(casecast('run', DEFAULT, '--format', 'xml').status).toBe(2);
    const missing = casecast('run', 'no-such-file.yaml');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no-such-file.yaml');
  });
});

describe('casecast validate and schema', () => {
  it('accepts every bundled scenario', () => {
    const files = execFileSync('sh', ['-c', 'ls scenarios/*.yaml'], { encoding: 'utf8' }).trim().split('\n');
    const r = casecast('validate', ...files);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBe(files.length);
  });

  it('accepts every bundled sweep, each variant\'s scenario included', () => {
    const files = execFileSync('sh', ['-c', 'ls scenarios/sweeps/*.yaml'], { encoding: 'utf8' }).trim().split('\n');
    const r = casecast('validate', ...files);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ok +scenarios\/sweeps\/liverpool-psa\.yaml +\(sweep: .*, 600 variants\)/);
  });

  it('exits 2 and explains each problem for invalid files', () => {
    const r = casecast('validate', DEFAULT, 'tests/scenarios/bad/negative-rate.yaml');
    expect(r.status).toBe(2);
    expect(r.stdout).toContain(`ok       ${DEFAULT}`);
    expect(r.stdout).toContain('invalid  tests/scenarios/bad/negative-rate.yaml');
    expect(r.stderr).toMatch(/1 of 2 files invalid/);
  });

  it('prints the JSON Schema with documented fields', () => {
    const r = casecast('schema');
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.type).toBe('object');
    expect(JSON.stringify(schema)).toContain('caseloadPerWorker');
    const sweep = JSON.parse(casecast('schema', '--sweep').stdout);
    expect(sweep.properties.design.enum).toEqual(['grid', 'oneway', 'lhs', 'psa', 'sample']);
    expect(sweep.required).toEqual(expect.arrayContaining(['sweep', 'base', 'design']));
    // A psa may leave out parameters: it then draws from the base scenario's uncertainty section.
    expect(sweep.required).not.toContain('parameters');
  });
});

describe('casecast conventions', () => {
  it('has --help with examples and --version', () => {
    const help = casecast('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/run <scenario>/);
    expect(help.stdout).toMatch(/Exit codes/);
    expect(casecast('run', '--help').stdout).toMatch(/Examples:/);
    expect(casecast('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 for an unknown command', () => {
    const r = casecast('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument|Unknown command/i);
  });
});
