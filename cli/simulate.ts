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
import type { ScenarioSource } from '../engine/uncertainty/draws.ts';
import { defaultDraws, drawManifest, drawReplications, drawScenarios, summarizeDraws, type DrawPlan } from '../engine/uncertainty/run.ts';
import { InputError } from './errors.ts';
import { formatLoadProblems } from './overrides.ts';
import type { Runner } from './parallel.ts';
import { progressBar, progressEnabled } from './progress.ts';

/** How a run is sized: at the point estimate, or over draws. */
export type Sizes = { fixed: true; replications: number } | { fixed: false; replications: number; plan: Omit<DrawPlan, 'seed'> };

/** Replications when none are asked for: 100 at the point estimate; 1,000 (200 draws × 5) over draws. */
export const defaultReplications = { fixed: 100, draws: defaultDraws.draws * defaultDraws.perDraw };

/**
 * The sizes of a run. Over draws, --replications is the total and --draws
 * splits it (by default into draws of 5 replications): doubling replications
 * doubles the draws, so the uncertainty interval is estimated more finely
 * while the Monte Carlo error shrinks by about √2.
 */
export function sizesFor(scenario: Scenario, args: { fixed?: boolean; replications?: number; draws?: number }): Sizes {
  const fixed = args.fixed === true || scenario.uncertainty === undefined;
  if (fixed) {
    if (args.draws !== undefined && !args.fixed) throw new InputError(`--draws ${args.draws}: ${scenario.name} has no uncertainty section, so there is nothing to draw; it runs at its point estimate`);
    if (args.draws !== undefined) throw new InputError('--draws and --fixed do not go together: --fixed runs the point estimate alone');
    return { fixed: true, replications: args.replications ?? defaultReplications.fixed };
  }
  const replications = args.replications ?? (args.draws !== undefined ? args.draws * defaultDraws.perDraw : defaultReplications.draws);
  const draws = args.draws ?? Math.max(1, Math.round(replications / defaultDraws.perDraw));
  if (!Number.isInteger(draws) || draws < 1) throw new InputError(`--draws must be a whole number ≥ 1, got ${draws}`);
  if (replications % draws !== 0 || replications < draws) {
    throw new InputError(`--replications ${replications} cannot be shared equally among ${draws} parameter draws; use a multiple of ${draws}, e.g. --replications ${draws * Math.max(1, Math.round(replications / draws))}`);
  }
  return { fixed: false, replications, plan: { draws, perDraw: replications / draws } };
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
      throw new InputError(`parameter draw ${drawn.draw + 1} of ${scenario.name} is not a valid scenario (its values: ${drawn.values.join(', ')}):\n${formatLoadProblems(drawn.errors)}\n  fix: narrow the distribution in the uncertainty section whose path the problem names, or bound it (e.g. a beta for a share)`);
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
