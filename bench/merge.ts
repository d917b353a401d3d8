/**
 * The merge benchmark: a synthetic sweep of 100,000 variants split into 1,000
 * and into 2,000 shards (the same variants), each shard's folder written as
 * `casecast sweep --shard` writes it (sweepManifest and resultFiles, with
 * synthetic metrics), then `casecast merge` of all of them as a whole process:
 * wall seconds and the child's peak memory (its maxRSS, reported by the
 * process itself on exit, bench/peak-rss.cjs), medians of a few runs each, in
 * turn. Merging reads one shard at a time, so the peak should not grow with
 * the number of shards: `peakRatio` (2,000 over 1,000) should be about 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSubstream } from '../engine/des/rng.ts';
import type { VariantRecord } from '../engine/sweep/analysis.ts';
import type { SweepInfo } from '../engine/sweep/info.ts';
import { loadSweep } from '../engine/sweep/load.ts';
import { sweepInfo } from '../engine/sweep/info.ts';
import { readTextFile } from '../cli/files.ts';
import { csvColumns, resultFiles, sweepManifest } from '../cli/sweep/outputs.ts';
import { shardOf } from '../cli/sweep/shard.ts';
import { buildIfStale, r3, repo, spread, type Spread } from './process.ts';

/** The sweep whose manifest the synthetic one copies: its parameters, groups, agencies and metrics. */
export const defaultMergeSweep = 'scenarios/sweeps/liverpool-psa.yaml';

/**
 * A synthetic PSA of `variants` variants like `file`'s: its parameters and
 * agencies (so its records have the real columns), its first `options`
 * options, and as many draws as make `variants` (a multiple of `options`).
 * Without the file's groups: the groups' EVPPI (a Gaussian process fitted to
 * each) takes minutes on made-up metrics and is the same work however many
 * shards there are, so it would only blur what is measured.
 */
export function syntheticInfo(variants: number, file = defaultMergeSweep, options = 2): SweepInfo {
  const loaded = loadSweep(file, (p) => readTextFile(p));
  if (!loaded.ok) throw new Error(`${file}: ${loaded.errors.map((e) => e.message).join('; ')}`);
  const { groups: _groups, ...info } = sweepInfo(loaded.sweep);
  if (info.design !== 'psa') throw new Error(`${file} is not a psa`);
  const kept = info.options.slice(0, options);
  if (variants % kept.length !== 0) throw new Error(`${variants} variants are not a whole number of draws of ${kept.length} options`);
  return { ...info, sweep: `${info.sweep} (synthetic, ${variants} variants)`, size: variants / kept.length, options: kept };
}

const six = (x: number): number => Number(x.toPrecision(6));

/** Variant `v` of a synthetic sweep: option and draw as a PSA lays them out, settings about each parameter's base, metrics made up (but plausible in kind). */
export function syntheticRecord(info: SweepInfo, v: number): VariantRecord {
  const u = createSubstream(1, v); // the project's own seeded streams
  const k = info.options.length;
  const draw = Math.floor(v / k);
  const d = createSubstream(2, draw); // the same settings for every option of a draw
  const inputs = Object.fromEntries(info.parameters.map((p) => [p.name, six(p.base * (0.8 + 0.4 * d()))]));
  const metrics: VariantRecord['metrics'] = {};
  for (const name of csvColumns(info).metrics) {
    if (name === 'paybackYear' || name === 'paybackMedian' || name === 'firstYearOverCapacity') metrics[name] = u() < 0.3 ? null : six(1 + u() * (info.horizonYears - 1));
    else if (name.startsWith('prob')) metrics[name] = six(u());
    else if (name.startsWith('npv')) metrics[name] = six((u() - 0.4) * 2e6);
    else if (name.startsWith('roi') || name === 'bcr') metrics[name] = six(0.5 + u() * 1.5);
    else metrics[name] = six(u() * 1e5);
  }
  return { variant: v, option: info.options[v % k].name, draw, inputs, metrics };
}

