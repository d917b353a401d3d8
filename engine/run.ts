import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { runReplications } from './des/replications.ts';
import { appraise, summarizeEconomics, type Appraisal } from './economics/appraisal.ts';
import { buildLedger } from './economics/ledger.ts';
import { compile, type CompiledModel } from './model/compile.ts';
import { simulateReplication } from './model/pathway.ts';
import type { ReplicationOutput } from './model/record.ts';
import type { Scenario } from './model/scenario.ts';
import { summarizeRun, type Manifest, type Results } from './results.ts';
import { version } from './version.ts';

/** How to run a scenario: master seed, number of replications, and the first replication's index. */
export interface RunPlan {
  seed: string;
  replications: number;
  first?: number;
}

/** sha256 (hex) of a resolved scenario's canonical text. */
export function scenarioHash(resolvedText: string): string {
  return bytesToHex(sha256(utf8ToBytes(resolvedText)));
}

/** Runs replications [first, first + count) of a compiled model; any split of a run gives the same outputs. */
export function runBatch(model: CompiledModel, plan: RunPlan): ReplicationOutput[] {
  return runReplications({ seed: plan.seed, count: plan.replications, first: plan.first }, (ctx) =>
    simulateReplication(model, ctx.streams),
  );
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

/** Prices a replication and appraises it, when the scenario has an economics section. */
export function appraiseReplication(model: CompiledModel, out: ReplicationOutput): Appraisal | null {
  const econ = model.scenario.economics;
  return econ ? appraise(buildLedger(model, out), econ.appraisal) : null;
}

/** Runs a validated scenario in this thread and summarises it into the results contract. */
export function runScenario(scenario: Scenario, resolvedText: string, plan: RunPlan): Results {
  const model = compile(scenario);
  const runs = runBatch(model, plan);
  const results = summarizeRun(model, runs, manifestFor(scenario, resolvedText, plan));
  if (scenario.economics) results.economics = summarizeEconomics(runs.map((r) => appraiseReplication(model, r)!));
  return results;
}
