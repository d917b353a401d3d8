import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { runReplications } from './des/replications.ts';
import { appraise, summarizeEconomics, type Appraisal } from './economics/appraisal.ts';
import { buildLedger } from './economics/ledger.ts';
import { costPerOutcome, outcomesOf } from './economics/outcomes.ts';
import type { Ledger, LedgerLine } from './economics/types.ts';
import { summarizeAs, type IntervalKind } from './des/statistics.ts';
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
  return priceReplication(model, out)?.appraisal ?? null;
}

/** Runs a validated scenario in this thread and summarises it into the results contract. */
export function runScenario(scenario: Scenario, resolvedText: string, plan: RunPlan): Results {
  const model = compile(scenario);
  const runs = runBatch(model, plan);
  const results = summarizeRun(model, runs, manifestFor(scenario, resolvedText, plan));
  if (scenario.economics) results.economics = summarizeEconomics(runs.map((r) => appraiseReplication(model, r)!));
  return results;
}

/** One replication priced: its ledger (amounts by line and year) and its appraisal. */
export interface Priced {
  ledger: Ledger;
  appraisal: Appraisal;
}

/** Prices a replication and keeps its ledger as well as its appraisal; null when the scenario has no economics section. */
export function priceReplication(model: CompiledModel, out: ReplicationOutput): Priced | null {
  const econ = model.scenario.economics;
  if (!econ) return null;
  const ledger = buildLedger(model, out);
  const appraisal = appraise(ledger, econ.appraisal);
  appraisal.costPer = costPerOutcome(appraisal.byYear.costs.reduce((a, b) => a + b, 0), outcomesOf(model, out));
  return { ledger, appraisal };
}

/** Mean and interval (by default 95% of the mean), in whole pence, of each ledger line in each year across replications. */
export interface LedgerSummary {
  years: number;
  lines: LedgerLine[];
  /** [line][year] */
  mean: number[][];
  lo: number[][];
  hi: number[][];
}

/**
 * Summarises replications' ledgers (in replication order) line by line and
 * year by year. Every replication of a model has the same lines, so they are
 * taken from the first.
 */
export function summarizeLedgers(ledgers: readonly Ledger[], interval: IntervalKind = 'mean'): LedgerSummary {
  if (ledgers.length === 0) throw new RangeError('summarizeLedgers needs at least one ledger');
  const { years, lines } = ledgers[0];
  for (const l of ledgers) {
    if (l.years !== years || l.lines.length !== lines.length) throw new RangeError('ledgers differ in years or lines');
  }
  const pence = (x: number): number => (Number.isFinite(x) ? Math.round(x * 100) / 100 + 0 : x);
  const out: LedgerSummary = { years, lines, mean: [], lo: [], hi: [] };
  const column = new Float64Array(ledgers.length);
  lines.forEach((_, i) => {
    const mean: number[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    for (let y = 0; y < years; y++) {
      ledgers.forEach((l, r) => (column[r] = l.amounts[i][y]));
      const s = summarizeAs(column, interval);
      mean.push(pence(s.mean));
      lo.push(pence(s.lo));
      hi.push(pence(s.hi));
    }
    out.mean.push(mean);
    out.lo.push(lo);
    out.hi.push(hi);
  });
  return out;
}
