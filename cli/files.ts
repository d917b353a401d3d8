import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadScenario, type LoadResult } from '../engine/model/load.ts';

/**
 * Reads a scenario and the files it `extends`, from disk. The loader hands
 * over paths already resolved against the file that named them (and has
 * refused absolute ones); this refuses anything that is not a regular file.
 */
export function readScenarioFile(file: string): LoadResult {
  return loadScenario(displayPath(file), (path) => {
    const full = resolve(path);
    try {
      if (!statSync(full).isFile()) return undefined;
      return readFileSync(full, 'utf8');
    } catch {
      return undefined;
    }
  });
}

/** A path as people typed it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
