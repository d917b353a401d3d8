/**
 * "Costs and benefits by year": the programme's costs and benefits year by
 * year, from undiscounted through the discount factor to discounted, with the
 * discount rate in input cells that the factors' formulas read; and "By agency
 * by year": each agency's ledger figures before adjustment, discounted by the
 * same factors, and (when the appraisal's settings are the same in every
 * replication) after the appraisal's adjustments.
 */
import { appraise, type Appraisal } from '../../engine/economics/appraisal.ts';
import { agencies, agencyLabels, type Agency, type Ledger } from '../../engine/economics/types.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import type { Results } from '../../engine/results.ts';
import { addSheet, columnLetter, factor, fitColumns, formatColumns, formula, header, money, num, sheetRef, share, type Workbook } from './sheet.ts';

export const costsSheet = 'Costs and benefits by year';
export const agencySheet = 'By agency by year';

/** Where the live totals are, for the Summary's formulas. */
export interface CostCells {
  /** A1 ranges on the costs sheet (sheet-qualified). */
  netBenefits: string;
  costs: string;
  factors: string;
  /** NPV, PV costs, PV benefits as casecast's formulas over the yearly cells compute them. */
  npv: number;
  pvCosts: number;
  pvBenefits: number;
  /** Payback year read off the mean cumulative curves (null = not within the horizon). */
  payback: number | null;
  /** The rows of the cumulative columns, for a payback formula. */
  cumulativeCosts: string;
  cumulativeBenefits: string;
  years: string;
}

/** The discount rate that applies to each 0-based year (discountFactors' rule), and which schedule segment it is. */
function rateSegments(schedule: { rate: number; until: number }[], years: number): number[] {
  const seg: number[] = [];
  let k = 0;
  for (let y = 0; y < years; y++) {
    while (k < schedule.length - 1 && y >= schedule[k].until) k++;
    seg.push(k);
  }
  return seg;
}

