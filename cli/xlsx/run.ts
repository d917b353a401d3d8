/** The workbook of one run: Summary, Inputs and assumptions, Caseload by year, (Staff, contacts and demand,) Costs and benefits by year, By agency by year, Ledger. */
import type { Ledger } from '../../engine/economics/types.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import type { Results } from '../../engine/results.ts';
import { summarizeLedgers } from '../../engine/run.ts';
import { addCaseload } from './caseload.ts';
import { addCostSheets } from './costs.ts';
import { addDynamics } from './dynamics.ts';
import { addInputs } from './inputs.ts';
import { addLedger } from './ledger.ts';
import { newWorkbook, workbookBytes } from './sheet.ts';
import { addSummarySheet, fillSummary } from './summary.ts';

export const workbookName = 'casecast.xlsx';

export interface RunWorkbookInput {
  results: Results;
  scenario: Scenario;
  /** The scenario's data through extends, with --set applied (ScenarioSource.raw). */
  raw: unknown;
  /** The paths --set changed ("services.iss.staff.fte"). */
  setPaths: readonly string[];
  /** Per replication, with economics; else null. */
  ledgers: Ledger[] | null;
}

/** Whether every replication was appraised with the same settings: no parameter draws, or none of the appraisal's settings drawn. */
function sameAppraisal(results: Results): boolean {
  return !results.uncertainty || results.uncertainty.parameters.every((p) => p.paths.every((path) => !path.startsWith('economics.appraisal')));
}

export async function runWorkbook(input: RunWorkbookInput): Promise<Uint8Array> {
  const { results, scenario, ledgers } = input;
  const wb = await newWorkbook();
  const summary = addSummarySheet(wb);
  addInputs(wb, results, input.raw, input.setPaths);
  addCaseload(wb, results);
  addDynamics(wb, results);
  const cells = addCostSheets(wb, results, scenario, ledgers, sameAppraisal(results));
  fillSummary(summary, results, cells);
  if (ledgers && ledgers.length > 0) addLedger(wb, summarizeLedgers(ledgers, results.intervals.kind), scenario);
  return workbookBytes(wb);
}

