/** Runs one sweep variant: every replication of its scenario on the sweep's seed (common random numbers), reduced to its metrics. */
import type { Scenario } from '../model/scenario.ts';
import { runScenario } from '../run.ts';
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
  const results = runScenario(t.scenario, t.resolvedText, { seed: t.seed, replications: t.replications });
  return variantMetrics(results, t.caseloadYears, t.agencies);
}
