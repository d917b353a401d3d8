/**
 * Runs one sweep variant: every replication of its scenario on the sweep's
 * seed (common random numbers), reduced to its metrics. Replications are run
 * one at a time and only what the metrics need is kept (two series, the first
 * year over capacity, the appraisal), so a worker never holds a hundred
 * replications' outputs: less memory traffic, which is what two busy cores
 * contend for. The figures are exactly those of the full results contract.
 */
import { SeriesAccumulator } from '../des/statistics.ts';
import { summarizeEconomics, type Appraisal } from '../economics/appraisal.ts';
import { compile } from '../model/compile.ts';
import type { Scenario } from '../model/scenario.ts';
import { firstOver, overCapacity, periodEnds, sumSeries, tidy } from '../results.ts';
import { priceReplication, runBatch } from '../run.ts';
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
  const sc = model.scenario;
  const P = model.periods;
  const total = new SeriesAccumulator(P);
  const waiting = new SeriesAccumulator(P);
  const firsts: number[] = [];
  const appraisals: Appraisal[] = [];
  for (let k = 0; k < t.replications; k++) {
    // Any split of a run gives the same replications, so one at a time is replication k of the whole.
    const [out] = runBatch(model, { seed: t.seed, replications: 1, first: k });
    total.add(out.total);
    waiting.add(out.waitingTotal);
    firsts.push(firstOver(sumSeries(out.demand, P), sumSeries(out.capacity, P), sc.period));
    const priced = priceReplication(model, out);
    if (priced) appraisals.push(priced.appraisal);
  }
  return variantMetrics(
    {
      t: periodEnds(model),
      total: tidy(total.summary()),
      waiting: tidy(waiting.summary()),
      firstYearOverCapacity: overCapacity(firsts, sc.horizon),
      economics: appraisals.length > 0 ? summarizeEconomics(appraisals) : undefined,
    },
    t.caseloadYears,
    t.agencies,
  );
}
