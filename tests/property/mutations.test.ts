/**
 * Property: whatever a careless or hostile edit does to a bundled scenario,
 * validate answers "ok" or a clear list of problems (never an exception), and
 * a scenario it passes runs one replication to the end within seconds.
 *
 * A few hundred mutants, drawn with a fixed seed, of scenarios/*.yaml: keys
 * renamed to names every object has (__proto__, constructor...), numbers
 * scaled by 1e-9 to 1e9, set to 0 or negated, units swapped, fields dropped.
 * The mutator works on the parsed YAML tree, not on named fields, so it keeps
 * working as the format changes.
 *
 * "validate" is what `casecast validate` does, in-process: load the file, then
 * refuse what the work estimate refuses. The test's work limits are far below
 * the CLI's defaults (which allow runs of hours), so every run it makes is
 * small; each run is in a worker thread and is stopped after RUN_TIMEOUT_MS.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkRanges } from '../../engine/model/check-ranges.ts';
import { loadScenario, type ParseCache } from '../../engine/model/load.ts';
import { formatProblems, valueAt, type ScenarioProblem } from '../../engine/model/problems.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import { estimateWork, type WorkLimits } from '../../engine/model/work.ts';

// MUTANTS=5000 SEED=7 npx vitest run tests/property explores further; the defaults keep the test under a minute.
const SEED = Number(process.env.SEED ?? 20_261_201);
const MUTANTS = Number(process.env.MUTANTS ?? 300);
const RUN_TIMEOUT_MS = 10_000;
/** A run must finish well within this, or it is too slow for a test (and far too slow for a bounded run). */
const RUN_SECONDS = 5;
/** About 30 times the largest bundled scenario's one replication (Liverpool: about 4,000 people, 60,000 events). */
const LIMITS: Partial<WorkLimits> = { people: 150_000, events: 2_000_000, periods: 5_000, horizon: 200 };
/** Mutants of each outcome also given to the command line: validate, then run -r 1 for a valid one (about 2 s each). */
const CLI_SAMPLE = 3;
const RESERVED = ['__proto__', 'constructor', 'toString', 'prototype', 'valueOf', 'hasOwnProperty'];
const UNITS = ['day', 'week', 'month', 'quarter', 'year'];

// ---------------------------------------------------------------------------
// A seeded generator and a mutator over any YAML tree

/** mulberry32: small, fast and the same everywhere. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Node = Record<string, unknown> | unknown[];
interface Site {
  parent: Node;
  key: string | number;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every (container, key) pair in the tree. */
function sites(root: unknown): Site[] {
  const out: Site[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach((x, i) => (out.push({ parent: v, key: i }), walk(x)));
    else if (isMap(v)) for (const k of Object.keys(v)) out.push({ parent: v, key: k }), walk(v[k]);
  };
  walk(root);
  return out;
}

const get = (s: Site): unknown => (s.parent as Record<string | number, unknown>)[s.key];
const set = (s: Site, v: unknown): void => void Object.defineProperty(s.parent, s.key, { value: v, enumerable: true, writable: true, configurable: true });

/** Renames a key of a map in place, keeping the order of keys; defines it, so even "__proto__" is an ordinary key. */
function rename(map: Record<string, unknown>, from: string, to: string): void {
  const entries = Object.entries(map);
  for (const [k] of entries) delete map[k];
  for (const [k, v] of entries) Object.defineProperty(map, k === from ? to : k, { value: v, enumerable: true, writable: true, configurable: true });
}

const NUMBER_TEXT = /^(-?\d+(?:\.\d+)?)(\s.*)$/;
const UNIT_WORD = new RegExp(`\\b(${UNITS.join('|')})(s?)\\b`);

/** A number as a file might write it: plain digits, or (sometimes) as JavaScript prints it, exponent and all. */
function writeNumber(x: number, rnd: () => number): string {
  if (rnd() < 0.3) return String(x);
  return x.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 12 });
}