export function addCostSheets(wb: Workbook, results: Results, scenario: Scenario, ledgers: Ledger[] | null, sameAppraisal: boolean): CostCells | null {
  const econ = results.economics;
  const params = scenario.economics?.appraisal;
  if (!econ || !params) return null;
  const Y = econ.byYear.year.length;
  // With the same appraisal settings in every replication, each replication is appraised again (as the run did) so the yearly means keep their full
  // precision and the live NPV equals the mean NPV to the penny; otherwise the results' yearly means (to the penny) are used.
  const appraisals = sameAppraisal && ledgers && ledgers.length > 0 ? ledgers.map((l) => appraise(l, params)) : null;
  const meanOf = (pick: (a: Appraisal) => number[], band: { mean: number[] }): number[] =>
    appraisals ? Array.from({ length: Y }, (_, y) => appraisals.reduce((t, a) => t + pick(a)[y], 0) / appraisals.length) : band.mean;
  const yearCosts = meanOf((a) => a.byYear.costs, econ.byYear.costs);
  const yearGross = meanOf((a) => a.byYear.grossSavings, econ.byYear.grossSavings);
  const yearNet = meanOf((a) => a.byYear.netBenefits, econ.byYear.netBenefits);
  const ws = addSheet(wb, costsSheet, 1, 1);
  header(ws, [
    'Year',
    'Costs (undiscounted, after optimism bias)',
    'Gross savings (public value, before adjustment)',
    'Net benefits (undiscounted, after additionality, optimism bias and delay)',
    'Discount rate',
    'Discount factor',
    'Discounted costs',
    'Discounted net benefits',
    'Net (discounted benefits − costs)',
    'Cumulative discounted costs',
    'Cumulative discounted benefits',
  ]);
  const first = 2;
  const last = first + Y - 1;
  // The input cells: one per schedule segment that the horizon reaches, below the table.
  const segs = rateSegments(params.discount, Y);
  const used = [...new Set(segs)];
  // Rows below the table: the totals, a blank, the inputs' heading, then one rate per segment from `inputTop`.
  const inputTop = last + 4;
  const rateCell = new Map<number, string>();
  used.forEach((k, i) => rateCell.set(k, `$B$${inputTop + i}`));

  let df = 1;
  let cumC = 0;
  let cumB = 0;
  let pvC = 0;
  let pvB = 0;
  let payback: number | null = null;
  for (let y = 0; y < Y; y++) {
    const r = first + y;
    const c = yearCosts[y];
    const b = yearNet[y];
    const rate = params.discount[segs[y]].rate;
    const dc = c * df;
    const db = b * df;
    cumC += dc;
    cumB += db;
    pvC += dc;
    pvB += db;
    if (payback === null && cumC > 0 && cumB >= cumC * (1 - 1e-12)) payback = y + 1;
    ws.addRow([
      y + 1,
      num(c),
      num(yearGross[y]),
      num(b),
      formula(rateCell.get(segs[y])!, rate),
      y === 0 ? 1 : formula(`F${r - 1}/(1+E${r - 1})`, df),
      formula(`B${r}*F${r}`, dc),
      formula(`D${r}*F${r}`, db),
      formula(`H${r}-G${r}`, db - dc),
      formula(y === 0 ? `G${r}` : `J${r - 1}+G${r}`, cumC),
      formula(y === 0 ? `H${r}` : `K${r - 1}+H${r}`, cumB),
    ]);
    df /= 1 + rate;
  }
  const totals = ws.addRow([
    'Total',
    formula(`SUM(B${first}:B${last})`, sum(yearCosts)),
    formula(`SUM(C${first}:C${last})`, sum(yearGross)),
    formula(`SUM(D${first}:D${last})`, sum(yearNet)),
    null,
    null,
    formula(`SUM(G${first}:G${last})`, pvC),
    formula(`SUM(H${first}:H${last})`, pvB),
    formula(`SUM(I${first}:I${last})`, pvB - pvC),
  ]);
  totals.font = { bold: true };
  ws.addRow([]);
  ws.addRow(['Inputs (edit a rate: the discount factors, discounted figures and the Summary\'s NPV follow)']).font = { bold: true };
  used.forEach((k) => {
    const s = params.discount[k];
    const from = k === 0 ? 0 : params.discount[k - 1].until;
    const to = Number.isFinite(s.until) ? `${s.until - 1}` : 'on';
    ws.addRow([`Discount rate, years ${from}–${to} from the start`, s.rate]);
  });
  const additionality = (1 - params.deadweight) * params.attribution * (1 - params.displacement);
  const adj = inputTop + used.length + 1;
  ws.addRow([]);
  ws.addRow([`Appraisal adjustments (the scenario's values${sameAppraisal ? '' : '; over parameter draws some vary by draw, and the net benefits above are the mean over draws'}); gross savings become net benefits as`]).font = { bold: true };
  ws.addRow(['Deadweight', params.deadweight]);
  ws.addRow(['Attribution', params.attribution]);
  ws.addRow(['Displacement', params.displacement]);
  ws.addRow(['Additionality = (1 − deadweight) × attribution × (1 − displacement)', formula(`(1-B${adj + 1})*B${adj + 2}*(1-B${adj + 3})`, additionality)]);
  ws.addRow(['Optimism bias on benefits (benefits × (1 − this))', params.optimismBias.benefits]);
  ws.addRow(['Optimism bias on costs (costs × (1 + this); also on extra demand)', params.optimismBias.costs]);
  ws.addRow(['Delay of benefits, years', params.optimismBias.delayYears]);
  ws.addRow(['Transfers (e.g. welfare benefits) count in the fiscal ROI, not in public value; a negative saving is extra demand.']);
  formatColumns(ws, { 2: money, 3: money, 4: money, 5: share, 6: factor, 7: money, 8: money, 9: money, 10: money, 11: money });
  for (let r = inputTop; r < inputTop + used.length; r++) ws.getCell(`B${r}`).numFmt = '0.00%';
  for (let r = adj + 1; r <= adj + 7; r++) ws.getCell(`B${r}`).numFmt = r === adj + 7 ? '0.00' : '0.0000';
  for (let r = inputTop; r <= adj + 8; r++) ws.getCell(`A${r}`).alignment = { wrapText: false };
  fitColumns(ws, 10, 22);
  ws.getColumn(1).width = 12;

  if (ledgers && ledgers.length > 0) addAgencySheet(wb, ledgers, appraisals, params.discount, Y);

  const q = sheetRef(costsSheet);
  return {
    netBenefits: `${q}!$D$${first}:$D$${last}`,
    costs: `${q}!$B$${first}:$B$${last}`,
    factors: `${q}!$F$${first}:$F$${last}`,
    cumulativeCosts: `${q}!$J$${first}:$J$${last}`,
    cumulativeBenefits: `${q}!$K$${first}:$K$${last}`,
    years: `${q}!$A$${first}:$A$${last}`,
    npv: pvB - pvC,
    pvCosts: pvC,
    pvBenefits: pvB,
    payback,
  };
}

