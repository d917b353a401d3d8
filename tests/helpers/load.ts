import { readFileSync } from 'node:fs';
import { loadScenario } from '../../engine/model/load.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import { formatProblems } from '../../engine/model/problems.ts';

/** Loads a scenario file (paths relative to the repository root) or fails the test with the loader's message. */
export function loadFile(file: string): { scenario: Scenario; resolvedText: string } {
  const r = loadScenario(file, (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  });
  if (!r.ok) throw new Error(formatProblems(r.errors));
  return r;
}
