/**
 * One way to simulate a loaded scenario for run and compare: at its point
 * estimate (--fixed, or a scenario without an uncertainty section), or over
 * parameter draws (D draws × R replications), on the worker pool, with a
 * progress bar, into the results contract.
 */
import { summarizeEconomics } from '../engine/economics/appraisal.ts';
import type { Ledger } from '../engine/economics/types.ts';
import { compile } from '../engine/model/compile.ts';
import type { Scenario } from '../engine/model/scenario.ts';
import { summarizeRun, type Manifest, type Results } from '../engine/results.ts';
import { scenarioHash } from '../engine/run.ts';
import { drawnParameters, drawScenario, planDraws, sharedDraw, type ScenarioSource } from '../engine/uncertainty/draws.ts';
import { drawManifest, drawReplications, drawScenarios, invalidDrawText, runSizes, summarizeDraws, type DrawPlan, type RunSizes } from '../engine/uncertainty/run.ts';
export { defaultReplications } from '../engine/uncertainty/run.ts';
import { InputError } from './errors.ts';
import { formatLoadProblems } from './overrides.ts';
import type { Replicated, Runner } from './parallel.ts';
import { progressBar, progressEnabled } from './progress.ts';

export type Sizes = RunSizes;

/** The sizes of a run from its flags (engine/uncertainty/run.ts runSizes), with the flags' problems in their words. */
export function sizesFor(scenario: Scenario, args: { fixed?: boolean; replications?: number; draws?: number }): Sizes {
  if (args.draws !== undefined && args.fixed) throw new InputError('--draws and --fixed do not go together: --fixed runs the point estimate alone');
  if (args.draws !== undefined && !scenario.uncertainty) throw new InputError(`--draws ${args.draws}: ${scenario.name} has no uncertainty section, so there is nothing to draw; it runs at its point estimate`);
  const sizes = runSizes(scenario.uncertainty !== undefined, args);
  if ('uneven' in sizes) {
    const { replications, draws, near } = sizes.uneven;
    throw new InputError(`--replications ${replications} cannot be shared equally among ${draws} parameter draws; use a multiple of ${draws}, e.g. --replications ${near}, or set --draws`);
  }
  return sizes;
}

export interface Simulated {
  results: Results;
  /** Per replication, with economics (all draws' replications pooled); else null. */
  ledgers: Ledger[] | null;
}

/** Simulates a scenario as `sizes` says, on `runner`; `label` heads the progress bar. */
export async function simulate(scenario: Scenario, source: ScenarioSource, manifest: Manifest, sizes: Sizes, runner: Runner, quiet: boolean, label = scenario.name): Promise<Simulated> {
  const bar = progressBar(sizes.replications, label, progressEnabled(quiet));
  try {
    if (sizes.fixed) {
      const run = await runner.run(scenario, manifest.sha256, manifest.seed, sizes.replications, (done) => bar.update(done));
      const results = summarizeRun(compile(scenario), run.outputs, manifest);
      if (run.appraisals) results.economics = summarizeEconomics(run.appraisals);
      return { results, ledgers: run.ledgers };
    }
    const plan: DrawPlan = { seed: manifest.seed, ...sizes.plan };
    const drawn = drawScenarios(source, scenario, plan);
    if (!drawn.ok) {
      throw new InputError(invalidDrawText(scenario.name, drawn.draw, drawn.values, formatLoadProblems(drawn.errors)));
    }
    const runs = drawn.scenarios.map((s, d) => ({ scenario: s, key: scenarioHash(`${manifest.sha256}:draw:${d}`), ...drawReplications(d, plan.perDraw) }));
    const replicated = await runner.runDraws(runs, manifest.seed, (done) => bar.update(done));
    const results = summarizeDraws(scenario, compile(drawn.scenarios[0]), replicated, drawManifest(manifest, plan));
    const ledgers = replicated.every((r) => r.ledgers) ? replicated.flatMap((r) => r.ledgers!) : null;
    return { results, ledgers };
  } finally {
    bar.stop();
  }
}

/** A scenario of a comparison, with what its draws are laid over. */
export interface Compared {
  scenario: Scenario;
  source: ScenarioSource;
  sha256: string;
}

/**
 * Every scenario's replications for a paired comparison, in one batch on the
 * pool: at the point estimate, replications [0, R) of each; over draws, the
 * first scenario's draws, each scenario setting those of its figures its own
 * section leaves uncertain (so a figure one scenario fixes as its decision
 * stays fixed there), draw d on replications [d·R, (d + 1)·R). Outputs are
 * pooled in draw order, so replication k of one is replication k of another.
 */
export async function replicateCompared(items: readonly Compared[], seed: string, sizes: Sizes, runner: Runner, onProgress?: (done: number) => void): Promise<Replicated[]> {
  if (sizes.fixed) return runner.runDraws(items.map((x) => ({ scenario: x.scenario, key: x.sha256, first: 0, count: sizes.replications })), seed, onProgress);
  const { draws, perDraw } = sizes.plan;
  const first = items[0].scenario.uncertainty!;
  const drawn = drawnParameters(first);
  const values = planDraws(first, draws, seed);
  const runs: { scenario: Scenario; key: string; first: number; count: number }[] = [];
  const owner: number[] = [];
  items.forEach((x, i) => {
    if (!x.scenario.uncertainty) {
      runs.push({ scenario: x.scenario, key: x.sha256, first: 0, count: draws * perDraw });
      owner.push(i);
      return;
    }
    values.forEach((row, d) => {
      const shared = sharedDraw(drawn, x.scenario.uncertainty, row);
      const loaded = drawScenario(x.source, x.scenario.uncertainty!, shared.values, d, shared.parameters);
      if (!loaded.ok) throw new InputError(invalidDrawText(x.scenario.name, d, shared.values, formatLoadProblems(loaded.errors)));
      runs.push({ scenario: loaded.scenario, key: scenarioHash(`${x.sha256}:draw:${d}`), ...drawReplications(d, perDraw) });
      owner.push(i);
    });
  });
  const done = await runner.runDraws(runs, seed, onProgress);
  return items.map((_, i) => pool(done.filter((_, r) => owner[r] === i)));
}

/** Runs of one scenario joined in order. */
function pool(runs: readonly Replicated[]): Replicated {
  const priced = runs.every((r) => r.appraisals && r.ledgers);
  return { outputs: runs.flatMap((r) => r.outputs), appraisals: priced ? runs.flatMap((r) => r.appraisals!) : null, ledgers: priced ? runs.flatMap((r) => r.ledgers!) : null };
}
