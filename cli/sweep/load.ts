/** Reads a sweep file from disk and checks it and every variant's scenario, or throws an input error that names each problem's line. */
import { parse as parseYaml } from 'yaml';
import type { ParseCache } from '../../engine/model/load.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import { loadSweep, type Sweep } from '../../engine/sweep/load.ts';
import { checkVariants, planVariants, type Variant } from '../../engine/sweep/variants.ts';
import { InputError } from '../errors.ts';
import { readTextFile } from '../files.ts';
import { formatLoadProblems } from '../overrides.ts';

export interface CheckedSweep {
  sweep: Sweep;
  variants: Variant[];
  /** Each variant's validated scenario, by variant index. */
  scenarios: { scenario: Scenario; resolvedText: string }[];
}

export function readSweep(file: string): CheckedSweep {
  const cache: ParseCache = new Map();
  const read = (p: string): string | undefined => readTextFile(p);
  const loaded = loadSweep(file, read, cache);
  if (!loaded.ok) throw new InputError(formatLoadProblems(loaded.errors));
  const variants = planVariants(loaded.sweep);
  const checked = checkVariants(loaded.sweep, variants, read, cache);
  if (checked.problems.length > 0) throw new InputError(formatLoadProblems(checked.problems.map(loaded.place)));
  return { sweep: loaded.sweep, variants, scenarios: checked.scenarios };
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