/** Applies one random mutation; returns what it did, for the failure message. */
function mutate(root: Record<string, unknown>, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const all = sites(root);
  const numbers = all.filter((s) => typeof get(s) === 'number' || (typeof get(s) === 'string' && NUMBER_TEXT.test(get(s) as string)));
  const units = all.filter((s) => typeof get(s) === 'string' && NUMBER_TEXT.test(get(s) as string) && UNIT_WORD.test(get(s) as string));
  const keys = all.filter((s) => !Array.isArray(s.parent));
  const scaled = (s: Site, f: (x: number) => number): string => {
    const v = get(s);
    if (typeof v === 'number') set(s, f(v));
    else {
      const [, n, rest] = NUMBER_TEXT.exec(v as string)!;
      set(s, `${writeNumber(f(Number(n)), rnd)}${rest}`);
    }
    return `${String(s.key)}: ${JSON.stringify(v)} → ${JSON.stringify(get(s))}`;
  };
  const kind = pick(['rename', 'scale', 'scale', 'unit', 'drop', 'zero', 'negate'] as const);
  if ((kind === 'rename' || kind === 'drop' ? keys : kind === 'unit' ? units : numbers).length === 0) return `nothing to ${kind}`;
  switch (kind) {
    case 'rename': {
      const s = pick(keys);
      const to = pick(RESERVED);
      if (Object.hasOwn(s.parent, to)) return 'nothing';
      rename(s.parent as Record<string, unknown>, s.key as string, to);
      return `rename ${String(s.key)} → ${to}`;
    }
    case 'scale': {
      const k = pick([-9, -6, -3, 3, 6, 9]);
      return `scale by 1e${k}: ${scaled(pick(numbers), (x) => x * 10 ** k)}`;
    }
    case 'zero':
      return `zero: ${scaled(pick(numbers), () => 0)}`;
    case 'negate':
      return `negate: ${scaled(pick(numbers), (x) => -x)}`;
    case 'unit': {
      const s = pick(units);
      const v = get(s) as string;
      const swapped = rnd() < 0.2 ? v.replace(/\bper\s+/, '') : v.replace(UNIT_WORD, (_, _u, plural: string) => `${pick(UNITS)}${plural}`);
      set(s, swapped);
      return `unit: ${JSON.stringify(v)} → ${JSON.stringify(swapped)}`;
    }
    case 'drop': {
      const s = pick(keys);
      delete (s.parent as Record<string, unknown>)[s.key as string];
      return `drop ${String(s.key)}`;
    }
  }
}

// ---------------------------------------------------------------------------
// Runs in a worker, stopped after RUN_TIMEOUT_MS

type RunOutcome = { ok: true; ms: number } | { ok: false; error: string };

class Runner {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private next = 0;

  private start(): Promise<void> {
    this.worker = new Worker(new URL('./run-worker.js', import.meta.url));
    const w = this.worker;
    return new Promise((resolve, reject) => {
      const onReady = (m: { ready?: boolean }): void => {
        if (!m.ready) return;
        w.off('message', onReady);
        resolve();
      };
      w.on('message', onReady);
      w.once('error', reject);
    });
  }

  async run(scenario: Scenario, resolvedText: string): Promise<RunOutcome> {
    this.ready ??= this.start();
    await this.ready;
    const w = this.worker!;
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        w.off('message', onMessage);
        void w.terminate();
        this.ready = undefined;
        resolve({ ok: false, error: `still running after ${RUN_TIMEOUT_MS} ms` });
      }, RUN_TIMEOUT_MS);
      const onMessage = (m: { id: number; ok: boolean; ms: number; error?: string }): void => {
        if (m.id !== id) return;
        clearTimeout(timer);
        w.off('message', onMessage);
        resolve(m.ok ? { ok: true, ms: m.ms } : { ok: false, error: m.error ?? 'failed' });
      };
      w.on('message', onMessage);
      w.postMessage({ id, scenario, resolvedText });
    });
  }

  stop(): Promise<number> | undefined {
    return this.worker?.terminate();
  }
}

// ---------------------------------------------------------------------------

/** Why a problem is not a clear one (one line, placed, no stack trace, no pattern), or undefined. */
function unclear(p: ScenarioProblem): string | undefined {
  if (!(p.line > 0 && p.column > 0)) return 'no line and column';
  if (!p.message || /\n/.test(p.message)) return 'not one line';
  if (/\bat \S+\.(ts|js):\d+|Error:|must match pattern|Maximum call stack|undefined|NaN|\[object Object\]/.test(p.message)) return 'reads like an internal error';
  return undefined;
}

