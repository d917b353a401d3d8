/** "Caseload by year": at each year end, the caseload by tier, each service's capacity, load, utilisation and waiting list, and the waiting list in all (means across replications). */
import type { Band } from '../../engine/band.ts';
import type { Results } from '../../engine/results.ts';
import { addSheet, count, fitColumns, formatColumns, header, num, share, type Workbook } from './sheet.ts';

export const caseloadSheet = 'Caseload by year';

export function addCaseload(wb: Workbook, results: Results): void {
  const ws = addSheet(wb, caseloadSheet, 1, 1);
  const t = results.series.t;
  const ends = t.map((x, k) => [x, k] as const).filter(([x]) => Math.abs(x - Math.round(x)) < 1e-9 && x > 0);
  const cols: { name: string; band: Band; fmt: string }[] = [];
  for (const [tier, b] of Object.entries(results.tiers)) cols.push({ name: `Tier: ${tier}`, band: b, fmt: count });
  cols.push({ name: 'Open caseload', band: results.series.total, fmt: count });
  cols.push({ name: 'Weighted caseload', band: results.series.weighted, fmt: count });
  cols.push({ name: 'Staffed capacity (all services with a limit)', band: results.capacity.total, fmt: count });
  for (const [name, s] of Object.entries(results.capacity.services)) {
    cols.push({ name: `${name}: capacity`, band: s.capacity, fmt: count });
    cols.push({ name: `${name}: load`, band: s.load, fmt: count });
    cols.push({ name: `${name}: utilisation`, band: s.utilisation, fmt: share });
    cols.push({ name: `${name}: waiting`, band: s.waiting, fmt: count });
  }
  cols.push({ name: 'Waiting list (people)', band: results.waiting.total, fmt: count });
  header(ws, ['Year end', ...cols.map((c) => c.name), 'Mean wait of those placed in the year, days']);
  const wait = results.waiting.meanWaitDays;
  for (const [x, k] of ends) {
    const y = Math.round(x);
    const w = wait.year.indexOf(y);
    ws.addRow([y, ...cols.map((c) => num(c.band.mean[k])), num(w >= 0 ? wait.mean[w] : NaN)]);
  }
  ws.addRow([]);
  ws.addRow([`Means across replications at each year end. ${results.intervals.text}`]);
  const fmts: Record<number, string> = { 1: '0' };
  cols.forEach((c, i) => (fmts[i + 2] = c.fmt));
  fmts[cols.length + 2] = '#,##0.0';
  formatColumns(ws, fmts);
  fitColumns(ws, 9, 16);
  ws.getCell(`A${ends.length + 3}`).alignment = { wrapText: false };
}
