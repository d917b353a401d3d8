#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build`): nothing is compiled
// at start-up. A missing build, or one older than the sources, is said in one
// line with how to build it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distProblem } from './dist-check.js';

const problem = distProblem(join(dirname(fileURLToPath(import.meta.url)), '..'));
if (problem === null) await import('../dist/cli.js');
else {
  process.stderr.write(`casecast: ${problem}\n  fix: run npm run build (npm ci and npm test build it too)\n`);
  process.exitCode = 1;
}
