import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

/**
 * Issue 12's command-line reproductions, through the real CLI as a
 * subprocess: runs too large to finish are refused before they start, output
 * folders are checked first and replaced whole, a full disk is one line, text
 * from files cannot drive the terminal or a spreadsheet, and unclear errors
 * are clear. Every refusal exits 2, quickly, with no stack trace.
 */

interface Result {
  status: number;
  stdout: string;
  stderr: string;
  ms: number;
}

const env = { ...process.env, NO_COLOR: '1' };

function casecast(args: string[], opts: { stdout?: number } = {}): Result {
  const t = Date.now();
  const r = spawnSync(process.execPath, ['cli/bin.js', ...args], {
    encoding: 'utf8',
    env,
    timeout: 60_000,
    stdio: ['ignore', opts.stdout ?? 'pipe', 'pipe'],
  });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t };
}

/** A refusal as the issue asks: exit 2, fast, a message and no stack trace. */
function refused(r: Result, ...patterns: RegExp[]): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.ms, 'refused quickly').toBeLessThan(15_000);
  expect(r.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  expect(r.stderr).not.toMatch(/node:internal|RangeError|TypeError/);
  for (const p of patterns) expect(r.stderr).toMatch(p);
}

const BASE = 'scenarios/supporting-people-hiv-pilot.yaml';
const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'casecast-hardening-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the small bundled scenario with some fields set, in its own folder. */
function variant(dir: string, name: string, edits: [path: string[], value: unknown][]): string {
  const doc = parseDocument(readFileSync(BASE, 'utf8'));
  for (const [path, value] of edits) doc.setIn(path, value);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
  return file;
}

