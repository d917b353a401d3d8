/**
 * Running a scenario in this thread: a thin wrapper over the pipeline
 * (engine/pipeline/), for tests and small runs, and the manifest every output
 * carries.
 */
import { runReplications } from './des/replications.ts';
import { compile, type CompiledModel } from './model/compile.ts';
import { simulateReplication } from './model/pathway.ts';
import type { ReplicationOutput } from './model/record.ts';
import type { Scenario } from './model/scenario.ts';
import { Accumulator } from './pipeline/accumulator.ts';
import { runHereSync, scenarioHash } from './pipeline/plan.ts';
import type { Manifest, Results } from './results.ts';
import { version } from './version.ts';

export { scenarioHash } from './pipeline/plan.ts';
export { priceReplication, type Priced } from './pipeline/price.ts';
export { summarizeLedgers, type LedgerSummary } from './pipeline/ledgers.ts';

/** How to run a scenario: master seed, number of replications, and the first replication's index. */
export interface RunPlan {
  seed: string;
  replications: number;
  first?: number;
}

/** Replications [first, first + count) of a compiled model as raw outputs (tests and checks that read them directly). */
export function runBatch(model: CompiledModel, plan: RunPlan): ReplicationOutput[] {
  return runReplications({ seed: plan.seed, count: plan.replications, first: plan.first }, (ctx) => simulateReplication(model, ctx.streams));
}

/** The manifest every output carries. */
export function manifestFor(scenario: Scenario, resolvedText: string, plan: RunPlan): Manifest {
  return {
    scenario: scenario.name,
    sha256: scenarioHash(resolvedText),
    seed: plan.seed,
    replications: plan.replications,
    version,
    horizonYears: scenario.horizon,
    periodYears: scenario.period,
  };
}

/** Runs a validated scenario at its point estimate in this thread: the results contract, as `casecast run --fixed` gives it. */
export function runScenario(scenario: Scenario, resolvedText: string, plan: RunPlan): Results {
  const model = compile(scenario);
  const acc = new Accumulator(model, plan.replications);
  runHereSync([{ scenario, key: '', first: 0, count: plan.replications, model }], plan.seed, acc);
  return acc.finish(manifestFor(scenario, resolvedText, plan));
}