/** Writes shard folders `root`/shard-0001 … of a synthetic sweep split `count` ways, as casecast sweep --shard would; their paths. */
export function writeSyntheticShards(root: string, info: SweepInfo, variants: number, count: number, record: (v: number) => VariantRecord = (v) => syntheticRecord(info, v)): string[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => {
    const index = i + 1;
    const own: VariantRecord[] = [];
    for (let v = i; v < variants; v += count) own.push(record(v));
    if (own.some((r) => shardOf(r.variant, count) !== index)) throw new Error('a record in the wrong shard');
    const dir = join(root, `shard-${String(index).padStart(width, '0')}`);
    mkdirSync(dir, { recursive: true });
    const files = resultFiles(sweepManifest(info, variants, { index, count, variants: own.length }), own);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  });
}

interface Once {
  seconds: number;
  peakMiB: number;
}

/** One `casecast merge` of `dirs` into `out`, as a process of its own: wall seconds and its peak memory. */
function mergeOnce(dirs: readonly string[], out: string, peakFile: string): Once {
  rmSync(out, { recursive: true, force: true });
  rmSync(peakFile, { force: true });
  const argv = ['--require', join(repo, 'bench', 'peak-rss.cjs'), join(repo, 'cli', 'bin.js'), 'merge', ...dirs, '--out', out, '--quiet', '--format', 'json'];
  const start = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, CASECAST_PEAK_RSS_FILE: peakFile, CASECAST_BUILD_CHECKED: '1' } });
  const seconds = (performance.now() - start) / 1000;
  if (r.error) throw new Error(`casecast merge could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`casecast merge exited with ${r.status ?? r.signal}:\n${r.stderr.trim().split('\n').slice(-5).join('\n')}`);
  return { seconds, peakMiB: Number(readFileSync(peakFile, 'utf8')) / 1024 };
}

export interface MergeResult {
  name: 'merge';
  variants: number;
  repeats: number;
  shards: { count: number; seconds: Spread; peakMiB: Spread }[];
  /** Median peak at the most shards over the median peak at the fewest: about 1 when memory does not grow with the shards. */
  peakRatio: number;
  secondsRatio: number;
}

/** The merge suite: each shard count's folders written once, then merged `repeats` times in turn. */
export function mergeSuite(variants: number, counts: readonly number[], repeats: number, file = defaultMergeSweep): MergeResult {
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a whole number of at least 1, got ${repeats}`);
  buildIfStale(); // and then the merges run that build (CASECAST_BUILD_CHECKED), even if a source changes meanwhile
  const root = mkdtempSync(join(tmpdir(), 'casecast-bench-merge-'));
  try {
    const info = syntheticInfo(variants, file);
    const sets = counts.map((count) => ({ count, dirs: writeSyntheticShards(join(root, `${count}-shards`), info, variants, count) }));
    const out = join(root, 'merged');
    const peak = join(root, 'peak-rss');
    // No untimed round: the shards were just written, so they are in the file cache already.
    const runs = sets.map(() => [] as Once[]);
    for (let i = 0; i < repeats; i++) {
      sets.forEach((s, k) => {
        const r = mergeOnce(s.dirs, out, peak);
        runs[k].push(r);
        process.stderr.write(`merge: ${s.count} shards, round ${i + 1} of ${repeats}: ${r3(r.seconds)} s, peak ${r3(r.peakMiB)} MiB\n`);
      });
    }
    const shards = sets.map((s, k) => ({ count: s.count, seconds: spread(runs[k].map((r) => r.seconds)), peakMiB: spread(runs[k].map((r) => r.peakMiB)) }));
    const [lo, hi] = [shards[0], shards[shards.length - 1]];
    return { name: 'merge', variants, repeats, shards, peakRatio: r3(hi.peakMiB.median / lo.peakMiB.median), secondsRatio: r3(hi.seconds.median / lo.seconds.median) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
