/**
 * A sweep's output folder as its journal. Each finished variant is appended to
 * results.jsonl (and a row to results.csv) at once, so a sweep killed at any
 * moment loses only the variants still running. Run again, it reads back what
 * is done (dropping a line cut off mid-write), checks the folder holds this
 * same sweep, and carries on.
 */
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { VariantRecord } from '../../engine/sweep/analysis.ts';
import type { Variant } from '../../engine/sweep/variants.ts';
import { InputError } from '../errors.ts';
import { writeFolder } from '../files.ts';
import { csvColumns, csvLine, jsonl, resultFiles, type SweepManifest } from './outputs.ts';

/** Whether a record's settings are a variant's: the same names and the same numbers. */
function sameInputs(a: Record<string, number> | undefined, b: Record<string, number>): boolean {
  if (!a || typeof a !== 'object') return false;
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => a[k] === b[k]);
}

export class Journal {
  readonly done = new Map<number, VariantRecord>();

  private readonly columns: ReturnType<typeof csvColumns>;

  private constructor(
    readonly dir: string,
    private readonly manifest: SweepManifest,
  ) {
    this.columns = csvColumns(manifest);
  }

  /**
   * Opens (or starts) the journal in `dir` (checked with checkOutFolder) for the variants `planned`.
   * `restart` discards earlier results of this sweep. Results are continued
   * only when the folder's manifest shows they are this sweep's, and each one
   * has the settings this sweep gives its variant.
   */
  static open(dir: string, manifest: SweepManifest, planned: ReadonlyMap<number, Pick<Variant, 'option' | 'inputs'>>, restart: boolean): Journal {
    const j = new Journal(dir, manifest);
    const fix = 'run again with --restart to start afresh, or choose another --out';
    const mine = join(dir, 'manifest.json');
    const path = join(dir, 'results.jsonl');
    if (!restart) {
      if (existsSync(mine)) j.checkSame(readManifest(mine));
      else if (existsSync(path) && statSync(path).size > 0) {
        throw new InputError(`${dir} holds sweep results (results.jsonl) but no manifest.json, so nothing shows which sweep, seed or version they come from, and continuing could mix two sweeps.\n  fix: ${fix}`);
      }
    }
    const records = restart ? [] : readRecords(dir, fix);
    records.forEach((r, k) => {
      const v = planned.get(r.variant);
      if (!v) throw new InputError(`${path}:${k + 1}: variant ${r.variant} is not part of this run.\n  fix: ${fix}`);
      if (r.option !== v.option || !sameInputs(r.inputs, v.inputs)) throw new InputError(`${path}:${k + 1}: variant ${r.variant} was run with other settings than this sweep gives it.\n  fix: ${fix}`);
      if (!j.done.has(r.variant)) j.done.set(r.variant, r);
    });
    // Rewrite the folder from what is done (dropping any cut-off line and any earlier final files), then append from there.
    writeFolder(dir, resultFiles(manifest, [...j.done.values()]));
    return j;
  }

  /** Records a finished variant, on disk first. */
  add(r: VariantRecord): void {
    appendFileSync(join(this.dir, 'results.jsonl'), jsonl(r));
    appendFileSync(join(this.dir, 'results.csv'), csvLine(this.columns, r));
    this.done.set(r.variant, r);
  }

  /** Finished records in variant order. */
  records(): VariantRecord[] {
    return [...this.done.values()].sort((a, b) => a.variant - b.variant);
  }

  private checkSame(old: SweepManifest): void {
    const fix = 'fix: run the same sweep file again to continue it, add --restart to discard those results, or choose another --out';
    const shard = (m: SweepManifest): string => (m.shard ? `shard ${m.shard.index}/${m.shard.count}` : 'the whole sweep');
    if (old.sha256 !== this.manifest.sha256 || old.version !== this.manifest.version) {
      throw new InputError(`${this.dir} holds results of a different sweep (${old.sweep}, ${old.sha256.slice(0, 12)}, casecast ${old.version}); this one is ${this.manifest.sha256.slice(0, 12)}, casecast ${this.manifest.version}.\n  ${fix}`);
    }
    if (shard(old) !== shard(this.manifest)) throw new InputError(`${this.dir} holds ${shard(old)}, not ${shard(this.manifest)}.\n  ${fix}`);
  }
}

/** A sweep folder's manifest.json, or a clear error. */
export function readManifest(path: string): SweepManifest {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as SweepManifest;
    if (typeof m.sha256 !== 'string' || !Array.isArray(m.parameters)) throw new Error('not a sweep manifest');
    return m;
  } catch (err) {
    throw new InputError(`${path}: cannot read it as a sweep's manifest (${err instanceof Error ? err.message : String(err)}).\n  fix: point at a folder written by casecast sweep`);
  }
}

/**
 * A folder's records from results.jsonl, in file order: complete lines only
 * (a line cut off mid-write has no newline yet); a damaged complete line is an
 * error, with `fix` as its remedy.
 */
export function readRecords(dir: string, fix = 'run the sweep (or that shard) again to finish it'): VariantRecord[] {
  const path = join(dir, 'results.jsonl');
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.pop(); // after the last newline: empty, or a line cut off mid-write
  return lines.map((line, k) => {
    try {
      return JSON.parse(line) as VariantRecord;
    } catch {
      throw new InputError(`${path}:${k + 1}: this line is damaged, so the sweep cannot safely continue.\n  fix: ${fix}`);
    }
  });
}
