/** "Ledger": every line of the ledger named in words, with its agency, unit cost, price year, cashable share and mean amount by year (undiscounted, before adjustment). */
import { agencyLabels, type Agency } from '../../engine/economics/types.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import type { LedgerSummary } from '../../engine/run.ts';
import { addSheet, columnLetter, fitColumns, formatColumns, formula, header, money, num, type Workbook } from './sheet.ts';

export const ledgerSheet = 'Ledger';

export function addLedger(wb: Workbook, ledger: LedgerSummary, scenario: Scenario): void {
  const ws = addSheet(wb, ledgerSheet, 1, 1);
  const units = new Map((scenario.economics?.unitCosts ?? []).map((u) => [u.name, u]));
  const Y = ledger.years;
  const years = Array.from({ length: Y }, (_, y) => `Year ${y + 1}`);
  header(ws, ['Item', 'Name in the scenario', 'Agency', 'Kind', 'Value type', 'Unit cost', 'Per', 'Price year', 'Cashable share', ...years, 'Total over the horizon', 'Source or assumption']);
  const firstYear = 10;
  ledger.lines.forEach((l, i) => {
    const u = units.get(l.item);
    const r = i + 2;
    const amounts = ledger.mean[i];
    const total = amounts.reduce((s, x) => s + x, 0);
    ws.addRow([
      u?.label ?? l.item,
      l.item,
      agencyLabels[l.agency as Agency] ?? l.agency,
      l.kind === 'cost' ? 'cost' : 'saving',
      l.valueType,
      num(u?.cost),
      u?.per ?? '',
      u?.priceYear ?? scenario.economics?.priceYear ?? null,
      l.cashable,
      ...amounts.map(num),
      formula(`SUM(${columnLetter(firstYear)}${r}:${columnLetter(firstYear + Y - 1)}${r})`, total),
      u?.source ?? u?.assumption ?? '',
    ]);
  });
  ws.addRow([]);
  ws.addRow(['Mean across replications, in pounds at the price base year, undiscounted and before the appraisal adjustments. A saving is counterfactual minus scenario cost, so a negative saving is extra demand.']);
  const fmts: Record<number, string> = { 6: money, 8: '0', 9: '0%' };
  for (let c = firstYear; c <= firstYear + Y; c++) fmts[c] = money;
  formatColumns(ws, fmts);
  fitColumns(ws, 8, 40);
  ws.getColumn(firstYear + Y + 1).width = 60;
  ws.getCell(`A${ledger.lines.length + 3}`).alignment = { wrapText: false };
}
