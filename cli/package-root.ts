import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * casecast's own folder (where its package.json is), found from this module's
 * place: cli/ when run from source, dist/ or dist/chunks/ when compiled, and
 * the same inside an installed package. Compiled files (dist/worker.js, the
 * board paper's page) are found from it.
 */
export function packageRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find casecast's package.json above ${here}`);
  }
}
