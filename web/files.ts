/** Bundled scenario files as text, and the loader's `extends` reader over them. Pure. */
import type { ReadFile } from '../engine/model/load.ts';

/** Turns vite glob keys ("../scenarios/x.yaml") into the names the CLI would use ("scenarios/x.yaml"). */
export function scenarioFiles(glob: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(glob)) out[key.replace(/^(\.\.\/)+/, '')] = text;
  return out;
}

/** The loader's readFile callback over a name → text map; paths arrive already resolved. */
export function readerFor(files: Record<string, string>): ReadFile {
  return (path) => files[path] ?? files[path.replace(/^\.\//, '')];
}

/** The scenarios a user can run: every bundled file but the unit-cost library. */
export function runnable(files: Record<string, string>): string[] {
  return Object.keys(files)
    .filter((f) => !/unit-costs\.ya?ml$/.test(f))
    .sort();
}

export const defaultScenario = 'scenarios/liverpool-waves-of-hope.yaml';
