import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * casecast sweep and casecast merge end to end, through the real CLI as a
 * subprocess: a sweep killed, cut off or Ctrl-C'd part-way continues where it
 * stopped, and every way of running it (resumed, sharded and merged, any number
 * of workers) writes the same bytes as one uninterrupted run.
 */

interface Result {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const env = { ...process.env, NO_COLOR: '1' };

/**
 * The tests run concurrently, but never more CLI processes at once than there
 * are cores (at least two): more would only slow each one down, and the
 * interrupt tests wait on a sweep that must get going.
 */
const slots = { free: Math.max(2, availableParallelism()), waiting: [] as (() => void)[] };
async function slot(): Promise<() => void> {
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  };
}

/** Starts the CLI once a slot is free; `exited` settles once it has ended and its output is read. */
async function start(args: string[]): Promise<{ running: () => boolean; kill: (s: NodeJS.Signals) => void; exited: Promise<Result> }> {
  const release = await slot();
  const child = spawn(process.execPath, ['cli/bin.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<Result>((resolve, reject) => {
    child.on('error', (err) => {
      release();
      reject(err);
    });
    child.on('close', (status, signal) => {
      release();
      resolve({ status, signal, stdout, stderr });
    });
  });
  return {
    running: () => child.exitCode === null && child.signalCode === null,
    kill: (s) => void child.kill(s),
    exited,
  };
}

/** Runs the CLI to the end, as a user would; never lets it run more than a minute. */
async function casecast(args: string[]): Promise<Result> {
  const run = await start(args);
  const timer = setTimeout(() => run.kill('SIGKILL'), 60_000);
  try {
    return await run.exited;
  } finally {
    clearTimeout(timer);
  }
}

const SWEEP = 'tests/sweeps/oneway-fast.yaml';
const OTHER_SEED = 'tests/sweeps/oneway-fast-seed2.yaml';
const BAD_PATH = 'tests/sweeps/bad-path.yaml';
const BAD_VALUE = 'tests/sweeps/bad-value.yaml';
const VARIANTS = 21; // oneway over 10 parameters: the base, then each one low and high
const FINAL = ['manifest.json', 'results.csv', 'results.jsonl', 'summary.json', 'tornado.csv'];
const SHARD = ['manifest.json', 'results.csv', 'results.jsonl', 'run-info.json'];
/** Tests wait their turn for a process slot, so each may take longer than it runs. */
const SLOW = { timeout: 120_000 };

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'casecast-sweep-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8');
/** Complete lines in a folder's results.jsonl (a line cut off mid-write has no newline yet). */
const doneLines = (dir: string): number => (existsSync(join(dir, 'results.jsonl')) ? read(dir, 'results.jsonl').split('\n').length - 1 : 0);
const runInfo = (dir: string): { variantsDoneBefore: number; variantsRun: number; workers: number } => JSON.parse(read(dir, 'run-info.json'));
const sweepArgs = (out: string, ...more: string[]): string[] => ['sweep', SWEEP, '-o', out, '--workers', '1', ...more];

/** The uninterrupted run every other way of running the sweep must match. */
let baseline: { dir: string; stdout: string };

/** The five final files in `dir` are byte for byte the baseline's. */
function expectSameAsBaseline(dir: string): void {
  for (const name of FINAL) expect(read(dir, name), `${name} differs from the uninterrupted run's`).toBe(read(baseline.dir, name));
}

/**
 * Starts the sweep into `out` and sends `signal` once at least two variants
 * are saved, while it is still running. Returns how it ended and how many
 * complete lines results.jsonl held after it had stopped.
 */
async function interrupt(out: string, signal: NodeJS.Signals): Promise<Result & { done: number }> {
  const run = await start(sweepArgs(out));
  const deadline = Date.now() + 60_000;
  while (doneLines(out) < 2) {
    if (!run.running()) throw new Error(`the sweep ended before it could be interrupted:\n${(await run.exited).stderr}`);
    if (Date.now() > deadline) {
      run.kill('SIGKILL');
      throw new Error('no variant was saved within a minute');
    }
    await sleep(5);
  }
  expect(run.running(), 'the sweep was still running when interrupted').toBe(true);
  run.kill(signal);
  const r = await run.exited;
  return { ...r, done: doneLines(out) };
}

