import { compareTargets, type TargetCheck } from '../../engine/calibration/measures.ts';
import { jsonSafe } from '../../engine/calibration/outputs.ts';
import { simulateTargets, targetModel } from '../../engine/calibration/simulate.ts';
import { scenarioHash } from '../../engine/run.ts';
import { version } from '../../engine/version.ts';
import { InputError } from '../errors.ts';
import { num } from '../../present/format.ts';
import { fitProse, table, wrap } from '../format.ts';
import { checkWhole, checkWork } from '../options.ts';
import { estimateWork } from '../../engine/model/work.ts';
import { formatLoadProblems, loadWithOverrides, parseOverride } from '../overrides.ts';
import { progressBar, progressEnabled } from '../progress.ts';
import { writeOut } from '../terminal.ts';

export interface CheckArgs {
  scenario: string;
  replications: number;
  seed: string;
  set?: string[];
  format: 'table' | 'json';
  allowLarge: boolean;
  quiet: boolean;
}

export function handler(argv: CheckArgs): void {
  checkWhole('replications', argv.replications, 2);
  const loaded = loadWithOverrides(argv.scenario, (argv.set ?? []).map(parseOverride));
  if (!loaded.ok) throw new InputError(formatLoadProblems(loaded.errors));
  const { scenario, resolvedText } = loaded;
  if (scenario.targets.length === 0) {
    throw new InputError(`${argv.scenario} has no targets to check.\n  fix: add a targets: section, e.g. started: { observed: 200, count: starts, between: ["2014-09-01", "2016-01-01"] } (docs/scenario-format.md)`);
  }
  checkWork(argv.scenario, estimateWork(scenario, argv.replications).problems, argv.allowLarge); // bounded like run (over the whole horizon)
  const model = targetModel(scenario);
  const bar = progressBar(argv.replications, `${scenario.name}: targets`, progressEnabled(argv.quiet));
  const values = simulateTargets(model, { seed: argv.seed, replications: argv.replications }, (done) => bar.update(done));
  bar.stop();
  const checks = compareTargets(scenario.targets, values);
  const manifest = { scenario: scenario.name, sha256: scenarioHash(resolvedText), seed: argv.seed, replications: argv.replications, version, horizonYears: model.periods * scenario.period };
  if (argv.format === 'json') {
    writeOut(`${JSON.stringify({ manifest, targets: jsonSafe(checks) }, null, 2)}\n`, 'json');
    return;
  }
  writeOut(fitProse(formatChecks(scenario.name, manifest, checks)));
}

export function formatChecks(name: string, m: { seed: string; replications: number; horizonYears: number; sha256: string }, checks: readonly TargetCheck[]): string {
  const f = (x: number): string => (Number.isFinite(x) ? (Math.abs(x) < 1 ? x.toFixed(2) : num(x)) : '–');
  const rows = checks.map((c) => [
    c.name,
    `${f(c.observed)} ± ${f(c.sd)}`,
    `${f(c.simulated.mean)} (${f(c.simulated.lo)}–${f(c.simulated.hi)})`,
    `${f(c.simulated.p2_5)}–${f(c.simulated.p97_5)}`,
    Number.isFinite(c.z) ? c.z.toFixed(1).replace('-', '−') : '–',
    c.verdict,
  ]);
  const consistent = checks.filter((c) => c.consistent).length;
  const notes = checks.filter((c) => c.note).map((c) => `  ${c.name}: ${c.note}`);
  return [
    `${name} · casecast ${version}`,
    wrap(`seed ${m.seed} · ${m.replications} replications · simulated to ${num(m.horizonYears * 12)} months · scenario sha256 ${m.sha256.slice(0, 12)}`),
    wrap('Observed ± its standard error; simulated mean (95% interval of the mean) and the range of single replications (2.5th–97.5th percentile); z = (simulated − observed) / √(sd² + Monte Carlo error²), consistent when |z| ≤ 1.96.'),
    '',
    table(['Target', 'Observed', 'Simulated', 'Single runs', 'z', 'Verdict'], rows),
    '',
    `${consistent} of ${checks.length} targets consistent at the 95% level.`,
    ...(notes.length ? ['', 'Notes in the scenario:', ...notes] : []),
    '',
  ].join('\n');
}