describe('mutants of the bundled scenarios', () => {
  const runner = new Runner();
  afterAll(() => runner.stop());
  /** A few mutants of each outcome, for the command line. */
  const sample: { file: string; text: string; valid: boolean }[] = [];

  it(`${MUTANTS} mutants: validate gives ok or clear problems, and every valid one runs -r 1 in seconds`, { timeout: 120_000 }, async () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`);
    const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
    const rnd = generator(SEED);
    const cache: ParseCache = new Map();
    const tally = { valid: 0, invalid: 0, tooLarge: 0, ran: 0 };
    const failures: string[] = [];
    let slowest = 0;

    for (let i = 0; i < MUTANTS; i++) {
      const file = files[i % files.length];
      const data = parse(texts.get(file)!) as Record<string, unknown>;
      const done = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => mutate(data, rnd));
      const text = stringify(data);
      const what = `mutant ${i} of ${file} (${done.join('; ')})`;
      const read = (p: string): string | undefined => (p === file ? text : texts.get(p));

      let problems: ScenarioProblem[];
      let scenario: Scenario | undefined;
      let resolvedText = '';
      let refused = false;
      try {
        const loaded = loadScenario(file, read, { cache });
        if (loaded.ok) {
          // Until checkScenario runs the range checks itself, run them here too (a no-op once it does).
          const plain: unknown = parse(text);
          const ranges = checkRanges(loaded.scenario, { written: (path) => valueAt(plain, path) });
          problems = ranges.map((f) => ({ file, line: 1, column: 1, path: f.path.join('.'), message: f.message, hint: f.hint }));
          if (ranges.length === 0) [scenario, resolvedText] = [loaded.scenario, loaded.resolvedText];
        } else [problems, refused] = [loaded.errors, true];
      } catch (err) {
        failures.push(`${what}: validate threw ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        continue;
      }
      for (const p of problems) {
        const why = unclear(p);
        if (why) failures.push(`${what}: unclear problem (${why}):\n${formatProblems([p])}`);
      }
      if (!scenario) {
        tally.invalid++;
        if (refused && sample.filter((m) => !m.valid).length < CLI_SAMPLE) sample.push({ file, text, valid: false });
        continue;
      }
      const work = estimateWork(scenario, 1, LIMITS);
      if (work.problems.length > 0) {
        tally.tooLarge++;
        for (const p of work.problems) if (!p.message || !p.fix) failures.push(`${what}: a work problem without message or fix: ${JSON.stringify(p)}`);
        continue;
      }
      tally.valid++;
      if (sample.filter((m) => m.valid).length < CLI_SAMPLE) sample.push({ file, text, valid: true });
      const outcome = await runner.run(scenario, resolvedText);
      tally.ran++;
      if (!outcome.ok) failures.push(`${what}: validated, but run -r 1 failed: ${outcome.error}`);
      else {
        slowest = Math.max(slowest, outcome.ms);
        if (outcome.ms > RUN_SECONDS * 1000) failures.push(`${what}: run -r 1 took ${(outcome.ms / 1000).toFixed(1)} s`);
      }
    }

    if (process.env.MUTANTS_REPORT) (await import('node:fs')).writeFileSync(process.env.MUTANTS_REPORT, `${JSON.stringify(tally)}\n${failures.join('\n\n')}`);
    expect(failures.slice(0, 10).join('\n\n')).toBe('');
    // The mutants reach every outcome: some stay valid and run, some are refused, some are too large.
    expect(tally.valid).toBeGreaterThan(MUTANTS / 10);
    expect(tally.invalid).toBeGreaterThan(MUTANTS / 10);
    expect(tally.ran).toBe(tally.valid);
    expect(slowest).toBeLessThan(RUN_SECONDS * 1000);
  });

  it('the command line exits 0 or 2, with no stack trace, for a sample of them', { timeout: 60_000 }, () => {
    expect(sample.length).toBe(2 * CLI_SAMPLE);
    // Beside a copy of the scenarios folder, so each mutant's extends finds its base.
    const dir = mkdtempSync(join(tmpdir(), 'casecast-mutants-'));
    try {
      for (const f of readdirSync('scenarios').filter((f) => f.endsWith('.yaml'))) copyFileSync(join('scenarios', f), join(dir, f));
      const files = sample.map((m, i) => {
        const file = join(dir, `mutant-${i}-${basename(m.file)}`);
        writeFileSync(file, m.text);
        return file;
      });
      const valid = files.filter((_, i) => sample[i].valid);
      const casecast = (args: string[], status: number): void => {
        const r = spawnSync(process.execPath, ['cli/bin.js', ...args], { encoding: 'utf8', timeout: 30_000 });
        const shown = `casecast ${args.map((a) => basename(a)).join(' ')} exited ${r.status}:\n${r.stderr.slice(0, 2000)}`;
        expect(r.status, shown).toBe(status);
        expect(r.stderr, shown).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
      };
      casecast(['validate', ...files.filter((f) => !valid.includes(f))], 2);
      casecast(['validate', ...valid], 0);
      for (const f of valid) casecast(['run', f, '-r', '1', '-q'], 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
