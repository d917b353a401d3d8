#!/usr/bin/env node
/**
 * Compiles casecast into dist/ with esbuild: the CLI (dist/cli.js), the
 * worker-thread entry (dist/worker.js), the Node library (dist/index.js) and
 * the pure engine (dist/engine.js) as ES modules sharing chunks, the board
 * paper's page (dist/paper/), and dist/inputs.json, the sources they were
 * built from, by which cli/bin.js tells a build older than its sources.
 * Run by `npm run build`, prepare, prepack and pretest; the declarations for
 * the library are tsc's (tsconfig.build.json).
 *
 *   node build.mjs              build
 *   node build.mjs --if-stale   build only when dist/ is missing or older than a source
 *   node build.mjs --clean      build, and drop every chunk this build does not use (before packing)
 *
 * Other processes may be running the CLI from dist/ meanwhile, so each file is
 * written beside its place and renamed into it, chunks before the entries
 * that import them, and a chunk a build no longer uses is kept a while.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { distProblem } from './cli/dist-check.js';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const args = process.argv.slice(2);
const clean = args.includes('--clean');

/** Unused chunks younger than this stay, for a CLI started from the build before. */
const keepUnusedMs = 10 * 60_000;

/** The files of the page `casecast report` writes, read beside its script. */
const paperFiles = ['web/paper.html', 'web/style.css', 'web/paper.css'];

const posix = (p) => p.split(sep).join('/');

async function compile(tmp) {
  const node = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'cli/main.ts', worker: 'cli/worker-entry.ts', index: 'cli/library.ts', engine: 'engine/index.ts' },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const paper = await build({
    absWorkingDir: root,
    entryPoints: ['web/paper.ts'],
    outfile: join(tmp, 'paper', 'paper.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  for (const f of paperFiles) copyFileSync(join(root, f), join(tmp, 'paper', f.slice('web/'.length)));
  const inputs = new Set(paperFiles);
  for (const m of [node.metafile, paper.metafile]) for (const f of Object.keys(m.inputs)) if (!f.includes('node_modules/') && existsSync(join(root, f))) inputs.add(f);
  return [...inputs].sort();
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => posix(relative(dir, join(e.parentPath, e.name))));
}

async function main() {
  if (args.includes('--if-stale') && distProblem(root) === null) return;
  const builtAt = Date.now();
  const tmp = join(dist, `.build-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  // Before packing, the declarations too are written afresh (by tsc, after this).
  if (clean) rmSync(join(dist, 'types'), { recursive: true, force: true });
  try {
    const inputs = await compile(tmp);
    const files = filesUnder(tmp);
    // Chunks first: an entry is only in place once all it imports is.
    const order = [...files.filter((f) => f.startsWith('chunks/')), ...files.filter((f) => !f.startsWith('chunks/'))];
    for (const f of order) {
      mkdirSync(dirname(join(dist, f)), { recursive: true });
      renameSync(join(tmp, f), join(dist, f));
    }
    const used = new Set(files);
    const chunks = join(dist, 'chunks');
    for (const name of readdirSync(chunks)) {
      const path = join(chunks, name);
      // statSync(…, { throwIfNoEntry: false }): a build running beside this one may have removed it already.
      const age = builtAt - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? builtAt);
      if (!used.has(`chunks/${name}`) && (clean || age > keepUnusedMs)) rmSync(path, { force: true });
    }
    writeFileSync(join(tmp, 'inputs.json'), `${JSON.stringify({ builtAt, inputs }, null, 1)}\n`);
    renameSync(join(tmp, 'inputs.json'), join(dist, 'inputs.json'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  // esbuild has printed the errors themselves.
  process.stderr.write(`build.mjs: the build failed${err?.errors ? '' : `: ${err?.message ?? err}`}\n`);
  process.exitCode = 1;
});
