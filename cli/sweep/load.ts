/** Reads a sweep file from disk and checks it and every variant's scenario, or throws an input error that names each problem's line. */
import { parse as parseYaml } from 'yaml';
import type { ParseCache } from '../../engine/model/load.ts';
import type { VariantTask } from '../../engine/sweep/run.ts';
import { loadSweep, type Sweep } from '../../engine/sweep/load.ts';
import { checkVariants, planVariants, variantTask, type Variant } from '../../engine/sweep/variants.ts';
import { InputError } from '../errors.ts';
import { readTextFile } from '../files.ts';
import { formatLoadProblems } from '../overrides.ts';

export interface CheckedSweep {
  sweep: Sweep;
  variants: Variant[];
  /** A checked variant's task: its scenario, built again from the files. */
  taskFor: (v: Variant) => VariantTask;
}

export function readSweep(file: string): CheckedSweep {
  const cache: ParseCache = new Map();
  const read = (p: string): string | undefined => readTextFile(p);
  const loaded = loadSweep(file, read, cache);
  if (!loaded.ok) throw new InputError(formatLoadProblems(loaded.errors));
  const variants = planVariants(loaded.sweep);
  const problems = checkVariants(loaded.sweep, variants, read, cache);
  if (problems.length > 0) throw new InputError(formatLoadProblems(problems.map(loaded.place)));
  return { sweep: loaded.sweep, variants, taskFor: (v) => variantTask(loaded.sweep, v, read, cache) };
}

/** Whether a file reads as a sweep (a map with `sweep:` and `design:`), so validate can check either kind. */
export function looksLikeSweep(file: string): boolean {
  try {
    const data: unknown = parseYaml(readTextFile(file) ?? '');
    return typeof data === 'object' && data !== null && 'sweep' in data && 'design' in data;
  } catch {
    return false;
  }
}