describe('bounded runs: the work is estimated before running, and absurd runs are refused', () => {
  const dir = tempDir();
  const cases: [string, [string[], unknown][], RegExp][] = [
    ['a referral rate of 10,000,000 a month', [[['referrals', 'main', 'rate'], '10000000 per month']], /referrals\.main\.rate/],
    ['a horizon of 100,000 years', [[['horizon'], '100000 years']], /horizon: a horizon of 100,000 years is longer than the limit/],
    ['a period of 0.001 day', [[['period'], '0.001 days']], /period: .*reporting periods .* limit of 100,000/],
    ['an initial count of 1e8', [[['initial'], { outreach: { count: 100_000_000 } }]], /initial\.outreach\.count: about [\d,]+ people a replication \(100,000,000 from the initial clients in "outreach"\)/],
    ['a cohort of 1e12', [[['cohorts'], [{ at: '1 month', count: 1e12, state: 'outreach' }]]], /cohorts\[0\]\.count: about [\d,]+ people a replication \(1,000,000,000,000 from cohort 1\)/],
  ];
  it.each(cases)('%s: validate and run exit 2 naming the field, the limit and --allow-large', (what, edits, field) => {
    const file = variant(dir, what.replace(/\W+/g, '-'), edits);
    const v = casecast(['validate', file]);
    refused(v, field, /limit/, /--allow-large/);
    expect(v.stdout).toMatch(/^invalid /);
    refused(casecast(['run', file, '-r', '1', '--workers', '1']), field, /limit/, /--allow-large/);
  });

  it('-r 1000000000 is refused before running, naming --replications', () => {
    refused(casecast(['run', BASE, '-r', '1000000000']), /replications: .*limit/, /run fewer replications/);
    refused(casecast(['compare', BASE, BASE, '-r', '1000000000']), /replications: .*limit/);
  });

  it('compare names the file that is too large', () => {
    const file = variant(dir, 'compare-big', [[['referrals', 'main', 'rate'], '10000000 per month']]);
    refused(casecast(['compare', BASE, file, '-r', '2']), /compare-big\.yaml {2}referrals\.main\.rate/);
  });

  it('--workers 1000000000 is clamped to the cores, with a note', () => {
    const r = casecast(['run', BASE, '-r', '3', '--workers', '1000000000']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`--workers 1000000000 is more than the ${availableParallelism()} cores here; using ${availableParallelism()}`);
  });

  it('a sweep names the variant and the parameter that make a run too large, before running anything', () => {
    copyFileSync(BASE, join(dir, 'base.yaml'));
    const sweep = join(dir, 'rate-sweep.yaml');
    writeFileSync(sweep, 'sweep: Rate\nbase: base.yaml\ndesign: oneway\nreplications: 2\nparameters:\n  rate:\n    path: referrals.main.rate\n    low: 1 per month\n    high: 10000000 per month\n');
    const out = join(dir, 'rate-out');
    const r = casecast(['sweep', sweep, '-o', out]);
    refused(r, /parameters\.rate/, /variant 2 \(rate = 10000000 per month\) is too large to run: referrals\.main\.rate/, /--allow-large/);
    expect(existsSync(out)).toBe(false);
    refused(casecast(['validate', sweep]), /variant 2 \(rate = 10000000 per month\)/);
  });

  it('a sampled sweep of 100,000 variants shows its progress on stderr while checking', async () => {
    copyFileSync(BASE, join(dir, 'base.yaml'));
    const sweep = join(dir, 'big-sample.yaml');
    writeFileSync(sweep, 'sweep: Big sample\nbase: base.yaml\ndesign: sample\nsize: 100000\nreplications: 1\nparameters:\n  staff:\n    path: services.outreach.staff.fte\n    low: 1\n    high: 3\n');
    const child = spawn(process.execPath, ['cli/bin.js', 'validate', sweep], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const deadline = Date.now() + 30_000;
    while (!/checking the variants of .*: [\d,]+ of 100,000 checked/.test(stderr) && Date.now() < deadline) await sleep(200);
    child.kill('SIGKILL');
    expect(stderr).toMatch(/checking the variants of .*big-sample\.yaml: [\d,]+ of 100,000 checked/);
  }, 40_000);
});

describe('--out is checked before simulating', () => {
  const dir = tempDir();
  const file = join(dir, 'a-file');
  writeFileSync(file, 'keep me');
  const cases: [string, string, RegExp][] = [
    ['a file', file, /--out .*a-file is a file, not a folder/],
    ['an empty name', '', /--out is empty/],
    ['/dev/null', '/dev/null', /--out \/dev\/null is a device, not a folder/],
    ['a folder under a file', join(file, 'sub'), /cannot be created: .*a-file is a file, not a folder/],
    ['a folder the system will not create (/proc/x)', '/proc/x', /--out \/proc\/x cannot be written/],
    ['deep under /proc', '/proc/x/y/z', /--out \/proc\/x\/y\/z cannot be written/],
  ];
  it.each(cases)('%s: exit 2 at once, nothing written', (_what, out, message) => {
    // 2,000 replications take far longer than the refusal may.
    refused(casecast(['run', BASE, '-r', '2000', '--out', out]), message, /fix: /);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('a folder holding other files is refused, since it would be replaced whole', () => {
    const mine = join(dir, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'mine');
    refused(casecast(['run', BASE, '-r', '2', '--out', mine]), /already holds files casecast does not write there \("notes\.txt"\)/);
    expect(readdirSync(mine)).toEqual(['notes.txt']);
  });
});

describe('run --out is replaced whole', () => {
  it('a kill -9 at any moment leaves one whole run, never a mix, and the next run cleans up', async () => {
    const dir = tempDir();
    const out = join(dir, 'o');
    const args = (seed: string): string[] => ['run', BASE, '-r', '300', '--workers', '1', '-q', '--seed', seed, '--out', out, '--format', 'json'];
    const whole = (): void => {
      if (!existsSync(out)) return; // killed in the instant between the two renames: the old folder waits beside it
      const files = readdirSync(out).sort();
      expect(files).toEqual(['casecast.xlsx', 'manifest.json', 'results.json', 'series-wide.csv', 'series.csv']);
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
      expect(results.manifest.seed).toBe(manifest.seed);
    };
    const first = casecast(args('1'));
    expect(first.status).toBe(0);
    // Kills spread over the late part of a run (timed by the first, under the same load), and at once if the
    // temporary folder is seen: the write itself.
    for (const [k, share] of [0.6, 0.8, 0.9, 0.95, 1].entries()) {
      const child = spawn(process.execPath, ['cli/bin.js', ...args(String(k + 2))], { env, stdio: 'ignore' });
      const closed = new Promise((resolve) => child.on('close', resolve));
      let running = true;
      void closed.then(() => (running = false));
      const until = Date.now() + first.ms * share;
      while (running && Date.now() < until && !readdirSync(dir).some((f) => f.endsWith('.tmp'))) await sleep(2);
      child.kill('SIGKILL');
      await closed;
      whole();
    }
    // What a kill between the writes leaves, from a process that is gone.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    mkdirSync(join(dir, `.o.${gone}.tmp`), { recursive: true });
    writeFileSync(join(dir, `.o.${gone}.tmp`, 'results.json'), '{"half":');
    const r = casecast(args('9'));
    expect(r.status, r.stderr).toBe(0);
    whole();
    expect(readdirSync(dir)).toEqual(['o']);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).seed).toBe('9');
  }, 180_000);

  it('the previous folder, moved aside when a kill came, is put back by the next run', () => {
    const dir = tempDir();
    const out = join(dir, 'o');
    expect(casecast(['run', BASE, '-r', '2', '-q', '--out', out]).status).toBe(0);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    // The state between "old folder moved aside" and "new folder renamed in", left by a process that is gone.
    const aside = join(dir, `.o.${gone}.old`);
    copyDir(out, aside);
    rmSync(out, { recursive: true });
    const bad = casecast(['run', BASE, '-r', '2', '-q', '--out', out, '--horizon', '0 years']);
    expect(bad.status).toBe(2); // even a refused run puts the old folder back first
    expect(readdirSync(dir)).toEqual(['o']);
    expect(readdirSync(out).sort()).toEqual(['casecast.xlsx', 'manifest.json', 'results.json', 'series-wide.csv', 'series.csv']);
  });
});

function copyDir(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(to, f));
}

