/** The Summary sheet: the headline figures with both intervals in words, the live NPV, and the provenance. */
import { intervalText, type Results } from '../../engine/results.ts';
import { uncertaintyWords, type HeadlineKey } from '../../engine/uncertainty/summary.ts';
import type { CostCells } from './costs.ts';
import { addSheet, fitColumns, formula, header, money, num, ratio, type Workbook, type Worksheet } from './sheet.ts';

export const summarySheet = 'Summary';

const measures: { key: HeadlineKey; label: string; fmt: string }[] = [
  { key: 'npv', label: 'Net present value (NPV)', fmt: money },
  { key: 'pvCosts', label: 'Programme cost (present value)', fmt: money },
  { key: 'pvBenefits', label: 'Savings: benefits after adjustment (present value)', fmt: money },
  { key: 'bcr', label: 'Benefit–cost ratio (BCR)', fmt: ratio },
  { key: 'roi', label: 'Fiscal return on investment (ROI)', fmt: ratio },
  { key: 'costPerPersonSupported', label: 'Cost per person supported', fmt: money },
  { key: 'costPerMoveOn', label: 'Cost per successful move-on', fmt: money },
  { key: 'costPerIntensiveYear', label: 'Cost per person-year of intensive support', fmt: money },
  { key: 'openCaseload', label: 'Open caseload at the horizon', fmt: '#,##0.0' },
  { key: 'weightedCaseload', label: 'Weighted caseload at the horizon', fmt: '#,##0.0' },
  { key: 'waiting', label: 'Waiting at the horizon', fmt: '#,##0.0' },
];

/** Labels of the Summary's rows that tests and readers look up. */
export const summaryLabels = {
  npvFormula: 'NPV, live: SUMPRODUCT of discounted net benefits minus costs by year',
  paybackFormula: 'Payback year from the mean cumulative curves (live)',
  paybackMedian: 'Payback year, median over replications',
} as const;

/** Each headline figure as mean, uncertainty interval and Monte Carlo error (a fixed run has the Monte Carlo error only). */
function headlineRows(results: Results): { label: string; fmt: string; mean: number; ulo?: number; uhi?: number; mlo: number; mhi: number }[] {
  const u = results.uncertainty;
  const s = results.economics?.summary;
  const last = results.series.t.length - 1;
  const fixed: Partial<Record<HeadlineKey, { mean: number; lo: number; hi: number } | undefined>> = {
    npv: s?.npv,
    pvCosts: s?.pvCosts,
    pvBenefits: s?.pvBenefits,
    bcr: s?.bcr,
    roi: s?.roi,
    costPerPersonSupported: s?.costPer?.personSupported,
    costPerMoveOn: s?.costPer?.moveOn,
    costPerIntensiveYear: s?.costPer?.intensiveYear,
    openCaseload: { mean: results.series.total.mean[last], lo: results.series.total.lo[last], hi: results.series.total.hi[last] },
    weightedCaseload: { mean: results.series.weighted.mean[last], lo: results.series.weighted.lo[last], hi: results.series.weighted.hi[last] },
    waiting: { mean: results.waiting.total.mean[last], lo: results.waiting.total.lo[last], hi: results.waiting.total.hi[last] },
  };
  const out = [];
  for (const m of measures) {
    const h = u?.headline[m.key];
    if (h) out.push({ label: m.label, fmt: m.fmt, mean: h.mean, ulo: h.uncertainty.lo, uhi: h.uncertainty.hi, mlo: h.monteCarlo.lo, mhi: h.monteCarlo.hi });
    else if (!u && fixed[m.key]) {
      const e = fixed[m.key]!;
      out.push({ label: m.label, fmt: m.fmt, mean: e.mean, mlo: e.lo, mhi: e.hi });
    }
  }
  return out;
}

/** Adds the (empty) Summary sheet, so it comes first; fillSummary writes it once the cost sheet's cells are known. */
export const addSummarySheet = (wb: Workbook): Worksheet => addSheet(wb, summarySheet, 1, 1);