beforeAll(async () => {
  const dir = join(tempDir(), 'baseline');
  const r = await casecast(sweepArgs(dir));
  expect(r.status, r.stderr).toBe(0);
  baseline = { dir, stdout: r.stdout };
}, SLOW.timeout);

describe.concurrent('casecast sweep: the uninterrupted run', SLOW, () => {
  it('writes the five final files and run-info.json, one line per variant in order, nothing half-written', async () => {
    expect(readdirSync(baseline.dir).sort()).toEqual([...FINAL, 'run-info.json', 'casecast.xlsx'].sort());
    const records = read(baseline.dir, 'results.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l) as { variant: number });
    expect(records.map((r) => r.variant)).toEqual(Array.from({ length: VARIANTS }, (_, i) => i));
    expect(read(baseline.dir, 'results.csv').trimEnd().split('\n')).toHaveLength(VARIANTS + 1);
    const manifest = JSON.parse(read(baseline.dir, 'manifest.json'));
    expect(manifest).toMatchObject({ variants: VARIANTS, design: 'oneway', replications: 5, seed: '1' });
    expect(manifest.shard).toBeUndefined();
    expect(manifest.file).toBeUndefined(); // where the sweep file was is run-info's: the manifest is the same from anywhere
    expect(runInfo(baseline.dir)).toMatchObject({ sweep: SWEEP, variantsDoneBefore: 0, variantsRun: VARIANTS, workers: 1 });
    expect(baseline.stdout).toContain('Tornado: NPV');
  });
});

describe.concurrent('casecast sweep: resuming', SLOW, () => {
  it('killed with SIGKILL mid-sweep, continues where it stopped without redoing a variant, and writes the same bytes', async () => {
    const out = join(tempDir(), 'killed');
    const killed = await interrupt(out, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const k = killed.done;
    expect(k).toBeGreaterThanOrEqual(2);
    expect(k).toBeLessThan(VARIANTS);
    expect(existsSync(join(out, 'tornado.csv'))).toBe(false);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    expect(existsSync(join(out, 'run-info.json'))).toBe(false);

    const r = await casecast(sweepArgs(out));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`continuing ${out}: ${k} of ${VARIANTS} variants already done`);
    expectSameAsBaseline(out);
    expect(r.stdout).toBe(baseline.stdout);
    expect(runInfo(out)).toMatchObject({ variantsDoneBefore: k, variantsRun: VARIANTS - k });
  });

  it('drops a line cut off mid-write (no newline) and reruns that variant', async () => {
    const out = join(tempDir(), 'cut');
    const killed = await interrupt(out, 'SIGKILL');
    const k = killed.done;
    expect(k).toBeLessThan(VARIANTS);
    // Half of the next variant's line, as a write cut off by a crash leaves it.
    const next = read(baseline.dir, 'results.jsonl').split('\n')[k];
    appendFileSync(join(out, 'results.jsonl'), next.slice(0, Math.floor(next.length / 2)));
    expect(doneLines(out)).toBe(k);

    const r = await casecast(sweepArgs(out));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`continuing ${out}: ${k} of ${VARIANTS} variants already done`);
    expectSameAsBaseline(out);
    expect(runInfo(out)).toMatchObject({ variantsDoneBefore: k, variantsRun: VARIANTS - k });
  });

  it('on Ctrl-C (SIGINT) saves what is done, exits 130 saying how to continue, and the rerun finishes the same', async () => {
    const out = join(tempDir(), 'ctrl-c');
    const stopped = await interrupt(out, 'SIGINT');
    expect(stopped.signal, stopped.stderr).toBeNull();
    expect(stopped.status, stopped.stderr).toBe(130);
    const k = stopped.done;
    expect(k).toBeGreaterThanOrEqual(2);
    expect(k).toBeLessThan(VARIANTS);
    expect(stopped.stderr).toContain(`interrupted: ${k} of ${VARIANTS} variants are saved in ${out}; run the same command again to continue`);
    expect(existsSync(join(out, 'tornado.csv'))).toBe(false);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);

    const r = await casecast(sweepArgs(out));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`continuing ${out}: ${k} of ${VARIANTS} variants already done`);
    expectSameAsBaseline(out);
    expect(runInfo(out)).toMatchObject({ variantsDoneBefore: k, variantsRun: VARIANTS - k });
  });

  it('refuses to continue a different sweep in the same folder, suggesting --restart, and runs afresh with --restart', async () => {
    const out = join(tempDir(), 'other');
    cpSync(baseline.dir, out, { recursive: true });
    const refused = await casecast(['sweep', OTHER_SEED, '-o', out, '--workers', '1']);
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/different sweep/);
    expect(refused.stderr).toContain('--restart');
    expectSameAsBaseline(out); // left untouched

    const r = await casecast(['sweep', OTHER_SEED, '-o', out, '--workers', '1', '--restart']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('continuing');
    expect(JSON.parse(read(out, 'manifest.json'))).toMatchObject({ seed: '2', variants: VARIANTS });
    expect(runInfo(out)).toMatchObject({ sweep: OTHER_SEED });
    const records = read(out, 'results.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l) as { variant: number });
    expect(records.map((x) => x.variant)).toEqual(Array.from({ length: VARIANTS }, (_, i) => i));
    expect(read(out, 'results.jsonl')).not.toBe(read(baseline.dir, 'results.jsonl')); // other random numbers
    expect(existsSync(join(out, 'tornado.csv'))).toBe(true);
    expect(runInfo(out)).toMatchObject({ variantsDoneBefore: 0, variantsRun: VARIANTS });
  });
});

