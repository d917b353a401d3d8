/**
 * "Staff, contacts and demand": the programme's dynamics by reporting period
 * (staff in post, vacant and absent; contacts made, unmet and leading on;
 * referrals turned away and the share of each period the books were closed),
 * means across replications with their intervals. Only for scenarios that have
 * them.
 */
import type { Results } from '../../engine/results.ts';
import { dynamicsLabel as label } from '../../present/dynamics.ts';
import { addSheet, fitColumns, formatColumns, header, num, type Workbook } from './sheet.ts';

export const dynamicsSheet = 'Staff, contacts and demand';

export function addDynamics(wb: Workbook, results: Results): void {
  const dyn = results.dynamics;
  if (!dyn) return;
  const names = Object.keys(dyn);
  const ws = addSheet(wb, dynamicsSheet, 1, 1);
  header(ws, ['Period end (years)', ...names.flatMap((n) => [label(n), `${label(n)}: low`, `${label(n)}: high`])]);
  results.series.t.forEach((t, k) => ws.addRow([t, ...names.flatMap((n) => [num(dyn[n].mean[k]), num(dyn[n].lo[k]), num(dyn[n].hi[k])])]));
  ws.addRow([]);
  ws.addRow([`Means across replications in each period, with the low and high ends of their interval. ${results.intervals.text} Staff are mean FTE over the period; contacts and referrals are counts in it.`]);
  const fmts: Record<number, string> = { 1: '0.00' };
  names.forEach((n, i) => {
    const f = n === 'demand.booksClosed' ? '0.0%' : n.startsWith('staff.') ? '0.00' : '#,##0.0';
    for (let j = 0; j < 3; j++) fmts[2 + 3 * i + j] = f;
  });
  formatColumns(ws, fmts);
  fitColumns(ws, 9, 18);
  ws.getCell(`A${results.series.t.length + 3}`).alignment = { wrapText: false };
}