export function fillSummary(ws: Worksheet, results: Results, cells: CostCells | null): void {
  const u = results.uncertainty;
  header(ws, ['Measure', u ? 'Expected value' : 'Mean', 'Uncertainty interval: low', 'Uncertainty interval: high', 'Monte Carlo error: low', 'Monte Carlo error: high']);
  for (const h of headlineRows(results)) {
    const row = ws.addRow([h.label, num(h.mean), num(h.ulo), num(h.uhi), num(h.mlo), num(h.mhi)]);
    for (let c = 2; c <= 6; c++) row.getCell(c).numFmt = h.fmt;
  }
  const pb = results.economics?.summary.paybackYear;
  if (pb) ws.addRow([summaryLabels.paybackMedian, pb.median ?? 'not within the horizon']);
  if (pb) ws.addRow(['Share of replications that pay back within the horizon', pb.probWithinHorizon]).getCell(2).numFmt = '0.0%';
  if (cells) {
    ws.addRow([]);
    ws.addRow(['Live totals: formulas over the sheet "Costs and benefits by year" (edit its discount rate and these follow). They use the mean yearly amounts; NPV is linear in them, so the live NPV equals the mean of the replications’ NPVs (over parameter draws that vary the appraisal settings, up to the rounding of the yearly means to the penny).']).font = { italic: true };
    const npv = ws.addRow([summaryLabels.npvFormula, formula(`SUMPRODUCT(${cells.netBenefits},${cells.factors})-SUMPRODUCT(${cells.costs},${cells.factors})`, cells.npv)]);
    npv.getCell(2).numFmt = money;
    ws.addRow(['Programme cost, live (present value)', formula(`SUMPRODUCT(${cells.costs},${cells.factors})`, cells.pvCosts)]).getCell(2).numFmt = money;
    ws.addRow(['Savings, live (present value)', formula(`SUMPRODUCT(${cells.netBenefits},${cells.factors})`, cells.pvBenefits)]).getCell(2).numFmt = money;
    ws.addRow(['Benefit–cost ratio, live', formula(`SUMPRODUCT(${cells.netBenefits},${cells.factors})/SUMPRODUCT(${cells.costs},${cells.factors})`, cells.pvBenefits / cells.pvCosts)]).getCell(2).numFmt = ratio;
    // First year whose mean cumulative benefits reach mean cumulative costs; 0 when none does.
    const pbFormula = `IFERROR(INDEX(${cells.years},MATCH(1,INDEX((${cells.cumulativeBenefits}>=${cells.cumulativeCosts})*(${cells.cumulativeCosts}>0),0),0)),0)`;
    ws.addRow([summaryLabels.paybackFormula + ' (0 = not within the horizon)', formula(pbFormula, cells.payback ?? 0)]).getCell(2).numFmt = '0';
  }
  ws.addRow([]);
  ws.addRow(['What the intervals mean']).font = { bold: true };
  if (u) {
    ws.addRow([uncertaintyWords.uncertainty]);
    ws.addRow([uncertaintyWords.monteCarlo]);
  } else {
    ws.addRow([intervalText.mean]);
    ws.addRow(['No parameter draws (a --fixed run, or no uncertainty section): only the Monte Carlo error is shown.']);
  }
  ws.addRow([`Intervals elsewhere in this workbook (caseload, ledger): ${results.intervals.text}`]);
  ws.addRow([]);
  ws.addRow(['Provenance']).font = { bold: true };
  const m = results.manifest;
  const prov: [string, string | number][] = [
    ['Scenario', m.scenario],
    ['casecast version', m.version],
    ['Seed', m.seed],
    ['Replications', m.replications],
    ['Parameter draws', m.draws ?? 'none (point estimate)'],
    ['Replications per draw', m.replicationsPerDraw ?? m.replications],
    ['Horizon, years', m.horizonYears],
    ['Scenario sha256 (resolved, canonical JSON)', m.sha256],
  ];
  for (const p of prov) ws.addRow(p);
  fitColumns(ws, 12, 24);
  ws.getColumn(1).width = 58;
}
