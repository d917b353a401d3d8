/**
 * Runs a scenario only as far as its targets reach and reads every target from
 * each replication: what `casecast check` compares and `casecast calibrate`
 * fits. A run is causal, so cutting the horizon at the last target changes
 * nothing before it; replication k has the same streams as in a full run.
 */
import { runReplications } from '../des/replications.ts';
import { compile, type CompiledModel } from '../model/compile.ts';
import { simulateReplication } from '../model/pathway.ts';
import type { Scenario } from '../model/scenario.ts';
import { periodsNeeded, targetEvaluators } from './measures.ts';

/** The horizon that ends at the last period any target reads, or null when the scenario's own is no longer. */
export function targetHorizon(scenario: Scenario): number | null {
  const full = compile(scenario);
  const periods = Math.max(1, ...scenario.targets.map((t) => periodsNeeded(full, t.measure)));
  return periods >= full.periods ? null : periods * scenario.period;
}

/** The scenario compiled to measure its targets, with its horizon cut at `horizon` (by default the last target). */
export function targetModel(scenario: Scenario, horizon: number | null = targetHorizon(scenario)): CompiledModel {
  return compile(horizon === null ? scenario : { ...scenario, horizon }, { measureTargets: true });
}

/** Every target's value in replications [first, first + count): one row per replication, NaN where undefined. */
export function simulateTargets(model: CompiledModel, plan: { seed: string; replications: number; first?: number }, onReplication?: (done: number) => void): number[][] {
  const evaluate = targetEvaluators(model);
  let done = 0;
  return runReplications({ seed: plan.seed, count: plan.replications, first: plan.first }, (ctx) => {
    const out = simulateReplication(model, ctx.streams);
    onReplication?.(++done);
    return evaluate.map((f) => f(out));
  });
}
