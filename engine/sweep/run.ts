/**
 * Runs one sweep variant: every replication of its scenario on the sweep's
 * seed (common random numbers), through the same pipeline as a run
 * (engine/pipeline), reduced to its metrics: exactly the figures of the full
 * results contract, of which only the caseload, waiting list, first year over
 * capacity and economics are summarised.
 */
import { compile } from '../model/compile.ts';
import type { Scenario } from '../model/scenario.ts';
import { Accumulator } from '../pipeline/accumulator.ts';
import { summarizeAppraisals } from '../pipeline/economics.ts';
import { runHereSync } from '../pipeline/plan.ts';
import { Bands } from '../pipeline/summary.ts';
import { overCapacity, periodEnds } from '../results.ts';
import { variantMetrics, type Metrics } from './metrics.ts';

export interface VariantTask {
  scenario: Scenario;
  resolvedText: string;
  seed: string;
  replications: number;
  caseloadYears: number[];
  agencies: string[];
}

export function runVariant(t: VariantTask): Metrics {
  const model = compile(t.scenario);
  const acc = runHereSync([{ scenario: t.scenario, key: '', first: 0, count: t.replications, model }], t.seed, new Accumulator(model, t.replications));
  const L = acc.layout;
  const bands = new Bands(acc.matrix, 'mean', L.periods);
  return variantMetrics(
    {
      t: periodEnds(model),
      total: bands.series(L.total),
      waiting: bands.series(L.waitingTotal),
      firstYearOverCapacity: overCapacity(acc.matrix.column(L.firstOverTotal), model.scenario.horizon),
      economics: L.appraisal ? summarizeAppraisals(acc.matrix, L.appraisal, 'mean') : undefined,
    },
    t.caseloadYears,
    t.agencies,
  );
}