describe.concurrent('casecast sweep --shard and casecast merge', SLOW, () => {
  it('three shards merged write the same five files as the unsharded run; a missing shard or another sweep is refused', async () => {
    const root = tempDir();
    const shard = (i: number): string => join(root, `shard-${i}`);
    const other = join(root, 'other-seed-2');
    const runs = await Promise.all([
      ...[1, 2, 3].map((i) => casecast(sweepArgs(shard(i), '--shard', `${i}/3`))),
      casecast(['sweep', OTHER_SEED, '-o', other, '--workers', '1', '--shard', '2/3']),
    ]);
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    for (const i of [1, 2, 3]) {
      expect(readdirSync(shard(i)).sort()).toEqual(SHARD);
      const variants = read(shard(i), 'results.jsonl').trimEnd().split('\n').map((l) => (JSON.parse(l) as { variant: number }).variant);
      expect(variants).toEqual(Array.from({ length: VARIANTS }, (_, k) => k).filter((k) => k % 3 === i - 1));
      expect(JSON.parse(read(shard(i), 'manifest.json')).shard).toEqual({ index: i, count: 3, variants: 7 });
    }

    const merged = join(root, 'merged');
    const m = await casecast(['merge', shard(1), shard(2), shard(3), '--out', merged]);
    expect(m.status, m.stderr).toBe(0);
    expect(readdirSync(merged).sort()).toEqual([...FINAL, 'casecast.xlsx'].sort());
    expectSameAsBaseline(merged);
    expect(m.stdout).toBe(baseline.stdout);

    const gap = join(root, 'merged-gap');
    const missing = await casecast(['merge', shard(1), shard(3), '--out', gap]);
    expect(missing.status, missing.stderr).toBe(2);
    expect(missing.stderr).toContain('shard 2 of 3 is missing');
    expect(missing.stderr).toContain('--shard 2/3');
    expect(existsSync(gap)).toBe(false);

    const mixed = join(root, 'merged-mixed');
    const foreign = await casecast(['merge', shard(1), other, shard(3), '--out', mixed]);
    expect(foreign.status, foreign.stderr).toBe(2);
    expect(foreign.stderr).toContain(`${other} holds a different sweep`);
    expect(existsSync(mixed)).toBe(false);
  });
});

