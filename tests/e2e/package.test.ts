/**
 * The package as a user installs it: `npm pack` (which builds it afresh), the
 * tarball installed into an empty project, then the library imported there by
 * its name and the installed bin run. The library's figures must be the
 * installed CLI's for the same scenario, seed and replications. It packs a
 * copy of the project's files, so its build never rewrites the dist/ that the
 * other test files' CLIs are running from at the same time.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const SCENARIO = 'scenarios/liverpool-waves-of-hope.yaml';
const SEED = '7';
const REPLICATIONS = 20;

let dir = '';
let project = '';
let packed: { filename: string; files: { path: string }[] };

/** Runs a command to its end, its output as text; stderr shown on failure. */
const run = (cmd: string, args: string[], cwd: string): string => execFileSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });

/** The project's files (those git tracks, as they are now) in `to`, with its node_modules beside them. */
function copyProject(to: string): void {
  const files = run('git', ['ls-files', '-z'], repo).split('\0').filter((f) => f !== '' && existsSync(join(repo, f)));
  for (const f of files) {
    mkdirSync(dirname(join(to, f)), { recursive: true });
    copyFileSync(join(repo, f), join(to, f));
  }
  symlinkSync(join(repo, 'node_modules'), join(to, 'node_modules'), 'dir');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'casecast-package-'));
  const source = join(dir, 'source');
  copyProject(source);
  // --json prints the tarball's name and every file in it; the build scripts' own lines go to stderr.
  const out = run(npm, ['pack', '--json', '--pack-destination', dir], source);
  [packed] = JSON.parse(out.slice(out.indexOf('['))) as (typeof packed)[];
  project = join(dir, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  run(npm, ['install', join(dir, packed.filename), '--prefer-offline', '--no-audit', '--no-fund'], project);
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds the compiled code, the scenarios and the docs, and no tests or TypeScript sources', () => {
    const files = packed.files.map((f) => f.path);
    expect(files.filter((f) => f.startsWith('tests/'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    for (const f of ['cli/bin.js', 'dist/cli.js', 'dist/worker.js', 'dist/index.js', 'dist/engine.js', 'dist/paper/paper.js', 'dist/types/cli/library.d.ts', SCENARIO, 'README.md', 'package.json']) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.startsWith('dist/web/') || f.startsWith('dist/screenshots/'))).toBe(false);
  });

  it("runs the installed bin: casecast --version", () => {
    expect(run(npm, ['exec', '--no', '--', 'casecast', '--version'], project).trim()).toBe(version);
  });

  it("imports { loadScenario, simulate } from 'casecast', loads a bundled scenario by path and gives the CLI's figures", () => {
    writeFileSync(
      join(project, 'headline.mjs'),
      [
        "import { loadScenario, simulate } from 'casecast';",
        `const scenario = loadScenario('node_modules/casecast/${SCENARIO}');`,
        `const results = await simulate(scenario, { replications: ${REPLICATIONS}, fixed: true, seed: '${SEED}' });`,
        'console.log(JSON.stringify({ npv: results.economics.summary.npv.mean, total: results.series.total.mean.at(-1) }));',
        '',
      ].join('\n'),
    );
    const lib = JSON.parse(run(process.execPath, ['headline.mjs'], project)) as { npv: number; total: number };
    // The installed CLI, from the same tarball: the sources beside this test may be mid-edit.
    const cli = JSON.parse(run(npm, ['exec', '--no', '--', 'casecast', 'run', `node_modules/casecast/${SCENARIO}`, '-r', String(REPLICATIONS), '--fixed', '--seed', SEED, '--format', 'json', '--workers', '1', '--quiet'], project));
    expect(lib.npv).toBe(cli.economics.summary.npv.mean);
    expect(lib.total).toBe(cli.series.total.mean.at(-1));
    expect(Number.isFinite(lib.npv)).toBe(true);
  });

  it("type-checks a consumer's import, and its types are not any", () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      [
        "import { loadScenario, simulate } from 'casecast';",
        "import * as casecast from 'casecast';",
        "const scenario = loadScenario('node_modules/casecast/scenarios/liverpool-waves-of-hope.yaml');",
        "export const results = simulate(scenario, { replications: 2, seed: '1' });",
        '// @ts-expect-error: an export the package does not have',
        'export const missing = casecast.noSuchExport;',
        '',
      ].join('\n'),
    );
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    // Node's own module resolution, as a consumer on Node 20 has it; the repo's @types/node for node: imports in the declarations.
    run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--typeRoots', join(repo, 'node_modules', '@types'), '--types', 'node', 'consumer.ts'], project);
  }, 180_000);
});
