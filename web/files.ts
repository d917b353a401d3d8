/** Bundled scenario files as text, and the loader's `extends` reader over them. Pure. */
import type { ReadFile } from '../engine/model/load.ts';

/** Files by name. Names come from users (uploads, `extends:`, links), so look them up with `fileText`, never `files[name]`. */
export type Files = Record<string, string>;

/** Turns vite glob keys ("../scenarios/x.yaml") into the names the CLI would use ("scenarios/x.yaml"). */
export function scenarioFiles(glob: Record<string, string>): Files {
  const out: Files = Object.create(null);
  for (const [key, text] of Object.entries(glob)) out[key.replace(/^(\.\.\/)+/, '')] = text;
  return out;
}

/**
 * A file's text, or undefined when there is no such file. Only the map's own
 * entries count: `extends: ../constructor` must not find Object's constructor
 * (the map may have a prototype again after a spread or postMessage).
 */
export function fileText(files: Files, name: string): string | undefined {
  const v = Object.hasOwn(files, name) ? files[name] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** The loader's readFile callback over a name → text map; paths arrive already resolved. */
export function readerFor(files: Files): ReadFile {
  return (path) => fileText(files, path) ?? fileText(files, path.replace(/^\.\//, ''));
}

/** The scenarios a user can run: every bundled scenario file but the unit-cost library (not the data files, such as a posterior sample). */
export function runnable(files: Files): string[] {
  return Object.keys(files)
    .filter((f) => /\.(ya?ml|json)$/.test(f) && !/unit-costs\.ya?ml$/.test(f))
    .sort();
}

export const defaultScenario = 'scenarios/liverpool-waves-of-hope.yaml';
