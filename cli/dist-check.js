// Whether dist/ holds a build of the sources beside it: read by cli/bin.js
// before it loads the compiled CLI, and by build.mjs to skip a build that is
// current. Plain JavaScript, so it runs before anything is built.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What is wrong with the build in `root`/dist, or null when it is current (or `root` is an installed package, with no sources to be newer). */
export function distProblem(root) {
  if (!existsSync(join(root, 'dist', 'cli.js'))) return 'not built yet (dist/cli.js is missing).';
  if (!existsSync(join(root, 'cli', 'main.ts'))) return null;
  // Set by the tests' global setup, which built dist/ as they started: a source someone edits meanwhile does not stop the CLI they spawn.
  if (process.env.CASECAST_BUILD_CHECKED === '1') return null;
  let record;
  try {
    record = JSON.parse(readFileSync(join(root, 'dist', 'inputs.json'), 'utf8'));
  } catch {
    return 'the build in dist/ is incomplete (dist/inputs.json is missing).';
  }
  for (const file of record.inputs) {
    let changed;
    try {
      changed = statSync(join(root, file)).mtimeMs;
    } catch {
      return `the build in dist/ is out of date (${file} is gone).`;
    }
    if (changed > record.builtAt) return `the build in dist/ is older than ${file}.`;
  }
  return null;
}
