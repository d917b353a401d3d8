/**
 * vitest's global setup: compiles dist/ once before any test file runs, when
 * it is missing or older than the sources (build.mjs --if-stale), since the
 * tests spawn the compiled CLI (cli/bin.js) and start worker pools on
 * dist/worker.js. A build that fails is said, not thrown: the tests that
 * need no build still run, and those that do fail with the CLI's message.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('casecast: the build failed (above); the tests that run the CLI or a worker pool will fail\n');
    return;
  }
  // The test workers and the CLIs they spawn inherit this (cli/dist-check.js): the build is the one made now, even if a source changes during the run.
  process.env.CASECAST_BUILD_CHECKED = '1';
}
