import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { loadScenario, type LoadResult } from '../engine/model/load.ts';

/**
 * Reads a scenario and the files it `extends`, from disk. The loader hands
 * over paths already resolved against the file that named them (and has
 * refused absolute ones); this refuses anything that is not a regular file.
 * `virtual` supplies files that exist only in memory (the --set overlay).
 */
export function readScenarioFile(file: string, virtual: ReadonlyMap<string, string> = new Map()): LoadResult {
  return loadScenario(displayPath(file), (path) => virtual.get(path) ?? readTextFile(path));
}

/** A regular file's text, or undefined when it cannot be read. */
export function readTextFile(path: string): string | undefined {
  const full = resolve(path);
  try {
    if (!statSync(full).isFile()) return undefined;
    return readFileSync(full, 'utf8');
  } catch {
    return undefined;
  }
}

/** A path as people typed it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/**
 * Writes files into `dir` so that none is ever half-written: each goes to a
 * temporary file in the same folder first, and is renamed into place only
 * once every one has been written.
 */
export function writeFilesAtomically(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const temps: [string, string][] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      const tmp = join(dir, `.${basename(name)}.${process.pid}.tmp`);
      temps.push([tmp, join(dir, name)]);
      writeFileSync(tmp, text);
    }
    for (const [tmp, final] of temps) renameSync(tmp, final);
  } catch (err) {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    throw err;
  }
  return temps.map(([, final]) => final);
}