describe.concurrent('casecast sweep --workers', SLOW, () => {
  it('writes byte-identical files with 2 workers and with 1', async () => {
    const out = join(tempDir(), 'two-workers');
    const r = await casecast(['sweep', SWEEP, '-o', out, '--workers', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(runInfo(out).workers).toBe(2);
    expectSameAsBaseline(out);
    expect(r.stdout).toBe(baseline.stdout);
  });
});

describe.concurrent('casecast sweep: invalid sweeps are refused before anything runs', SLOW, () => {
  /** 1-based line and column where `needle` first appears in a fixture. */
  const where = (file: string, needle: string): string => {
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    expect(line, `${needle} in ${file}`).toBeGreaterThanOrEqual(0);
    return `${line + 1}:${lines[line].indexOf(needle) + 1}`;
  };

  it('a sweep named by its absolute path still finds its base, and one whose base leads outside the folder run from is refused at its line', async () => {
    const ok = await casecast(['validate', resolve('scenarios/sweeps/liverpool-oneway.yaml')]);
    expect(ok.status, ok.stderr).toBe(0);
    const inside = spawnSync(process.execPath, [resolve('cli/bin.js'), 'validate', 'liverpool-oneway.yaml'], { cwd: 'scenarios/sweeps', encoding: 'utf8' });
    expect(inside.status).toBe(2);
    expect(inside.stderr).toContain('liverpool-oneway.yaml:10:7  base');
    expect(inside.stderr).toContain('leads outside the current folder');
  });

  it('a parameter path that does not exist: file:line:col, the field and "did you mean"', async () => {
    const out = join(tempDir(), 'never');
    const r = await casecast(['sweep', BAD_PATH, '-o', out, '--workers', '1']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${BAD_PATH}:${where(BAD_PATH, 'services.iss.staff.ftee')}`);
    expect(r.stderr).toContain('parameters.fte.path');
    expect(r.stderr).toContain('services.iss.staff.ftee');
    expect(r.stderr).toMatch(/did you mean "fte"/);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('a value that makes a variant an invalid scenario: the parameter\'s line in the sweep file and which variant', async () => {
    const out = join(tempDir(), 'never');
    const r = await casecast(['sweep', BAD_VALUE, '-o', out, '--workers', '1']);
    expect(r.status, r.stderr).toBe(2);
    const [line] = where(BAD_VALUE, 'eligible:').split(':');
    expect(r.stderr).toMatch(new RegExp(`${BAD_VALUE.replace(/[.]/g, '\\.')}:${line}:\\d+`));
    // oneway order: the base (0), fte low (1) and high (2), eligible low (3) and high (4).
    expect(r.stderr).toContain('variant 4');
    expect(r.stderr).toContain('eligible = 1.5');
    expect(r.stderr).toContain('screening.starts.p');
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });
});

describe.concurrent('casecast sweep --summary', SLOW, () => {
  it('prints a finished folder\'s tables, running nothing', async () => {
    const before = readdirSync(baseline.dir).map((f) => [f, read(baseline.dir, f)]);
    const r = await casecast(['sweep', SWEEP, '-o', baseline.dir, '--summary']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Tornado: NPV');
    expect(r.stdout).toBe(baseline.stdout);
    expect(readdirSync(baseline.dir).map((f) => [f, read(baseline.dir, f)])).toEqual(before);
  });

  it('on an unfinished folder exits 2 saying how many variants are done', async () => {
    const out = join(tempDir(), 'unfinished');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), read(baseline.dir, 'manifest.json'));
    writeFileSync(join(out, 'results.jsonl'), read(baseline.dir, 'results.jsonl').split('\n').slice(0, 5).join('\n') + '\n');
    const r = await casecast(['sweep', SWEEP, '-o', out, '--summary']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`5 of ${VARIANTS} variants are done`);
    expect(r.stdout).toBe('');
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'results.jsonl']);
  });
});
