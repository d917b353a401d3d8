/**
 * Pricing one replication: its ledger (amounts by line and year) and its
 * appraisal, with the cash cost per outcome.
 */
import { appraise, type Appraisal } from '../economics/appraisal.ts';
import { buildLedger } from '../economics/ledger.ts';
import { costPerOutcome, outcomesOf } from '../economics/outcomes.ts';
import type { Ledger } from '../economics/types.ts';
import type { CompiledModel } from '../model/compile.ts';
import type { ReplicationOutput } from '../model/record.ts';

/** One replication priced: its ledger and its appraisal. */
export interface Priced {
  ledger: Ledger;
  appraisal: Appraisal;
}

/** Prices a replication; null when the scenario has no economics section. */
export function priceReplication(model: CompiledModel, out: ReplicationOutput): Priced | null {
  const econ = model.scenario.economics;
  if (!econ) return null;
  const ledger = buildLedger(model, out);
  const appraisal = appraise(ledger, econ.appraisal);
  appraisal.costPer = costPerOutcome(appraisal.byYear.costs.reduce((a, b) => a + b, 0), outcomesOf(model, out));
  return { ledger, appraisal };
}
