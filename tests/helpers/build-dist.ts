/**
 * vitest's global setup: compiles dist/ once before any test file runs, when
 * it is missing or older than the sources (build.mjs --if-stale), since the
 * tests spawn the compiled CLI (cli/bin.js) and start worker pools on
 * dist/worker.js.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
}