describe('a full disk', () => {
  it.each([
    ['schema', ['schema']],
    ['run --format json', ['run', BASE, '-r', '2', '--format', 'json']],
  ])('casecast %s > /dev/full: one line, exit 1, no stack trace', (_what, args) => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = casecast(args, { stdout: fd });
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toBe('casecast: cannot write the output: no space left on the device (ENOSPC)');
    } finally {
      closeSync(fd);
    }
  });
});

describe('text from files cannot drive the terminal or a spreadsheet', () => {
  const dir = tempDir();
  const hostile = 'Pilot \u001b]0;pwned\u0007 \u001b[2J\u009b\u202etxt.exe\u007f';
  const file = variant(dir, 'hostile', [[['name'], hostile]]);
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it('a scenario name with escape sequences is shown escaped by run and validate', () => {
    const r = casecast(['run', file, '-r', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(raw);
    expect(r.stdout).toContain('Pilot \\x1b]0;pwned\\x07 \\x1b[2J\\x9b\\u202etxt.exe\\x7f');
    const v = casecast(['validate', file]);
    expect(v.stdout).not.toMatch(raw);
    expect(v.stdout).toContain('\\x1b]0;pwned\\x07');
  });

  it('JSON on stdout keeps the name exactly, with every control character escaped', () => {
    const r = casecast(['run', file, '-r', '2', '--format', 'json']);
    expect(r.stdout).not.toMatch(raw);
    expect(JSON.parse(r.stdout).manifest.scenario).toBe(hostile);
  });

  it('an unknown key with escape sequences is escaped in the error', () => {
    const bad = join(dir, 'bad-key.yaml');
    writeFileSync(bad, `${readFileSync(BASE, 'utf8')}\n"\\e]0;pwned\\a": 1\n`);
    const r = casecast(['validate', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(raw);
    expect(r.stderr).toContain('\\x1b]0;pwned\\x07');
  });

  it('a sweep label starting with = is written as text in tornado.csv, and numbers stay numbers', () => {
    copyFileSync(BASE, join(dir, 'base.yaml'));
    const sweep = join(dir, 'label-sweep.yaml');
    writeFileSync(sweep, 'sweep: Label\nbase: base.yaml\ndesign: oneway\nreplications: 2\nparameters:\n  staff:\n    label: \'=HYPERLINK("http://example.com","click")\'\n    path: services.outreach.staff.fte\n    low: 1\n    high: 3\n');
    const out = join(dir, 'label-out');
    const r = casecast(['sweep', sweep, '-o', out, '--workers', '1', '-q']);
    expect(r.status, r.stderr).toBe(0);
    const tornado = readFileSync(join(out, 'tornado.csv'), 'utf8');
    expect(tornado).toContain(`"'=HYPERLINK(""http://example.com"",""click"")"`);
    expect(tornado.split('\n').slice(1).every((l) => l === '' || !/(^|,)[=+@]/.test(l))).toBe(true);
    expect(tornado).toMatch(/,8,24,16,caseload at year 3,16,1,services\.outreach\.staff\.fte,1,3\n/); // 8 cases a worker
  });
});

describe('sweep resume', () => {
  const dir = tempDir();
  copyFileSync(BASE, join(dir, 'base.yaml'));
  const sweepFor = (seed: number): string => {
    const f = join(dir, `seed-${seed}.yaml`);
    writeFileSync(f, `sweep: Seeds\nbase: base.yaml\ndesign: oneway\nreplications: 2\nseed: ${seed}\nparameters:\n  staff:\n    path: services.outreach.staff.fte\n    low: 1\n    high: 3\n`);
    return f;
  };

  it('a folder with results.jsonl lines but no manifest.json is refused, not mixed; --restart starts afresh', () => {
    const one = join(dir, 'one');
    expect(casecast(['sweep', sweepFor(1), '-o', one, '--workers', '1', '-q']).status).toBe(0);
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    const lines = readFileSync(join(one, 'results.jsonl'), 'utf8').split('\n');
    writeFileSync(join(mixed, 'results.jsonl'), `${lines.slice(0, 2).join('\n')}\n`);
    refused(casecast(['sweep', sweepFor(2), '-o', mixed, '--workers', '1']), /holds sweep results \(results\.jsonl\) but no manifest\.json/, /--restart/);
    const r = casecast(['sweep', sweepFor(2), '-o', mixed, '--workers', '1', '-q', '--restart']);
    expect(r.status, r.stderr).toBe(0);
    const fresh = join(dir, 'fresh');
    expect(casecast(['sweep', sweepFor(2), '-o', fresh, '--workers', '1', '-q']).status).toBe(0);
    expect(readFileSync(join(mixed, 'results.jsonl'), 'utf8')).toBe(readFileSync(join(fresh, 'results.jsonl'), 'utf8'));
  });

  it('merge --out onto one of the shard folders is refused, and the shard is left as it was', () => {
    const s1 = join(dir, 'shard-1');
    const s2 = join(dir, 'shard-2');
    expect(casecast(['sweep', sweepFor(1), '--shard', '1/2', '-o', s1, '--workers', '1', '-q']).status).toBe(0);
    expect(casecast(['sweep', sweepFor(1), '--shard', '2/2', '-o', s2, '--workers', '1', '-q']).status).toBe(0);
    const before = readFileSync(join(s1, 'results.jsonl'), 'utf8');
    refused(casecast(['merge', s1, s2, '--out', s1]), /--out .*shard-1 is the shard folder .*shard-1, which merging would overwrite/);
    refused(casecast(['merge', s1, s2, '--out', dir]), /is a folder holding the shard folder/);
    expect(readFileSync(join(s1, 'results.jsonl'), 'utf8')).toBe(before);
    expect(casecast(['merge', s1, s2, '--out', join(dir, 'merged'), '-q']).status).toBe(0);
  });
});

describe('unclear errors made clear', () => {
  it('--horizon "-5 years" is read as a value and refused as a horizon that must be positive', () => {
    refused(casecast(['run', BASE, '-r', '2', '--horizon', '-5 years']), /--horizon "-5 years"/, /> 0|positive/);
  });

  it('a 1 GB scenario file is refused as too large, without reading it', () => {
    const dir = tempDir();
    const big = join(dir, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, 1024 ** 3); // sparse: takes no disk
    for (const args of [['validate', big], ['run', big, '-r', '1']]) refused(casecast(args), /big\.yaml: the file is 1\.0 GB; a scenario or sweep file may be at most 1\.0 MB/);
  });
});