/** Each agency's mean yearly figures across replications, before and (with `adjusted`) after the appraisal. */
function agencyFigures(ledgers: Ledger[], appraisals: Appraisal[] | null, Y: number) {
  const n = ledgers.length;
  const zero = (): number[] => new Array<number>(Y).fill(0);
  const out = new Map<Agency, { lines: number; costs: number[]; savings: number[]; costsAfter: number[]; net: number[] }>();
  for (const a of agencies) out.set(a, { lines: 0, costs: zero(), savings: zero(), costsAfter: zero(), net: zero() });
  ledgers.forEach((l, r) => {
    l.lines.forEach((line, i) => {
      const acc = out.get(line.agency)!;
      for (let y = 0; y < Y; y++) (line.kind === 'cost' ? acc.costs : acc.savings)[y] += l.amounts[i][y] / n;
    });
    if (appraisals) {
      const a = appraisals[r];
      for (const agency of agencies) {
        const acc = out.get(agency)!;
        for (let y = 0; y < Y; y++) {
          acc.costsAfter[y] += a.byAgency[agency].costs[y] / n;
          acc.net[y] += a.byAgency[agency].netBenefits[y] / n;
        }
      }
    }
  });
  for (const line of ledgers[0].lines) out.get(line.agency)!.lines++;
  return out;
}

function addAgencySheet(wb: Workbook, ledgers: Ledger[], appraisals: Appraisal[] | null, discountOf: { rate: number; until: number }[], Y: number): void {
  const adjusted = appraisals !== null;
  const ws = addSheet(wb, agencySheet, 1, 2);
  const names = ['Agency', 'Year', 'Costs (undiscounted, before optimism bias)', 'Gross savings (undiscounted, before adjustment)', 'Discount factor', 'Discounted costs', 'Discounted gross savings'];
  if (adjusted) names.push('Costs after optimism bias', 'Net benefits after adjustments (undiscounted)', 'Discounted costs after optimism bias', 'Discounted net benefits');
  header(ws, names);
  const figs = agencyFigures(ledgers, appraisals, Y);
  const dfs = discount(discountOf, Y);
  const q = sheetRef(costsSheet);
  let r = 2;
  for (const [agency, f] of figs) {
    if (f.lines === 0) continue;
    for (let y = 0; y < Y; y++, r++) {
      const row: unknown[] = [agencyLabels[agency], y + 1, num(f.costs[y]), num(f.savings[y]), formula(`${q}!F${y + 2}`, dfs[y]), formula(`C${r}*E${r}`, f.costs[y] * dfs[y]), formula(`D${r}*E${r}`, f.savings[y] * dfs[y])];
      if (adjusted) row.push(num(f.costsAfter[y]), num(f.net[y]), formula(`H${r}*E${r}`, f.costsAfter[y] * dfs[y]), formula(`I${r}*E${r}`, f.net[y] * dfs[y]));
      ws.addRow(row as never);
    }
  }
  ws.addRow([]);
  ws.addRow([
    adjusted
      ? 'Net benefits after adjustments: each replication appraised as casecast does (additionality, optimism bias, delay; extra demand uplifted, not delayed), then averaged. An agency counts transfers it receives.'
      : 'The appraisal settings vary by parameter draw, so only the ledger figures before adjustment are shown by agency; the programme totals after adjustment are on the sheet "Costs and benefits by year".',
  ]);
  const fmts: Record<number, string> = { 3: money, 4: money, 5: factor, 6: money, 7: money };
  if (adjusted) Object.assign(fmts, { 8: money, 9: money, 10: money, 11: money });
  formatColumns(ws, fmts);
  fitColumns(ws, 8, 22);
  ws.getColumn(1).width = 24;
  ws.getColumn(columnLetter(2)).width = 6;
  ws.getCell(`A${r + 1}`).alignment = { wrapText: false };
}

function discount(schedule: { rate: number; until: number }[], Y: number): number[] {
  const out: number[] = [];
  let f = 1;
  const segs = rateSegments(schedule, Y);
  for (let y = 0; y < Y; y++) {
    out.push(f);
    f /= 1 + schedule[segs[y]].rate;
  }
  return out;
}

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
