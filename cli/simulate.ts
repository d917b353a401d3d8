/**
 * One way to simulate a loaded scenario for run, compare and report: at its
 * point estimate (--fixed, or a scenario without an uncertainty section), or
 * over parameter draws (D draws × R replications), planned by the engine
 * (engine/pipeline/runs.ts), run on the worker pool with a progress bar, and
 * summarised by the accumulator into the results contract.
 */
import type { Ledger } from '../engine/economics/types.ts';
import type { Scenario } from '../engine/model/scenario.ts';
import type { Accumulator } from '../engine/pipeline/accumulator.ts';
import { planComparison, planRun, sizesOf, type BadDraw, type Compared, type SizeAsk } from '../engine/pipeline/runs.ts';
import type { Manifest, Results } from '../engine/results.ts';
import type { ScenarioSource } from '../engine/uncertainty/draws.ts';
import { invalidDrawText, type RunSizes } from '../engine/uncertainty/run.ts';
export { defaultReplications } from '../engine/uncertainty/run.ts';
export type { Compared };
import { InputError } from './errors.ts';
import { formatLoadProblems } from './overrides.ts';
import type { Runner } from './parallel.ts';
import { progressBar, progressEnabled } from './progress.ts';

export type Sizes = RunSizes;

/** The sizes of a run from its flags (engine/pipeline/runs.ts sizesOf), a problem with them an input error. */
export function sizesFor(scenario: Scenario, args: SizeAsk): Sizes {
  const sizes = sizesOf(scenario, args);
  if ('problem' in sizes) throw new InputError(sizes.problem);
  return sizes;
}

export interface Simulated {
  results: Results;
  /** Per replication, with economics (all draws' replications pooled); else null. */
  ledgers: Ledger[] | null;
}

const badDraw = (b: BadDraw): InputError => new InputError(invalidDrawText(b.scenario, b.draw, b.values, formatLoadProblems(b.errors)));

/** Simulates a scenario as `sizes` says, on `runner`; `label` heads the progress bar. */
export async function simulate(scenario: Scenario, source: ScenarioSource, manifest: Manifest, sizes: Sizes, runner: Runner, quiet: boolean, label = scenario.name): Promise<Simulated> {
  const planned = planRun(scenario, source, manifest, sizes);
  if (!planned.ok) throw badDraw(planned);
  const bar = progressBar(sizes.replications, label, progressEnabled(quiet));
  try {
    const acc = planned.accumulator;
    await runner.replicate(planned.parts, manifest.seed, [acc], planned.parts.map(() => 0), (done) => bar.update(done));
    return { results: acc.finish(planned.manifest, planned.pooling, scenario), ledgers: acc.ledgers() };
  } finally {
    bar.stop();
  }
}

/**
 * Every scenario's replications for a paired comparison (engine/pipeline/runs.ts
 * planComparison), in one batch on the pool: one finished accumulator per scenario.
 */
export async function replicateCompared(items: readonly Compared[], seed: string, sizes: Sizes, runner: Runner, onProgress?: (done: number) => void): Promise<Accumulator[]> {
  const planned = planComparison(items, seed, sizes);
  if (!planned.ok) throw badDraw(planned);
  await runner.replicate(planned.parts, seed, planned.accumulators, planned.groupOf, onProgress);
  return planned.accumulators;
}
