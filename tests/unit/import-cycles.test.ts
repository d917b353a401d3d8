import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/**
 * The layout follows the data: no import cycles (type-only imports count, as
 * they tie modules together just the same), the engine imports no shell or
 * presentation, and the viewer does not import the CLI. dependency-cruiser
 * reads TypeScript before compilation (tsPreCompilationDeps), so an
 * `import type` is an edge.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

const rules: IForbiddenRuleType[] = [
  { name: 'no-cycle', severity: 'error', from: {}, to: { circular: true } },
  { name: 'engine-is-pure', severity: 'error', from: { path: '^engine/' }, to: { path: '^(cli|web|present)/' } },
  { name: 'present-is-below-the-shells', severity: 'error', from: { path: '^present/' }, to: { path: '^(cli|web)/' } },
  // Pure: they run in the browser and worker threads too, so no node: modules (fs, process, worker_threads).
  { name: 'no-node-builtins', severity: 'error', from: { path: '^(engine|present)/' }, to: { dependencyTypes: ['core'] } },
  { name: 'web-not-cli', severity: 'error', from: { path: '^web/' }, to: { path: '^cli/' } },
];

async function cruiseDirs(dirs: string[]): Promise<ICruiseResult> {
  const r = await cruise(
    dirs,
    {
      baseDir: root,
      tsPreCompilationDeps: true,
      validate: true,
      ruleSet: { forbidden: rules },
      doNotFollow: { path: 'node_modules' },
      exclude: { path: 'node_modules' },
    },
    { extensions: ['.ts', '.js'] },
  );
  return r.output as ICruiseResult;
}

/** Each broken rule as one line: a cycle as its path, a layering breach as from → to. */
function violations(result: ICruiseResult, rule: string): string[] {
  return result.summary.violations
    .filter((v) => v.rule.name === rule)
    .map((v) => (v.cycle?.length ? [v.from, ...v.cycle.map((c) => c.name)].join(' → ') : `${v.from} → ${v.to}`));
}

describe('import graph', () => {
  const dirs = ['engine', 'cli', 'web', 'present'];
  const graph = cruiseDirs(dirs);

  it('covers every folder and sees .ts and type-only imports as edges', async () => {
    for (const d of dirs) expect(existsSync(`${root}${d}`), d).toBe(true);
    const g = await graph;
    const edges = g.modules.reduce((n, m) => n + m.dependencies.length, 0);
    expect(g.modules.length).toBeGreaterThan(100);
    expect(edges).toBeGreaterThan(500);
    // A known type-only edge: the results contract takes Band from engine/band.ts.
    const results = g.modules.find((m) => m.source === 'engine/results.ts');
    const band = results?.dependencies.find((d) => d.resolved === 'engine/band.ts');
    expect(band?.dependencyTypes).toContain('type-only');
    // Relative imports all resolve to files (only packages' subpaths may not).
    const unresolved = g.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve && d.module.startsWith('.')).map((d) => `${m.source} → ${d.module}`));
    expect(unresolved).toEqual([]);
  });

  it('has no import cycles in engine/, cli/, web/ and present/', async () => {
    expect(violations(await graph, 'no-cycle')).toEqual([]);
  });

  it('keeps the engine free of the shells and the presentation', async () => {
    expect(violations(await graph, 'engine-is-pure')).toEqual([]);
    expect(violations(await graph, 'present-is-below-the-shells')).toEqual([]);
    expect(violations(await graph, 'no-node-builtins')).toEqual([]);
  });

  it('keeps the viewer off the CLI', async () => {
    expect(violations(await graph, 'web-not-cli')).toEqual([]);
  });
});

describe('the checker', () => {
  it('finds a cycle made only of type imports', async () => {
    const g = await cruiseDirs(['tests/unit/fixtures/type-cycle']);
    expect(violations(g, 'no-cycle')).toEqual([
      'tests/unit/fixtures/type-cycle/a.ts → tests/unit/fixtures/type-cycle/b.ts → tests/unit/fixtures/type-cycle/a.ts',
    ]);
  });
});
